"""Scoring a knowledge-check submission: a pure function, no database, no request.

Rules
-----
* Every question must be answered; an answer is a list of option ids.
* ``single`` and ``true_false`` take exactly one option.
* A question is correct only when the selected set equals the set of correct
  options exactly. ``multiple`` and ``judge_output`` are all-or-nothing per
  question, like multiple choice: picking two of three issues in an AI answer, or
  one extra, scores that question as wrong. Partial credit would reward
  ticking every box, which is the habit "judge the AI output" exists to break.
* ``ordering`` is right only when every option is placed, each once, in the
  authored order. ``judge_output`` also offers "acceptable as written"
  (``ACCEPTABLE_ID``): right when the answer has no flaw, and it cannot be
  picked together with a flaw.
* Questions are found by id, never by position, so the order they were shown
  in (shuffled per attempt) does not matter.
* ``score_percent`` is the share of correct questions (0-100); the learner passes
  when it reaches ``pass_mark``.

A submission that does not fit the questions (unknown question or option ids,
missing answers, several options for a one-answer question) is not scored at all:
``SubmissionError`` says what is wrong, and the caller changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .data import ACCEPTABLE_ID, ONE_ANSWER_KINDS, Question, QuestionKind


class SubmissionError(ValueError):
    """A submission that cannot be scored; ``message`` is safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class QuestionFeedback:
    question_id: str
    correct: bool
    selected: tuple[str, ...]
    correct_option_ids: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class ScoreResult:
    score_percent: float
    correct: int
    total: int
    passed: bool
    feedback: list[QuestionFeedback]


def score_submission(
    *,
    questions: Sequence[Question | Mapping],
    answers: Mapping[str, Sequence[str]],
    pass_mark: int,
) -> ScoreResult:
    """Score ``answers`` (question id -> selected option ids) against ``questions``."""
    if not 1 <= pass_mark <= 100:
        raise ValueError(f"pass_mark must be between 1 and 100, not {pass_mark}.")
    parsed = [Question.from_value(question) for question in questions]
    if not parsed:
        raise SubmissionError("This lesson has no knowledge check to submit.")
    by_id = {question.id: question for question in parsed}
    if not isinstance(answers, Mapping):
        raise SubmissionError("Answers must map question ids to option ids.")
    unknown = sorted(
        str(question_id) for question_id in answers if question_id not in by_id
    )
    if unknown:
        raise SubmissionError(f"Unknown question: {', '.join(unknown)}.")

    feedback = []
    for number, question in enumerate(parsed, start=1):
        selected = _selection(question, answers.get(question.id), number)
        expected = question.correct_option_ids
        if question.kind == QuestionKind.ORDERING:
            right = tuple(selected) == tuple(expected)
        else:
            right = set(selected) == set(expected)
        feedback.append(
            QuestionFeedback(
                question_id=question.id,
                correct=right,
                selected=selected,
                correct_option_ids=question.correct_option_ids,
                explanation=question.explanation,
            )
        )
    correct = sum(item.correct for item in feedback)
    total = len(feedback)
    return ScoreResult(
        score_percent=round(100 * correct / total, 1),
        correct=correct,
        total=total,
        # Integer comparison: 2 of 3 is 66.67%, which must not pass a 67% mark.
        passed=correct * 100 >= pass_mark * total,
        feedback=feedback,
    )


def _selection(question: Question, raw, number: int) -> tuple[str, ...]:
    """The selected option ids in the question's own order, or a SubmissionError."""
    if raw is None or (not isinstance(raw, str) and len(raw) == 0):
        raise SubmissionError(
            f"Question {number} has no answer: answer every question."
        )
    if isinstance(raw, str) or not isinstance(raw, Sequence | set | frozenset):
        raise SubmissionError(
            f"The answer to question {number} is not a list of options."
        )
    chosen = set()
    for option_id in raw:
        if not isinstance(option_id, str):
            raise SubmissionError(f"The answer to question {number} is malformed.")
        chosen.add(option_id)
    known = list(question.answer_option_ids)
    unknown = sorted(chosen - set(known))
    if unknown:
        raise SubmissionError(f"Question {number} has no option {', '.join(unknown)}.")
    if question.kind in ONE_ANSWER_KINDS and len(chosen) > 1:
        raise SubmissionError(f"Question {number} takes exactly one answer.")
    if question.kind == QuestionKind.ORDERING:
        if len(chosen) != len(raw) or chosen != set(known):
            raise SubmissionError(f"Question {number}: place every item exactly once.")
        return tuple(raw)
    if ACCEPTABLE_ID in chosen and len(chosen) > 1:
        raise SubmissionError(
            f"Question {number}: 'acceptable as written' cannot go with a problem."
        )
    return tuple(option_id for option_id in known if option_id in chosen)
