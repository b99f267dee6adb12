"""A learner goes from signing in to a certificate, in the browser."""

import pytest
from playwright.sync_api import expect

from learners.services.enrolment import enrolments_sync_for_learners
from tests.e2e.conftest import sign_in
from tests.factories import (
    CoursePageFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LearnerFactory,
    LessonPageFactory,
    RoleFactory,
)
from tests.factories.courses import lesson_body
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def journey():
    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    course = CoursePageFactory(title="Judging AI output", pass_mark=70)
    LessonPageFactory(
        parent=course,
        title="Spotting fabricated facts",
        blocks=lesson_body(check=False),
    )
    LessonPageFactory(parent=course, title="Bias and leaked data")
    curriculum = CurriculumPageFactory(title="Claims analyst track", role=role)
    CurriculumCourseFactory(page=curriculum, course=course, due_in_days=14)
    curriculum.save_revision().publish()
    learner = LearnerFactory(
        user__email="nadia.haddad@northwind.example",
        user__first_name="Nadia",
        user__last_name="Haddad",
        role=role,
    )
    enrolments_sync_for_learners(learner_ids=[learner.pk])
    return learner


def _answer(page, right: bool):
    # Starting draws and shuffles the questions; answers are picked by their text.
    page.get_by_role("button", name="Start the check").click()
    page.get_by_label("A baseline for each KPI").check()
    page.get_by_label("Input distributions shift").check()
    if right:
        page.get_by_label("A new feature appears upstream").check()
    page.get_by_label("False", exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()


def test_learner_goes_from_login_to_certificate(live_server, page, journey):
    sign_in(page, live_server, "nadia.haddad@northwind.example", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My learning"
    ).click()
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    expect(page.get_by_text("Claims analyst track")).to_be_visible()
    page.get_by_role("link", name="Spotting fabricated facts").click()

    expect(
        page.get_by_role("heading", name="Spotting fabricated facts")
    ).to_be_visible()
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_role("status")).to_contain_text("Lesson complete")

    expect(page.get_by_role("heading", name="Bias and leaked data")).to_be_visible()
    _answer(page, right=False)
    expect(page.get_by_text("Not passed yet")).to_be_visible()
    page.get_by_role("link", name="Back to the lesson").click()
    _answer(page, right=True)
    expect(page.get_by_role("status").filter(has_text="Passed")).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="Course complete")
    ).to_be_visible()

    page.goto(f"{live_server.url}/my-learning/")
    page.get_by_role("link", name="View certificate").click()
    expect(page.get_by_role("heading", name="Judging AI output")).to_be_visible()
    expect(page.locator("main dd").first).to_have_text("Nadia Haddad")
