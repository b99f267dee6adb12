"""Tests for target progress, its status rule and the burn-up."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import TargetProgress, department_paths, target_progress
from analytics.metrics.columns import (
    COMPLETED_AT,
    COMPLETED_CUMULATIVE,
    COURSE_ID,
    CURRICULUM_ID,
    DEPARTMENT_ID,
    LEARNER_ID,
    NAME,
    PARENT_ID,
    REQUIRED,
    ROLE_ID,
    STATUS,
    TARGET_LINE,
    WEEK_START,
)

# Role 10 requires course 100 only, so a learner's curriculum date is simply the
# day they completed course 100; course 200 is outside every curriculum.
CURRICULUM = pd.DataFrame(
    {
        ROLE_ID: pd.array([10, 10], dtype="int64"),
        CURRICULUM_ID: pd.array([1, 1], dtype="int64"),
        COURSE_ID: pd.array([100, 200], dtype="int64"),
        REQUIRED: [True, False],
    }
)
# 1 is the root, 2 and 3 are under it.
PATHS = department_paths(
    pd.DataFrame(
        {
            DEPARTMENT_ID: pd.array([1, 2, 3], dtype="int64"),
            PARENT_ID: pd.array([None, 1, 1], dtype="Int64"),
            NAME: ["root", "analytics", "empty"],
        }
    )
)
START = date(2024, 1, 1)  # a Monday
DEADLINE = date(2024, 3, 25)  # 12 weeks after START
TODAY = date(2024, 2, 26)  # 8 weeks after START, 4 weeks before DEADLINE


def _learners(n: int = 10, extra: list[tuple[int, int | None, int | None, str]] = ()):
    """n active learners (ids 1..n) of role 10 in department 2, plus ``extra``."""
    rows = [(i, 2, 10, "active") for i in range(1, n + 1)] + list(extra)
    return pd.DataFrame(
        {
            LEARNER_ID: pd.array([r[0] for r in rows], dtype="int64"),
            DEPARTMENT_ID: pd.array([r[1] for r in rows], dtype="Int64"),
            ROLE_ID: pd.array([r[2] for r in rows], dtype="Int64"),
            STATUS: [r[3] for r in rows],
        }
    )


def _enrolments(dates: list[str | None], course: int = 100, first: int = 1):
    """Learner first, first+1, ... completed ``course`` on the given dates."""
    return pd.DataFrame(
        {
            LEARNER_ID: pd.array(range(first, first + len(dates)), dtype="int64"),
            COURSE_ID: pd.array([course] * len(dates), dtype="int64"),
            STATUS: ["completed"] * len(dates),
            COMPLETED_AT: pd.to_datetime(pd.Series(dates, dtype=object)),
        }
    )


def _progress(
    dates: list[str | None], *, learners: pd.DataFrame | None = None, **kwargs
) -> TargetProgress:
    options = {"start_date": START, "deadline": DEADLINE, "today": TODAY} | kwargs
    return target_progress(
        _learners() if learners is None else learners,
        _enrolments(dates),
        CURRICULUM,
        PATHS,
        **options,
    )


def test_on_track_when_the_forecast_reaches_the_target_by_the_deadline() -> None:
    result = _progress(["2024-01-15", "2024-02-05", "2024-02-19"], pace_weeks=4)
    # 10 learners, 50% -> target ceil(5.0) = 5; 3 completed = 30%.
    assert (result.population, result.completed, result.target_count) == (10, 3, 5)
    assert result.percent == pytest.approx(30.0)
    assert not result.met
    # Last 4 weeks = (2024-01-29, 2024-02-26]: 02-05 and 02-19 -> 2 / 4 = 0.5/week.
    assert result.pace_per_week == pytest.approx(0.5)
    # 2 to go at 0.5/week = 4 weeks = 28 days -> 2024-03-25, the deadline itself.
    assert result.forecast_date == date(2024, 3, 25)
    assert result.status == "on_track"
    # 2 to go over the 4 weeks left -> 0.5/week.
    assert result.needed_per_week == pytest.approx(0.5)


def test_at_risk_when_the_forecast_is_within_four_weeks_after_the_deadline() -> None:
    result = _progress(["2024-01-15", "2024-02-05", "2024-02-19"], pace_weeks=8)
    # Last 8 weeks = (2024-01-01, 2024-02-26]: all 3 -> 3 / 8 = 0.375/week.
    assert result.pace_per_week == pytest.approx(0.375)
    # 2 to go: ceil(2 * 7 / 0.375) = ceil(37.3) = 38 days -> 2024-04-04, 10 days
    # after the deadline (within the 4-week grace).
    assert result.forecast_date == date(2024, 4, 4)
    assert result.status == "at_risk"


def test_off_track_when_the_forecast_is_far_past_the_deadline() -> None:
    result = _progress(["2024-01-02"])
    # 1 completion in the last 8 weeks -> 0.125/week; 4 to go:
    # 4 * 7 / 0.125 = 224 days -> 2024-10-07, months after the deadline.
    assert result.pace_per_week == pytest.approx(0.125)
    assert result.forecast_date == date(2024, 10, 7)
    assert result.status == "off_track"
    # 4 to go over 4 weeks -> 1.0/week.
    assert result.needed_per_week == pytest.approx(1.0)


def test_no_completions_yet() -> None:
    result = _progress([])
    assert (result.completed, result.percent, result.pace_per_week) == (0, 0.0, 0.0)
    # No pace, so no forecast and the target is off track.
    assert result.forecast_date is None
    assert result.status == "off_track"
    # 5 to go over 4 weeks = 1.25/week.
    assert result.needed_per_week == pytest.approx(1.25)


def test_deadline_passed_unmet() -> None:
    dates = ["2024-01-15", "2024-02-05", "2024-02-19", "2024-03-20"]
    result = _progress(dates, today=date(2024, 4, 1))
    assert (result.completed, result.met) == (4, False)
    # 8-week window (2024-02-05, 2024-04-01] excludes 02-05 itself: 2 / 8 = 0.25.
    assert result.pace_per_week == pytest.approx(0.25)
    # Still forecast (1 to go: 28 days -> 04-29) but past the deadline: off track,
    # and no "needed per week" can be given.
    assert result.forecast_date == date(2024, 4, 29)
    assert result.status == "off_track"
    assert result.needed_per_week is None


def test_already_met() -> None:
    dates = ["2024-01-08", "2024-01-15", "2024-01-22", "2024-02-05", "2024-02-20"]
    result = _progress(dates)
    assert (result.completed, result.target_count, result.met) == (5, 5, True)
    assert result.status == "met"
    assert result.forecast_date == TODAY
    assert result.needed_per_week == 0.0


def test_met_after_the_deadline_is_still_met() -> None:
    dates = ["2024-01-08", "2024-01-15", "2024-01-22", "2024-02-05", "2024-03-30"]
    result = _progress(dates, today=date(2024, 4, 2))
    assert result.status == "met"
    assert result.needed_per_week == 0.0


def test_empty_population() -> None:
    # Department 3 has nobody: nothing to measure, flagged rather than "met".
    result = _progress(["2024-01-15"], scope_department_id=3)
    assert (result.population, result.completed, result.target_count) == (0, 0, 0)
    assert result.percent == 0.0
    assert not result.met
    assert result.status == "off_track"
    assert result.forecast_date is None
    assert result.needed_per_week is None
    assert (result.burnup[TARGET_LINE] == 0.0).all()


def test_burnup_weeks_actuals_and_target_line() -> None:
    result = _progress(["2024-01-15", "2024-02-05", "2024-02-19"])
    burnup = result.burnup
    assert list(burnup.columns) == [WEEK_START, COMPLETED_CUMULATIVE, TARGET_LINE]
    # Weekly from 2024-01-01 to max(today, deadline) = 2024-03-25: 13 week starts.
    assert list(burnup[WEEK_START]) == list(
        pd.date_range("2024-01-01", "2024-03-25", freq="7D")
    )
    # Completions dated on or before each week start; <NA> after today (02-26).
    assert burnup[COMPLETED_CUMULATIVE].tolist() == [
        0,  # 01-01
        0,  # 01-08
        1,  # 01-15 (completed that day)
        1,
        1,
        2,  # 02-05
        2,
        3,  # 02-19
        3,  # 02-26 = today
        pd.NA,
        pd.NA,
        pd.NA,
        pd.NA,
    ]
    # Target line: 0 at start, 5 at the deadline, linear: 5 * week / 12.
    assert burnup[TARGET_LINE].tolist() == pytest.approx(
        [5 * k / 12 for k in range(13)]
    )


def test_burnup_runs_to_today_when_past_the_deadline_and_stays_flat() -> None:
    result = _progress(["2024-01-15"], today=date(2024, 4, 10))
    burnup = result.burnup
    # 2024-04-10 is 100 days after start: ceil(100 / 7) = 15 -> 16 rows up to
    # 2024-04-15, the first week start on or after today.
    assert len(burnup) == 16
    assert burnup[WEEK_START].iloc[-1] == pd.Timestamp("2024-04-15")
    assert burnup[TARGET_LINE].iloc[-4:].tolist() == [5.0, 5.0, 5.0, 5.0]
    assert burnup[COMPLETED_CUMULATIVE].iloc[-2] == 1
    assert burnup[COMPLETED_CUMULATIVE].isna().sum() == 1  # only 04-15 > today


def test_population_excludes_leavers_but_keeps_learners_without_a_role() -> None:
    learners = _learners(
        8,
        extra=[
            (9, 2, None, "active"),  # no role: counted, can never complete
            (10, 2, 10, "on_leave"),  # on leave: counted
            (11, 2, 10, "left"),  # leaver: never counted, even though done
        ],
    )
    enrolments = pd.concat(
        [_enrolments(["2024-02-01"], first=10), _enrolments(["2024-02-01"], first=11)]
    )
    result = target_progress(
        learners,
        enrolments,
        CURRICULUM,
        PATHS,
        start_date=START,
        deadline=DEADLINE,
        today=TODAY,
    )
    # 8 + learner 9 + learner 10 = 10 people; only learner 10 completed.
    assert (result.population, result.completed) == (10, 1)


def test_scope_subtree_and_role_filter() -> None:
    learners = _learners(
        4,
        extra=[
            (5, 3, 10, "active"),  # department 3
            (6, None, 10, "active"),  # no department: organisation-wide only
            (7, 2, 20, "active"),  # another role
        ],
    )
    enrolments = _enrolments(["2024-02-01"] * 7)
    kwargs = {"start_date": START, "deadline": DEADLINE, "today": TODAY}
    whole = target_progress(learners, enrolments, CURRICULUM, PATHS, **kwargs)
    root = target_progress(
        learners, enrolments, CURRICULUM, PATHS, scope_department_id=1, **kwargs
    )
    dept2 = target_progress(
        learners, enrolments, CURRICULUM, PATHS, scope_department_id=2, **kwargs
    )
    role10 = target_progress(
        learners, enrolments, CURRICULUM, PATHS, role_id=10, **kwargs
    )
    # Whole organisation 7; root subtree = departments 1-3 = 6 (not learner 6);
    # department 2 = 1-4 and 7 = 5; role 10 = everyone but learner 7 = 6.
    assert [whole.population, root.population, dept2.population, role10.population] == [
        7,
        6,
        5,
        6,
    ]
    # Role 20 has no curriculum, so learner 7 never completes: 6 of 7 done.
    assert whole.completed == 6


def test_any_course_metric_counts_any_course_dated_by_the_first() -> None:
    # Learner 1 did the optional course 200 on 01-10, then course 100 on 02-20;
    # learner 2 did only course 200, on 02-20.
    enrolments = pd.concat(
        [
            _enrolments(["2024-01-10", "2024-02-20"], course=200),
            _enrolments(["2024-02-20"], course=100),
        ]
    )
    kwargs = {"start_date": START, "deadline": DEADLINE, "today": TODAY}
    any_course = target_progress(
        _learners(),
        enrolments,
        CURRICULUM,
        PATHS,
        metric="any_course",
        pace_weeks=4,
        **kwargs,
    )
    curriculum = target_progress(
        _learners(), enrolments, CURRICULUM, PATHS, pace_weeks=4, **kwargs
    )
    # Any course: both count. Learner 1 is dated by the first course (01-10),
    # outside the 4-week window (01-29, 02-26]; learner 2 inside: 1 / 4.
    assert any_course.completed == 2
    assert any_course.pace_per_week == pytest.approx(0.25)
    # Curriculum: only learner 1 (course 100, dated 02-20, inside): 1 / 4.
    assert curriculum.completed == 1
    assert curriculum.pace_per_week == pytest.approx(0.25)
    assert curriculum.burnup[COMPLETED_CUMULATIVE].iloc[7] == 0  # 02-19
    assert curriculum.burnup[COMPLETED_CUMULATIVE].iloc[8] == 1  # 02-26


def test_at_risk_boundary_is_four_weeks_after_the_deadline() -> None:
    # 2024-01-01 is not inside the window (today - 8 weeks, today]: 2 / 8 = 0.25.
    result = _progress(["2024-01-01", "2024-02-05", "2024-02-19"])
    assert result.pace_per_week == pytest.approx(0.25)
    # 2 to go: 2 * 7 / 0.25 = 56 days -> 2024-04-22 = deadline + 28 days.
    assert result.forecast_date == date(2024, 4, 22)
    assert result.status == "at_risk"


def test_completion_without_timestamp_counts_but_is_not_placed() -> None:
    result = _progress(["2024-02-19", None])
    assert result.completed == 2
    # Only the dated completion shows in the burn-up and the pace.
    assert result.burnup[COMPLETED_CUMULATIVE].iloc[8] == 1
    assert result.pace_per_week == pytest.approx(1 / 8)


def test_reuses_a_precomputed_completion() -> None:
    from analytics.metrics import learner_completion

    learners, enrolments = _learners(), _enrolments(["2024-01-15", "2024-02-05"])
    completion = learner_completion(learners, enrolments, CURRICULUM)
    kwargs = {"start_date": START, "deadline": DEADLINE, "today": TODAY}
    shared = target_progress(
        learners,
        enrolments.iloc[0:0],
        CURRICULUM,
        PATHS,
        completion=completion,
        **kwargs,
    )
    fresh = target_progress(learners, enrolments, CURRICULUM, PATHS, **kwargs)
    assert shared == fresh  # the burn-up is excluded from equality...
    pd.testing.assert_frame_equal(shared.burnup, fresh.burnup)  # ...so check it too


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"deadline": START}, "deadline"),
        ({"target_percent": -1}, "target_percent"),
        ({"pace_weeks": 0}, "pace_weeks"),
        ({"metric": "nope"}, "unknown metric"),
    ],
)
def test_invalid_arguments_are_rejected(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _progress([], **kwargs)
