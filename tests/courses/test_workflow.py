"""The editorial workflow: editors write and submit, reviewers approve and publish."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from accounts import personas
from courses.models import CourseIndexPage, CurriculumIndexPage, LessonPage
from courses.services import WORKFLOW_NAME, editorial_setup_ensure
from tests.factories import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


def _lesson_form(title="Reading a drift alert", body="<p>Start with the PSI.</p>"):
    return nested_form_data(
        {
            "title": title,
            "slug": "reading-a-drift-alert",
            "summary": "What each number on the alert means.",
            "estimated_minutes": 12,
            "required": "on",
            "body": streamfield(
                [("heading", "The alert"), ("rich_text", rich_text(body))]
            ),
            "objectives": streamfield([]),
            "sources": streamfield([]),
            "content_owner": "",
            "last_reviewed": "",
            "comments": inline_formset([]),
        }
    )


def _add_url(course):
    return reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])


@pytest.fixture
def course():
    return CoursePageFactory(title="Drift monitoring", slug="drift-monitoring")


def test_review_workflow_covers_curricula_and_courses():
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.active
    assert set(
        WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True)
    ) == {CurriculumIndexPage.objects.get().pk, CourseIndexPage.objects.get().pk}
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [personas.LD_REVIEWERS]
    lesson = LessonPageFactory()
    assert lesson.get_workflow() == workflow


def test_editorial_setup_is_idempotent():
    before = (GroupPagePermission.objects.count(), WorkflowPage.objects.count())
    setup = editorial_setup_ensure()
    assert setup.pages_created == []
    assert (GroupPagePermission.objects.count(), WorkflowPage.objects.count()) == before
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1


def test_editor_may_edit_but_not_publish(ld_editor, course):
    perms = course.permissions_for_user(ld_editor)
    assert perms.can_edit()
    assert perms.can_add_subpage()
    assert not perms.can_publish()


def test_editor_submits_a_lesson_and_it_stays_unpublished(client, ld_editor, course):
    client.force_login(ld_editor)
    response = client.post(
        _add_url(course), {**_lesson_form(), "action-submit": "Submit"}
    )
    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="reading-a-drift-alert")
    assert not lesson.live
    assert lesson.workflow_in_progress
    assert lesson.current_workflow_task.specific.groups.filter(
        name=personas.LD_REVIEWERS
    ).exists()


def test_editor_cannot_publish_directly(client, ld_editor, course):
    client.force_login(ld_editor)
    client.post(_add_url(course), {**_lesson_form(), "action-publish": "Publish"})
    lesson = LessonPage.objects.get(slug="reading-a-drift-alert")
    assert not lesson.live
    assert not lesson.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_reviewer_approves_and_the_lesson_goes_live(
    client, ld_editor, ld_reviewer, course
):
    client.force_login(ld_editor)
    client.post(_add_url(course), {**_lesson_form(), "action-submit": "Submit"})
    lesson = LessonPage.objects.get(slug="reading-a-drift-alert")
    task_state = lesson.current_workflow_task_state

    client.force_login(ld_reviewer)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[lesson.pk, "approve", task_state.pk],
        ),
        {"comment": "Clear and accurate."},
    )
    assert response.status_code in (200, 302)
    lesson.refresh_from_db()
    assert lesson.live
    assert not lesson.workflow_in_progress
    assert "Start with the PSI" in client.get(lesson.url).content.decode()


def test_a_learner_cannot_approve(client, learner, ld_editor, course):
    client.force_login(ld_editor)
    client.post(_add_url(course), {**_lesson_form(), "action-submit": "Submit"})
    lesson = LessonPage.objects.get(slug="reading-a-drift-alert")
    task_state = lesson.current_workflow_task_state
    client.force_login(learner.user)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[lesson.pk, "approve", task_state.pk],
        )
    )
    lesson.refresh_from_db()
    assert not lesson.live


def test_revisions_are_kept_and_listed(client, ld_editor, course):
    lesson = LessonPageFactory(parent=course, slug="reading-a-drift-alert")
    lesson.save_revision().publish()
    client.force_login(ld_editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    client.post(edit_url, _lesson_form(body="<p>Second draft.</p>"))
    client.post(edit_url, _lesson_form(body="<p>Third draft.</p>"))
    assert lesson.revisions.count() == 3
    lesson.refresh_from_db()
    assert lesson.has_unpublished_changes
    assert "Third draft" in str(lesson.get_latest_revision_as_object().body)
    assert "Third draft" not in str(lesson.body)  # the live version is unchanged
    history = client.get(reverse("wagtailadmin_pages:history", args=[lesson.pk]))
    assert history.status_code == 200


def test_preview_shows_the_unsaved_lesson(client, ld_editor, course):
    lesson = LessonPageFactory(parent=course, slug="reading-a-drift-alert")
    client.force_login(ld_editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])
    response = client.post(url, _lesson_form(body="<p>Previewed paragraph.</p>"))
    assert response.json()["is_valid"]
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Previewed paragraph." in preview.content.decode()


def test_scheduled_publishing_waits_for_go_live(ld_reviewer, course):
    lesson = LessonPageFactory(parent=course, live=False)
    lesson.go_live_at = timezone.now() + timedelta(days=2)
    revision = lesson.save_revision(user=ld_reviewer)
    revision.publish(user=ld_reviewer)
    lesson.refresh_from_db()
    assert not lesson.live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None

    three_days_later = timezone.now() + timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=three_days_later):
        call_command("publish_scheduled", verbosity=0)
    lesson.refresh_from_db()
    assert lesson.live


def test_editors_manage_the_taxonomy_and_reviewers_may_look(ld_editor, ld_reviewer):
    assert ld_editor.has_perm("courses.add_skill")
    assert ld_editor.has_perm("courses.change_rolloutblocker")
    assert not ld_editor.has_perm("courses.delete_skill")
    assert ld_reviewer.has_perm("courses.view_skill")
    assert not ld_reviewer.has_perm("courses.change_skill")
    editors = Group.objects.get(name=personas.LD_EDITORS)
    assert editors.collection_permissions.filter(
        permission__codename="add_image"
    ).exists()
