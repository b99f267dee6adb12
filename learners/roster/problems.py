"""What can go wrong with a roster file: the whole file, or one row of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

Level = Literal["error", "warning"]


class RosterFileError(Exception):
    """The file as a whole cannot be read; message is for humans."""


@dataclass(frozen=True)
class RosterProblem:
    """One finding about one row (``row`` is None for findings about the whole file).

    ``row`` is the spreadsheet row number a person sees (header = 1); ``level`` is
    "error" when the row was rejected and "warning" when it was imported anyway.
    """

    row: int | None
    employee_id: str
    level: Level
    message: str


_LEVEL_ORDER = {"error": 0, "warning": 1}


class ProblemLog:
    """Collects problems for many rows at once, as boolean masks over a frame.

    Problems are kept as small frames rather than objects so that a check flagging
    thousands of rows costs one vectorised step; objects are built once, at the end.
    """

    def __init__(self, rows: pd.Series, employee_ids: pd.Series) -> None:
        self._rows = rows
        self._ids = employee_ids
        self._chunks: list[pd.DataFrame] = []

    def add(self, level: Level, mask: pd.Series, message: str | pd.Series) -> None:
        """Record ``message`` (one text, or one per row) where ``mask`` is True."""
        if not mask.any():
            return
        selected = mask.index[mask.to_numpy(dtype=bool)]
        # A per-row message Series may cover only the flagged rows; select by label.
        messages = message.loc[selected] if isinstance(message, pd.Series) else message
        self._chunks.append(
            pd.DataFrame(
                {
                    "row": self._rows.loc[selected],
                    "employee_id": self._ids.loc[selected],
                    "level": level,
                    "message": messages,
                }
            )
        )

    def add_one(
        self, row: int | None, employee_id: str, level: Level, message: str
    ) -> None:
        """Record a single problem (a file-level one when ``row`` is None)."""
        self._chunks.append(
            pd.DataFrame(
                {
                    "row": [-1 if row is None else row],
                    "employee_id": [employee_id],
                    "level": [level],
                    "message": [message],
                }
            )
        )

    def problems(self) -> list[RosterProblem]:
        """All problems: file-level first, then by row, errors before warnings."""
        if not self._chunks:
            return []
        table = pd.concat(self._chunks, ignore_index=True)
        table["rank"] = table["level"].map(_LEVEL_ORDER)
        # A stable sort keeps the order checks were run in within one row and level.
        table = table.sort_values(["row", "rank"], kind="stable")
        return [
            RosterProblem(
                row=None if row < 0 else int(row),
                employee_id=str(employee_id),
                level=level,
                message=str(message),
            )
            for row, employee_id, level, message in zip(
                table["row"].tolist(),
                table["employee_id"].tolist(),
                table["level"].tolist(),
                table["message"].tolist(),
                strict=True,
            )
        ]
