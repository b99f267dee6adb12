"""The table every dashboard figure travels in, and the cell values it may hold.

A ``Table`` is rendered as an accessible HTML table, drawn as a chart
(``analytics.charts``) and exported as CSV/XLSX (``analytics.exports``). Values
stay raw (numbers, ISO dates); hidden or missing values are None, never NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

STAGE_LABELS = {
    "sandbox": "Sandbox",
    "pilot": "Pilot with a small real group",
    "production": "Production",
}
STATUS_LABELS = {
    "met": "Met",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    #: text | int | percent (0..100) | share (0..1) | points (share difference)
    #: | decimal | date | status | stage | list | bool
    kind: str = "text"


@dataclass
class Table:
    """One dashboard table: what the page shows, charts draw and exports write."""

    slug: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    #: Why there are no rows, shown instead of an empty table.
    empty: str = ""
    caption: str = ""
    hidden_rows: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def has_notes(self) -> bool:
        """Whether any row carries a note (the page shows the column only then)."""
        return any(row.get("note") for row in self.rows)

    @property
    def visible_rows(self) -> list[dict[str, Any]]:
        return [row for row in self.rows if not row.get("suppressed")]

    def export_frame(self) -> pd.DataFrame:
        """The table for a spreadsheet: one column per column, plus a note.

        The note column is always there, empty or not, so a download keeps the
        same columns from one snapshot to the next.
        """
        data = {}
        for column in self.columns:
            label = column.label + (
                " (%)" if column.kind in ("percent", "share", "points") else ""
            )
            data[label] = [
                export_value(row.get(column.key), column) for row in self.rows
            ]
        data["Note"] = [row.get("note", "") for row in self.rows]
        frame = pd.DataFrame(data)
        # Keep numeric columns numeric in the spreadsheet, hidden cells empty.
        return frame.astype(object).where(frame.notna(), None)


def export_value(value: Any, column: Column) -> Any:
    """A cell for CSV/XLSX: percentages as numbers 0..100, lists joined."""
    if is_missing(value):
        return None
    if column.kind == "share":
        return round(100 * float(value), 1)
    if column.kind == "points":
        return round(100 * float(value), 1)
    if column.kind == "percent":
        return round(float(value), 1)
    if column.kind == "decimal":
        return round(float(value), 2)
    if column.kind == "list":
        return ", ".join(str(v) for v in value)
    if column.kind == "status":
        return STATUS_LABELS.get(value, value)
    if column.kind == "stage":
        return STAGE_LABELS.get(value, value)
    if column.kind == "int":
        return int(value)
    if column.kind == "bool":
        return "Yes" if value else "No"
    return value


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def clean_value(value: Any) -> Any:
    """A stored value without NaN (None instead)."""
    return None if is_missing(value) else value


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {key: clean_value(value) for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def as_date(value: Any) -> date | None:
    """A date from a date, a datetime or an ISO string; None when missing."""
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
