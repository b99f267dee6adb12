"""How a material change would move the organisation's figures (ADR 0023).

If nobody renews by the due date, each affected learner's completion of the
course is suspended. ``change_impact`` gives the organisation's curriculum
completion (against its default target) and blocker readiness today and with
those completions suspended, on one of two bases:

- **Today's snapshot** (``BASIS_SNAPSHOT``), when the latest complete snapshot
  describes today and nothing its figures rest on has been written since it was
  computed. "Today" is read from it (its summary and per-skill required and
  attained counts); "if nobody renews" subtracts what only the affected people
  lose, counted by role and set of completed courses in one aggregate query
  (``learners.api.completed_course_sets``) and turned into losses by
  ``analytics.metrics.renewals``. A fixed number of queries, whatever the
  number of people.
- **Live records** (``BASIS_LIVE``) otherwise: every frame is loaded and the
  figures are computed twice, with and without the suspensions.

Both bases give the same figures (``tests/analytics/test_change_impact.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
from django.utils import timezone

from analytics import frames as analytics_frames
from analytics.compute import _default_target_percent, _organisation, _share
from analytics.metrics import blocker_readiness, learner_completion, skill_coverage
from analytics.metrics.columns import (
    ATTAINED,
    BENCHMARK,
    BLOCKER_ID,
    COURSE_ID,
    COVERAGE,
    ENROLMENT_COMPLETED,
    ENROLMENT_SUSPENDED,
    HAS_DATA,
    LEARNER_ID,
    NAME,
    READINESS,
    REQUIRED,
    SKILL_ID,
    STATUS,
)
from analytics.metrics.renewals import LOST, renewal_losses, renewal_rule
from courses import api as courses_api
from learners import api as learners_api

from .selectors import snapshot_current, snapshot_tables

#: The figures come from today's stored snapshot, adjusted for the change.
BASIS_SNAPSHOT = "snapshot"
#: The figures were computed from the live records (no usable snapshot).
BASIS_LIVE = "live"

#: How far a readiness recomputed from the snapshot's counts may be from the
#: stored one (stored tables keep ten decimals) before the snapshot is not used.
READINESS_TOLERANCE = 1e-6


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
    #: The organisation's default completion target, in percent.
    target_percent: float
    #: ``BASIS_SNAPSHOT`` or ``BASIS_LIVE``.
    basis: str = BASIS_LIVE
    #: When the snapshot used was computed (snapshot basis only).
    computed_at: datetime | None = None

    @property
    def from_snapshot(self) -> bool:
        return self.basis == BASIS_SNAPSHOT


def change_impact(
    *, course_id: int, learner_ids: Iterable[int], today: date | None = None
) -> ChangeImpact:
    """The organisation's figures today, and if the renewals are not made.

    ``learner_ids``: the affected people, best a flat id QuerySet (the snapshot
    basis uses it as a subquery, never loading the ids).
    """
    today = today or timezone.localdate()
    impact = change_impact_from_snapshot(
        course_id=course_id, learner_ids=learner_ids, today=today
    )
    if impact is None:
        impact = change_impact_live(
            course_id=course_id, learner_ids=learner_ids, today=today
        )
    return impact


# --- From today's snapshot -------------------------------------------------------


def change_impact_from_snapshot(
    *, course_id: int, learner_ids: Iterable[int], today: date
) -> ChangeImpact | None:
    """The impact from today's snapshot, or None when it cannot be used: no
    complete snapshot of ``today``, records or content written since it was
    computed, or its tables disagree with the content as it is now."""
    snapshot = snapshot_current()
    if snapshot is None or snapshot.as_of != today or snapshot.computed_at is None:
        return None
    when = snapshot.computed_at
    if learners_api.figures_changed_since(
        when=when
    ) or courses_api.figures_content_changed_since(when=when):
        return None
    summary = snapshot.summary or {}
    rule = renewal_rule(
        analytics_frames.load_curriculum_courses(),
        analytics_frames.load_course_skills(),
        course_id=course_id,
    )
    counts = summary.get("counts") or {}
    if counts.get("required_skills") != len(rule.required_skill_ids):
        return None
    if len(rule.courses) > learners_api.COURSE_SET_MAX:
        return None
    stored = snapshot_tables(
        snapshot=snapshot, names=("skills", "organisation_readiness")
    )
    skill_blockers = analytics_frames.load_skill_blockers()
    blockers = _stored_blockers(stored["organisation_readiness"])
    coverage = _coverage(stored["skills"])
    readiness_before = blocker_readiness(coverage, skill_blockers, blockers)
    if not _agrees(readiness_before, stored["organisation_readiness"]):
        return None  # the skill-to-blocker mapping changed since

    losses = renewal_losses(
        rule,
        learners_api.completed_course_sets(
            learner_ids=learner_ids,
            course_id=course_id,
            course_ids=rule.courses,
            today=today,
        ),
    )
    lost = coverage[SKILL_ID].map(losses.skills.set_index(SKILL_ID)[LOST])
    after = coverage.assign(
        **{ATTAINED: coverage[ATTAINED] - lost.fillna(0).astype("int64")}
    )
    after[COVERAGE] = after[ATTAINED] / after[REQUIRED]
    readiness_after = blocker_readiness(after, skill_blockers, blockers)

    population = int(summary["population"])
    completed = int(summary["completed"])
    completed_after = completed - losses.completed
    return ChangeImpact(
        population=population,
        completed_before=completed,
        completed_after=completed_after,
        percent_before=float(summary["percent"]),
        percent_after=_share(completed_after, population),
        blockers=_moves(
            readiness_before, readiness_after, blockers.set_index(BLOCKER_ID)[NAME]
        ),
        target_percent=float(summary["target_percent"]),
        basis=BASIS_SNAPSHOT,
        computed_at=snapshot.computed_at,
    )


def _stored_blockers(readiness: pd.DataFrame) -> pd.DataFrame:
    """The blockers (id, name, benchmark) as the snapshot recorded them."""
    return pd.DataFrame(
        {
            BLOCKER_ID: readiness[BLOCKER_ID].astype("int64").to_numpy(),
            NAME: readiness["blocker"].astype(object).to_numpy(),
            BENCHMARK: readiness[BENCHMARK].astype(float).to_numpy(),
        }
    )


def _coverage(skills: pd.DataFrame) -> pd.DataFrame:
    """The organisation's per-skill counts as a coverage frame, by skill."""
    counts = skills[[SKILL_ID, REQUIRED, ATTAINED]].astype("int64")
    counts = counts.sort_values(SKILL_ID, ignore_index=True)
    return counts.assign(**{COVERAGE: counts[ATTAINED] / counts[REQUIRED]})


