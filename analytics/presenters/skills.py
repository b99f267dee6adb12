"""Skill coverage across the organisation and per department."""

from __future__ import annotations

import pandas as pd

from analytics.metrics.columns import (
    ATTAINED,
    CATEGORY,
    COVERAGE,
    DEPARTMENT_ID,
    REQUIRED,
    SKILL_ID,
)
from analytics.presenters.suppression import department_parents, hide
from analytics.presenters.tables import Column, Table, frame_rows
from analytics.privacy import Audience, hidden_in_tree


def skills_table(skills: pd.DataFrame, audience: Audience) -> Table:
    rows = []
    for row in frame_rows(skills):
        if audience.hides(row[REQUIRED]):
            hide(row, (ATTAINED, COVERAGE), audience)
        rows.append(row)
    return Table(
        slug="skills",
        title="Skill coverage across the organisation",
        columns=[
            Column("skill", "Skill"),
            Column(CATEGORY, "Category"),
            Column("blockers", "Rollout blockers"),
            Column(REQUIRED, "People who need it", "int"),
            Column(ATTAINED, "People who have it", "int"),
            Column(COVERAGE, "Coverage", "share"),
        ],
        rows=rows,
        empty="No skill is required yet: add skills to courses and make courses "
        "required in role curricula.",
        caption="Required = the skills taught by the required courses of a "
        "person's role curriculum; attained = the skills of the courses they "
        "completed.",
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )


def department_skills_table(
    department_skills: pd.DataFrame,
    skills: pd.DataFrame,
    departments: pd.DataFrame,
    audience: Audience,
    *,
    department_id: int | None = None,
) -> Table:
    """Coverage per department and skill (one department when given)."""
    parents = department_parents(departments)
    totals = dict(zip(skills[SKILL_ID], skills[REQUIRED], strict=True))
    frame = department_skills
    rows = []
    for skill_id, part in frame.groupby(SKILL_ID, sort=False):
        hidden = hidden_in_tree(
            parents,
            dict(zip(part[DEPARTMENT_ID], part[REQUIRED], strict=True)),
            total=int(totals.get(skill_id, 0)),
            audience=audience,
        )
        if department_id is not None:
            part = part.loc[part[DEPARTMENT_ID] == department_id]
        for row in frame_rows(part):
            if row[DEPARTMENT_ID] in hidden:
                hide(row, (ATTAINED, COVERAGE), audience)
            rows.append(row)
    rows.sort(key=lambda r: (str(r["department"]).casefold(), str(r["skill"])))
    return Table(
        slug="department-skills",
        title="Skill coverage by department",
        columns=[
            Column("department", "Department"),
            Column("skill", "Skill"),
            Column(REQUIRED, "People who need it", "int"),
            Column(ATTAINED, "People who have it", "int"),
            Column(COVERAGE, "Coverage", "share"),
        ],
        rows=rows,
        empty="Nobody in this department is required to have a skill yet.",
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )
