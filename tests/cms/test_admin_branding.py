"""The admin looks like the academy's and its dashboard says what needs doing."""

import re

import pytest
from django.utils import timezone

from cms.models import AcademySettings
from courses.models import LessonPage
from learners.models import CourseEnrolment, EnrolmentStatus, ImportStatus, RosterImport
from tests.courses.test_workflow import _add_url, _lesson_form
from tests.factories import CoursePageFactory, LearnerFactory

pytestmark = pytest.mark.django_db


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_carries_the_academys_name_and_mark_and_no_gravatar(
    client, ld_editor
):
    html = _dashboard(client, ld_editor)
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "AI Skills Academy admin" in title
    assert "localhost" not in title
    assert "gravatar" not in html.lower()
    assert 'aria-label="AI Skills Academy"' in html  # the mark in the sidebar
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "AI Skills Academy" in h1


def test_the_organisation_name_from_the_settings_brands_the_admin(client, ld_editor):
    from wagtail.models import Site

    AcademySettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"organisation_name": "Northwind Group"},
    )
    html = _dashboard(client, ld_editor)
    assert "Northwind Group AI Skills Academy admin" in html


def test_the_dashboard_counts_this_weeks_completions(client, ld_editor):
    course = CoursePageFactory(title="Evaluating AI output")
    for _ in range(6):
        CourseEnrolment.objects.create(
            learner=LearnerFactory(),
            course=course,
            status=EnrolmentStatus.COMPLETED,
            completed_at=timezone.now(),
        )
    html = _dashboard(client, ld_editor)
    panel = html.split('id="completions-this-week-section"')[1]
    assert "<strong>6</strong> course completions by <strong>6</strong>" in panel
    assert "Evaluating AI output" in panel


def test_a_course_with_few_completions_is_not_counted_for_aggregate_readers(
    client, ld_editor
):
    course = CoursePageFactory(title="Prompt hygiene")
    CourseEnrolment.objects.create(
        learner=LearnerFactory(),
        course=course,
        status=EnrolmentStatus.COMPLETED,
        completed_at=timezone.now(),
    )
    panel = _dashboard(client, ld_editor).split('id="completions-this-week-section"')[1]
    assert "fewer than 5" in panel


def test_failed_roster_imports_show_for_admins_only(client, academy_admin, ld_editor):
    RosterImport.objects.create(
        file_name="hr-export-december.csv",
        file_sha256="0" * 64,
        status=ImportStatus.FAILED,
        error="The file has no employee_id column.",
    )
    html = _dashboard(client, academy_admin)
    assert "Roster imports that need a look" in html
    assert "hr-export-december.csv" in html
    assert "Roster imports that need a look" not in _dashboard(client, ld_editor)


def test_a_reviewer_sees_pages_awaiting_their_review(client, ld_editor, ld_reviewer):
    course = CoursePageFactory(title="Drift monitoring", slug="drift-monitoring")
    client.force_login(ld_editor)
    client.post(_add_url(course), {**_lesson_form(), "action-submit": "Submit"})
    assert LessonPage.objects.get(slug="reading-a-drift-alert").workflow_in_progress
    html = _dashboard(client, ld_reviewer)
    assert "Reading a drift alert" in html
