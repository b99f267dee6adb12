"""The course to assign next in each department."""

from __future__ import annotations

import pandas as pd

from analytics.metrics.columns import (
    BLOCKER_ID,
    CURRENT_READINESS,
    DEPARTMENT_ID,
    EXPECTED_READINESS,
    LEARNERS_TO_ASSIGN,
    UPLIFT,
)
from analytics.presenters.readiness import Heatmap
from analytics.presenters.tables import Column, Table, frame_rows
from analytics.privacy import Audience


def recommendations_table(
    recommendations: pd.DataFrame,
    heat: Heatmap,
    audience: Audience,
) -> Table:
    rows = []
    for row in frame_rows(recommendations):
        if row[DEPARTMENT_ID] in heat.hidden.get(row[BLOCKER_ID], set()):
            continue
        rows.append(row)
    return Table(
        slug="recommendations",
        title="Recommended courses",
        columns=[
            Column("department", "Department"),
            Column("blocker", "Weakest rollout blocker"),
            Column(CURRENT_READINESS, "Readiness now", "share"),
            Column("course", "Course to assign"),
            Column(EXPECTED_READINESS, "Readiness after", "share"),
            Column(UPLIFT, "Uplift", "points"),
            Column(LEARNERS_TO_ASSIGN, "People to assign", "int"),
        ],
        rows=rows,
        empty="Nothing to recommend: every department with data is either fully "
        "covered on its weakest blocker or no course teaches the missing skills.",
        caption="For each department, the course whose completion by the people "
        "who lack its skills would raise the weakest blocker the most.",
    )
