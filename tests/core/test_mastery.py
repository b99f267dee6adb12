"""The demonstrated-skill rule, against figures worked out by hand (ADR 0025)."""

from __future__ import annotations

import pytest

from core import mastery


@pytest.mark.parametrize(
    ("right", "answered", "expected"),
    [(0, 0, 0.5), (2, 3, 0.6), (6, 8, 0.7), (10, 10, 11 / 12), (0, 10, 1 / 12)],
)
def test_estimate_is_the_beta_one_one_posterior_mean(right, answered, expected):
    assert mastery.estimate(right, answered) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("right", "answered", "level", "expected"),
    [
        # 3/5 = 0.6: exactly the awareness threshold, short of working knowledge.
        (2, 3, mastery.AWARENESS, True),
        (2, 3, mastery.WORKING, False),
        # 7/10 = 0.7 meets working knowledge; 6/10 does not.
        (6, 8, mastery.WORKING, True),
        (5, 8, mastery.WORKING, False),
        # 8/10 = 0.8 meets expert; 7/10 does not.
        (7, 8, mastery.EXPERT, True),
        (6, 8, mastery.EXPERT, False),
        (10, 10, mastery.EXPERT, True),
        # Two right answers out of two (estimate 0.75) are too few answers.
        (2, 2, mastery.AWARENESS, False),
        (0, 0, mastery.AWARENESS, False),
    ],
)
def test_is_demonstrated_needs_three_answers_and_the_level_threshold(
    right, answered, level, expected
):
    assert mastery.is_demonstrated(right, answered, level) is expected


def test_thresholds_follow_the_course_skill_levels():
    assert mastery.THRESHOLD_PERCENT == {1: 60, 2: 70, 3: 80}
    assert mastery.EVIDENCE_WINDOW == 10
    assert mastery.MIN_ANSWERS == 3


@pytest.mark.parametrize(
    ("right", "answered", "state"),
    [
        (0, 0, "no_evidence"),
        (1, 3, "not_yet"),
        (2, 2, "not_yet"),
        (6, 8, "demonstrated"),
    ],
)
def test_skill_state_names_the_three_outcomes(right, answered, state):
    assert mastery.skill_state(right, answered, mastery.WORKING) == state


@pytest.mark.parametrize(("right", "answered"), [(4, 3), (-1, 2), (0, -1)])
def test_impossible_counts_are_refused(right, answered):
    with pytest.raises(ValueError, match="right <= answered"):
        mastery.estimate(right, answered)


@pytest.mark.parametrize("level", [0, 4])
def test_an_unknown_level_is_refused(level):
    with pytest.raises(ValueError, match="unknown skill level"):
        mastery.is_demonstrated(5, 5, level)
