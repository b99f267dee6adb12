"""A manager ticks two people, assigns them a course, reads the summary, undoes it."""

import pytest
from playwright.sync_api import expect

from learners.models import Assignment, CourseEnrolment, LearnerStatus
from tests.e2e.conftest import sign_in
from tests.factories import CoursePageFactory, LearnerFactory, LessonPageFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team():
    course = CoursePageFactory(title="Measuring AI impact")
    LessonPageFactory(parent=course)
    manager = LearnerFactory(
        user__email="amara.okafor@northwind.example",
        user__first_name="Amara",
        user__last_name="Okafor",
    )
    for first, last in (("Rhys", "Walsh"), ("Mei", "Tanaka")):
        LearnerFactory(manager=manager, user__first_name=first, user__last_name=last)
    LearnerFactory(
        manager=manager,
        status=LearnerStatus.LEFT,
        user__first_name="Jonas",
        user__last_name="Eriksen",
    )
    return course


def test_manager_bulk_assigns_then_undoes(live_server, page, team):
    course = team
    sign_in(page, live_server, "amara.okafor@northwind.example", PASSWORD)
    page.goto(f"{live_server.url}/my-team/")
    expect(page.get_by_text("Has left: not assigned or nudged")).to_be_visible()
    expect(page.get_by_label("Choose Jonas Eriksen")).to_have_count(0)
    page.get_by_label("Choose Rhys Walsh").check()
    page.get_by_label("Choose Mei Tanaka").check()
    page.get_by_role("button", name="Assign a course").last.click()

    expect(page.get_by_role("heading", name="Assign a course")).to_be_visible()
    expect(page.get_by_text("Rhys Walsh")).to_be_visible()
    due = page.get_by_label("Due date")
    assert due.input_value()  # the default date shows (an ISO value)
    page.get_by_label("Course", exact=True).select_option(label="Measuring AI impact")
    page.get_by_role("button", name="Assign").click()

    expect(
        page.get_by_role("heading", name="“Measuring AI impact” assigned")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Newly enrolled (2)")).to_be_visible()
    assert CourseEnrolment.objects.filter(course=course).count() == 2

    page.get_by_role("button", name="Undo this assignment").click()
    expect(page.get_by_role("status")).to_contain_text("2 new enrolments removed")
    expect(page.get_by_text("You undid this assignment")).to_be_visible()
    assert not CourseEnrolment.objects.filter(course=course).exists()
    assert Assignment.objects.get().undone_at is not None
