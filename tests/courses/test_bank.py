"""The bank's pure rules: validation, drawing, shuffling, per-skill feedback."""

import pytest

from courses.bank import (
    Candidate,
    draw_questions,
    option_order,
    pool_candidates,
    question_problems,
    skill_breakdown,
)
from courses.data import ACCEPTABLE_ID, Pool, Question
from courses.scoring import SubmissionError, score_submission
from tests.factories.courses import (
    judge_question,
    multiple_question,
    single_question,
    true_false_question,
)

LIVE = [Candidate(n, (1,) if n <= 6 else (2,)) for n in range(1, 11)]


def test_a_draw_is_the_same_for_the_same_seed_and_varies_with_it():
    pools = [Pool(draw=4, skill_id=1)]
    assert draw_questions(pools, LIVE, 11) == draw_questions(pools, LIVE, 11)
    draws = {tuple(draw_questions(pools, LIVE, seed)) for seed in range(20)}
    assert len(draws) > 10
    assert all(set(draw) <= set(range(1, 7)) for draw in draws)


def test_pools_never_draw_a_question_twice_and_run_short_gracefully():
    pools = [Pool(draw=3, question_ids=(1, 2, 3)), Pool(draw=10, skill_id=1)]
    drawn = draw_questions(pools, LIVE, 5)
    assert sorted(drawn) == [1, 2, 3, 4, 5, 6]


def test_hand_picked_questions_win_over_the_skill_and_must_be_live():
    pool = Pool(draw=2, skill_id=2, question_ids=(1, 99))
    assert pool_candidates(pool, LIVE) == [1]
    assert pool_candidates(Pool(draw=1), LIVE) == []


def _question(value, version_id=7, skill_ids=()):
    return Question.from_version(version_id, value, skill_ids)


def test_true_false_keeps_its_order_and_judge_keeps_acceptable_last():
    tf = _question(true_false_question())
    assert {tuple(option_order(tf, seed)) for seed in range(10)} == {("true", "false")}
    judge = _question(judge_question())
    orders = {tuple(option_order(judge, seed)) for seed in range(30)}
    assert len(orders) > 1
    assert all(order[-1] == ACCEPTABLE_ID for order in orders)


def test_option_order_depends_on_seed_and_question_only():
    question = _question(multiple_question())
    assert option_order(question, 3) == option_order(question, 3)


def test_scoring_reads_ids_not_positions():
    questions = [
        _question(single_question("q1"), 1),
        _question(multiple_question("q2"), 2),
    ]
    answers = {"2": ["b", "a"], "1": ["a"]}
    result = score_submission(questions=questions, answers=answers, pass_mark=100)
    assert (result.correct, result.passed) == (2, True)
    reordered = score_submission(
        questions=list(reversed(questions)), answers=answers, pass_mark=100
    )
    assert reordered.correct == 2


def test_a_judge_item_without_flaws_wants_acceptable_as_written():
    clean = _question(
        {
            **judge_question(),
            "options": [
                {"id": "a", "text": "It invents a rule.", "correct": False},
                {"id": "b", "text": "It leaks an address.", "correct": False},
            ],
        }
    )
    assert clean.correct_option_ids == (ACCEPTABLE_ID,)
    right = score_submission(
        questions=[clean], answers={"7": [ACCEPTABLE_ID]}, pass_mark=100
    )
    assert right.passed
    wrong = score_submission(questions=[clean], answers={"7": ["a"]}, pass_mark=1)
    assert not wrong.passed
    with pytest.raises(SubmissionError, match="acceptable as written"):
        score_submission(
            questions=[clean], answers={"7": [ACCEPTABLE_ID, "b"]}, pass_mark=1
        )


def test_an_ordering_question_is_right_only_in_the_authored_order():
    steps = _question(
        {
            "kind": "ordering",
            "prompt": "Order the rollout.",
            "explanation": "Baseline first.",
            "options": [
                {"id": "baseline", "text": "Baseline"},
                {"id": "pilot", "text": "Pilot"},
                {"id": "review", "text": "Review"},
            ],
        }
    )
    good = ["baseline", "pilot", "review"]
    assert score_submission(
        questions=[steps], answers={"7": good}, pass_mark=100
    ).passed
    swapped = ["pilot", "baseline", "review"]
    assert not score_submission(
        questions=[steps], answers={"7": swapped}, pass_mark=1
    ).passed
    with pytest.raises(SubmissionError, match="exactly once"):
        score_submission(
            questions=[steps], answers={"7": ["baseline", "pilot"]}, pass_mark=1
        )


def test_skill_breakdown_counts_right_and_asked_per_skill():
    questions = [
        _question(single_question("q1"), 1, (10,)),
        _question(single_question("q2"), 2, (10, 20)),
        _question(single_question("q3"), 3, ()),
    ]
    breakdown = skill_breakdown(questions, {"1": True, "2": False, "3": True})
    assert breakdown == {10: (1, 2), 20: (0, 1), None: (1, 1)}


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (single_question(correct="none"), "exactly one option as correct"),
        (
            {
                **true_false_question(),
                "options": [
                    {"id": "yes", "text": "Yes", "correct": True},
                    {"id": "no", "text": "No", "correct": False},
                ],
            },
            "ids 'true', 'false'",
        ),
        ({**judge_question(), "ai_answer": ""}, "both the AI prompt and its answer"),
        (
            {
                **single_question(),
                "options": [
                    {"id": "a", "text": "One", "correct": True},
                    {"id": "a", "text": "Two", "correct": False},
                ],
            },
            "different id",
        ),
        (
            {
                **multiple_question(),
                "options": [
                    {"id": "acceptable", "text": "One", "correct": True},
                    {"id": "b", "text": "Two", "correct": False},
                ],
            },
            "pick another id",
        ),
    ],
)
def test_unsound_questions_are_refused_with_a_reason(question, message):
    assert any(message in problem for problem in question_problems(question))


def test_a_judge_item_may_have_no_flaw():
    clean = {
        **judge_question(),
        "options": [
            {"id": "a", "text": "It invents a rule.", "correct": False},
            {"id": "b", "text": "It leaks an address.", "correct": False},
        ],
    }
    assert question_problems(clean) == []
