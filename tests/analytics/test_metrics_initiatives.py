"""Tests for initiative staffing readiness and open blockers."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.metrics import (
    InitiativeReadiness,
    department_paths,
    department_readiness,
    initiative_readiness,
    learner_completion,
)
from analytics.metrics.columns import (
    BELOW_BENCHMARK,
    BENCHMARK,
    BLOCKER_ID,
    COMPLETED_AT,
    COUNTED,
    COURSE_ID,
    CURRICULUM_ID,
    DEPARTMENT_ID,
    FILLED,
    GAP,
    HAS_BENCHMARK,
    HAS_DATA,
    HAS_ROLES,
    HEADCOUNT,
    INITIATIVE_ID,
    LEARNER_ID,
    LEVEL,
    MEMBERS,
    NAME,
    OPEN_BLOCKER_COUNT,
    OPEN_BLOCKERS,
    PARENT_ID,
    READINESS,
    REQUIRED,
    REQUIRED_PAIRS,
    ROLE_ID,
    SKILL_ID,
    STAGE,
    STATUS,
    WEIGHT,
)

# Role 10 requires course 100; role 30 requires course 101.
CURRICULUM = pd.DataFrame(
    {
        ROLE_ID: pd.array([10, 30], dtype="int64"),
        CURRICULUM_ID: pd.array([1, 3], dtype="int64"),
        COURSE_ID: pd.array([100, 101], dtype="int64"),
        REQUIRED: [True, True],
    }
)
LEARNERS = pd.DataFrame(
    {
        LEARNER_ID: pd.array([1, 2, 3, 4, 5, 6, 7], dtype="int64"),
        DEPARTMENT_ID: pd.array([2, 2, 2, 2, 2, 3, 2], dtype="Int64"),
        ROLE_ID: pd.array([10, 10, 10, 30, 10, None, 30], dtype="Int64"),
        STATUS: ["active", "active", "active", "active", "left", "active", "on_leave"],
    }
)
# 1, 2, 3 and the leaver 5 finished role 10's curriculum; 7 finished role 30's;
# 4 only started.
ENROLMENTS = pd.DataFrame(
    {
        LEARNER_ID: pd.array([1, 2, 3, 5, 7, 4], dtype="int64"),
        COURSE_ID: pd.array([100, 100, 100, 100, 101, 101], dtype="int64"),
        STATUS: ["completed"] * 5 + ["in_progress"],
        COMPLETED_AT: pd.to_datetime(["2024-01-10"] * 5 + [None]),
    }
)
INITIATIVES = pd.DataFrame(
    {
        INITIATIVE_ID: pd.array([1, 2, 3], dtype="int64"),
        NAME: ["forecasting", "claims triage", "assistant"],
        DEPARTMENT_ID: pd.array([2, 3, None], dtype="Int64"),
        STAGE: ["pilot", "sandbox", "production"],
    }
)
# Initiative 1 needs 2 x role 10 and 2 x role 30. Initiative 2 lists role 10
# twice (3 + 1 = 4) and role 30 with headcount 0. Initiative 3 needs nobody.
INITIATIVE_ROLES = pd.DataFrame(
    {
        INITIATIVE_ID: pd.array([1, 1, 2, 2, 2], dtype="int64"),
        ROLE_ID: pd.array([10, 30, 10, 10, 30], dtype="int64"),
        HEADCOUNT: pd.array([2, 2, 3, 1, 0], dtype="int64"),
    }
)
# Initiative 1: three trained role-10 people (1, 2, 3), role-30 people 4
# (untrained) and 7 (trained, on leave), the leaver 5, and 6 who has no role.
INITIATIVE_MEMBERS = pd.DataFrame(
    {
        INITIATIVE_ID: pd.array([1, 1, 1, 1, 1, 1, 1, 1], dtype="int64"),
        LEARNER_ID: pd.array([1, 2, 3, 4, 7, 5, 6, 1], dtype="int64"),
    }
)


def _readiness_rows(
    rows: list[tuple[int | None, int, float, float, bool]],
) -> pd.DataFrame:
    """(department_id, blocker_id, readiness, benchmark, has_data) rows."""
    frame = pd.DataFrame(
        {
            BLOCKER_ID: pd.array([r[1] for r in rows], dtype="int64"),
            READINESS: [r[2] for r in rows],
            BENCHMARK: [r[3] for r in rows],
            HAS_DATA: [r[4] for r in rows],
        }
    )
    frame[GAP] = (1 - frame[READINESS]).where(frame[HAS_DATA], 0.0)
    frame[HAS_BENCHMARK] = True
    frame[BELOW_BENCHMARK] = frame[HAS_DATA] & (frame[READINESS] < frame[BENCHMARK])
    frame[REQUIRED_PAIRS] = 10
    if rows and rows[0][0] is not None:
        frame.insert(0, DEPARTMENT_ID, pd.array([r[0] for r in rows], dtype="int64"))
    return frame


# Department 2: data 0.35 < 0.40 (short by 0.05) and governance 0.10 < 0.30
# (short by 0.20) are open; infrastructure has no data; skills 0.6 >= 0.5.
READINESS_BY_DEPARTMENT = _readiness_rows(
    [
        (2, 1, 0.35, 0.40, True),
        (2, 2, 0.10, 0.30, True),
        (2, 3, 0.00, 0.43, False),
        (2, 4, 0.60, 0.50, True),
        (3, 1, 0.50, 0.40, True),
    ]
)
# Organisation-wide: data 0.2 < 0.4 (short 0.2), skills 0.45 < 0.5 (short 0.05).
READINESS_ORGANISATION = _readiness_rows(
    [(None, 1, 0.20, 0.40, True), (None, 4, 0.45, 0.50, True)]
)


def _result(**kwargs) -> InitiativeReadiness:
    return initiative_readiness(
        INITIATIVES,
        INITIATIVE_ROLES,
        INITIATIVE_MEMBERS,
        LEARNERS,
        ENROLMENTS,
        CURRICULUM,
        READINESS_BY_DEPARTMENT,
        **kwargs,
    )


def test_roles_status() -> None:
    roles = _result().roles_status
    rows = roles.set_index([INITIATIVE_ID, ROLE_ID]).to_dict("index")
    # Role 10 in initiative 1: members 1, 2, 3 (the duplicate row of 1 counts
    # once, the leaver 5 not at all), all trained -> filled 3, counted
    # min(3, 2) = 2, readiness 2 / 2.
    assert rows[(1, 10)] == {
        HEADCOUNT: 2,
        MEMBERS: 3,
        FILLED: 3,
        COUNTED: 2,
        READINESS: 1.0,
    }
    # Role 30: 4 (untrained) and 7 (trained, on leave) -> 1 / 2.
    assert rows[(1, 30)] == {
        HEADCOUNT: 2,
        MEMBERS: 2,
        FILLED: 1,
        COUNTED: 1,
        READINESS: 0.5,
    }
    # Initiative 2: role 10 rows add up to 4, nobody named -> 0 / 4; role 30
    # needs nobody -> 1.0 (nothing to fill).
    assert (rows[(2, 10)][HEADCOUNT], rows[(2, 10)][READINESS]) == (4, 0.0)
    assert (rows[(2, 30)][HEADCOUNT], rows[(2, 30)][READINESS]) == (0, 1.0)
    assert list(roles.columns) == [
        INITIATIVE_ID,
        ROLE_ID,
        HEADCOUNT,
        MEMBERS,
        FILLED,
        COUNTED,
        READINESS,
    ]


def test_summary_and_open_blockers() -> None:
    summary = _result().summary.set_index(INITIATIVE_ID)
    # Initiative 1: (2 + 1) / (2 + 2) = 0.75; the surplus role-10 person does not
    # make up for the missing role-30 one.
    assert (summary.loc[1, HEADCOUNT], summary.loc[1, FILLED]) == (4, 3)
    assert summary.loc[1, READINESS] == pytest.approx(0.75)
    # Open blockers in department 2, most short first: governance, then data.
    assert summary.loc[1, OPEN_BLOCKERS] == [2, 1]
    assert summary.loc[1, OPEN_BLOCKER_COUNT] == 2
    # Initiative 2: 0 / 4; department 3's only blocker with data is fine.
    assert summary.loc[2, READINESS] == 0.0
    assert summary.loc[2, HAS_ROLES]
    assert summary.loc[2, OPEN_BLOCKERS] == []
    # Initiative 3 needs nobody: readiness 0.0 is a placeholder, flagged.
    assert not summary.loc[3, HAS_ROLES]
    assert (summary.loc[3, HEADCOUNT], summary.loc[3, READINESS]) == (0, 0.0)
    # No department and no organisation-wide readiness given: nothing listed.
    assert summary.loc[3, OPEN_BLOCKERS] == []
    assert summary.loc[1, STAGE] == "pilot"
    assert summary.loc[1, NAME] == "forecasting"


def test_initiative_without_department_falls_back_to_organisation() -> None:
    summary = _result(organisation_readiness=READINESS_ORGANISATION).summary
    summary = summary.set_index(INITIATIVE_ID)
    # Organisation-wide: data short by 0.2, skills by 0.05.
    assert summary.loc[3, OPEN_BLOCKERS] == [1, 4]
    assert summary.loc[1, OPEN_BLOCKERS] == [2, 1]  # unchanged


def test_shared_completion_gives_the_same_answer() -> None:
    completion = learner_completion(LEARNERS, ENROLMENTS, CURRICULUM)
    shared = _result(completion=completion)
    fresh = _result()
    pd.testing.assert_frame_equal(shared.roles_status, fresh.roles_status)
    pd.testing.assert_frame_equal(shared.summary, fresh.summary)


def test_end_to_end_with_computed_department_readiness() -> None:
    # Course 100 teaches skill 1 (data blocker), 101 teaches skill 2 (governance).
    course_skills = pd.DataFrame(
        {
            COURSE_ID: pd.array([100, 101], dtype="int64"),
            SKILL_ID: pd.array([1, 2], dtype="int64"),
            LEVEL: pd.array([1, 1], dtype="int64"),
        }
    )
    skill_blockers = pd.DataFrame(
        {
            SKILL_ID: pd.array([1, 2], dtype="int64"),
            BLOCKER_ID: pd.array([1, 2], dtype="int64"),
            WEIGHT: [1.0, 1.0],
        }
    )
    blockers = pd.DataFrame(
        {
            BLOCKER_ID: pd.array([1, 2], dtype="int64"),
            NAME: ["data", "governance"],
            BENCHMARK: [0.40, 0.30],
        }
    )
    paths = department_paths(
        pd.DataFrame(
            {
                DEPARTMENT_ID: pd.array([2, 3], dtype="int64"),
                PARENT_ID: pd.array([None, None], dtype="Int64"),
                NAME: ["two", "three"],
            }
        )
    )
    readiness = department_readiness(
        LEARNERS, ENROLMENTS, CURRICULUM, course_skills, skill_blockers, blockers, paths
    )
    summary = initiative_readiness(
        INITIATIVES,
        INITIATIVE_ROLES,
        INITIATIVE_MEMBERS,
        LEARNERS,
        ENROLMENTS,
        CURRICULUM,
        readiness,
    ).summary.set_index(INITIATIVE_ID)
    # Department 2: data = 3 of role 10's 3 active learners (1.0); governance =
    # 1 of role 30's 2 (7 yes, 4 no) = 0.5 >= 0.30. Nothing open.
    assert summary.loc[1, OPEN_BLOCKERS] == []


def test_no_initiatives() -> None:
    result = initiative_readiness(
        INITIATIVES.iloc[0:0],
        INITIATIVE_ROLES.iloc[0:0],
        INITIATIVE_MEMBERS.iloc[0:0],
        LEARNERS,
        ENROLMENTS,
        CURRICULUM,
        READINESS_BY_DEPARTMENT,
    )
    assert result.roles_status.empty
    assert result.summary.empty
