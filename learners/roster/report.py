"""The per-row problem report as a table, for CSV downloads and ``--report``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, Any

import pandas as pd

from core.exports import write_csv

from .problems import RosterProblem

REPORT_COLUMNS = ("row", "employee_id", "level", "message")


def problems_frame(
    problems: Iterable[RosterProblem | Mapping[str, Any]],
) -> pd.DataFrame:
    """One line per problem: row number (blank for the whole file), employee id,
    level ("error": row rejected; "warning": imported anyway) and message."""
    records = [
        problem
        if isinstance(problem, Mapping)
        else {name: getattr(problem, name) for name in REPORT_COLUMNS}
        for problem in problems
    ]
    frame = pd.DataFrame(records, columns=list(REPORT_COLUMNS))
    frame["row"] = pd.array(frame["row"].tolist(), dtype="Int64")
    return frame


def report_write(problems, fileobj: IO[Any]) -> None:
    """Write the report as CSV; formula-like cells are neutralised (employee ids
    such as "=1+1" come straight from the HR file)."""
    write_csv(problems_frame(problems), fileobj)
