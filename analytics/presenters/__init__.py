"""Snapshot tables as the people looking at them may see them (pure, no Django).

Every dashboard table is built here once and used three ways: rendered as an
accessible HTML table, drawn as a chart (``analytics.charts``) and exported as
CSV/XLSX (``analytics.exports``). Suppression (``analytics.privacy``) is applied
here, so the three can never disagree about what is hidden. Values stay raw
(numbers, ISO dates); hidden or missing values are None, and the row carries a
note saying why. Nothing here ever yields NaN.

One module per part of the dashboard: ``targets`` (targets, forecasts, trend),
``departments``, ``readiness`` (heatmap and gaps), ``skills``,
``recommendations`` and ``initiatives``; ``tables`` holds the table and its
cell values, ``suppression`` the hiding of small groups and ``wording`` figures
in plain words. The names below are the ones the pages (``analytics.pages``,
``analytics.sections``) build from.
"""

from analytics.presenters.departments import (
    departments_by_gap,
    departments_table,
    path_key,
)
from analytics.presenters.initiatives import (
    ChecklistItem,
    checklist,
    initiative_members_table,
    initiative_role_rows,
    initiative_roles_table,
    initiatives_table,
)
from analytics.presenters.readiness import (
    Heatmap,
    benchmark_source,
    gaps_table,
    heatmap,
)
from analytics.presenters.recommendations import recommendations_table
from analytics.presenters.skills import (
    department_skills_table,
    disagreement_table,
    hidden_department_skills,
    skills_table,
)
from analytics.presenters.tables import Column, Table
from analytics.presenters.targets import (
    TargetCard,
    burnup_table,
    target_cards,
    targets_table,
    trend_table,
)

__all__ = [
    "ChecklistItem",
    "Column",
    "Heatmap",
    "benchmark_source",
    "Table",
    "TargetCard",
    "burnup_table",
    "checklist",
    "department_skills_table",
    "disagreement_table",
    "hidden_department_skills",
    "departments_by_gap",
    "departments_table",
    "gaps_table",
    "heatmap",
    "initiative_members_table",
    "initiative_role_rows",
    "initiative_roles_table",
    "initiatives_table",
    "path_key",
    "recommendations_table",
    "skills_table",
    "target_cards",
    "targets_table",
    "trend_table",
]
