"""Knowledge checks: where the form posts, and stored feedback for people to read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.urls import reverse
from wagtail import hooks

from core.hooks import KNOWLEDGE_CHECK_URL_HOOK

from ..data import (
    AnsweredQuestion,
    Question,
)


def knowledge_check_url(lesson_id: int) -> str:
    """Where a lesson's knowledge-check form posts to."""
    for fn in hooks.get_hooks(KNOWLEDGE_CHECK_URL_HOOK):
        url = fn(lesson_id)
        if url:
            return url
    return reverse("courses:lesson_check", kwargs={"lesson_id": lesson_id})


def feedback_with_questions(
    *, questions: Sequence[Question | Mapping], feedback: Sequence[Mapping | object]
) -> list[AnsweredQuestion]:
    """Stored feedback (dicts or ``QuestionFeedback``) joined to the questions.

    Feedback for a question L&D has since removed is left out; an option removed
    since is shown by its id.
    """
    parsed = [Question.from_value(question) for question in questions]
    by_id = {question.id: question for question in parsed}
    answered = []
    for item in feedback:

        def get(name, item=item):
            return item.get(name) if isinstance(item, Mapping) else getattr(item, name)

        question = by_id.get(get("question_id"))
        if question is None:
            continue
        texts = {option.id: option.text for option in question.options}
        answered.append(
            AnsweredQuestion(
                question_id=question.id,
                kind=question.kind.value,
                prompt=question.prompt,
                ai_prompt=question.ai_prompt,
                ai_answer=question.ai_answer,
                correct=bool(get("correct")),
                selected_options=tuple(
                    texts.get(option_id, option_id) for option_id in get("selected")
                ),
                correct_options=tuple(
                    texts.get(option_id, option_id)
                    for option_id in get("correct_option_ids")
                ),
                explanation=get("explanation") or question.explanation,
            )
        )
    return answered
