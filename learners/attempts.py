"""What an attempt page shows: the questions in the attempt's order, and what
its reveal policy lets the learner see (ADR 0018).

* An open attempt shows questions and options only, in the order its seed gives.
  In a practice attempt a question the learner checked is locked and revealed:
  their stored answer, right or wrong, each option's feedback, the explanation.
* A submitted practice attempt shows every answer: right or wrong per question,
  the correct options, each option's feedback and the explanation.
* A submitted assessment attempt shows the score and how the learner did per
  skill; answers and explanations only once the learner has passed the check.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from courses import api as courses_api

from .models import AttemptStatus, QuizAttempt, QuizResponse


@dataclass(frozen=True)
class OptionRow:
    id: str
    text: str
    checked: bool
    position: int | None
    # Set only when answers are revealed; None otherwise.
    correct: bool | None
    feedback: str


@dataclass(frozen=True)
class QuestionRow:
    id: str
    number: int
    kind: str
    prompt: str
    ai_prompt: str
    ai_answer: str
    multiple: bool
    ordering: bool
    options: list[OptionRow]
    # Set only when answers are revealed.
    correct: bool | None
    explanation: str
    # Checked one at a time in an open practice attempt: its answer is stored.
    locked: bool = False


@dataclass(frozen=True)
class SkillRow:
    name: str
    right: int
    asked: int


@dataclass(frozen=True)
class AttemptView:
    attempt: QuizAttempt
    is_open: bool
    is_assessment: bool
    revealed: bool
    questions: list[QuestionRow]
    skills: list[SkillRow]

    @property
    def can_check(self) -> bool:
        """Practice gives feedback per question while the attempt is open."""
        return self.is_open and not self.is_assessment


def attempt_view(
    attempt: QuizAttempt,
    *,
    selected: dict | None = None,
    only: str | None = None,
) -> AttemptView:
    """The page for ``attempt``: at most four queries whatever its number of
    questions. ``only`` keeps one question (the fragment a check swaps in)."""
    is_open = attempt.status == AttemptStatus.OPEN
    is_assessment = attempt.mode == courses_api.CheckMode.ASSESSMENT
    if is_open and not is_assessment:
        return _open_practice_view(attempt, selected=selected, only=only)
    by_version = courses_api.questions_by_version(attempt.question_versions)
    questions = [by_version[v] for v in attempt.question_versions if v in by_version]
    revealed = not is_open and (
        not is_assessment
        or QuizAttempt.objects.filter(
            learner_id=attempt.learner_id,
            lesson_id=attempt.lesson_id,
            status=AttemptStatus.SUBMITTED,
            passed=True,
        ).exists()
    )
    feedback = {item["question_id"]: item for item in attempt.feedback}
    chosen = selected if selected is not None else attempt.answers
    rows = [
        _question_row(question, number, attempt.seed, chosen, feedback, revealed)
        for number, question in enumerate(questions, start=1)
    ]
    skills = []
    if not is_open:
        correct = {key: bool(item.get("correct")) for key, item in feedback.items()}
        breakdown = courses_api.skill_breakdown(questions, correct)
        names = courses_api.skill_names([s for s in breakdown if s is not None])
        skills = sorted(
            (
                SkillRow(names.get(skill_id, "Other questions"), right, asked)
                for skill_id, (right, asked) in breakdown.items()
                if skill_id is None or skill_id in names
            ),
            key=lambda row: row.name,
        )
    return AttemptView(attempt, is_open, is_assessment, revealed, rows, skills)


def _open_practice_view(attempt, *, selected, only) -> AttemptView:
    """An open practice attempt: checked questions locked with their feedback."""
    versions = attempt.question_versions
    wanted = [v for v in versions if only is None or str(v) == only]
    by_version = courses_api.questions_by_version(wanted)
    checked = {
        str(version): {"selected": picked, "correct": correct}
        for version, picked, correct in QuizResponse.objects.filter(
            attempt_id=attempt.pk, question_version_id__in=wanted
        ).values_list("question_version_id", "selected", "correct")
    }
    chosen = dict(selected if selected is not None else attempt.answers)
    chosen.update({key: item["selected"] for key, item in checked.items()})
    rows = []
    for number, version in enumerate(versions, start=1):
        question = by_version.get(version)
        if question is None:
            continue
        locked = question.id in checked
        row = _question_row(
            question, number, attempt.seed, chosen, checked, revealed=locked
        )
        rows.append(replace(row, locked=locked))
    return AttemptView(attempt, True, False, False, rows, [])


def _question_row(question, number, seed, chosen, feedback, revealed) -> QuestionRow:
    kind = question.kind
    answered = feedback.get(question.id, {})
    picked = list(chosen.get(question.id, ()) or ())
    right_ids = set(question.correct_option_ids)
    ordering = kind == courses_api.QuestionKind.ORDERING
    texts = {option.id: option for option in question.options}
    options = []
    for option_id in courses_api.option_order(question, seed):
        option = texts.get(option_id)
        options.append(
            OptionRow(
                id=option_id,
                text=question.option_text(option_id),
                checked=option_id in picked,
                position=(picked.index(option_id) + 1)
                if ordering and option_id in picked
                else None,
                correct=(option_id in right_ids) if revealed else None,
                feedback=(option.feedback if option and revealed else ""),
            )
        )
    return QuestionRow(
        id=question.id,
        number=number,
        kind=kind.value,
        prompt=question.prompt,
        ai_prompt=question.ai_prompt,
        ai_answer=question.ai_answer,
        multiple=kind
        in (courses_api.QuestionKind.MULTIPLE, courses_api.QuestionKind.JUDGE_OUTPUT),
        ordering=ordering,
        options=options,
        correct=bool(answered.get("correct")) if revealed and answered else None,
        explanation=question.explanation if revealed else "",
    )
