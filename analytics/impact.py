"""How a material change would move the organisation's figures (ADR 0023).

If nobody renews by the due date, each affected learner's completion of the
course is suspended. This computes the organisation's curriculum completion
(the default target's measure) and blocker readiness today and with those
completions suspended, from freshly loaded frames.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.utils import timezone

from analytics import frames as analytics_frames
from analytics.compute import _organisation
from analytics.metrics import blocker_readiness, learner_completion, skill_coverage
from analytics.metrics.columns import (
    COURSE_ID,
    ENROLMENT_COMPLETED,
    ENROLMENT_SUSPENDED,
    LEARNER_ID,
    NAME,
    READINESS,
    STATUS,
)


@dataclass(frozen=True)
class BlockerMove:
    """A blocker's readiness in percent, today and without the renewals."""

    name: str
    before: float
    after: float


@dataclass(frozen=True)
class ChangeImpact:
    population: int
    completed_before: int
    completed_after: int
    percent_before: float
    percent_after: float
    blockers: tuple[BlockerMove, ...]


def suspend(
    enrolments: pd.DataFrame, *, course_id: int, learner_ids: np.ndarray
) -> pd.DataFrame:
    """The enrolments with those learners' completions of the course suspended."""
    hit = (
        (enrolments[COURSE_ID].to_numpy(dtype="int64") == course_id)
        & enrolments[LEARNER_ID].isin(learner_ids).to_numpy(bool)
        & (enrolments[STATUS].astype(str) == ENROLMENT_COMPLETED).to_numpy(bool)
    )
    status = enrolments[STATUS].astype(object).to_numpy(copy=True)
    status[hit] = ENROLMENT_SUSPENDED
    return enrolments.assign(**{STATUS: status})


def _figures(loaded, enrolments: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    completion = learner_completion(
        loaded.learners, enrolments, loaded.curriculum_courses
    )
    org = _organisation(loaded.learners, completion, enrolments)
    coverage = skill_coverage(
        loaded.learners,
        enrolments,
        loaded.curriculum_courses,
        loaded.course_skills,
        by=None,
    )
    readiness = blocker_readiness(coverage, loaded.skill_blockers, loaded.blockers)
    return org, readiness


def change_impact(*, course_id: int, learner_ids: Iterable[int]) -> ChangeImpact:
    """The organisation's figures today, and if the renewals are not made."""
    today = timezone.localdate()
    # Completion and readiness on completion only: the answers are not read.
    loaded = analytics_frames.load_frames(today=today, answers=False)
    ids = np.fromiter(learner_ids, dtype="int64")
    before, readiness_before = _figures(loaded, loaded.enrolments)
    after, readiness_after = _figures(
        loaded, suspend(loaded.enrolments, course_id=course_id, learner_ids=ids)
    )
    names = loaded.blockers.set_index("blocker_id")[NAME]
    merged = readiness_before.merge(
        readiness_after, on="blocker_id", suffixes=("_before", "_after")
    )
    moves = tuple(
        BlockerMove(
            name=str(names.get(row.blocker_id, row.blocker_id)),
            before=100.0 * float(getattr(row, f"{READINESS}_before") or 0.0),
            after=100.0 * float(getattr(row, f"{READINESS}_after") or 0.0),
        )
        for row in merged.itertuples(index=False)
    )
    return ChangeImpact(
        population=before["population"],
        completed_before=before["completed"],
        completed_after=after["completed"],
        percent_before=before["percent"],
        percent_after=after["percent"],
        blockers=tuple(m for m in moves if m.before != m.after),
    )
