"""Demonstrated skill over frames, against figures worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.metrics import department_paths, skill_coverage, skill_state
from analytics.metrics.columns import (
    ANSWERED,
    ANSWERED_AT,
    COMPLETED_AT,
    COMPLETED_ONLY,
    CORRECT,
    COURSE_ID,
    CURRICULUM_ID,
    DEMONSTRATED_ONLY,
    DEPARTMENT_ID,
    ESTIMATE,
    LEARNER_ID,
    LEVEL,
    MANAGER_ID,
    NAME,
    PARENT_ID,
    REQUIRED,
    RESPONSE_ID,
    RIGHT,
    ROLE_ID,
    SKILL_ID,
    STATUS,
    VERSION_ID,
)
from analytics.metrics.mastery import (
    demonstrated,
    demonstrated_state,
    disagreement_counts,
    required_levels,
    skill_evidence,
)
from core import mastery

# Version 100 asks about skill 7; version 101 about skills 7 and 8; version 102
# is tagged with no skill.
VERSION_SKILLS = pd.DataFrame(
    {VERSION_ID: [100, 101, 101], SKILL_ID: [7, 7, 8]}, dtype="int64"
)


def _responses(rows: list[tuple[int, int, int, bool, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=[RESPONSE_ID, LEARNER_ID, VERSION_ID, CORRECT, ANSWERED_AT]
    )
    return frame.assign(**{ANSWERED_AT: pd.to_datetime(frame[ANSWERED_AT])})


# Learner 1 answers version 100 twelve times, one a day: the two oldest wrong,
# the ten latest right. Learner 2 submits one attempt (three answers to version
# 101 at the same moment: right, wrong, right) and answers version 102 once.
RESPONSES = _responses(
    [(i, 1, 100, i > 2, f"2026-01-{i:02d} 09:00") for i in range(1, 13)]
    + [
        (20, 2, 101, True, "2026-02-01 10:00"),
        (21, 2, 101, False, "2026-02-01 10:00"),
        (22, 2, 101, True, "2026-02-01 10:00"),
        (23, 2, 102, False, "2026-02-02 10:00"),
    ]
)


def _evidence(frame: pd.DataFrame) -> dict:
    return {
        (int(r[LEARNER_ID]), int(r[SKILL_ID])): (int(r[ANSWERED]), int(r[RIGHT]))
        for _, r in frame.iterrows()
    }


def test_evidence_keeps_the_latest_ten_answers_per_skill():
    evidence = skill_evidence(RESPONSES, VERSION_SKILLS)
    # Learner 1: the two early wrong answers fall out of the window.
    # Learner 2: one answer counts for both skills of its version; the untagged
    # version counts for nothing.
    assert _evidence(evidence) == {(1, 7): (10, 10), (2, 7): (3, 2), (2, 8): (3, 2)}
    estimates = evidence.set_index([LEARNER_ID, SKILL_ID])[ESTIMATE]
    assert estimates[(1, 7)] == pytest.approx(11 / 12)
    assert estimates[(2, 8)] == pytest.approx(0.6)


def test_evidence_breaks_ties_in_time_by_the_latest_response():
    # With a window of two, learner 2's latest answers are 22 (right) and 21
    # (wrong): they share their attempt's time, so the response order decides.
    evidence = skill_evidence(RESPONSES, VERSION_SKILLS, window=2)
    assert _evidence(evidence)[(2, 7)] == (2, 1)
    assert _evidence(evidence)[(1, 7)] == (2, 2)


def test_evidence_of_nobody_is_an_empty_frame():
    evidence = skill_evidence(RESPONSES.iloc[0:0], VERSION_SKILLS)
    assert evidence.empty
    assert list(evidence.columns) == [LEARNER_ID, SKILL_ID, ANSWERED, RIGHT, ESTIMATE]


def test_evidence_does_not_change_its_inputs():
    before = RESPONSES.copy()
    skill_evidence(RESPONSES, VERSION_SKILLS)
    pd.testing.assert_frame_equal(RESPONSES, before)


def test_vectorised_rule_agrees_with_the_scalar_rule_everywhere():
    answered, right, level = np.meshgrid(
        np.arange(0, 11), np.arange(0, 11), np.arange(1, 4), indexing="ij"
    )
    possible = right <= answered
    answered, right, level = answered[possible], right[possible], level[possible]
    expected = [
        mastery.is_demonstrated(int(r), int(a), int(lv))
        for r, a, lv in zip(right, answered, level, strict=True)
    ]
    assert demonstrated(right, answered, level).tolist() == expected


def test_a_level_of_nought_demonstrates_nothing():
    assert demonstrated([10], [10], [0]).tolist() == [False]


# Role 10 requires course 200 (skill 7 at working knowledge, level 2) and course
# 201 (skill 8 at awareness, level 1); optional course 202 teaches skill 7 at
# expert level, which does not raise what the role requires.
CURRICULUM = pd.DataFrame(
    {
        ROLE_ID: pd.array([10, 10, 10], dtype="int64"),
        CURRICULUM_ID: pd.array([1, 1, 1], dtype="int64"),
        COURSE_ID: pd.array([200, 201, 202], dtype="int64"),
        REQUIRED: [True, True, False],
    }
)
COURSE_SKILLS = pd.DataFrame(
    {COURSE_ID: [200, 201, 202], SKILL_ID: [7, 8, 7], LEVEL: [2, 1, 3]},
    dtype="int64",
)
# Department 1 is the root; department 2 sits under it.
DEPARTMENTS = pd.DataFrame(
    {
        DEPARTMENT_ID: pd.array([1, 2], dtype="int64"),
        PARENT_ID: pd.array([None, 1], dtype="Int64"),
        NAME: ["Operations", "Claims"],
    }
)
# Learners 1 and 2 in department 1, learner 3 in department 2, learner 4 has
# left (never counts).
LEARNERS = pd.DataFrame(
    {
        LEARNER_ID: pd.array([1, 2, 3, 4], dtype="int64"),
        DEPARTMENT_ID: pd.array([1, 1, 2, 2], dtype="Int64"),
        ROLE_ID: pd.array([10, 10, 10, 10], dtype="Int64"),
        MANAGER_ID: pd.array([None] * 4, dtype="Int64"),
        STATUS: ["active", "active", "on_leave", "left"],
    }
)
# Learner 1 completed course 200 (skill 7); learner 3 completed 201 (skill 8).
ENROLMENTS = pd.DataFrame(
    {
        LEARNER_ID: pd.array([1, 3], dtype="int64"),
        COURSE_ID: pd.array([200, 201], dtype="int64"),
        STATUS: ["completed", "completed"],
        COMPLETED_AT: pd.to_datetime(["2026-01-05", "2026-01-06"]),
    }
)


def test_required_level_is_the_highest_a_required_course_teaches():
    levels = required_levels(CURRICULUM, COURSE_SKILLS)
    assert levels.to_dict("records") == [
        {ROLE_ID: 10, SKILL_ID: 7, LEVEL: 2},
        {ROLE_ID: 10, SKILL_ID: 8, LEVEL: 1},
    ]


def _states():
    completed = skill_state(
        LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, extra=(DEPARTMENT_ID,)
    )
    evidence = skill_evidence(RESPONSES, VERSION_SKILLS)
    shown = demonstrated_state(
        completed, evidence, required_levels(CURRICULUM, COURSE_SKILLS)
    )
    return completed, shown


def test_demonstrated_state_replaces_completion_with_evidence():
    completed, shown = _states()
    # Learner 1: skill 7 at 11/12 >= 0.7. Learner 2: skill 7 at 0.6 < 0.7 (working
    # knowledge), skill 8 at 0.6 >= 0.6 (awareness).
    people = shown.people[LEARNER_ID].to_numpy()
    pairs = {
        (int(people[r]), int(shown.skill_ids[s]))
        for r, s in zip(shown.attained_row, shown.attained_skill, strict=True)
    }
    assert pairs == {(1, 7), (2, 8)}
    coverage = skill_coverage(
        LEARNERS, ENROLMENTS, CURRICULUM, COURSE_SKILLS, by=None, state=shown
    ).set_index(SKILL_ID)
    assert coverage.loc[7, [REQUIRED, "attained"]].tolist() == [3, 1]
    assert coverage.loc[8, [REQUIRED, "attained"]].tolist() == [3, 1]
    # The completion state itself is unchanged.
    assert len(completed.attained_row) == 2


def test_evidence_for_a_skill_the_role_does_not_require_counts_for_nothing():
    completed, _ = _states()
    evidence = pd.DataFrame(
        {LEARNER_ID: [1], SKILL_ID: [99], ANSWERED: [10], RIGHT: [10], ESTIMATE: [0.9]}
    )
    shown = demonstrated_state(
        completed, evidence, required_levels(CURRICULUM, COURSE_SKILLS)
    )
    assert len(shown.attained_row) == 0


def test_disagreement_counts_each_way_per_department_subtree():
    completed, shown = _states()
    paths = department_paths(DEPARTMENTS)
    table = disagreement_counts(completed, shown, paths)
    got = {
        (int(r[DEPARTMENT_ID]), int(r[SKILL_ID])): (
            int(r[REQUIRED]),
            int(r[COMPLETED_ONLY]),
            int(r[DEMONSTRATED_ONLY]),
        )
        for _, r in table.iterrows()
    }
    # Department 2 (learner 3): completed skill 8, no evidence.
    # Department 1 (1, 2 and 3): skill 7 completed and shown by learner 1 (no
    # disagreement); skill 8 completed by 3 only, demonstrated by 2 only.
    assert got == {
        (1, 7): (3, 0, 0),
        (1, 8): (3, 1, 1),
        (2, 7): (1, 0, 0),
        (2, 8): (1, 1, 0),
    }
