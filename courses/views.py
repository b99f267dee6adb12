"""Scoring a lesson's knowledge check: parse the form, score, show the feedback.

Nothing is stored here. Recording attempts and progress belongs to the learners
app, which can receive the form itself (see ``courses.api.KNOWLEDGE_CHECK_URL_HOOK``)
and reuse ``render_lesson`` to show the same feedback.
"""

from collections.abc import Mapping

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from . import selectors
from .models import LessonPage
from .scoring import ScoreResult, SubmissionError, score_submission

# One field per question, one value per selected option: q-<question id>.
ANSWER_PREFIX = "q-"
MAX_ID_LENGTH = 50


def parse_answers(data) -> dict[str, list[str]]:
    """Question id -> selected option ids, from ``q-<question id>`` fields."""
    answers = {}
    for key in data:
        if key.startswith(ANSWER_PREFIX):
            question_id = key[len(ANSWER_PREFIX) :]
            values = data.getlist(key)
            if len(question_id) > MAX_ID_LENGTH or any(
                len(value) > MAX_ID_LENGTH for value in values
            ):
                raise SubmissionError("The submission is malformed.")
            answers[question_id] = values
    return answers


def render_lesson(
    request: HttpRequest,
    lesson: LessonPage,
    *,
    result: ScoreResult | None = None,
    error: str = "",
    answers: Mapping[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The lesson page, with the learner's answers and feedback when given."""
    context = lesson.get_context(request)
    context.update(
        {
            "check_result": result,
            "check_error": error,
            "check_selected": answers or {},
            "check_feedback": (
                {item.question_id: item for item in result.feedback} if result else {}
            ),
        }
    )
    return TemplateResponse(
        request, lesson.get_template(request), context, status=status
    )


def lesson_response(
    request: HttpRequest,
    *,
    lesson_id: int,
    result: ScoreResult | None = None,
    error: str = "",
    answers: Mapping[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """``render_lesson`` for a lesson id; 404 unless the lesson is live."""
    found = selectors.lesson_with_course(lesson_id)
    if found is None:
        raise Http404("No such lesson.")
    return render_lesson(
        request, found[0], result=result, error=error, answers=answers, status=status
    )


@login_required
@require_POST
def lesson_check(request: HttpRequest, lesson_id: int) -> HttpResponse:
    found = selectors.lesson_with_course(lesson_id)
    if found is None:
        raise Http404("No such lesson.")
    lesson, course = found
    answers: dict[str, list[str]] = {}
    try:
        answers = parse_answers(request.POST)
        result = score_submission(
            questions=lesson.questions, answers=answers, pass_mark=course.pass_mark
        )
    except SubmissionError as error:
        return render_lesson(
            request, lesson, error=error.message, answers=answers, status=400
        )
    return render_lesson(request, lesson, result=result, answers=answers)
