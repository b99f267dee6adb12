"""Formatting of analytics figures in templates: never NaN, never a raw float."""

from __future__ import annotations

import math
from typing import Any

from django import template

from analytics.presenters.tables import STAGE_LABELS, STATUS_LABELS, Column, as_date

register = template.Library()

MISSING = "—"
HIDDEN = "Hidden"


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@register.filter
def share(value: Any) -> str:
    """0.4213 -> '42%'."""
    if _is_missing(value):
        return MISSING
    return f"{100 * float(value):.0f}%"


@register.filter
def percent(value: Any) -> str:
    """42.13 -> '42.1%'."""
    if _is_missing(value):
        return MISSING
    return f"{float(value):.1f}%"


@register.filter
def count(value: Any) -> str:
    if _is_missing(value):
        return MISSING
    return f"{int(value):,}"


@register.filter
def day(value: Any) -> str:
    found = as_date(value)
    return f"{found.day} {found:%b %Y}" if found else MISSING


@register.filter
def cell(row: dict, column: Column) -> str:
    """One table cell as text, by the column's kind."""
    value = row.get(column.key)
    if _is_missing(value):
        return HIDDEN if row.get("suppressed") else MISSING
    kind = column.kind
    if kind == "int":
        return count(value)
    if kind == "percent":
        return percent(value)
    if kind == "share":
        return share(value)
    if kind == "points":
        return f"+{100 * float(value):.1f} points"
    if kind == "decimal":
        return f"{float(value):.1f}"
    if kind == "date":
        return day(value)
    if kind == "status":
        return STATUS_LABELS.get(value, str(value))
    if kind == "stage":
        return STAGE_LABELS.get(value, str(value))
    if kind == "list":
        return ", ".join(str(v) for v in value) if value else "None"
    if kind == "bool":
        return "Yes" if value else "No"
    return str(value)


@register.filter
def numeric(column: Column) -> bool:
    return column.kind in ("int", "percent", "share", "points", "decimal")
