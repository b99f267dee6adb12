"""Skill coverage across the organisation and per department."""

from __future__ import annotations

import pandas as pd

from analytics.metrics.columns import (
    ATTAINED,
    CATEGORY,
    COMPLETED_ONLY,
    COVERAGE,
    DEMONSTRATED_ONLY,
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


def hidden_department_skills(
    department_skills: pd.DataFrame,
    skills: pd.DataFrame,
    departments: pd.DataFrame,
    audience: Audience,
) -> dict[int, set[int]]:
    """Skill id -> departments whose figures on that skill are hidden.

    Decided on ``required`` (the people whose role requires the skill, per
    department subtree, and organisation-wide from ``skills``) alone. Every table
    per department and skill (coverage on completion, on demonstrated skill, and
    where the two disagree) has the same ``required`` and so hides the same
    cells: no shown figure of one minus a shown figure of another gives away a
    hidden group (ADR 0007, ADR 0025).
    """
    parents = department_parents(departments)
    totals = dict(zip(skills[SKILL_ID], skills[REQUIRED], strict=True))
    return {
        int(skill_id): hidden_in_tree(
            parents,
            dict(zip(part[DEPARTMENT_ID], part[REQUIRED], strict=True)),
            total=int(totals.get(skill_id, 0)),
            audience=audience,
        )
        for skill_id, part in department_skills.groupby(SKILL_ID, sort=False)
    }


def disagreement_table(
    disagreement: pd.DataFrame,
    skills: pd.DataFrame,
    departments: pd.DataFrame,
    audience: Audience,
) -> Table:
    """Per department and skill: completed but not demonstrated, and the reverse.

    Hidden exactly where skill coverage by department is hidden (same people
    behind each cell, see ``hidden_department_skills``).
    """
    hidden = hidden_department_skills(disagreement, skills, departments, audience)
    rows = []
    for row in frame_rows(disagreement):
        if row[DEPARTMENT_ID] in hidden.get(row[SKILL_ID], ()):
            hide(row, (COMPLETED_ONLY, DEMONSTRATED_ONLY), audience)
        rows.append(row)
    rows.sort(key=lambda r: (str(r["department"]).casefold(), str(r["skill"])))
    return Table(
        slug="disagreement",
        title="Where completion and demonstrated skill disagree",
        columns=[
            Column("department", "Department"),
            Column("skill", "Skill"),
            Column(REQUIRED, "People who need it", "int"),
            Column(COMPLETED_ONLY, "Completed, not demonstrated", "int"),
            Column(DEMONSTRATED_ONLY, "Demonstrated, not completed", "int"),
        ],
        rows=rows,
        empty="Nobody is required to have a skill yet, or this snapshot was taken "
        "before demonstrated skill was measured: refresh the figures.",
        caption="Completed = finished a course that teaches the skill; "
        "demonstrated = enough recent knowledge-check answers on the skill, right "
        "often enough for the level the role needs.",
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
    hidden = hidden_department_skills(department_skills, skills, departments, audience)
    frame = department_skills
    if department_id is not None:
        frame = frame.loc[frame[DEPARTMENT_ID] == department_id]
    rows = []
    for row in frame_rows(frame):
        if row[DEPARTMENT_ID] in hidden.get(row[SKILL_ID], ()):
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
