"""A manager sees the team, filters to overdue, nudges one person and exports CSV."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from learners.models import CourseEnrolment
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
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team():
    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    course = CoursePageFactory(title="Judging AI output")
    LessonPageFactory(parent=course)
    curriculum = CurriculumPageFactory(title="Claims analyst track", role=role)
    CurriculumCourseFactory(page=curriculum, course=course, due_in_days=14)
    curriculum.save_revision().publish()
    manager = LearnerFactory(
        user__email="tomas.alvarez@northwind.example",
        user__first_name="Tomás",
        user__last_name="Álvarez",
    )
    late = LearnerFactory(
        manager=manager, role=role, user__first_name="Rhys", user__last_name="Walsh"
    )
    on_time = LearnerFactory(
        manager=manager, role=role, user__first_name="Mei", user__last_name="Tanaka"
    )
    enrolments_sync_for_learners(learner_ids=[late.pk, on_time.pk])
    CourseEnrolment.objects.filter(learner=late).update(
        due_date=timezone.localdate() - timedelta(days=3)
    )
    return manager


def test_manager_filters_overdue_nudges_and_exports(live_server, page, team):
    sign_in(page, live_server, "tomas.alvarez@northwind.example", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="My team").click()
    expect(page.get_by_role("heading", name="My team")).to_be_visible()
    expect(page.get_by_role("row", name="Mei Tanaka")).to_be_visible()

    page.get_by_label("Show").select_option("overdue")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("row", name="Rhys Walsh")).to_be_visible()
    expect(page.get_by_role("row", name="Mei Tanaka")).to_have_count(0)

    page.get_by_role("button", name="Nudge Rhys Walsh").click()
    expect(page.get_by_role("status")).to_contain_text("Reminder sent")
    assert len(mail.outbox) == 1

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Rhys Walsh" in content
    assert "Mei Tanaka" not in content  # the export follows the filter
