from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from learners.models import CourseEnrolment, ReminderDelivery
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.reminders import (
    manager_digests_send,
    reminders_due_soon_send,
    reminders_overdue_send,
)
from learners.tasks import manager_digests_task, reminders_due_soon_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    return enrolled


def _due_in(learner, course, days):
    CourseEnrolment.objects.filter(learner=learner, course=course).update(
        due_date=timezone.localdate() + timedelta(days=days)
    )


def test_due_soon_reminder_lists_courses_due_within_a_week(world, assigned):
    _due_in(assigned, world.course, 3)
    _due_in(assigned, world.second_course, 20)
    run = reminders_due_soon_send()
    assert run.sent == 1
    message = mail.outbox[0]
    assert message.to == [assigned.user.email]
    assert "Judging AI output" in message.body
    assert "Handling data safely" not in message.body
    assert message.alternatives[0][1] == "text/html"


def test_overdue_reminder(world, assigned):
    _due_in(assigned, world.course, -2)
    assert reminders_overdue_send().sent == 1
    assert "past" in mail.outbox[0].body


def test_rerun_on_the_same_day_sends_nothing_twice(world, assigned):
    _due_in(assigned, world.course, 2)
    reminders_due_soon_task()
    second = reminders_due_soon_send()
    assert second.sent == 0
    assert second.skipped_already_sent == 1
    assert len(mail.outbox) == 1
    assert ReminderDelivery.objects.count() == 1


def test_opted_out_learners_get_no_reminders(world, assigned):
    assigned.reminder_emails = False
    assigned.save()
    _due_in(assigned, world.course, 1)
    assert reminders_due_soon_send().sent == 0
    assert not mail.outbox


def test_completed_courses_are_not_reminded(world, assigned):
    _due_in(assigned, world.course, -1)
    CourseEnrolment.objects.filter(learner=assigned).update(status="completed")
    assert reminders_overdue_send().sent == 0


def test_weekly_digest_goes_to_each_manager_of_overdue_reports(
    world, assigned, manager
):
    _due_in(assigned, world.course, -5)
    manager_digests_task()
    digest = [m for m in mail.outbox if m.to == [manager.user.email]]
    assert len(digest) == 1
    assert "Amara Okafor" in digest[0].body
    assert manager_digests_send().sent == 0  # the same day again: nothing


def test_reminder_names_every_course_in_text_and_html(world, assigned):
    _due_in(assigned, world.course, -2)
    _due_in(assigned, world.second_course, -5)
    assert reminders_overdue_send().sent == 1
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    for title in ("Judging AI output", "Handling data safely"):
        assert title in message.body
        assert title in html


def test_reminder_queries_do_not_grow_with_the_courses_listed(world, assigned):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _due_in(assigned, world.course, -2)
    with CaptureQueriesContext(connection) as one_course:
        reminders_overdue_send()
    ReminderDelivery.objects.all().delete()
    _due_in(assigned, world.second_course, -5)
    with CaptureQueriesContext(connection) as two_courses:
        reminders_overdue_send()
    assert len(mail.outbox) == 2
    assert "Handling data safely" in mail.outbox[1].body
    assert len(two_courses) == len(one_course)
