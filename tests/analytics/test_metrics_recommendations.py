"""Tests for course recommendations per department."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.metrics import department_paths, recommend_courses, skill_state
from analytics.metrics.columns import (
    BENCHMARK,
    BLOCKER_ID,
    COMPLETED_AT,
    COURSE_ID,
    CURRENT_READINESS,
    CURRICULUM_ID,
    DEPARTMENT_ID,
    EXPECTED_READINESS,
    LEARNER_ID,
    LEARNERS_TO_ASSIGN,
    LEVEL,
    NAME,
    PARENT_ID,
    REQUIRED,
    ROLE_ID,
    SKILL_ID,
    STATUS,
    UPLIFT,
    WEIGHT,
)

# Role 10 requires 100 (skill 1), 101 (skill 2), 102 (skill 3), 103 (skill 4).
# 105 is optional and teaches skills 1 and 2; 106 teaches skill 3 like 102.
COURSE_SKILLS = pd.DataFrame(
    {
        COURSE_ID: pd.array([100, 101, 102, 103, 105, 105, 106], dtype="int64"),
        SKILL_ID: pd.array([1, 2, 3, 4, 1, 2, 3], dtype="int64"),
        LEVEL: pd.array([1] * 7, dtype="int64"),
    }
)
CURRICULUM = pd.DataFrame(
    {
        ROLE_ID: pd.array([10, 10, 10, 10], dtype="int64"),
        CURRICULUM_ID: pd.array([1, 1, 1, 1], dtype="int64"),
        COURSE_ID: pd.array([100, 101, 102, 103], dtype="int64"),
        REQUIRED: [True, True, True, True],
    }
)
# Department 2 sits under department 1; department 3 (under 1) has nobody.
PATHS = department_paths(
    pd.DataFrame(
        {
            DEPARTMENT_ID: pd.array([1, 2, 3], dtype="int64"),
            PARENT_ID: pd.array([None, 1, 1], dtype="Int64"),
            NAME: ["head office", "branch", "empty"],
        }
    )
)
# A and B (ids 1, 2) in department 1; C and D (3, 4) in department 2; E (5) left.
LEARNERS = pd.DataFrame(
    {
        LEARNER_ID: pd.array([1, 2, 3, 4, 5], dtype="int64"),
        DEPARTMENT_ID: pd.array([1, 1, 2, 2, 2], dtype="Int64"),
        ROLE_ID: pd.array([10, 10, 10, 10, 10], dtype="Int64"),
        STATUS: ["active", "active", "active", "on_leave", "left"],
    }
)
# A has every skill; B has 4; C has 1 and 4; D has 3 and 4; E (a leaver) nothing.
_DONE = [(1, 100), (1, 101), (1, 102), (1, 103), (2, 103), (3, 100), (3, 103)]
_DONE += [(4, 102), (4, 103)]
ENROLMENTS = pd.DataFrame(
    {
        LEARNER_ID: pd.array([d[0] for d in _DONE], dtype="int64"),
        COURSE_ID: pd.array([d[1] for d in _DONE], dtype="int64"),
        STATUS: ["completed"] * len(_DONE),
        COMPLETED_AT: pd.to_datetime(["2024-01-10"] * len(_DONE)),
    }
)
# Blocker 1 = skills 1 (weight 1), 2 (weight 1), 3 (weight 2); blocker 2 = skill 4.
SKILL_BLOCKERS = pd.DataFrame(
    {
        SKILL_ID: pd.array([1, 2, 3, 4], dtype="int64"),
        BLOCKER_ID: pd.array([1, 1, 1, 2], dtype="int64"),
        WEIGHT: [1.0, 1.0, 2.0, 1.0],
    }
)
BLOCKERS = pd.DataFrame(
    {
        BLOCKER_ID: pd.array([1, 2], dtype="int64"),
        NAME: ["data", "skills"],
        BENCHMARK: [0.40, 0.50],
    }
)


def _recommend(course_skills: pd.DataFrame = COURSE_SKILLS, **kwargs) -> pd.DataFrame:
    return recommend_courses(
        LEARNERS,
        ENROLMENTS,
        CURRICULUM,
        course_skills,
        SKILL_BLOCKERS,
        BLOCKERS,
        PATHS,
        **kwargs,
    )


def test_recommends_the_course_with_the_largest_uplift() -> None:
    result = _recommend().set_index(DEPARTMENT_ID)
    # Department 1 (A, B, C, D): coverage of skill 1 = 2/4 (A, C), skill 2 = 1/4
    # (A), skill 3 = 2/4 (A, D), skill 4 = 4/4. Data readiness =
    # (1 * 0.5 + 1 * 0.25 + 2 * 0.5) / 4 = 0.4375; skills readiness = 1.0, so
    # data is the weakest blocker.
    # Gains if everyone missing a skill got it, over the weight sum 4:
    # skill 1: 1 * 2/4 / 4 = 0.125; skill 2: 1 * 3/4 / 4 = 0.1875;
    # skill 3: 2 * 2/4 / 4 = 0.25.  Per course: 100 -> 0.125, 101 -> 0.1875,
    # 102 and 106 -> 0.25, 105 (skills 1 and 2) -> 0.3125: 105 wins.
    head = result.loc[1]
    assert (head[BLOCKER_ID], head[COURSE_ID]) == (1, 105)
    assert head[CURRENT_READINESS] == pytest.approx(0.4375)
    assert head[UPLIFT] == pytest.approx(0.3125)
    assert head[EXPECTED_READINESS] == pytest.approx(0.75)
    # Missing skill 1 or 2: B (both), C (2), D (1 and 2) -> 3 learners.
    assert head[LEARNERS_TO_ASSIGN] == 3

    # Department 2 (C, D): skill 1 = 1/2, skill 2 = 0/2, skill 3 = 1/2 ->
    # (0.5 + 0 + 2 * 0.5) / 4 = 0.375. Gains: skill 1: 1 * 1/2 / 4 = 0.125;
    # skill 2: 1 * 2/2 / 4 = 0.25; skill 3: 2 * 1/2 / 4 = 0.25 -> 105 = 0.375.
    branch = result.loc[2]
    assert (branch[BLOCKER_ID], branch[COURSE_ID]) == (1, 105)
    assert branch[CURRENT_READINESS] == pytest.approx(0.375)
    assert branch[UPLIFT] == pytest.approx(0.375)
    assert branch[EXPECTED_READINESS] == pytest.approx(0.75)
    assert branch[LEARNERS_TO_ASSIGN] == 2  # C and D

    # The empty department has no data, so no recommendation; the largest uplift
    # comes first.
    assert list(result.index) == [2, 1]


def test_ties_go_to_the_lowest_course_id() -> None:
    without_105 = COURSE_SKILLS.loc[COURSE_SKILLS[COURSE_ID] != 105]
    result = _recommend(without_105).set_index(DEPARTMENT_ID)
    # Department 1: 102 and 106 tie at 0.25 -> 102; missing skill 3: B and C.
    assert result.loc[1, COURSE_ID] == 102
    assert result.loc[1, UPLIFT] == pytest.approx(0.25)
    assert result.loc[1, LEARNERS_TO_ASSIGN] == 2
    # Department 2: 101, 102 and 106 tie at 0.25 -> 101; missing skill 2: C, D.
    assert result.loc[2, COURSE_ID] == 101
    assert result.loc[2, LEARNERS_TO_ASSIGN] == 2


def test_shared_state_gives_the_same_answer() -> None:
    state = skill_state(LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS)
    pd.testing.assert_frame_equal(_recommend(state=state), _recommend())


def test_no_recommendation_when_the_weakest_blocker_is_complete() -> None:
    # Everyone active completes everything: nothing left to recommend.
    everything = pd.DataFrame(
        {
            LEARNER_ID: pd.array(
                [i for i in (1, 2, 3, 4) for _ in range(4)], dtype="int64"
            ),
            COURSE_ID: pd.array([100, 101, 102, 103] * 4, dtype="int64"),
            STATUS: ["completed"] * 16,
            COMPLETED_AT: pd.to_datetime(["2024-01-10"] * 16),
        }
    )
    result = recommend_courses(
        LEARNERS, everything, CURRICULUM, COURSE_SKILLS, SKILL_BLOCKERS, BLOCKERS, PATHS
    )
    assert result.empty
    assert list(result.columns) == [
        DEPARTMENT_ID,
        BLOCKER_ID,
        COURSE_ID,
        CURRENT_READINESS,
        EXPECTED_READINESS,
        UPLIFT,
        LEARNERS_TO_ASSIGN,
    ]


def test_empty_organisation() -> None:
    result = recommend_courses(
        LEARNERS.iloc[0:0],
        ENROLMENTS.iloc[0:0],
        CURRICULUM,
        COURSE_SKILLS,
        SKILL_BLOCKERS,
        BLOCKERS,
        PATHS,
    )
    assert result.empty
