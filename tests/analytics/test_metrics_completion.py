"""Tests for learner and department completion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.metrics import (
    department_completion,
    department_paths,
    learner_completion,
)
from analytics.metrics.columns import (
    ANY_COMPLETED,
    ANY_COMPLETED_AT,
    COMPLETED,
    COMPLETED_AT,
    COURSE_ID,
    CURRICULUM_COMPLETED,
    CURRICULUM_COMPLETED_AT,
    CURRICULUM_ID,
    DEPARTMENT_ID,
    GAP_POINTS,
    LEARNER_ID,
    MANAGER_ID,
    NAME,
    PARENT_ID,
    PERCENT,
    POPULATION,
    REQUIRED,
    ROLE_ID,
    SHORTFALL,
    STATUS,
    TARGET_COUNT,
)

NA = None


def learners_frame(rows: list[tuple[int, int | None, int | None, str]]) -> pd.DataFrame:
    """(learner_id, department_id, role_id, status) rows."""
    return pd.DataFrame(
        {
            LEARNER_ID: pd.array([r[0] for r in rows], dtype="int64"),
            DEPARTMENT_ID: pd.array([r[1] for r in rows], dtype="Int64"),
            ROLE_ID: pd.array([r[2] for r in rows], dtype="Int64"),
            MANAGER_ID: pd.array([NA] * len(rows), dtype="Int64"),
            STATUS: pd.Series([r[3] for r in rows], dtype="str"),
        }
    )


def enrolments_frame(rows: list[tuple[int, int, str, str | None]]) -> pd.DataFrame:
    """(learner_id, course_id, status, completed_at) rows."""
    return pd.DataFrame(
        {
            LEARNER_ID: pd.array([r[0] for r in rows], dtype="int64"),
            COURSE_ID: pd.array([r[1] for r in rows], dtype="int64"),
            STATUS: pd.Series([r[2] for r in rows], dtype="str"),
            COMPLETED_AT: pd.to_datetime(
                pd.Series([r[3] for r in rows], dtype=object), format="ISO8601"
            ),
        }
    )


def curriculum_frame(rows: list[tuple[int, int, bool]]) -> pd.DataFrame:
    """(role_id, course_id, required) rows; one curriculum per role."""
    return pd.DataFrame(
        {
            ROLE_ID: pd.array([r[0] for r in rows], dtype="int64"),
            CURRICULUM_ID: pd.array([r[0] + 1000 for r in rows], dtype="int64"),
            COURSE_ID: pd.array([r[1] for r in rows], dtype="int64"),
            REQUIRED: pd.array([r[2] for r in rows], dtype=bool),
        }
    )


def departments_frame(rows: list[tuple[int, int | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            DEPARTMENT_ID: pd.array([r[0] for r in rows], dtype="int64"),
            PARENT_ID: pd.array([r[1] for r in rows], dtype="Int64"),
            NAME: [f"dept {r[0]}" for r in rows],
        }
    )


# Role 10 requires courses 100 and 101 (102 is optional); role 20's curriculum has
# only an optional course; role 30 requires course 101.
CURRICULUM = curriculum_frame(
    [
        (10, 100, True),
        (10, 101, True),
        (10, 102, False),
        (20, 103, False),
        (30, 101, True),
    ]
)
# 1 is the root; 2 and 3 sit under 1; 4 under 2; 5 under 1 has nobody.
DEPARTMENTS = departments_frame([(1, None), (2, 1), (3, 1), (4, 2), (5, 1)])
LEARNERS = learners_frame(
    [
        (1, 2, 10, "active"),  # finished 100 and 101: curriculum done
        (2, 2, 10, "on_leave"),  # 100 and the optional 102 only: not done
        (3, 3, 20, "active"),  # role without required courses: never "done"
        (4, 3, NA, "active"),  # no role: never "done"
        (5, 4, 10, "left"),  # done, but a leaver
        (6, NA, 30, "active"),  # done (101 twice); no department
        (7, 4, 30, "active"),  # 101 in progress (a stray timestamp is ignored)
        (8, 4, 10, "active"),  # done, but 101 has no timestamp
    ]
)
ENROLMENTS = enrolments_frame(
    [
        (1, 100, "completed", "2024-01-10 09:00"),
        (1, 101, "completed", "2024-02-05 16:30"),
        (2, 100, "completed", "2024-01-20"),
        (2, 102, "completed", "2024-01-15"),
        (3, 103, "completed", "2024-03-01"),
        (4, 100, "completed", "2024-03-02"),
        (5, 100, "completed", "2024-01-01"),
        (5, 101, "completed", "2024-01-02"),
        (6, 101, "completed", "2024-03-01"),
        (6, 101, "completed", "2024-02-01"),
        (7, 101, "in_progress", "2024-02-01"),
        (8, 100, "completed", "2024-04-01"),
        (8, 101, "completed", None),
    ]
)


def _by_learner(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index(LEARNER_ID)


def test_learner_completion_follows_the_definitions() -> None:
    result = _by_learner(learner_completion(LEARNERS, ENROLMENTS, CURRICULUM))
    assert list(result.index) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert result[CURRICULUM_COMPLETED].to_dict() == {
        1: True,
        2: False,
        3: False,  # no required courses is not "completed"
        4: False,  # no role
        5: True,  # leavers are kept here; callers drop them
        6: True,
        7: False,
        8: True,
    }
    assert result[ANY_COMPLETED].to_dict() == {
        1: True,
        2: True,
        3: True,
        4: True,
        5: True,
        6: True,
        7: False,  # in progress, whatever its timestamp says
        8: True,
    }
    # Curriculum date = the last required course: 2024-02-05 for learner 1.
    assert result.loc[1, CURRICULUM_COMPLETED_AT] == pd.Timestamp("2024-02-05 16:30")
    # The duplicate completion of 101 keeps the first date.
    assert result.loc[6, CURRICULUM_COMPLETED_AT] == pd.Timestamp("2024-02-01")
    # 101 has no timestamp, so the latest recorded one (100) is used.
    assert result.loc[8, CURRICULUM_COMPLETED_AT] == pd.Timestamp("2024-04-01")
    assert pd.isna(result.loc[2, CURRICULUM_COMPLETED_AT])
    # Any course = the first completion: 102 on 2024-01-15 before 100 on 01-20.
    assert result.loc[2, ANY_COMPLETED_AT] == pd.Timestamp("2024-01-15")
    assert pd.isna(result.loc[7, ANY_COMPLETED_AT])


def test_learner_completion_converts_aware_timestamps_to_naive_utc() -> None:
    enrolments = ENROLMENTS.assign(
        **{COMPLETED_AT: ENROLMENTS[COMPLETED_AT].dt.tz_localize("Europe/Paris")}
    )
    result = _by_learner(learner_completion(LEARNERS, enrolments, CURRICULUM))
    # 16:30 in Paris (UTC+1 in February) is 15:30 UTC.
    assert result.loc[1, CURRICULUM_COMPLETED_AT] == pd.Timestamp("2024-02-05 15:30")


def test_learner_completion_with_no_enrolments_or_curricula() -> None:
    result = learner_completion(LEARNERS, ENROLMENTS.iloc[0:0], CURRICULUM.iloc[0:0])
    assert len(result) == len(LEARNERS)
    assert not result[CURRICULUM_COMPLETED].any()
    assert not result[ANY_COMPLETED].any()
    assert result[ANY_COMPLETED_AT].isna().all()


def test_learner_completion_of_an_empty_organisation() -> None:
    empty = pd.DataFrame(columns=[LEARNER_ID, DEPARTMENT_ID, ROLE_ID, STATUS])
    result = learner_completion(
        empty,
        pd.DataFrame(columns=[LEARNER_ID, COURSE_ID, STATUS, COMPLETED_AT]),
        CURRICULUM,
    )
    assert result.empty
    assert list(result.columns) == [
        LEARNER_ID,
        CURRICULUM_COMPLETED,
        CURRICULUM_COMPLETED_AT,
        ANY_COMPLETED,
        ANY_COMPLETED_AT,
    ]


def _by_department(frame: pd.DataFrame) -> dict[int, tuple[int, int]]:
    return {
        int(d): (int(p), int(c))
        for d, p, c in zip(
            frame[DEPARTMENT_ID], frame[POPULATION], frame[COMPLETED], strict=True
        )
    }


def test_department_completion_rolls_up_subtrees() -> None:
    paths = department_paths(DEPARTMENTS)
    result = department_completion(LEARNERS, ENROLMENTS, CURRICULUM, paths)
    # Own (active, with a department): d2 = {1 done, 2}; d3 = {3, 4};
    # d4 = {7, 8 done} (5 left). Learner 6 has no department.
    # Roll-up: d4 2/1; d2 = d2 + d4 = 4/2; d3 2/0; d1 = everyone = 6/2; d5 0/0.
    assert _by_department(result) == {
        1: (6, 2),
        2: (4, 2),
        3: (2, 0),
        4: (2, 1),
        5: (0, 0),
    }
    frame = result.set_index(DEPARTMENT_ID)
    assert frame.loc[1, PERCENT] == pytest.approx(100 * 2 / 6)
    assert frame.loc[5, PERCENT] == 0.0  # empty department: 0.0, not NaN
    # Target 50%: ceil(6 * 0.5) = 3 for d1, ceil(2 * 0.5) = 1 for d3, 0 for d5.
    assert frame[TARGET_COUNT].to_dict() == {1: 3, 2: 2, 3: 1, 4: 1, 5: 0}
    assert frame[SHORTFALL].to_dict() == {1: 1, 2: 0, 3: 1, 4: 0, 5: 0}
    # Gap in points: d3 50 - 0 = 50; d1 50 - 33.3 = 16.7; others 0 (d5 is empty).
    assert frame.loc[3, GAP_POINTS] == pytest.approx(50.0)
    assert frame.loc[1, GAP_POINTS] == pytest.approx(50 - 100 * 2 / 6)
    # Largest gap first; ties on gap and shortfall by department id.
    assert list(result[DEPARTMENT_ID]) == [3, 1, 2, 4, 5]
    assert not result.isna().any().any()


def test_department_completion_own_members_only() -> None:
    paths = department_paths(DEPARTMENTS)
    result = department_completion(
        LEARNERS, ENROLMENTS, CURRICULUM, paths, include_subtree=False
    )
    assert _by_department(result) == {
        1: (0, 0),
        2: (2, 1),
        3: (2, 0),
        4: (2, 1),
        5: (0, 0),
    }


def test_department_completion_any_course_and_role_filter() -> None:
    paths = department_paths(DEPARTMENTS)
    any_course = department_completion(
        LEARNERS, ENROLMENTS, CURRICULUM, paths, metric="any_course"
    )
    # Everyone active but learner 7 completed some course: d2 2/2, d3 2/2,
    # d4 2/1 -> d2 rolled up 4/3 and d1 6/5.
    assert _by_department(any_course) == {
        1: (6, 5),
        2: (4, 3),
        3: (2, 2),
        4: (2, 1),
        5: (0, 0),
    }
    analysts = department_completion(
        LEARNERS, ENROLMENTS, CURRICULUM, paths, role_id=10
    )
    # Role 10, active, placed: 1 (d2, done), 2 (d2), 8 (d4, done).
    assert _by_department(analysts) == {
        1: (3, 2),
        2: (3, 2),
        3: (0, 0),
        4: (1, 1),
        5: (0, 0),
    }


def test_department_completion_reuses_a_precomputed_completion() -> None:
    paths = department_paths(DEPARTMENTS)
    completion = learner_completion(LEARNERS, ENROLMENTS, CURRICULUM)
    shared = department_completion(
        LEARNERS,
        ENROLMENTS.iloc[0:0],
        CURRICULUM.iloc[0:0],
        paths,
        completion=completion,
    )
    fresh = department_completion(LEARNERS, ENROLMENTS, CURRICULUM, paths)
    pd.testing.assert_frame_equal(shared, fresh)


def test_department_completion_of_an_empty_organisation() -> None:
    paths = department_paths(DEPARTMENTS.iloc[0:0])
    result = department_completion(
        LEARNERS.iloc[0:0], ENROLMENTS.iloc[0:0], CURRICULUM, paths
    )
    assert result.empty


def test_department_with_no_learners_anywhere() -> None:
    paths = department_paths(DEPARTMENTS)
    result = department_completion(
        LEARNERS.iloc[0:0], ENROLMENTS.iloc[0:0], CURRICULUM, paths
    )
    assert (result[POPULATION] == 0).all()
    assert (result[PERCENT] == 0.0).all()
    assert (result[GAP_POINTS] == 0.0).all()
    assert np.isfinite(result[PERCENT]).all()


def test_unknown_metric_and_bad_target_are_rejected() -> None:
    paths = department_paths(DEPARTMENTS)
    with pytest.raises(ValueError, match="unknown metric"):
        department_completion(
            LEARNERS,
            ENROLMENTS,
            CURRICULUM,
            paths,
            metric="everything",  # type: ignore[arg-type]
        )
    with pytest.raises(ValueError, match="target_percent"):
        department_completion(
            LEARNERS, ENROLMENTS, CURRICULUM, paths, target_percent=120
        )


def test_inputs_are_not_modified() -> None:
    frames = [LEARNERS, ENROLMENTS, CURRICULUM, DEPARTMENTS]
    before = [f.copy() for f in frames]
    paths = department_paths(DEPARTMENTS)
    learner_completion(LEARNERS, ENROLMENTS, CURRICULUM)
    department_completion(LEARNERS, ENROLMENTS, CURRICULUM, paths)
    for frame, copy in zip(frames, before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)
