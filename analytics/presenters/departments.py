"""Completion by department, as a tree and ranked by distance from the target."""

from __future__ import annotations

import pandas as pd

from analytics.metrics.columns import (
    COMPLETED,
    DEPARTMENT_ID,
    DEPTH,
    GAP_POINTS,
    PATH,
    PERCENT,
    POPULATION,
    SHORTFALL,
    TARGET_COUNT,
)
from analytics.presenters.suppression import department_parents, hide
from analytics.presenters.tables import Column, Table, frame_rows
from analytics.presenters.wording import percent_words
from analytics.privacy import Audience, hidden_in_tree


def departments_table(
    departments: pd.DataFrame, audience: Audience, *, total: int
) -> Table:
    parents = department_parents(departments)
    hidden = hidden_in_tree(
        parents,
        dict(zip(departments[DEPARTMENT_ID], departments[POPULATION], strict=True)),
        total=total,
        audience=audience,
    )
    rows = []
    for row in frame_rows(departments.sort_values(PATH, key=path_key)):
        if row[DEPARTMENT_ID] in hidden:
            hide(row, (COMPLETED, PERCENT, SHORTFALL, "gap_points"), audience)
        elif row[POPULATION] == 0:
            row["note"] = "No active learners in this department or below it"
            row[PERCENT] = None
        row["indent"] = row[DEPTH]
        rows.append(row)
    return Table(
        slug="departments",
        title="Completion by department",
        columns=[
            Column(PATH, "Department"),
            Column(POPULATION, "People", "int"),
            Column(COMPLETED, "People who completed", "int"),
            Column(PERCENT, "Share completed", "percent"),
            Column(TARGET_COUNT, "Needed for the target", "int"),
            Column(SHORTFALL, "Still to complete", "int"),
        ],
        rows=rows,
        empty="There are no departments yet. Import the roster (Admin › People).",
        caption="Each department counts everyone in it and in the departments "
        "below it.",
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )


def departments_by_gap(
    departments: pd.DataFrame,
    audience: Audience,
    *,
    total: int,
    target_percent: float | None = None,
    limit: int | None = None,
) -> Table:
    """Departments furthest from the target first (points below it, then people
    still to complete). Hidden and empty departments come last, in name order,
    so their place in the list reveals nothing."""
    tree = departments_table(departments, audience, total=total)
    shown = [r for r in tree.rows if not r.get("suppressed") and r[POPULATION]]
    shown.sort(key=lambda r: (-(r[GAP_POINTS] or 0), -(r[SHORTFALL] or 0), r[PATH]))
    rest = [r for r in tree.rows if r.get("suppressed") or not r[POPULATION]]
    rest.sort(key=lambda r: str(r[PATH]).casefold())
    rows = [{**row, "indent": 0} for row in shown + rest]
    more = 0
    if limit is not None and len(rows) > limit:
        more = len(rows) - limit
        rows = rows[:limit]
    return Table(
        slug="departments_by_gap",
        title="Departments furthest from the target",
        columns=[
            Column(PATH, "Department"),
            Column(POPULATION, "People", "int"),
            Column(PERCENT, "Share completed", "percent"),
            Column(GAP_POINTS, "Points below the target", "decimal"),
            Column(SHORTFALL, "Still to complete", "int"),
        ],
        rows=rows,
        empty=tree.empty,
        caption=(
            f"Measured against the organisation-wide target of "
            f"{percent_words(target_percent)} of people through their role "
            "curriculum. "
            if target_percent is not None
            else ""
        )
        + "Each department counts everyone in it and in the departments below it."
        + (f" {more} more in the full table." if more else ""),
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )


def path_key(paths: pd.Series) -> pd.Series:
    return paths.astype(str).str.casefold()
