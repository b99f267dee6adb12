"""Progress towards a completion target ("50% of analysts certified by June")."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import numpy as np
import pandas as pd

from analytics.metrics._frames import active_learners, subtree_ids, to_day
from analytics.metrics.columns import (
    COMPLETED_CUMULATIVE,
    DEPARTMENT_ID,
    LEARNER_ID,
    ROLE_ID,
    TARGET_LINE,
    WEEK_START,
)
from analytics.metrics.completion import (
    METRIC_ANY_COURSE,
    METRIC_CURRICULUM,
    Metric,
    check_target_percent,
    completion_columns,
    learner_completion,
    target_counts,
)

Status = Literal["met", "on_track", "at_risk", "off_track"]
STATUS_MET: Status = "met"
STATUS_ON_TRACK: Status = "on_track"
STATUS_AT_RISK: Status = "at_risk"
STATUS_OFF_TRACK: Status = "off_track"

#: A forecast at most this many weeks after the deadline is "at_risk", not
#: "off_track": a small push can still close it.
AT_RISK_GRACE_WEEKS = 4
#: Pace is measured over this many weeks up to today.
DEFAULT_PACE_WEEKS = 8

_DAY = np.timedelta64(1, "D")
_WEEK = np.timedelta64(7, "D")


@dataclass(frozen=True)
class TargetProgress:
    """Where a completion target stands on ``today``.

    Status rule (evaluated in this order):

    1. ``met``: the population is not empty and ``completed >= target_count``.
    2. ``off_track``: the population is empty (a target over nobody cannot be met
       and is most likely mis-scoped, so it is flagged, not celebrated); or the
       deadline has passed (``today > deadline``); or there is no recent pace
       (no completions in the last ``pace_weeks`` weeks).
    3. ``on_track``: the forecast date is on or before the deadline.
    4. ``at_risk``: the forecast date is at most ``AT_RISK_GRACE_WEEKS`` (4) weeks
       after the deadline: there is pace, but not quite enough.
    5. ``off_track``: otherwise (the forecast is far past the deadline).

    Numbers a person sees are never NaN: ``percent`` is 0.0 for an empty
    population; ``forecast_date`` and ``needed_per_week`` are None when they have
    no meaning (see the fields).
    """

    #: Active learners (active or on leave) in scope.
    population: int
    #: Of those, completed per the metric (current state, whatever the date).
    completed: int
    #: 100 * completed / population; 0.0 when the population is 0.
    percent: float
    target_percent: float
    #: ceil(population * target_percent / 100).
    target_count: int
    met: bool
    status: Status
    #: Completions per week over the last ``pace_weeks`` weeks up to today.
    pace_per_week: float
    #: When target_count is reached at the recent pace: today if met, None when
    #: there is no pace (or no population).
    forecast_date: date | None
    #: Completions per week still needed to meet the deadline: 0.0 if met; None if
    #: the deadline has passed or the population is empty. With less than a week
    #: left the whole remainder is this week's need.
    needed_per_week: float | None
    #: week_start (datetime64), completed_cumulative (Int64: completions dated on
    #: or before week_start; <NA> for weeks starting after today, which have no
    #: actuals yet), target_line (float, 0 at start_date rising linearly to
    #: target_count at the deadline, flat after). Weekly from start_date; the last
    #: row is the first week start on or after max(today, deadline).
    burnup: pd.DataFrame = field(compare=False, repr=False)


def target_progress(
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
    department_paths: pd.DataFrame,
    *,
    scope_department_id: int | None = None,
    role_id: int | None = None,
    metric: Metric = METRIC_CURRICULUM,
    target_percent: float = 50,
    start_date: date,
    deadline: date,
    today: date,
    pace_weeks: int = DEFAULT_PACE_WEEKS,
    completion: pd.DataFrame | None = None,
) -> TargetProgress:
    """Measure a completion target for a population and forecast its outcome.

    The population is the active learners (active or on leave) of the whole
    organisation, or of ``scope_department_id`` and its subtree (via the closure
    table ``department_paths``), optionally restricted to ``role_id``. Learners
    without a department are only in the organisation-wide population.

    Completion follows ``metric`` (see ``learner_completion``): "curriculum" dates a
    learner by their last required course, "any_course" by their first course.
    ``completed`` is the current state; dates only drive pace and the burn-up. A
    completion recorded without a timestamp counts in ``completed`` but cannot be
    placed in time, so it is left out of pace and the burn-up.

    ``completion`` may be the output of ``learner_completion`` for the same frames,
    to share it between several metrics; ``enrolments`` and ``curriculum_courses``
    are then not read.

    Raises ValueError when ``deadline`` is not after ``start_date``, when
    ``target_percent`` is outside 0..100, or when ``pace_weeks`` < 1.
    """
    check_target_percent(target_percent)
    if pace_weeks < 1:
        msg = f"pace_weeks must be at least 1, got {pace_weeks!r}"
        raise ValueError(msg)
    start, end_date, now = to_day(start_date), to_day(deadline), to_day(today)
    if end_date <= start:
        msg = f"deadline {deadline} must be after start_date {start_date}"
        raise ValueError(msg)
    flag_col, date_col = completion_columns(metric)

    people = active_learners(learners)
    if scope_department_id is not None:
        scope = subtree_ids(department_paths, scope_department_id)
        people = people.loc[people[DEPARTMENT_ID].isin(scope).to_numpy(bool)]
    if role_id is not None:
        people = people.loc[(people[ROLE_ID] == role_id).fillna(False).to_numpy(bool)]
    if completion is None:
        completion = learner_completion(learners, enrolments, curriculum_courses)
    in_scope = completion.loc[
        completion[LEARNER_ID].isin(people[LEARNER_ID]).to_numpy(dtype=bool)
    ]
    done = in_scope.loc[in_scope[flag_col].to_numpy(dtype=bool), date_col]
    days = done.dropna().to_numpy(dtype="datetime64[D]")
    days.sort()

    population = len(people)
    completed = len(done)
    target = int(target_counts(np.array([population]), target_percent)[0])
    met = population > 0 and completed >= target
    remaining = max(target - completed, 0)

    # Pace window (today - pace_weeks weeks, today]: completions per week.
    window_start = now - pace_weeks * _WEEK
    recent = np.count_nonzero((days > window_start) & (days <= now))
    pace = recent / pace_weeks

    forecast: date | None
    if population == 0:
        forecast = None
    elif met:
        forecast = _as_date(now)
    elif pace > 0:
        # Round first so float noise (56.00000000001) cannot add a day.
        days_needed = math.ceil(round(remaining * 7 / pace, 9))
        forecast = _as_date(now) + timedelta(days=days_needed)
    else:
        forecast = None

    needed: float | None
    if met:
        needed = 0.0
    elif population == 0 or now > end_date:
        needed = None
    else:
        weeks_left = float((end_date - now) / _WEEK)
        needed = remaining / max(weeks_left, 1.0)

    status = _status(
        population=population,
        met=met,
        forecast=forecast,
        deadline=_as_date(end_date),
        today=_as_date(now),
        pace=pace,
    )
    return TargetProgress(
        population=population,
        completed=completed,
        percent=100.0 * completed / population if population else 0.0,
        target_percent=float(target_percent),
        target_count=target,
        met=met,
        status=status,
        pace_per_week=float(pace),
        forecast_date=forecast,
        needed_per_week=needed,
        burnup=_burnup(days, start=start, deadline=end_date, today=now, target=target),
    )


def _status(
    *,
    population: int,
    met: bool,
    forecast: date | None,
    deadline: date,
    today: date,
    pace: float,
) -> Status:
    """Apply the status rule documented on ``TargetProgress``."""
    if met:
        return STATUS_MET
    if population == 0 or today > deadline or pace <= 0 or forecast is None:
        return STATUS_OFF_TRACK
    if forecast <= deadline:
        return STATUS_ON_TRACK
    if forecast <= deadline + timedelta(weeks=AT_RISK_GRACE_WEEKS):
        return STATUS_AT_RISK
    return STATUS_OFF_TRACK


def _burnup(
    days: np.ndarray,
    *,
    start: np.datetime64,
    deadline: np.datetime64,
    today: np.datetime64,
    target: int,
) -> pd.DataFrame:
    """Build the weekly burn-up; ``days`` are sorted completion days."""
    end = max(today, deadline)
    n_weeks = math.ceil(float((end - start) / _DAY) / 7)
    weeks = start + np.arange(n_weeks + 1) * _WEEK
    # Cumulative count at each week start: binary search on the sorted days.
    cumulative = np.searchsorted(days, weeks, side="right").astype("int64")
    actual = pd.array(cumulative, dtype="Int64")
    actual[weeks > today] = pd.NA
    span = float((deadline - start) / _DAY)
    elapsed = (weeks - start) / _DAY
    line = target * np.clip(elapsed / span, 0.0, 1.0)
    return pd.DataFrame(
        {
            WEEK_START: weeks.astype("datetime64[s]"),
            COMPLETED_CUMULATIVE: actual,
            TARGET_LINE: line.astype("float64"),
        }
    )


def _as_date(day: np.datetime64) -> date:
    """Convert a day-resolution numpy datetime to ``datetime.date``."""
    return pd.Timestamp(day).date()


#: Longest completion history the trend draws, in weeks.
HISTORY_WEEKS = 52


def completion_history(
    learners: pd.DataFrame,
    completion: pd.DataFrame,
    *,
    today: date,
    weeks: int = HISTORY_WEEKS,
) -> pd.DataFrame:
    """Weekly completion of today's active population, from the completion dates.

    The same dates the burn-up counts (``learner_completion``), so the trend and the
    burn-up tell one story. One row per week ending ``today`` (oldest first), back to
    the week before the first dated completion, at most ``weeks`` rows. Columns:
    ``as_of``, ``population`` (today's active learners, the same on every row),
    ``completed`` (curriculum), ``any_completed`` (at least one course). Completions
    recorded without a date are counted from the last row (today) only, so that row
    equals the headline figures. No rows when nobody is active.
    """
    if weeks < 1:
        msg = f"weeks must be at least 1, got {weeks!r}"
        raise ValueError(msg)
    now = to_day(today)
    people = active_learners(learners)
    if people.empty:
        return pd.DataFrame(
            {
                "as_of": pd.Series(dtype="datetime64[s]"),
                "population": pd.Series(dtype="int64"),
                "completed": pd.Series(dtype="int64"),
                "any_completed": pd.Series(dtype="int64"),
            }
        )
    in_scope = completion.loc[
        completion[LEARNER_ID].isin(people[LEARNER_ID]).to_numpy(dtype=bool)
    ]
    counts = {}
    first: np.datetime64 | None = None
    for metric, key in ((METRIC_CURRICULUM, "completed"), (METRIC_ANY_COURSE, "any")):
        flag_col, date_col = completion_columns(metric)
        done = in_scope.loc[in_scope[flag_col].to_numpy(dtype=bool), date_col]
        days = np.sort(done.dropna().to_numpy(dtype="datetime64[D]"))
        counts[key] = (days, len(done))
        if len(days) and (first is None or days[0] < first):
            first = days[0]
    # Weeks back to the one before the first dated completion (a zero to rise from).
    span = 0 if first is None else int((now - first) // _WEEK) + 1
    n_points = min(max(span, 0), weeks - 1) + 1
    points = now - np.arange(n_points - 1, -1, -1) * _WEEK
    frame = {"as_of": points.astype("datetime64[s]"), "population": len(people)}
    for key, column in (("completed", "completed"), ("any", "any_completed")):
        days, total = counts[key]
        cumulative = np.searchsorted(days, points, side="right").astype("int64")
        cumulative[-1] = total
        frame[column] = cumulative
    return pd.DataFrame(frame)
