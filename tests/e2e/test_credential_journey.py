"""A learner shares a certificate; a stranger verifies it, in the browser."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from learners.models import CertificateKind
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import lesson_mark_complete
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

SHOTS = Path(__file__).resolve().parents[2] / ".artifacts" / "screenshots"


@pytest.fixture
def holder(settings, live_server):
    # Credentials name the academy's published address: here, the live server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    course = CoursePageFactory(title="Judging AI output", pass_mark=70)
    lesson = LessonPageFactory(
        parent=course,
        title="Spotting fabricated facts",
        blocks=lesson_body(check=False),
    )
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
    # The course's one required lesson, done: the course completes and the
    # certificate is issued as it would be in the browser.
    lesson_mark_complete(learner=learner, lesson_id=lesson.pk)
    return learner.certificates.get(kind=CertificateKind.COURSE)


def test_learner_downloads_the_badge_and_a_visitor_verifies_it(
    live_server, page, browser, holder
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server, "nadia.haddad@northwind.example", PASSWORD)
    page.goto(f"{live_server.url}/my-learning/")
    page.get_by_role("link", name="View certificate").click()
    expect(page.get_by_role("heading", name="Judging AI output")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Valid")
    expect(
        page.get_by_role("img", name="QR code of this verification link")
    ).to_be_visible()
    page.screenshot(path=str(SHOTS / "credential-certificate.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download Open Badge (signed)").click()
    token = Path(download_info.value.path()).read_text()
    assert token.startswith("eyJ")
    assert token.count(".") == 2
    verify_link = page.get_by_role("link", name=f"{live_server.url}/certificates/")
    verify_url = verify_link.get_attribute("href")

    visitor = browser.new_context()
    stranger = visitor.new_page()
    stranger.goto(verify_url)
    expect(stranger.get_by_role("heading", name="Judging AI output")).to_be_visible()
    expect(stranger.get_by_role("status")).to_contain_text("Valid")
    expect(stranger.get_by_text("nadia.haddad@northwind.example")).to_have_count(0)
    expect(stranger.get_by_role("link", name="Sign in")).to_be_visible()
    stranger.screenshot(path=str(SHOTS / "credential-verification.png"), full_page=True)

    stranger.get_by_role("link", name="Check a badge").first.click()
    stranger.get_by_label("Paste the badge").fill(token)
    stranger.get_by_role("button", name="Check the badge").click()
    result = stranger.get_by_role("status")
    expect(result).to_contain_text("Valid")
    expect(result).to_contain_text("Nadia Haddad")
    stranger.screenshot(path=str(SHOTS / "credential-check-valid.png"), full_page=True)

    altered = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    stranger.get_by_label("Paste the badge").fill(altered)
    stranger.get_by_role("button", name="Check the badge").click()
    expect(stranger.get_by_role("status")).to_contain_text("Not genuine")
    stranger.screenshot(path=str(SHOTS / "credential-check-forged.png"), full_page=True)
    visitor.close()
