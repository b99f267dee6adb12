"""Tests for skill coverage, blocker readiness and the largest gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.metrics import (
    blocker_readiness,
    department_paths,
    department_readiness,
    department_skill_coverage,
    largest_gaps,
    organisation_readiness,
    skill_coverage,
    skill_state,
)
from analytics.metrics.columns import (
    ATTAINED,
    BELOW_BENCHMARK,
    BENCHMARK,
    BLOCKER_ID,
    COMPLETED_AT,
    COURSE_ID,
    COVERAGE,
    CURRICULUM_ID,
    DEPARTMENT_ID,
    GAP,
    HAS_BENCHMARK,
    HAS_DATA,
    LEARNER_ID,
    LEVEL,
    MANAGER_ID,
    NAME,
    PARENT_ID,
    READINESS,
    REQUIRED,
    REQUIRED_PAIRS,
    ROLE_ID,
    SKILL_ID,
    STATUS,
    WEIGHT,
)

# Skills: 1 SQL, 2 prompting, 3 governance, 4 (nobody needs it), 5 (no blocker).
# Courses: 100 -> {1, 2}; 101 -> {3, 5}; 102 -> {2} (optional); 103 -> nothing
# (a course without skills); 104 -> {4}.
COURSE_SKILLS = pd.DataFrame(
    {
        COURSE_ID: pd.array([100, 100, 101, 101, 102, 104], dtype="int64"),
        SKILL_ID: pd.array([1, 2, 3, 5, 2, 4], dtype="int64"),
        LEVEL: pd.array([1, 2, 1, 1, 3, 1], dtype="int64"),
    }
)
# Role 10 requires 100 and 101 -> skills {1, 2, 3, 5}; 102 is optional.
# Role 20 requires only 103, which teaches nothing -> requires no skill.
# Role 30 requires 101 -> skills {3, 5}.
CURRICULUM = pd.DataFrame(
    {
        ROLE_ID: pd.array([10, 10, 10, 20, 30], dtype="int64"),
        CURRICULUM_ID: pd.array([1, 1, 1, 2, 3], dtype="int64"),
        COURSE_ID: pd.array([100, 101, 102, 103, 101], dtype="int64"),
        REQUIRED: [True, True, False, True, True],
    }
)
# 1 is the root; 2, 3 and 4 sit under it; 4 has nobody.
DEPARTMENTS = pd.DataFrame(
    {
        DEPARTMENT_ID: pd.array([1, 2, 3, 4], dtype="int64"),
        PARENT_ID: pd.array([None, 1, 1, 1], dtype="Int64"),
        NAME: ["root", "data team", "risk", "empty"],
    }
)
LEARNERS = pd.DataFrame(
    {
        LEARNER_ID: pd.array([1, 2, 3, 4, 5, 6, 7], dtype="int64"),
        DEPARTMENT_ID: pd.array([2, 2, 3, 3, 3, 2, None], dtype="Int64"),
        ROLE_ID: pd.array([10, 10, 30, None, 20, 10, 30], dtype="Int64"),
        MANAGER_ID: pd.array([90, 90, 91, 91, 91, 90, None], dtype="Int64"),
        STATUS: ["active", "active", "on_leave", "active", "active", "left", "active"],
    }
)
# 1: course 100 -> {1, 2}.  2: optional 102 -> {2}; 104 -> {4}, not required.
# 3: 101 -> {3, 5}; 100 -> {1, 2}, which role 30 does not require.
# 4: no role, so nothing counts.  5: 103 teaches nothing.  6: a leaver.
# 7: nothing completed.
ENROLMENTS = pd.DataFrame(
    {
        LEARNER_ID: pd.array([1, 2, 2, 3, 3, 4, 5, 6, 6, 7], dtype="int64"),
        COURSE_ID: pd.array(
            [100, 102, 104, 101, 100, 100, 103, 100, 101, 101], dtype="int64"
        ),
        STATUS: ["completed"] * 9 + ["in_progress"],
        COMPLETED_AT: pd.to_datetime(["2024-01-10"] * 9 + [None]),
    }
)
# Blocker 1 = data: skill 1 (weight 2) and skill 2 (weight 1). Blocker 2 =
# governance: skill 3. Blocker 3 = infrastructure: no skill mapped. Blocker 4 =
# skills: skill 2, and no benchmark. Skill 5 maps to no blocker.
SKILL_BLOCKERS = pd.DataFrame(
    {
        SKILL_ID: pd.array([1, 2, 3, 2], dtype="int64"),
        BLOCKER_ID: pd.array([1, 1, 2, 4], dtype="int64"),
        WEIGHT: [2.0, 1.0, 1.0, 1.0],
    }
)
BLOCKERS = pd.DataFrame(
    {
        BLOCKER_ID: pd.array([1, 2, 3, 4], dtype="int64"),
        NAME: ["data", "governance", "infrastructure", "skills"],
        BENCHMARK: [0.40, 0.30, 0.43, None],
    }
)


def _counts(frame: pd.DataFrame, key: str | None) -> dict:
    """{skill: (required, attained)}, or {(group, skill): ...} when grouped."""
    keys = [SKILL_ID] if key is None else [key, SKILL_ID]
    counts = frame.set_index(keys)[[REQUIRED, ATTAINED]]
    pairs = zip(counts.index, counts[REQUIRED], counts[ATTAINED], strict=True)
    return {index: (int(r), int(a)) for index, r, a in pairs}


def test_organisation_coverage() -> None:
    result = skill_coverage(LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, by=None)
    # Required pairs come from learners 1, 2 (role 10: 1, 2, 3, 5) and 3, 7
    # (role 30: 3, 5); 4 has no role, 5's role needs nothing, 6 left.
    # Skill 1: 1 and 2 need it, 1 has it -> 2 / 1.  Skill 2: 2 / 2 (2 via the
    # optional course).  Skill 3: 1, 2, 3, 7 need it, 3 has it -> 4 / 1; skill 5
    # likewise.  Skill 4 is attained by 2 but required by nobody: no row, and it
    # raises nothing. Learner 3's skills 1 and 2 are not required for role 30.
    assert _counts(result, None) == {1: (2, 1), 2: (2, 2), 3: (4, 1), 5: (4, 1)}
    assert result[COVERAGE].tolist() == [0.5, 1.0, 0.25, 0.25]
    assert list(result.columns) == [SKILL_ID, REQUIRED, ATTAINED, COVERAGE]


def test_coverage_by_own_department_role_and_manager() -> None:
    by_department = skill_coverage(LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS)
    # Department 2: learners 1, 2 (6 left). Department 3: only learner 3 has a
    # requirement. Learner 7 has no department and is left out.
    assert _counts(by_department, DEPARTMENT_ID) == {
        (2, 1): (2, 1),
        (2, 2): (2, 2),
        (2, 3): (2, 0),
        (2, 5): (2, 0),
        (3, 3): (1, 1),
        (3, 5): (1, 1),
    }
    by_role = skill_coverage(
        LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, by=ROLE_ID
    )
    # Role 30 = learners 3 (has 3 and 5) and 7 (nothing): 2 / 1 each.
    assert _counts(by_role, ROLE_ID)[(30, 3)] == (2, 1)
    assert not (by_role[ROLE_ID] == 20).any()  # role 20 requires no skill
    by_manager = skill_coverage(
        LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, by=MANAGER_ID
    )
    assert set(by_manager[MANAGER_ID]) == {90, 91}


def test_department_coverage_rolls_up_subtrees() -> None:
    paths = department_paths(DEPARTMENTS)
    rolled = department_skill_coverage(
        LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, paths
    )
    counts = _counts(rolled, DEPARTMENT_ID)
    # Root = department 2 + department 3: skill 3 is 2 / 0 + 1 / 1 = 3 / 1.
    assert counts[(1, 1)] == (2, 1)
    assert counts[(1, 3)] == (3, 1)
    assert counts[(2, 3)] == (2, 0)
    # The empty department and department 3's unrequired skills have no rows.
    assert not (rolled[DEPARTMENT_ID] == 4).any()
    assert (3, 1) not in counts
    own = department_skill_coverage(
        LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, paths, include_subtree=False
    )
    assert not (own[DEPARTMENT_ID] == 1).any()  # nobody sits in the root itself


def test_shared_state_gives_the_same_answers() -> None:
    paths = department_paths(DEPARTMENTS)
    state = skill_state(LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS)
    none = ENROLMENTS.iloc[0:0]
    for by in (None, DEPARTMENT_ID, ROLE_ID, MANAGER_ID):
        pd.testing.assert_frame_equal(
            skill_coverage(
                LEARNERS, none, CURRICULUM, COURSE_SKILLS, by=by, state=state
            ),
            skill_coverage(LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, by=by),
        )
    pd.testing.assert_frame_equal(
        department_readiness(
            LEARNERS,
            none,
            CURRICULUM,
            COURSE_SKILLS,
            SKILL_BLOCKERS,
            BLOCKERS,
            paths,
            state=state,
        ),
        department_readiness(
            LEARNERS,
            ENROLMENTS,
            CURRICULUM,
            COURSE_SKILLS,
            SKILL_BLOCKERS,
            BLOCKERS,
            paths,
        ),
    )


def test_state_without_the_grouping_column_is_rejected() -> None:
    learners = LEARNERS.drop(columns=MANAGER_ID)
    state = skill_state(learners, ENROLMENTS, CURRICULUM, COURSE_SKILLS)
    with pytest.raises(ValueError, match="manager_id"):
        skill_coverage(
            learners, ENROLMENTS, CURRICULUM, COURSE_SKILLS, by=MANAGER_ID, state=state
        )


def _readiness(frame: pd.DataFrame, keys: list[str]) -> dict:
    return frame.set_index([*keys, BLOCKER_ID]).to_dict("index")


def test_organisation_readiness() -> None:
    result = organisation_readiness(
        LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, SKILL_BLOCKERS, BLOCKERS
    )
    rows = _readiness(result, [])
    # Data: skill 1 coverage 1/2 (weight 2), skill 2 coverage 2/2 (weight 1):
    # (2 * 0.5 + 1 * 1.0) / 3 = 2/3; required pairs 2 + 2 = 4.
    assert rows[1][READINESS] == pytest.approx(2 / 3)
    assert rows[1][GAP] == pytest.approx(1 / 3)
    assert rows[1][REQUIRED_PAIRS] == 4
    assert not rows[1][BELOW_BENCHMARK]  # 0.67 >= 0.40
    # Governance: skill 3 only, 1 / 4 = 0.25, below its 0.30 benchmark.
    assert rows[2][READINESS] == pytest.approx(0.25)
    assert rows[2][BELOW_BENCHMARK]
    # Infrastructure: no skill mapped -> explicit "no data", 0.0 placeholders.
    assert rows[3] == {
        READINESS: 0.0,
        GAP: 0.0,
        BENCHMARK: 0.43,
        HAS_BENCHMARK: True,
        BELOW_BENCHMARK: False,
        REQUIRED_PAIRS: 0,
        HAS_DATA: False,
    }
    # Skills: skill 2 fully covered; no benchmark, so the 0.5 default applies.
    assert rows[4][READINESS] == pytest.approx(1.0)
    assert (rows[4][BENCHMARK], rows[4][HAS_BENCHMARK]) == (0.5, False)
    assert list(result[BLOCKER_ID]) == [1, 2, 3, 4]


def test_department_readiness_covers_every_department_and_blocker() -> None:
    paths = department_paths(DEPARTMENTS)
    result = department_readiness(
        LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, SKILL_BLOCKERS, BLOCKERS, paths
    )
    assert len(result) == 4 * 4  # every department x every blocker
    rows = _readiness(result, [DEPARTMENT_ID])
    # Department 2: skill 3 is 0 / 2 -> governance readiness 0.0, *with* data.
    assert (rows[(2, 2)][READINESS], rows[(2, 2)][HAS_DATA]) == (0.0, True)
    assert rows[(2, 2)][GAP] == 1.0
    # Root: skill 3 is 3 / 1 -> 1/3.
    assert rows[(1, 2)][READINESS] == pytest.approx(1 / 3)
    # Department 3 needs no data skill; department 4 needs nothing at all.
    assert not rows[(3, 1)][HAS_DATA]
    assert rows[(3, 2)][READINESS] == 1.0
    assert not any(rows[(4, b)][HAS_DATA] for b in (1, 2, 3, 4))
    numbers = result.select_dtypes("number")
    assert np.isfinite(numbers.to_numpy(dtype=float)).all()


def test_largest_gaps_ranks_by_gap_then_people_affected() -> None:
    paths = department_paths(DEPARTMENTS)
    readiness = department_readiness(
        LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, SKILL_BLOCKERS, BLOCKERS, paths
    )
    ranked = largest_gaps(readiness, n=5)
    # Gaps with data: (2, gov) 1.0; (1, gov) 2/3; (1, data) and (2, data) 1/3
    # with 4 pairs each (tie -> department order); then 0.0 gaps, where
    # (1, skills) and (2, skills) with 2 pairs beat (3, gov) with 1.
    assert list(zip(ranked[DEPARTMENT_ID], ranked[BLOCKER_ID], strict=True)) == [
        (2, 2),
        (1, 2),
        (1, 1),
        (2, 1),
        (1, 4),
    ]
    assert ranked[HAS_DATA].all()
    assert len(largest_gaps(readiness, n=100)) == 7  # only rows with data


def test_blocker_readiness_lists_groups_without_data() -> None:
    coverage = skill_coverage(LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS)
    groups = pd.Series([2, 3, 4, 5], dtype="int64")
    result = blocker_readiness(coverage, SKILL_BLOCKERS, BLOCKERS, groups=groups)
    assert sorted(set(result[DEPARTMENT_ID])) == [2, 3, 4, 5]
    assert not result.loc[result[DEPARTMENT_ID].isin([4, 5]), HAS_DATA].any()


def test_empty_organisation() -> None:
    paths = department_paths(DEPARTMENTS.iloc[0:0])
    nobody = LEARNERS.iloc[0:0]
    coverage = skill_coverage(nobody, ENROLMENTS, CURRICULUM, COURSE_SKILLS, by=None)
    assert coverage.empty
    readiness = department_readiness(
        nobody, ENROLMENTS, CURRICULUM, COURSE_SKILLS, SKILL_BLOCKERS, BLOCKERS, paths
    )
    assert readiness.empty
    org = organisation_readiness(
        nobody, ENROLMENTS, CURRICULUM, COURSE_SKILLS, SKILL_BLOCKERS, BLOCKERS
    )
    assert len(org) == 4
    assert not org[HAS_DATA].any()
    assert largest_gaps(org).empty


def test_inputs_are_not_modified() -> None:
    frames = [LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, SKILL_BLOCKERS, BLOCKERS]
    before = [frame.copy() for frame in frames]
    department_readiness(
        LEARNERS,
        ENROLMENTS,
        CURRICULUM,
        COURSE_SKILLS,
        SKILL_BLOCKERS,
        BLOCKERS,
        department_paths(DEPARTMENTS),
    )
    for frame, copy in zip(frames, before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)
