"""Input normalisation shared by the metric modules (internal).

Frames arrive from the ORM or from tests with slightly different dtypes (object
columns on empty frames, float ids where a column had NULLs, tz-aware timestamps).
Normalising once here keeps the metric code free of dtype special cases and makes
merges run on plain ``int64`` keys, which is also the fastest path in pandas.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analytics.metrics.columns import (
    ACTIVE_STATUSES,
    ANCESTOR_ID,
    COMPLETED_AT,
    COURSE_ID,
    DEPARTMENT_ID,
    ENROLMENT_COMPLETED,
    LEARNER_ID,
    REQUIRED,
    ROLE_ID,
    SKILL_ID,
    STATUS,
)

_INT64_MIN = np.iinfo(np.int64).min
_INT64_MAX = np.iinfo(np.int64).max


def positions(index_values: np.ndarray | pd.Series, values: np.ndarray) -> np.ndarray:
    """Return the position of each of ``values`` in ``index_values`` (-1 if absent).

    ``index_values`` must be unique. A hash lookup like this is several times
    faster than a merge when only a row position is needed.
    """
    return pd.Index(np.asarray(index_values)).get_indexer(np.asarray(values))


def equals(series: pd.Series, value: str) -> np.ndarray:
    """Return ``series == value`` as a numpy bool array.

    Comparing the object array directly is about 3x faster than the pandas
    string comparison on large status columns; categoricals compare by code.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        return (series == value).to_numpy(dtype=bool)
    return series.to_numpy(dtype=object) == value


def group_extreme(
    groups: np.ndarray, stamps: np.ndarray, size: int, *, latest: bool
) -> np.ndarray:
    """Return the earliest (or ``latest``) datetime64 per group position.

    ``groups`` are positions in ``range(size)``. Groups without a timestamp get
    NaT. Works on the int64 view, where NaT is the smallest value: it never wins
    a maximum, and is swapped for the largest value so it never wins a minimum.
    """
    raw = stamps.view("int64")
    if latest:
        out = np.full(size, _INT64_MIN, dtype="int64")
        np.maximum.at(out, groups, raw)
    else:
        out = np.full(size, _INT64_MAX, dtype="int64")
        np.minimum.at(out, groups, np.where(raw == _INT64_MIN, _INT64_MAX, raw))
        out[out == _INT64_MAX] = _INT64_MIN
    return out.view(stamps.dtype)


def int_ids(series: pd.Series) -> pd.Series:
    """Return ``series`` as non-nullable ``int64`` (the caller drops missing ids)."""
    return series.astype("int64")


def nullable_ids(series: pd.Series) -> pd.Series:
    """Return ``series`` as nullable ``Int64`` (missing stays ``<NA>``)."""
    return series.astype("Int64")


def naive_utc(series: pd.Series) -> pd.Series:
    """Return timestamps as naive datetime64; tz-aware values are converted to UTC.

    Django stores aware UTC datetimes; comparing them with naive dates would raise,
    so everything is compared in naive UTC.
    """
    values = pd.to_datetime(series)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return values


def to_day(value: date) -> np.datetime64:
    """Return a date-like value as a day-resolution ``numpy.datetime64``."""
    return np.datetime64(pd.Timestamp(value).date(), "D")


