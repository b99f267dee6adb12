"""Scoring is pure: no database, just questions and answers in, a result out."""

import pytest

from courses.data import Question
from courses.scoring import SubmissionError, score_submission
from tests.factories.courses import (
    judge_question,
    multiple_question,
    single_question,
    true_false_question,
)

QUESTIONS = [single_question("q1"), multiple_question("q2"), true_false_question("q3")]
ALL_RIGHT = {"q1": ["a"], "q2": ["a", "b"], "q3": ["false"]}


def score(answers, questions=QUESTIONS, pass_mark=70):
    return score_submission(questions=questions, answers=answers, pass_mark=pass_mark)


def test_all_correct_answers_pass_with_full_marks():
    result = score(ALL_RIGHT)
    assert (result.correct, result.total, result.score_percent) == (3, 3, 100.0)
    assert result.passed
    assert [f.correct for f in result.feedback] == [True, True, True]


def test_feedback_names_the_correct_options_and_explains():
    result = score({**ALL_RIGHT, "q1": ["b"]})
    first = result.feedback[0]
    assert first.question_id == "q1"
    assert first.selected == ("b",)
    assert first.correct_option_ids == ("a",)
    assert "baseline" in first.explanation
    assert not first.correct


def test_multiple_choice_is_all_or_nothing():
    # One of two right options, or both plus a wrong one: the question is wrong.
    for picked in (["a"], ["a", "b", "c"]):
        result = score({**ALL_RIGHT, "q2": picked})
        assert result.feedback[1].correct is False
        assert result.correct == 2


def test_partial_submission_scores_the_share_of_correct_questions():
    result = score({"q1": ["a"], "q2": ["a"], "q3": ["true"]})
    assert (result.correct, result.total) == (1, 3)
    assert result.score_percent == pytest.approx(33.3)
    assert not result.passed


def test_everything_wrong_scores_zero():
    result = score({"q1": ["c"], "q2": ["c"], "q3": ["true"]})
    assert result.correct == 0
    assert result.score_percent == 0.0
    assert not result.passed


def test_pass_mark_compares_exactly_not_rounded():
    two_of_three = {**ALL_RIGHT, "q3": ["true"]}
    assert score(two_of_three, pass_mark=66).passed
    assert not score(two_of_three, pass_mark=67).passed
    assert score(ALL_RIGHT, pass_mark=100).passed


def test_judge_the_output_is_scored_like_multiple_choice():
    questions = [judge_question("q1")]
    assert score({"q1": ["a", "b"]}, questions=questions).passed
    assert not score({"q1": ["a"]}, questions=questions).passed


def test_selection_order_and_duplicates_do_not_matter():
    result = score({**ALL_RIGHT, "q2": ["b", "a", "b"]})
    assert result.feedback[1].correct
    assert result.feedback[1].selected == ("a", "b")


def test_accepts_question_dataclasses_as_well_as_dicts():
    questions = [Question.from_value(q) for q in QUESTIONS]
    assert score(ALL_RIGHT, questions=questions).correct == 3


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({**ALL_RIGHT, "q9": ["a"]}, "Unknown question: q9"),
        ({**ALL_RIGHT, "q1": ["z"]}, "Question 1 has no option z"),
        ({**ALL_RIGHT, "q3": ["maybe"]}, "Question 3 has no option maybe"),
    ],
)
def test_tampered_submission_is_rejected(answers, message):
    with pytest.raises(SubmissionError, match=message):
        score(answers)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q1": ["a"], "q2": ["a", "b"]}, "Question 3 has no answer"),
        ({**ALL_RIGHT, "q2": []}, "Question 2 has no answer"),
        ({**ALL_RIGHT, "q1": "a"}, "not a list"),
        ({**ALL_RIGHT, "q1": ["a", "b"]}, "Question 1 takes exactly one answer"),
        ({**ALL_RIGHT, "q3": ["true", "false"]}, "Question 3 takes exactly one"),
        ({**ALL_RIGHT, "q1": [1]}, "malformed"),
        ({**ALL_RIGHT, "q1": None}, "Question 1 has no answer"),
    ],
)
def test_malformed_submission_is_rejected(answers, message):
    with pytest.raises(SubmissionError, match=message):
        score(answers)


def test_answers_that_are_not_a_mapping_are_rejected():
    with pytest.raises(SubmissionError, match="map question ids"):
        score([("q1", ["a"])])


def test_a_lesson_without_questions_cannot_be_submitted():
    with pytest.raises(SubmissionError, match="no knowledge check"):
        score({}, questions=[])


@pytest.mark.parametrize("pass_mark", [0, 101])
def test_pass_mark_outside_1_to_100_is_a_programming_error(pass_mark):
    with pytest.raises(ValueError, match="pass_mark"):
        score(ALL_RIGHT, pass_mark=pass_mark)


def test_scoring_does_not_change_its_inputs():
    answers = {"q2": ["b", "a"], "q1": ["a"], "q3": ["false"]}
    questions = [dict(q) for q in QUESTIONS]
    score(answers, questions=questions)
    assert answers == {"q2": ["b", "a"], "q1": ["a"], "q3": ["false"]}
    assert questions == QUESTIONS
