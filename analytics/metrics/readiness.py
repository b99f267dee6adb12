"""Blocker readiness: skill coverage summarised per AI-adoption blocker.

Readiness(group, blocker) is the weighted mean of the group's skill coverage over
the skills mapped to the blocker (weights from ``skill_blockers``). Skills nobody
in the group is required to have are left out of the mean, rather than counted as
0% or 100%. Gap = 1 - readiness.

When no skill of a blocker is required in a group there is nothing to measure.
That is represented explicitly: ``has_data`` is False and ``readiness`` and
``gap`` are both 0.0 placeholders (not measurements; filter on ``has_data``
before showing or ranking them). No NaN ever comes out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.metrics._frames import all_department_ids, int_ids
from analytics.metrics.columns import (
    BELOW_BENCHMARK,
    BENCHMARK,
    BLOCKER_ID,
    COVERAGE,
    GAP,
    HAS_BENCHMARK,
    HAS_DATA,
    READINESS,
    REQUIRED,
    REQUIRED_PAIRS,
    SKILL_ID,
    WEIGHT,
)
from analytics.metrics.coverage import (
    COVERAGE_VALUE_COLUMNS,
    SkillState,
    department_skill_coverage,
    skill_coverage,
)

#: Benchmark used for a blocker that has none: "at least half-ready".
DEFAULT_BENCHMARK = 0.5

WEIGHT_SUM = "_weight_sum"
_WEIGHTED = "_weighted_coverage"
_RANK = "_rank"


def group_keys(coverage: pd.DataFrame) -> list[str]:
    """Return the group key columns of a coverage frame (none if org-wide)."""
    keys = [c for c in coverage.columns if c not in COVERAGE_VALUE_COLUMNS]
    if len(keys) > 1:
        msg = f"coverage frame has several group columns: {keys}"
        raise ValueError(msg)
    return keys


def blocker_skills(skill_blockers: pd.DataFrame) -> pd.DataFrame:
    """Return unique (skill_id, blocker_id, weight) with positive weights.

    A duplicated (skill, blocker) pair keeps its first weight; a non-positive
    weight is dropped because it cannot take part in a weighted mean.
    """
    mapping = skill_blockers[[SKILL_ID, BLOCKER_ID, WEIGHT]].dropna()
    mapping = mapping.astype({SKILL_ID: "int64", BLOCKER_ID: "int64", WEIGHT: float})
    mapping = mapping.loc[mapping[WEIGHT].to_numpy() > 0]
    return mapping.drop_duplicates([SKILL_ID, BLOCKER_ID]).reset_index(drop=True)


def readiness_sums(coverage: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Return [group?, blocker_id, weight sum, weighted coverage sum, pairs].

    ``mapping`` comes from ``blocker_skills``. Only (group, blocker) pairs with at
    least one required skill appear.
    """
    keys = group_keys(coverage)
    joined = coverage.merge(mapping, on=SKILL_ID)
    joined = joined.assign(
        **{_WEIGHTED: joined[WEIGHT].to_numpy() * joined[COVERAGE].to_numpy()}
    )
    return joined.groupby([*keys, BLOCKER_ID], as_index=False).agg(
        **{
            WEIGHT_SUM: (WEIGHT, "sum"),
            _WEIGHTED: (_WEIGHTED, "sum"),
            REQUIRED_PAIRS: (REQUIRED, "sum"),
        }
    )


def blocker_readiness(
    coverage: pd.DataFrame,
    skill_blockers: pd.DataFrame,
    blockers: pd.DataFrame,
    *,
    groups: pd.Series | None = None,
) -> pd.DataFrame:
    """Return readiness for every (group, blocker) pair.

    ``coverage`` is a frame from ``skill_coverage`` / ``department_skill_coverage``
    (its group column, if any, is carried through). ``groups`` lists every group
    that must appear even without data (e.g. all departments); by default, the
    groups present in ``coverage``. Every blocker of ``blockers`` appears.

    Columns: [group?, blocker_id, readiness, gap, benchmark, has_benchmark,
    below_benchmark, required_pairs, has_data]:

    - ``readiness`` in 0..1 and ``gap`` = 1 - readiness; both 0.0 when
      ``has_data`` is False (see the module docstring).
    - ``benchmark``: the blocker's benchmark, or ``DEFAULT_BENCHMARK`` (0.5) when
      it has none (``has_benchmark`` False).
    - ``below_benchmark``: has_data and readiness < benchmark.
    - ``required_pairs``: (learner, skill) pairs behind the figure, i.e. how many
      people-skills the mean rests on; 0 without data.
    """
    table = readiness_table(
        coverage, blocker_skills(skill_blockers), blockers, groups=groups
    )
    return table.drop(columns=WEIGHT_SUM)


