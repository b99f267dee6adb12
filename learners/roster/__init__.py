"""HR roster import: read a CSV/XLSX export, plan the changes, write them.

Two halves. The pure half reads and plans with pandas and never touches Django,
so it can be tested and profiled without a database: ``files`` and ``tables``
(what an upload is, its raw cells), ``fields``, ``normalise`` and ``reader``
(validated rows and their ``problems``), ``managers`` (reporting loops),
``rules`` (assignment rules as data), ``plan`` (the dry run) and ``report``.
The Django half uses the ORM: ``selectors`` load the academy's state,
``services``, ``writer`` and ``bulk`` apply a plan, and ``forms``,
``admin_views``, ``permissions``, ``tasks`` and ``wagtail_hooks`` are the admin
screens and background work around them. The reader's names are re-exported
here.
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