def _agrees(readiness: pd.DataFrame, stored: pd.DataFrame) -> bool:
    """Readiness recomputed from the stored counts equals the stored readiness."""
    ours = readiness.set_index(BLOCKER_ID)
    theirs = stored.astype({BLOCKER_ID: "int64"}).set_index(BLOCKER_ID)
    if set(ours.index) != set(theirs.index):
        return False
    theirs = theirs.reindex(ours.index)
    same_data = (
        ours[HAS_DATA].astype(bool).to_numpy()
        == theirs[HAS_DATA].astype(bool).to_numpy()
    )
    close = np.isclose(
        ours[READINESS].astype(float).to_numpy(),
        theirs[READINESS].astype(float).to_numpy(),
        rtol=0.0,
        atol=READINESS_TOLERANCE,
    )
    return bool(same_data.all() and close.all())


# --- From the live records -------------------------------------------------------


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


def change_impact_live(
    *, course_id: int, learner_ids: Iterable[int], today: date
) -> ChangeImpact:
    """The impact computed from freshly loaded frames (every record read)."""
    # Completion and readiness on completion only: the answers are not read.
    loaded = analytics_frames.load_frames(today=today, answers=False)
    ids = np.fromiter(learner_ids, dtype="int64")
    before, readiness_before = _figures(loaded, loaded.enrolments)
    after, readiness_after = _figures(
        loaded, suspend(loaded.enrolments, course_id=course_id, learner_ids=ids)
    )
    names = loaded.blockers.set_index(BLOCKER_ID)[NAME]
    return ChangeImpact(
        population=before["population"],
        completed_before=before["completed"],
        completed_after=after["completed"],
        percent_before=before["percent"],
        percent_after=after["percent"],
        blockers=_moves(readiness_before, readiness_after, names),
        target_percent=_default_target_percent(loaded.targets),
        basis=BASIS_LIVE,
    )


def _moves(
    before: pd.DataFrame, after: pd.DataFrame, names: pd.Series
) -> tuple[BlockerMove, ...]:
    """The blockers whose readiness moves, in blocker order, in percent;
    ``names`` is indexed by blocker id."""
    merged = before.merge(after, on=BLOCKER_ID, suffixes=("_before", "_after"))
    moves = (
        BlockerMove(
            name=str(names.get(row.blocker_id, row.blocker_id)),
            before=100.0 * float(getattr(row, f"{READINESS}_before") or 0.0),
            after=100.0 * float(getattr(row, f"{READINESS}_after") or 0.0),
        )
        for row in merged.itertuples(index=False)
    )
    return tuple(m for m in moves if m.before != m.after)
