"""The learner's next step on the home page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learners.models import EnrolmentSource
from learners.services.enrolment import course_enrol
from tests.factories import CoursePageFactory, LessonPageFactory
from tests.factories.courses import lesson_body

pytestmark = pytest.mark.django_db

HEADING = "Your learning"


def _course(title: str, lesson: str):
    course = CoursePageFactory(title=title)
    LessonPageFactory(parent=course, title=lesson, blocks=lesson_body(check=False))
    return course


def test_the_learner_sees_where_to_continue(client, learner):
    course = _course("Spotting fabricated facts", "Why models invent sources")
    course_enrol(learner=learner, course_id=course.pk, source=EnrolmentSource.SELF)
    client.force_login(learner.user)
    html = client.get("/").content.decode()
    assert HEADING in html
    assert "Continue <strong>Spotting fabricated facts</strong>" in html
    assert "Next lesson: Why models invent sources" in html
    assert "1 course to do" in html


def test_with_nothing_assigned_the_learner_is_pointed_to_the_curricula(client, learner):
    client.force_login(learner.user)
    html = client.get("/").content.decode()
    assert "Nothing is assigned to you yet." in html


@pytest.mark.parametrize("persona", ["anonymous", "ld_editor", "leadership"])
def test_people_without_an_employee_profile_see_no_learning_section(
    client, persona_user, persona
):
    if persona_user[persona] is not None:
        client.force_login(persona_user[persona])
    assert HEADING not in client.get("/").content.decode()


def test_home_query_count_does_not_grow_with_enrolments(client, learner):
    client.force_login(learner.user)

    def enrol(n):
        for i in range(n):
            course = _course(f"Course {n}-{i}", f"Lesson {n}-{i}")
            course_enrol(
                learner=learner, course_id=course.pk, source=EnrolmentSource.SELF
            )

    enrol(1)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    enrol(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")
    assert "21 courses to do" in response.content.decode()
    assert len(many) == len(one)