def readiness_table(
    coverage: pd.DataFrame,
    mapping: pd.DataFrame,
    blockers: pd.DataFrame,
    *,
    groups: pd.Series | None = None,
) -> pd.DataFrame:
    """``blocker_readiness`` plus the weight sum behind each figure (internal)."""
    keys = group_keys(coverage)
    blocker_ids = pd.DataFrame(
        {BLOCKER_ID: np.unique(blockers[BLOCKER_ID].to_numpy(dtype="int64"))}
    )
    if keys:
        key = keys[0]
        if groups is None:
            groups = coverage[key]
        group_ids = pd.DataFrame({key: np.unique(int_ids(groups).to_numpy())})
        grid = group_ids.merge(blocker_ids, how="cross")
    else:
        grid = blocker_ids
    grid = grid.merge(
        readiness_sums(coverage, mapping), on=[*keys, BLOCKER_ID], how="left"
    )

    weight = grid[WEIGHT_SUM].fillna(0.0).to_numpy(dtype=float)
    has_data = weight > 0
    safe = np.where(has_data, weight, 1.0)
    weighted = grid[_WEIGHTED].fillna(0.0).to_numpy(dtype=float)
    # Clip: float rounding must not push a weighted mean of 0..1 values outside.
    readiness = np.where(has_data, np.clip(weighted / safe, 0.0, 1.0), 0.0)
    listed = blockers.drop_duplicates(BLOCKER_ID)
    benchmarks = pd.Series(
        listed[BENCHMARK].astype(float).to_numpy(),
        index=int_ids(listed[BLOCKER_ID]).to_numpy(),
    )
    benchmark = grid[BLOCKER_ID].map(benchmarks)
    has_benchmark = benchmark.notna().to_numpy(dtype=bool)
    benchmark = benchmark.fillna(DEFAULT_BENCHMARK).to_numpy(dtype=float)

    result = grid[[*keys, BLOCKER_ID]].assign(
        **{
            READINESS: readiness,
            GAP: np.where(has_data, 1.0 - readiness, 0.0),
            BENCHMARK: benchmark,
            HAS_BENCHMARK: has_benchmark,
            BELOW_BENCHMARK: has_data & (readiness < benchmark),
            REQUIRED_PAIRS: grid[REQUIRED_PAIRS].fillna(0).to_numpy(dtype="int64"),
            HAS_DATA: has_data,
            WEIGHT_SUM: weight,
        }
    )
    return result.sort_values([*keys, BLOCKER_ID], ignore_index=True)


def department_readiness(
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
    course_skills: pd.DataFrame,
    skill_blockers: pd.DataFrame,
    blockers: pd.DataFrame,
    department_paths: pd.DataFrame,
    *,
    include_subtree: bool = True,
    state: SkillState | None = None,
) -> pd.DataFrame:
    """Return ``blocker_readiness`` for every department x every blocker.

    With ``include_subtree`` (the default) each department covers its subtree.
    Departments without learners are present with ``has_data`` False.

    ``state`` may be the output of ``skill_state`` for the same frames, to share it
    between several metrics; ``enrolments``, ``curriculum_courses`` and
    ``course_skills`` are then not read.
    """
    coverage = department_skill_coverage(
        learners,
        enrolments,
        curriculum_courses,
        course_skills,
        department_paths,
        include_subtree=include_subtree,
        state=state,
    )
    return blocker_readiness(
        coverage, skill_blockers, blockers, groups=all_department_ids(department_paths)
    )


def organisation_readiness(
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
    course_skills: pd.DataFrame,
    skill_blockers: pd.DataFrame,
    blockers: pd.DataFrame,
    *,
    state: SkillState | None = None,
) -> pd.DataFrame:
    """Return organisation-wide ``blocker_readiness``, one row per blocker.

    ``state`` may be the output of ``skill_state`` for the same frames, to share it
    between several metrics; ``enrolments``, ``curriculum_courses`` and
    ``course_skills`` are then not read.
    """
    coverage = skill_coverage(
        learners, enrolments, curriculum_courses, course_skills, by=None, state=state
    )
    return blocker_readiness(coverage, skill_blockers, blockers)


def largest_gaps(readiness: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Return the ``n`` largest gaps of a readiness frame.

    Rows without data are dropped (their 0.0 gap is a placeholder). Sorted by
    ``gap`` descending, then ``required_pairs`` descending (a gap that affects more
    people comes first), then by group and blocker for a stable order.
    """
    keys = [c for c in readiness.columns if c.endswith("_id") and c != BLOCKER_ID]
    with_data = readiness.loc[readiness[HAS_DATA].to_numpy(dtype=bool)]
    # Rank on a rounded copy so float noise cannot break a genuine tie.
    ranked = with_data.assign(**{_RANK: np.round(with_data[GAP].to_numpy(), 12)})
    ordered = ranked.sort_values(
        [_RANK, REQUIRED_PAIRS, *keys, BLOCKER_ID],
        ascending=[False, False, *([True] * len(keys)), True],
    )
    return ordered.drop(columns=_RANK).head(n).reset_index(drop=True)