def active_learners(
    learners: pd.DataFrame, extra: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Return the active population (active or on leave), one row per learner.

    Columns: ``learner_id`` (int64), ``department_id`` and ``role_id`` (Int64) plus
    any ``extra`` learner columns. Leavers are dropped here so that no metric can
    count them by accident.
    """
    wanted = list(dict.fromkeys([LEARNER_ID, DEPARTMENT_ID, ROLE_ID, *extra]))
    active = learners.loc[learners[STATUS].isin(ACTIVE_STATUSES), wanted]
    active = active.drop_duplicates(LEARNER_ID)
    return active.assign(
        **{
            LEARNER_ID: int_ids(active[LEARNER_ID]),
            DEPARTMENT_ID: nullable_ids(active[DEPARTMENT_ID]),
            ROLE_ID: nullable_ids(active[ROLE_ID]),
        }
    ).reset_index(drop=True)


def with_role(people: pd.DataFrame) -> pd.DataFrame:
    """Keep learners that have a role, with ``role_id`` as plain int64."""
    people = people.loc[people[ROLE_ID].notna()]
    return people.assign(**{ROLE_ID: int_ids(people[ROLE_ID])})


def completed_enrolments(
    enrolments: pd.DataFrame, *, deduplicate: bool = True
) -> pd.DataFrame:
    """Return the completed enrolments, one row per (learner, course).

    The enrolment ``status`` is the source of truth: a "completed" row counts even
    if its timestamp is missing (``completed_at`` is then NaT), and a timestamp on a
    row that is not "completed" is ignored. Duplicate completions of the same
    course keep the first date, which is when the learner first had the skill;
    callers that do not care about duplicates pass ``deduplicate=False``.
    Columns: ``learner_id``, ``course_id`` (int64), ``completed_at`` (naive UTC).
    """
    done = enrolments.loc[
        equals(enrolments[STATUS], ENROLMENT_COMPLETED),
        [LEARNER_ID, COURSE_ID, COMPLETED_AT],
    ]
    done = pd.DataFrame(
        {
            LEARNER_ID: done[LEARNER_ID].to_numpy(dtype="int64"),
            COURSE_ID: done[COURSE_ID].to_numpy(dtype="int64"),
            COMPLETED_AT: naive_utc(done[COMPLETED_AT]).to_numpy(),
        }
    )
    if not deduplicate or not _has_duplicate_pairs(done[LEARNER_ID], done[COURSE_ID]):
        # The common case (the ORM keeps one enrolment per learner and course):
        # skip the groupby, the most expensive step here on big inputs.
        return done
    return done.groupby([LEARNER_ID, COURSE_ID], as_index=False, sort=False)[
        COMPLETED_AT
    ].min()


def _has_duplicate_pairs(first: pd.Series, second: pd.Series) -> bool:
    """Return whether any (first, second) pair of non-negative ids repeats.

    Packs the pair into one int64 (first * (max(second) + 1) + second) so the check
    is a single hash pass; if the packing could overflow (or ids are negative) the
    slower two-column check is used instead.
    """
    if first.empty:
        return False
    a, b = first.to_numpy(dtype="int64"), second.to_numpy(dtype="int64")
    width = int(b.max()) + 1
    if min(int(a.min()), int(b.min())) < 0 or (int(a.max()) + 1) * width > _INT64_MAX:
        return bool(pd.DataFrame({"a": a, "b": b}).duplicated().any())
    return bool(pd.Series(a * width + b).duplicated().any())


def required_courses(curriculum_courses: pd.DataFrame) -> pd.DataFrame:
    """Return the unique (role_id, course_id) pairs of required curriculum courses."""
    required = (
        curriculum_courses[REQUIRED].astype("boolean").fillna(False).to_numpy(bool)
    )
    pairs = curriculum_courses.loc[required, [ROLE_ID, COURSE_ID]].dropna()
    return (
        pairs.astype({ROLE_ID: "int64", COURSE_ID: "int64"})
        .drop_duplicates()
        .reset_index(drop=True)
    )


def unique_course_skills(course_skills: pd.DataFrame) -> pd.DataFrame:
    """Return the unique (course_id, skill_id) pairs; levels are not used."""
    return (
        course_skills[[COURSE_ID, SKILL_ID]]
        .astype("int64")
        .drop_duplicates()
        .reset_index(drop=True)
    )


def closure(department_paths: pd.DataFrame) -> pd.DataFrame:
    """Return the (department_id, ancestor_id) pairs of a closure table as int64."""
    return department_paths[[DEPARTMENT_ID, ANCESTOR_ID]].astype("int64")


def all_department_ids(department_paths: pd.DataFrame) -> pd.Series:
    """Return every department of a closure table once, sorted."""
    ids = np.unique(department_paths[DEPARTMENT_ID].to_numpy(dtype="int64"))
    return pd.Series(ids, name=DEPARTMENT_ID, dtype="int64")


def subtree_ids(department_paths: pd.DataFrame, department_id: int) -> np.ndarray:
    """Return ``department_id`` and all its descendants (itself even if unknown)."""
    ancestors = department_paths[ANCESTOR_ID].to_numpy(dtype="int64")
    members = department_paths[DEPARTMENT_ID].to_numpy(dtype="int64")
    return np.union1d(members[ancestors == department_id], [department_id])
