"""The lesson page carries no question or answer; the check form is parsed here."""

import pytest
from django.http import QueryDict

from courses.scoring import SubmissionError
from courses.views import parse_answers
from tests.factories import CoursePageFactory, LessonPageFactory


@pytest.mark.django_db
def test_lesson_page_carries_no_questions_or_answers(client, learner):
    lesson = LessonPageFactory(
        title="Operational KPIs and baselines",
        parent=CoursePageFactory(title="Measuring AI impact", pass_mark=70),
    )
    client.force_login(learner.user)
    html = client.get(lesson.url).content.decode()
    assert "Start the check" in html
    for secret in ('name="q-', "Without a baseline", "A baseline for each KPI"):
        assert secret not in html


def _form(text: str) -> QueryDict:
    return QueryDict(text)


def test_choices_are_read_per_question():
    answers = parse_answers(_form("q-12=a&q-12=b&q-13=true&csrfmiddlewaretoken=x"))
    assert answers == {"12": ["a", "b"], "13": ["true"]}


def test_ordering_positions_become_an_ordered_answer():
    answers = parse_answers(_form("o-7-pilot=2&o-7-baseline=1&o-7-review=3"))
    assert answers == {"7": ["baseline", "pilot", "review"]}


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ("o-7-pilot=1&o-7-baseline=1", "different position"),
        ("o-7-pilot=first", "position number"),
        ("o-7-pilot=0", "position number"),
        ("o-7=1", "position number"),
        ("q-" + "x" * 60 + "=a", "malformed"),
    ],
)
def test_malformed_forms_are_refused_with_a_message(form, message):
    with pytest.raises(SubmissionError, match=message):
        parse_answers(_form(form))
