"""Who has completed what: per learner, and rolled up per department."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analytics.metrics._frames import (
    active_learners,
    all_department_ids,
    closure,
    completed_enrolments,
    equals,
    group_extreme,
    nullable_ids,
    positions,
    required_courses,
)
from analytics.metrics.columns import (
    ANCESTOR_ID,
    ANY_COMPLETED,
    ANY_COMPLETED_AT,
    COMPLETED,
    COMPLETED_AT,
    COURSE_ID,
    CURRICULUM_COMPLETED,
    CURRICULUM_COMPLETED_AT,
    DEPARTMENT_ID,
    ENROLMENT_EXPIRED,
    GAP_POINTS,
    LEARNER_ID,
    PERCENT,
    POPULATION,
    ROLE_ID,
    SHORTFALL,
    STATUS,
    TARGET_COUNT,
)

Metric = Literal["curriculum", "any_course"]
METRIC_CURRICULUM: Metric = "curriculum"
METRIC_ANY_COURSE: Metric = "any_course"


def learner_completion(
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
) -> pd.DataFrame:
    """Return each learner's completion state, one row per learner.

    Columns:

    - ``learner_id`` (int64), every learner of ``learners`` whatever their status
      (callers restrict to the active population; keeping leavers here lets the
      same frame answer "did they finish before leaving").
    - ``curriculum_completed`` (bool): finished every required course of their
      role's curriculum. False for a learner with no role or whose curriculum has
      no required courses (there is nothing to complete, which is not the same as
      having completed it).
    - ``curriculum_completed_at``: the latest completion among those required
      courses (the day the curriculum was finished); NaT when not completed.
    - ``any_completed`` (bool): completed at least one course.
    - ``any_completed_at``: the earliest completion; NaT when none.

    Completions whose timestamp is missing still count (the enrolment status is
    the source of truth) but are skipped when taking the latest / earliest date,
    so a date is NaT only if no relevant completion has a timestamp.

    Timestamps are naive UTC (aware input is converted).
    """
    people = learners[[LEARNER_ID, ROLE_ID]].drop_duplicates(LEARNER_ID)
    ids = people[LEARNER_ID].to_numpy(dtype="int64")
    n_people = len(ids)
    done = completed_enrolments(enrolments)
    # Work on row positions: each completion is tagged with its learner's row, and
    # per-learner results are reductions (bincount, maximum.at) over those rows.
    row = positions(ids, done[LEARNER_ID].to_numpy())
    known = row >= 0
    row = row[known]
    course = done[COURSE_ID].to_numpy()[known]
    stamps = done[COMPLETED_AT].to_numpy()[known]

    any_completed = np.bincount(row, minlength=n_people) > 0
    any_at = group_extreme(row, stamps, n_people, latest=False)

    # Curriculum: a completion counts when (learner's role, course) is a required
    # pair. Roles and courses are coded against the required table so the test is
    # a lookup in a small dense matrix instead of a two-key merge.
    required = required_courses(curriculum_courses)
    role_ids = np.unique(required[ROLE_ID].to_numpy())
    course_ids = np.unique(required[COURSE_ID].to_numpy())
    is_required = np.zeros((len(role_ids) + 1, len(course_ids) + 1), dtype=bool)
    is_required[
        positions(role_ids, required[ROLE_ID].to_numpy()),
        positions(course_ids, required[COURSE_ID].to_numpy()),
    ] = True
    # Position -1 (no role / course outside every curriculum) indexes the last
    # row or column of the matrix, which stays all False.
    roles = nullable_ids(people[ROLE_ID])
    role_code = positions(role_ids, roles.to_numpy(dtype="int64", na_value=0))
    role_code[roles.isna().to_numpy(dtype=bool)] = -1
    hit = is_required[role_code[row], positions(course_ids, course)]
    n_done = np.bincount(row[hit], minlength=n_people)
    n_needed = np.bincount(
        positions(role_ids, required[ROLE_ID].to_numpy()), minlength=len(role_ids)
    )
    needed = np.append(n_needed, 0)[role_code]  # role_code -1 picks the 0
    curriculum_completed = (needed > 0) & (n_done >= needed)
    latest = group_extreme(row[hit], stamps[hit], n_people, latest=True)
    curriculum_at = np.where(curriculum_completed, latest, np.datetime64("NaT"))

    return pd.DataFrame(
        {
            LEARNER_ID: ids,
            CURRICULUM_COMPLETED: curriculum_completed,
            CURRICULUM_COMPLETED_AT: curriculum_at.astype(stamps.dtype),
            ANY_COMPLETED: any_completed,
            ANY_COMPLETED_AT: any_at,
        }
    )


def completion_columns(metric: Metric) -> tuple[str, str]:
    """Return the (flag, date) columns of ``learner_completion`` for ``metric``."""
    if metric == METRIC_CURRICULUM:
        return CURRICULUM_COMPLETED, CURRICULUM_COMPLETED_AT
    if metric == METRIC_ANY_COURSE:
        return ANY_COMPLETED, ANY_COMPLETED_AT
    msg = f"unknown metric {metric!r}; expected 'curriculum' or 'any_course'"
    raise ValueError(msg)


def target_counts(population: np.ndarray, target_percent: float) -> np.ndarray:
    """Return ceil(population * target_percent / 100) as int64.

    Rounding to 9 decimals first stops float noise (e.g. 7.000000000000001) from
    adding a learner to the target.
    """
    raw = np.round(np.asarray(population, dtype="float64") * target_percent / 100, 9)
    return np.ceil(raw).astype("int64")


def check_target_percent(target_percent: float) -> None:
    """Raise ValueError unless 0 <= target_percent <= 100."""
    if not 0 <= target_percent <= 100:
        msg = f"target_percent must be within 0..100, got {target_percent!r}"
        raise ValueError(msg)


def department_completion(
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
    department_paths: pd.DataFrame,
    *,
    metric: Metric = METRIC_CURRICULUM,
    include_subtree: bool = True,
    role_id: int | None = None,
    target_percent: float = 50,
    completion: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return completion per department, sorted by gap to the target.

    One row per department of ``department_paths`` (departments with no learners
    included, with population 0). With ``include_subtree`` (the default) each
    department counts its whole subtree; otherwise only learners placed directly
    in it. ``role_id`` restricts the population to one role.

    Columns:

    - ``department_id``; ``population`` (active learners in scope); ``completed``
      (of those, completed per ``metric``).
    - ``percent``: 100 * completed / population, 0.0 when the population is 0.
    - ``target_count``: ceil(population * target_percent / 100).
    - ``shortfall``: learners still needed, max(target_count - completed, 0).
    - ``gap_points``: percentage points below the target, max(target_percent -
      percent, 0). 0.0 for an empty department, so empty departments sort last
      rather than looking like the worst ones.

    Rows are ordered by ``gap_points`` then ``shortfall`` (both descending), then
    ``department_id``.

    ``completion`` may be the output of ``learner_completion`` for the same frames,
    to share it between several metrics; ``enrolments`` and ``curriculum_courses``
    are then not read.
    """
    check_target_percent(target_percent)
    flag_col, _ = completion_columns(metric)
    if completion is None:
        completion = learner_completion(learners, enrolments, curriculum_courses)
    people = active_learners(learners)
    if role_id is not None:
        people = people.loc[(people[ROLE_ID] == role_id).fillna(False).to_numpy(bool)]
    people = people.loc[people[DEPARTMENT_ID].notna()]
    flags = completion.set_index(LEARNER_ID)[flag_col]
    own = pd.DataFrame(
        {
            DEPARTMENT_ID: people[DEPARTMENT_ID].to_numpy("int64"),
            COMPLETED: people[LEARNER_ID].map(flags).to_numpy(bool),
        }
    )
    own = own.groupby(DEPARTMENT_ID).agg(
        **{POPULATION: (COMPLETED, "size"), COMPLETED: (COMPLETED, "sum")}
    )
    if include_subtree:
        # Roll up: every department's counts are added to each of its ancestors.
        rolled = closure(department_paths).merge(
            own, left_on=DEPARTMENT_ID, right_index=True
        )
        own = rolled.groupby(ANCESTOR_ID)[[POPULATION, COMPLETED]].sum()
    ids = all_department_ids(department_paths)
    counts = own.reindex(ids.to_numpy(), fill_value=0)
    population = counts[POPULATION].to_numpy("int64")
    completed = counts[COMPLETED].to_numpy("int64")
    percent = _percent(completed, population)
    target = target_counts(population, target_percent)
    result = pd.DataFrame(
        {
            DEPARTMENT_ID: ids.to_numpy(),
            POPULATION: population,
            COMPLETED: completed,
            PERCENT: percent,
            TARGET_COUNT: target,
            SHORTFALL: np.maximum(target - completed, 0),
            GAP_POINTS: np.where(
                population > 0, np.maximum(target_percent - percent, 0.0), 0.0
            ),
        }
    )
    return result.sort_values(
        [GAP_POINTS, SHORTFALL, DEPARTMENT_ID],
        ascending=[False, False, True],
        ignore_index=True,
    )


def _percent(completed: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Return 100 * completed / population, 0.0 where population is 0."""
    safe = np.where(population > 0, population, 1)
    return np.where(population > 0, 100.0 * completed / safe, 0.0)


@dataclass(frozen=True)
class ExpiredCompletions:
    #: Course completions whose certificate has expired.
    completions: int
    #: People with at least one of them.
    people: int


def expired_completions(
    enrolments: pd.DataFrame, learner_ids: np.ndarray
) -> ExpiredCompletions:
    """Expired completions of the given learners (ADR 0023), and how many people."""
    expired = enrolments.loc[
        equals(enrolments[STATUS], ENROLMENT_EXPIRED)
        & enrolments[LEARNER_ID].isin(learner_ids),
        LEARNER_ID,
    ]
    return ExpiredCompletions(completions=len(expired), people=int(expired.nunique()))
