"""HR roster import, the pure part: read a CSV/XLSX export into validated rows.

The Django side (upload form, bulk upsert) imports from here; nothing in this
package touches the ORM, so it can be tested and profiled without a database.
"""

from learners.roster.reader import (
    FIELDS,
    FRAME_COLUMNS,
    MAX_LENGTHS,
    RosterFileError,
    RosterProblem,
    RosterReadResult,
    break_manager_cycles,
    read_roster,
    unknown_managers,
)

__all__ = [
    "FIELDS",
    "FRAME_COLUMNS",
    "MAX_LENGTHS",
    "RosterFileError",
    "RosterProblem",
    "RosterReadResult",
    "break_manager_cycles",
    "read_roster",
    "unknown_managers",
]
