"""Yearly lesson reviews: the reminder task and the dashboard panel."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from courses.models import LessonReviewReminder
from courses.reviews import lesson_review_reminders_send
from courses.tasks import lesson_review_reminders_task
from tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)


def _lesson(reviewed, owner="grace.whitfield@example.com", **kwargs):
    return LessonPageFactory(last_reviewed=reviewed, content_owner=owner, **kwargs)


def test_the_reminder_runs_daily_from_beat():
    task = PeriodicTask.objects.get(task="courses.lesson_review_reminders")
    assert task.enabled
    assert task.crontab.hour == "7"


def test_the_owner_of_a_lesson_unreviewed_for_a_year_is_emailed_once(ld_editor):
    old = _lesson(date(2025, 11, 1), title="Risk tiers")
    _lesson(date(2026, 6, 1))  # reviewed this year: not due
    run = lesson_review_reminders_send(today=TODAY)
    assert (run.sent, run.already_sent) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["grace.whitfield@example.com"]
    assert message.subject == "Review due: Risk tiers"
    assert f"/admin/pages/{old.pk}/edit/" in message.body
    again = lesson_review_reminders_send(today=TODAY + timedelta(days=1))
    assert (again.sent, again.already_sent) == (0, 1)
    assert len(mail.outbox) == 1
    assert LessonReviewReminder.objects.get().due_on == date(2026, 11, 1)


def test_a_lesson_reviewed_again_is_reminded_again_a_year_later():
    lesson = _lesson(date(2025, 11, 1))
    lesson_review_reminders_send(today=TODAY)
    lesson.last_reviewed = date(2025, 12, 2)
    lesson.save_revision().publish()
    lesson_review_reminders_send(today=TODAY)
    assert len(mail.outbox) == 2
    assert LessonReviewReminder.objects.count() == 2


def test_a_team_owner_means_the_ld_editors_are_emailed(ld_editor, learner):
    _lesson(date(2025, 1, 1), owner="L&D content team")
    lesson_review_reminders_send(today=TODAY)
    assert mail.outbox[0].to == [ld_editor.email]
    assert learner.user.email not in mail.outbox[0].to


def test_without_anyone_to_tell_nothing_is_recorded():
    _lesson(date(2025, 1, 1), owner="L&D content team")
    run = lesson_review_reminders_send(today=TODAY)
    assert run.nobody_to_tell == 1
    assert not LessonReviewReminder.objects.exists()


def test_the_task_sends_the_reminders(ld_editor):
    _lesson(timezone.localdate() - timedelta(days=400))
    assert lesson_review_reminders_task.delay().get()["sent"] == 1


# --- The dashboard panel ------------------------------------------------------------


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_lists_the_oldest_lessons_with_an_edit_link(client, ld_editor):
    today = timezone.localdate()
    oldest = _lesson(today - timedelta(days=900), title="Shadow AI")
    _lesson(today - timedelta(days=500), title="Data classes")
    _lesson(today - timedelta(days=30), title="Fresh lesson")
    html = _dashboard(client, ld_editor)
    panel = html.split('id="lessons-past-review-section"')[1].split("</section>")[0]
    assert "<strong>2</strong> live lessons" in panel
    assert f'href="/admin/pages/{oldest.pk}/edit/">Shadow AI' in panel
    assert panel.index("Shadow AI") < panel.index("Data classes")
    assert "Fresh lesson" not in panel


@pytest.mark.parametrize("persona", ["ld_editor", "academy_admin"])
def test_ld_and_academy_admins_see_the_review_panel(client, persona, request):
    html = _dashboard(client, request.getfixturevalue(persona))
    assert 'id="lessons-past-review-section"' in html


@pytest.mark.parametrize("persona", ["ld_reviewer", "leadership"])
def test_other_staff_do_not_see_the_review_panel(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get("/admin/")
    assert 'id="lessons-past-review-section"' not in response.content.decode()


def test_the_panels_queries_do_not_grow_with_the_lessons(client, ld_editor):
    from courses.dashboard import LessonsPastReviewPanel

    old = timezone.localdate() - timedelta(days=800)
    _lesson(old)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            LessonsPastReviewPanel().get_context_data({})
        return len(queries)

    few = count()
    for _ in range(6):
        _lesson(old)
    assert count() == few == 2
