"""Item statistics against figures worked out by hand."""

import math

import pandas as pd
import pytest

from analytics.metrics.items import choice_rates, item_statistics


def _responses(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "attempt_id",
            "check_id",
            "question_id",
            "correct",
            "selected",
            "attempt_seconds",
        ],
    ).assign(seconds=None)


# Four attempts at one check of three questions (A=1, B=2, C=3). Each attempt took
# 60 seconds and no time was measured per question, so 20 seconds per question.
#
#   attempt  A  B  C   rest for A     rest for B    rest for C
#   1        1  1  1   2/2 = 1        1             1
#   2        1  0  1   1/2 = 0.5      1             0.5
#   3        0  0  1   1/2 = 0.5      0.5           0
#   4        0  1  1   2/2 = 1        0.5           0.5
RESPONSES = _responses(
    [
        (1, 9, 1, True, ["a"], 60),
        (1, 9, 2, True, ["a", "b"], 60),
        (1, 9, 3, True, ["true"], 60),
        (2, 9, 1, True, ["a"], 60),
        (2, 9, 2, False, ["a"], 60),
        (2, 9, 3, True, ["true"], 60),
        (3, 9, 1, False, ["b"], 60),
        (3, 9, 2, False, ["c"], 60),
        (3, 9, 3, True, ["true"], 60),
        (4, 9, 1, False, ["b"], 60),
        (4, 9, 2, True, ["a", "b"], 60),
        (4, 9, 3, True, ["true"], 60),
    ]
)
OPTIONS = pd.DataFrame(
    [
        (1, "a", True),
        (1, "b", False),
        (1, "c", False),
        (2, "a", True),
        (2, "b", True),
        (2, "c", False),
        (3, "true", True),
        (3, "false", False),
    ],
    columns=["question_id", "option_id", "correct"],
)


@pytest.fixture
def stats():
    return item_statistics(RESPONSES, OPTIONS).set_index("question_id")


def test_attempts_difficulty_and_time(stats):
    assert stats.loc[1, "attempts"] == 4
    assert stats.loc[1, "difficulty"] == 0.5
    assert stats.loc[2, "difficulty"] == 0.5
    assert stats.loc[3, "difficulty"] == 1.0
    assert stats.loc[1, "mean_seconds"] == 20.0


def test_measured_seconds_count_and_unmeasured_ones_share_the_attempt_time():
    # A measured 10, 30 and 50 s in attempts 1-3; attempt 4 has no figure, so
    # its 60 s are shared by its 3 questions: 20 s. Mean (10+30+50+20)/4 = 27.5.
    measured = {0: 10.0, 3: 30.0, 6: 50.0}
    responses = RESPONSES.assign(
        seconds=[measured.get(i) for i in range(len(RESPONSES))]
    )
    stats = item_statistics(responses, OPTIONS).set_index("question_id")
    assert stats.loc[1, "mean_seconds"] == pytest.approx(27.5)
    assert stats.loc[2, "mean_seconds"] == pytest.approx(20.0)


def test_discrimination_is_the_point_biserial_with_the_rest_score(stats):
    # A: x = 1,1,0,0 and rest = 1,0.5,0.5,1. Means 0.5 and 0.75; covariance
    # mean(xy) - 0.5*0.75 = (1 + 0.5)/4 - 0.375 = 0; so r = 0.
    assert stats.loc[1, "discrimination"] == pytest.approx(0.0)
    # B: x = 1,0,0,1 and rest = 1,1,0.5,0.5. mean(xy) = 1.5/4 = 0.375, means 0.5
    # and 0.75, covariance 0; r = 0 as well.
    assert stats.loc[2, "discrimination"] == pytest.approx(0.0)
    # C: everyone right, no variance: no discrimination figure.
    assert math.isnan(stats.loc[3, "discrimination"])


def test_a_discriminating_item_scores_one():
    # Two attempts of two items: the strong attempt gets both right, the weak none.
    responses = _responses(
        [
            (1, 9, 1, True, ["a"], 30),
            (1, 9, 2, True, ["a"], 30),
            (2, 9, 1, False, ["b"], 30),
            (2, 9, 2, False, ["b"], 30),
        ]
    )
    options = pd.DataFrame(
        [(1, "a", True), (1, "b", False), (2, "a", True), (2, "b", False)],
        columns=["question_id", "option_id", "correct"],
    )
    stats = item_statistics(responses, options).set_index("question_id")
    assert stats.loc[1, "discrimination"] == pytest.approx(1.0)


def test_flags_name_easy_items_weak_discrimination_and_unused_distractors(stats):
    assert stats.loc[3, "flags"] == ("too easy; distractor nobody picks: false")
    assert stats.loc[1, "flags"] == "low discrimination; distractor nobody picks: c"
    assert stats.loc[2, "flags"] == "low discrimination"


def test_a_negatively_discriminating_hard_item_is_flagged():
    responses = _responses(
        [
            (1, 9, 1, False, ["b"], 30),
            (1, 9, 2, True, ["a"], 30),
            (1, 9, 3, True, ["a"], 30),
            (2, 9, 1, True, ["a"], 30),
            (2, 9, 2, False, ["b"], 30),
            (2, 9, 3, False, ["b"], 30),
            (3, 9, 1, False, ["b"], 30),
            (3, 9, 2, True, ["a"], 30),
            (3, 9, 3, True, ["a"], 30),
            (4, 9, 1, False, ["b"], 30),
            (4, 9, 2, True, ["a"], 30),
            (4, 9, 3, False, ["b"], 30),
            (5, 9, 1, False, ["b"], 30),
            (5, 9, 2, True, ["a"], 30),
            (5, 9, 3, True, ["a"], 30),
            (6, 9, 1, False, ["b"], 30),
            (6, 9, 2, False, ["b"], 30),
            (6, 9, 3, True, ["a"], 30),
        ]
    )
    options = pd.DataFrame(
        [(q, o, o == "a") for q in (1, 2, 3) for o in ("a", "b")],
        columns=["question_id", "option_id", "correct"],
    )
    stats = item_statistics(responses, options).set_index("question_id")
    assert stats.loc[1, "difficulty"] == pytest.approx(1 / 6)
    assert stats.loc[1, "discrimination"] < 0
    assert stats.loc[1, "flags"] == "too hard; negative discrimination"


def test_choice_rates_count_every_option_picked(stats):
    rates = choice_rates(RESPONSES, OPTIONS).set_index(["question_id", "option_id"])
    assert rates.loc[(1, "a"), "rate"] == 0.5
    assert rates.loc[(1, "c"), "picks"] == 0
    assert rates.loc[(2, "a"), "rate"] == 0.75
    assert rates.loc[(2, "b"), "rate"] == 0.5


def test_no_responses_give_an_empty_table():
    empty = _responses([])
    assert item_statistics(empty, OPTIONS).empty
