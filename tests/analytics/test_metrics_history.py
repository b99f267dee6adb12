"""The weekly completion history the trend draws (pure pandas)."""

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import completion_history

TODAY = date(2026, 6, 1)


def _learners(*rows):
    return pd.DataFrame(
        rows, columns=["learner_id", "department_id", "role_id", "status"]
    )


def _completion(*rows):
    frame = pd.DataFrame(
        rows,
        columns=[
            "learner_id",
            "curriculum_completed",
            "curriculum_completed_at",
            "any_completed",
            "any_completed_at",
        ],
    )
    for column in ("curriculum_completed_at", "any_completed_at"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def test_history_counts_dated_completions_week_by_week():
    learners = _learners(
        (1, None, 1, "active"), (2, None, 1, "on_leave"), (3, None, 1, "left")
    )
    completion = _completion(
        (1, True, "2026-05-20", True, "2026-05-10"),
        (2, False, None, True, "2026-05-30"),
        (3, True, "2026-05-01", True, "2026-05-01"),  # a leaver: never counted
    )
    history = completion_history(learners, completion, today=TODAY)
    assert list(history["as_of"].dt.date) == [
        date(2026, 5, 4),
        date(2026, 5, 11),
        date(2026, 5, 18),
        date(2026, 5, 25),
        date(2026, 6, 1),
    ]
    assert list(history["completed"]) == [0, 0, 0, 1, 1]
    assert list(history["any_completed"]) == [0, 1, 1, 1, 2]
    assert set(history["population"]) == {2}


def test_an_undated_completion_counts_from_today_only():
    learners = _learners((1, None, 1, "active"))
    completion = _completion((1, True, None, True, None))
    history = completion_history(learners, completion, today=TODAY)
    assert list(history["completed"]) == [1]
    assert list(history["any_completed"]) == [1]


def test_history_is_capped_in_weeks():
    learners = _learners((1, None, 1, "active"))
    completion = _completion((1, True, "2020-01-01", True, "2020-01-01"))
    history = completion_history(learners, completion, today=TODAY, weeks=10)
    assert len(history) == 10
    assert history["completed"].tolist() == [1] * 10


def test_weeks_must_be_positive():
    with pytest.raises(ValueError, match="weeks must be at least 1"):
        completion_history(_learners(), _completion(), today=TODAY, weeks=0)
