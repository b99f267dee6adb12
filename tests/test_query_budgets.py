"""Query budgets of the pages learners and managers use most (ADR 0016).

Each page is measured on its second request (the first fills the per-version
content cache, as the first visitor after a publication does), and again after the
learner has many more enrolments, completed lessons and certificates, or the
manager many more reports: the count must stay within its budget and not grow.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners.models import AttemptStatus, EnrolmentSource, Learner, QuizAttempt
from learners.services.enrolment import course_enrol, enrolments_sync_for_learners
from learners.services.progress import lesson_mark_complete
from tests.factories import (
    CoursePageFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LearnerFactory,
    LessonPageFactory,
    RoleFactory,
)
from tests.factories.courses import lesson_body
from tests.learners.checks import right_answers

pytestmark = pytest.mark.django_db

#: The targets: lesson and course pages 10, home and My learning 12; the catalogue
#: 10, and 12 with a search (one query per page type searched).
BUDGETS = {
    "catalogue": 10,
    "catalogue_search": 12,
    "home": 12,
    "my_learning": 12,
    "curriculum": 10,
    "course": 10,
    "lesson": 10,
    "my_team": 14,
    "quiz_submit": 22,
    "lesson_complete": 22,
}


@dataclass
class Academy:
    curriculum: object
    course: object
    reading: object
    quiz: object
    next_reading: object


@pytest.fixture
def academy(learner):
    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    course = CoursePageFactory(title="Judging AI output", pass_mark=50)
    reading = LessonPageFactory(
        parent=course,
        title="Spotting fabricated facts",
        blocks=lesson_body(check=False),
    )
    quiz = LessonPageFactory(parent=course, title="Bias and leaked data")
    next_reading = LessonPageFactory(
        parent=course, title="Further reading", blocks=lesson_body(check=False)
    )
    second = CoursePageFactory(title="Handling data safely")
    LessonPageFactory(parent=second, title="Data classes", blocks=lesson_body())
    curriculum = CurriculumPageFactory(title="Claims analyst track", role=role)
    CurriculumCourseFactory(page=curriculum, course=course, required=True)
    CurriculumCourseFactory(page=curriculum, course=second, required=True)
    curriculum.save_revision().publish()
    learner.role = role
    learner.save()
    enrolments_sync_for_learners(learner_ids=[learner.pk])
    lesson_mark_complete(learner=learner, lesson_id=reading.pk)
    return Academy(curriculum, course, reading, quiz, next_reading)


def _more_learning(learner, count: int) -> None:
    """``count`` more courses, each enrolled, started and completed."""
    for i in range(count):
        course = CoursePageFactory(title=f"Extra course {learner.pk}-{i}")
        lesson = LessonPageFactory(
            parent=course, title=f"Extra lesson {i}", blocks=lesson_body(check=False)
        )
        course_enrol(learner=learner, course_id=course.pk, source=EnrolmentSource.SELF)
        lesson_mark_complete(learner=learner, lesson_id=lesson.pk)


def _more_reports(manager, count: int) -> None:
    for _ in range(count):
        LearnerFactory(manager=manager, department=manager.department)


def _count(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(captured)


def _pages(academy) -> dict[str, str]:
    return {
        "home": "/",
        "my_learning": reverse("learners:my_learning"),
        "curriculum": academy.curriculum.url,
        "course": academy.course.url,
        "lesson": academy.quiz.url,
        "catalogue": reverse("learners:catalogue"),
        "catalogue_search": reverse("learners:catalogue") + "?q=fabricated",
    }


def _get_counts(client, academy) -> dict[str, int]:
    client.get("/")  # the site's settings row is created on the very first view
    counts = {}
    for name, url in _pages(academy).items():
        client.get(url)  # fills the content cache
        counts[name] = _count(client, "get", url)
    return counts


def test_learner_pages_keep_their_budgets_whatever_the_learning(
    client, learner, academy
):
    client.force_login(learner.user)
    few = _get_counts(client, academy)
    _more_learning(learner, 6)
    many = _get_counts(client, academy)
    assert (
        "Extra course" in client.get(reverse("learners:my_learning")).content.decode()
    )
    for name, count in many.items():
        assert count <= BUDGETS[name], (name, count, BUDGETS[name])
    assert many == few


def test_lesson_page_queries_do_not_depend_on_the_position_in_the_course(
    client, learner, academy
):
    client.force_login(learner.user)
    client.get("/")  # the site's settings row is created on the very first view
    counts = {}
    for lesson in (academy.reading, academy.quiz, academy.next_reading):
        client.get(lesson.url)
        counts[lesson.pk] = _count(client, "get", lesson.url)
    # The first and a later reading lesson cost the same; the lesson with a check
    # also reads the learner's attempts, within the same budget.
    assert counts[academy.reading.pk] == counts[academy.next_reading.pk]
    assert max(counts.values()) <= BUDGETS["lesson"]


def test_writes_keep_their_budgets_whatever_the_learning(client, learner, academy):
    client.force_login(learner.user)
    complete = reverse(
        "learners:lesson_complete", kwargs={"lesson_id": academy.next_reading.pk}
    )
    check = reverse("learners:lesson_check", kwargs={"lesson_id": academy.quiz.pk})

    def quiz_submit() -> int:
        # Start (or reopen) an attempt, then count the submission of right answers.
        client.post(check)
        attempt = QuizAttempt.objects.get(
            learner=learner, lesson_id=academy.quiz.pk, status=AttemptStatus.OPEN
        )
        answers = {f"q-{qid}": ids for qid, ids in right_answers(attempt).items()}
        submit = reverse("learners:attempt_submit", kwargs={"attempt_id": attempt.pk})
        return _count(client, "post", submit, answers)

    client.get(academy.next_reading.url)
    client.get(academy.quiz.url)
    few = {
        "quiz_submit": quiz_submit(),
        "lesson_complete": _count(client, "post", complete),
    }
    _more_learning(learner, 6)
    # The same writes again: the lesson is already complete, the quiz retaken.
    many = {
        "quiz_submit": quiz_submit(),
        "lesson_complete": _count(client, "post", complete),
    }
    for name, count in {**few, **many}.items():
        assert count <= BUDGETS[name], (name, count, BUDGETS[name])
    assert many["quiz_submit"] <= few["quiz_submit"]


def test_my_team_keeps_its_budget_whatever_the_team(client, manager, learner, academy):
    client.force_login(manager.user)
    url = reverse("learners:my_team")
    client.get("/")
    client.get(url)
    few = _count(client, "get", url)
    _more_reports(manager, 12)
    _more_learning(learner, 5)
    client.get(url)  # the new courses moved the content version
    many = _count(client, "get", url)
    assert Learner.objects.filter(manager=manager).count() == 13
    assert many == few <= BUDGETS["my_team"]


def test_the_first_visit_after_a_publication_rebuilds_in_a_fixed_number_of_queries(
    client, learner, academy
):
    """A cold content cache costs more queries, but still none per row."""
    client.force_login(learner.user)
    from django.core.cache import cache

    def cold(url):
        # Twice, the first time taking whatever a process does once (Wagtail's
        # page-type caches and the like).
        for _ in range(2):
            cache.clear()
            client.force_login(learner.user)
            count = _count(client, "get", url)
        return count

    pages = {
        k: v
        for k, v in _pages(academy).items()
        if k in ("curriculum", "course", "lesson")
    }
    few = {name: cold(url) for name, url in pages.items()}
    _more_learning(learner, 4)
    many = {name: cold(url) for name, url in pages.items()}
    assert many == few
