"""A reviewer approves a material change to a lesson with a reason; a learner sees
the one lesson to renew, renews it, and the certificate stays valid (ADR 0023)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts import personas
from learners.models import Certificate, LessonRenewal, MaterialChange
from learners.renewal_selectors import certificate_suspension
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import lesson_mark_complete
from tests.e2e.conftest import sign_in
from tests.e2e.test_editorial_journey import (
    _leave_a_site_behind,  # noqa: F401 - a fixture
    _new_page,
    _sign_in_staff,
    _staff,
    site_tree_ensure,
)
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

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".artifacts" / "screenshots"
REASON = "Incidents now go to the on-call data protection officer first."


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"recert-{name}.png"), full_page=True)


def test_material_change_renewed_by_a_learner_keeps_the_certificate(
    live_server, browser
):
    site_tree_ensure()
    role = RoleFactory(name="Claims handler", slug="claims-handler")
    course = CoursePageFactory(title="AI governance essentials", validity_months=12)
    lesson = LessonPageFactory(
        parent=course,
        title="Escalation and the stop decision",
        blocks=lesson_body(check=False),
    )
    other = LessonPageFactory(
        parent=course, title="Risk tiers", blocks=lesson_body(check=False)
    )
    curriculum = CurriculumPageFactory(title="Claims handler track", role=role)
    CurriculumCourseFactory(page=curriculum, course=course, required=True)
    curriculum.save_revision().publish()
    learner = LearnerFactory(
        user__email="priya.raman@northwind.example",
        user__first_name="Priya",
        user__last_name="Raman",
        role=role,
    )
    enrolments_sync_for_learners(learner_ids=[learner.pk])
    for item in (lesson, other):
        lesson_mark_complete(learner=learner, lesson_id=item.pk)
    certificate = Certificate.objects.get(learner=learner, course=course)

    editor, _ = _staff("Grace", "Whitfield", personas.LD_EDITORS)
    reviewer, reviewer_secret = _staff("Kwame", "Mensah", personas.LD_REVIEWERS)
    lesson.summary = "Who decides to stop an AI system, and who is told first."
    lesson.save_revision(user=editor)
    lesson.get_workflow().start(lesson, editor)

    # The reviewer approves from the editing screen and calls the change material.
    page = _new_page(browser)
    _sign_in_staff(
        page, live_server, reviewer, reviewer_secret, f"/admin/pages/{lesson.pk}/edit/"
    )
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("radio", name=re.compile("Material:")).check()
    modal.get_by_role("textbox", name=re.compile("What changed")).fill(REASON)
    _shot(page, "1-approve-material")
    modal.get_by_role("button", name="Approve", exact=True).click()

    # The change's page previews who it touches, then applies it.
    page.wait_for_url(re.compile(r"/material-changes/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Material change")
    expect(page.locator('[data-preview="people"]')).to_have_text("1")
    expect(page.locator('[data-preview="certificates"]')).to_have_text("1")
    _shot(page, "2-preview")
    page.get_by_role("button", name="Apply the change").click()
    expect(page.get_by_text("1 person is asked to renew the lesson")).to_be_visible()
    _shot(page, "3-applied")
    change = MaterialChange.objects.get()
    assert change.reason == REASON
    assert LessonRenewal.objects.filter(learner=learner, lesson=lesson).count() == 1

    # The learner sees only that lesson to renew, with the reason, and renews it.
    page = _new_page(browser)
    sign_in(page, live_server, "priya.raman@northwind.example", PASSWORD)
    page.goto(f"{live_server.url}/my-learning/")
    renew = page.get_by_role("region", name="To renew")
    expect(renew).to_contain_text("Escalation and the stop decision")
    expect(renew).to_contain_text(REASON)
    expect(renew).not_to_contain_text("Risk tiers")
    _shot(page, "4-my-learning")
    renew.get_by_role("link", name="Escalation and the stop decision").click()
    page.get_by_role("button", name=re.compile("renew this lesson")).click()
    expect(page.get_by_text("Lesson renewed")).to_be_visible()
    _shot(page, "5-renewed")

    # The certificate stays valid, also once the renewal would have been due.
    page.goto(f"{live_server.url}/certificates/{certificate.uuid}/")
    expect(page.get_by_text("Valid until")).to_be_visible()
    expect(page.get_by_text("Suspended")).to_have_count(0)
    _shot(page, "6-certificate")
    assert certificate_suspension(certificate=certificate, today=change.due_on) is None
