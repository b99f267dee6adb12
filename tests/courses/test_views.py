"""The knowledge-check form: scored on the server, feedback on the lesson page."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from courses.selectors.knowledge_checks import knowledge_check_url
from tests.factories import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db

ALL_RIGHT = {"q-q1": ["a"], "q-q2": ["a", "b"], "q-q3": ["false"]}


@pytest.fixture
def lesson():
    return LessonPageFactory(
        title="Operational KPIs and baselines",
        parent=CoursePageFactory(title="Measuring AI impact", pass_mark=70),
    )


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner.user)
    return client


def _check(client, lesson, data):
    return client.post(
        reverse("courses:lesson_check", kwargs={"lesson_id": lesson.pk}), data
    )


def test_lesson_page_carries_no_answers_before_submitting(signed_in, lesson):
    html = signed_in.get(lesson.url).content.decode()
    assert 'name="q-q1"' in html
    assert f'action="{knowledge_check_url(lesson.pk)}#knowledge-check"' in html
    assert "csrfmiddlewaretoken" in html
    # No correct flags in any form (text, attribute or JSON) and no explanations.
    assert "correct" not in html.lower()
    for explanation in ("Without a baseline", "not the office", "fluent whether"):
        assert explanation not in html


def test_right_answers_pass_and_show_explanations(signed_in, lesson):
    response = _check(signed_in, lesson, ALL_RIGHT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Passed" in html
    assert "3 of 3 correct (100%)" in html
    assert "Without a baseline there is nothing to compare" in html
    assert html.count("✓ Right.") == 3


def test_wrong_answers_show_the_correct_ones(signed_in, lesson):
    response = _check(signed_in, lesson, {**ALL_RIGHT, "q-q2": ["a", "c"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not passed yet" in html
    assert "2 of 3 correct (67%)" in html
    assert "✗ Not quite." in html
    # The learner's choices stay ticked and the right ones are labelled, in words.
    assert re.search(r'value="c"[^>]*checked', html)
    assert "Correct answer" in html
    assert "Not correct" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**ALL_RIGHT, "q-q9": ["a"]}, "Unknown question: q9"),
        ({**ALL_RIGHT, "q-q1": ["z"]}, "Question 1 has no option z"),
        ({"q-q1": ["a"]}, "Question 2 has no answer"),
        ({**ALL_RIGHT, "q-q1": ["a", "b"]}, "takes exactly one answer"),
        ({**ALL_RIGHT, "q-q1": ["x" * 80]}, "malformed"),
    ],
)
def test_tampered_or_malformed_submission_is_a_400_with_a_message(
    signed_in, lesson, data, message
):
    response = _check(signed_in, lesson, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your answers were not checked" in html
    assert message in html
    assert "Without a baseline" not in html


def test_get_is_not_allowed(signed_in, lesson):
    url = reverse("courses:lesson_check", kwargs={"lesson_id": lesson.pk})
    assert signed_in.get(url).status_code == 405


def test_unpublished_or_missing_lesson_is_404(signed_in, lesson):
    lesson.unpublish()
    assert _check(signed_in, lesson, ALL_RIGHT).status_code == 404
    missing = reverse("courses:lesson_check", kwargs={"lesson_id": 999_999})
    assert signed_in.post(missing, ALL_RIGHT).status_code == 404


def test_lesson_of_an_unpublished_course_is_404(signed_in, lesson):
    # Left live under a withdrawn course, the lesson cannot be reached either.
    Page.objects.filter(pk=lesson.get_parent().pk).update(live=False)
    assert _check(signed_in, lesson, ALL_RIGHT).status_code == 404


def test_lesson_without_a_check_cannot_be_submitted(signed_in):
    reading = LessonPageFactory(blocks=[("heading", "Reading only")])
    response = _check(signed_in, reading, {})
    assert response.status_code == 400
    assert "no knowledge check" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, lesson):
    response = _check(client, lesson, ALL_RIGHT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_submission_without_csrf_token_is_refused(learner, lesson):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner.user)
    assert _check(client, lesson, ALL_RIGHT).status_code == 403


def test_pass_mark_comes_from_the_course(signed_in):
    strict = LessonPageFactory(parent=CoursePageFactory(pass_mark=100))
    response = _check(signed_in, strict, {**ALL_RIGHT, "q-q3": ["true"]})
    assert "Not passed yet" in response.content.decode()
    assert "The pass mark is 100%" in response.content.decode()
