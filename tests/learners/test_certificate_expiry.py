"""Certificates with a validity period: expiry date, reminders at 30 and 7 days."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from learners.models import Certificate, CertificateKind, ReminderDelivery
from learners.services.certificates import certificate_expiry, certificate_issue
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import lesson_mark_complete
from learners.services.reminders import certificate_expiry_reminders_send
from learners.tasks import certificate_expiry_reminders_task
from tests.learners.checks import quiz_submit
from tests.learners.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db


def _expiring(learner, course, days: int) -> Certificate:
    today = timezone.localdate()
    return Certificate.objects.create(
        learner=learner,
        kind=CertificateKind.COURSE,
        course=course,
        learner_name=learner.full_name,
        item_title=course.title,
        issued_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=days),
    )


def test_expiry_is_calendar_months_clamped_to_the_month_end():
    assert certificate_expiry(issued_on=date(2026, 1, 31), validity_months=1) == date(
        2026, 2, 28
    )
    assert certificate_expiry(issued_on=date(2026, 3, 15), validity_months=12) == date(
        2027, 3, 15
    )
    assert certificate_expiry(issued_on=date(2026, 3, 15), validity_months=None) is None


def test_completing_a_course_with_a_validity_period_dates_the_certificate(
    world, enrolled
):
    world.course.validity_months = 12
    world.course.save_revision().publish()
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    lesson_mark_complete(learner=enrolled, lesson_id=world.reading.pk)
    quiz_submit(learner=enrolled, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    certificate = Certificate.objects.get(learner=enrolled, course=world.course)
    assert certificate.expires_on == certificate_expiry(
        issued_on=certificate.issued_on, validity_months=12
    )
    assert certificate.state == "valid"


def test_a_course_without_a_validity_period_never_expires(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    lesson_mark_complete(learner=enrolled, lesson_id=world.reading.pk)
    quiz_submit(learner=enrolled, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    certificate = Certificate.objects.get(learner=enrolled, course=world.course)
    assert certificate.expires_on is None
    assert not certificate.is_expired


def test_completing_again_while_valid_redates_the_same_certificate(world, enrolled):
    old = _expiring(enrolled, world.course, days=40)
    renewed = certificate_issue(
        learner=enrolled,
        kind=CertificateKind.COURSE,
        item_id=world.course.pk,
        item_title=world.course.title,
        on=timezone.localdate(),
        validity_months=12,
    )
    assert renewed.pk == old.pk
    assert renewed.uuid == old.uuid
    assert renewed.issued_on == timezone.localdate()
    assert not renewed.is_expired


def test_completing_again_after_expiry_issues_a_fresh_certificate(world, enrolled):
    old = _expiring(enrolled, world.course, days=-3)
    renewed = certificate_issue(
        learner=enrolled,
        kind=CertificateKind.COURSE,
        item_id=world.course.pk,
        item_title=world.course.title,
        on=timezone.localdate(),
        validity_months=12,
    )
    assert renewed.pk != old.pk
    assert renewed.uuid != old.uuid
    assert renewed.issued_on == timezone.localdate()
    assert not renewed.is_expired
    old.refresh_from_db()
    assert old.superseded_by_id == renewed.pk


def test_the_certificate_page_shows_the_expiry_date(client, world, enrolled):
    certificate = _expiring(enrolled, world.course, days=40)
    url = reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    page = client.get(url)
    assert "Valid until" in page.text
    assert f"{certificate.expires_on:%-d %B %Y}" in page.text


def test_an_expired_certificate_says_so_from_the_expiry_day(client, world, enrolled):
    certificate = _expiring(enrolled, world.course, days=0)
    assert certificate.is_expired
    url = reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    page = client.get(url)
    assert "Expired on" in page.text
    assert "has expired" in page.text


def test_my_learning_shows_when_a_certificate_expires(client, world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    world.course.validity_months = 12
    world.course.save_revision().publish()
    lesson_mark_complete(learner=enrolled, lesson_id=world.reading.pk)
    quiz_submit(learner=enrolled, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    certificate = Certificate.objects.get(learner=enrolled, course=world.course)
    client.force_login(enrolled.user)
    page = client.get(reverse("learners:my_learning"))
    assert f"Valid until {certificate.expires_on:%-d %B %Y}" in page.text


def test_reminders_go_at_30_and_7_days_once_each(world, enrolled, manager):
    certificate = _expiring(enrolled, world.course, days=30)
    first = certificate_expiry_reminders_send()
    assert first.sent == 2  # the learner and their manager
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([enrolled.user.email, manager.user.email])
    assert "Judging AI output" in mail.outbox[0].subject
    # The same day again, and every day until the 7-day mark: nothing more.
    today = timezone.localdate()
    for offset in range(23):
        run = certificate_expiry_reminders_send(today=today + timedelta(days=offset))
        assert run.sent == 0
    assert len(mail.outbox) == 2
    # Seven days before: once more each, and never again after.
    seven = certificate_expiry_reminders_send(today=today + timedelta(days=23))
    assert seven.sent == 2
    assert certificate_expiry_reminders_send(today=today + timedelta(days=23)).sent == 0
    assert certificate_expiry_reminders_send(today=today + timedelta(days=29)).sent == 0
    kinds = sorted(
        ReminderDelivery.objects.filter(certificate=certificate).values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["expiry_30", "expiry_7", "manager_expiry_30", "manager_expiry_7"]


def test_a_certificate_found_late_gets_only_the_nearest_reminder(world, enrolled):
    _expiring(enrolled, world.course, days=5)
    certificate_expiry_reminders_task()
    assert set(
        ReminderDelivery.objects.filter(learner=enrolled).values_list("kind", flat=True)
    ) == {"expiry_7"}


def test_expired_and_distant_certificates_are_not_reminded(world, enrolled):
    _expiring(enrolled, world.course, days=0)
    _expiring(enrolled, world.second_course, days=31)
    assert certificate_expiry_reminders_send().sent == 0
    assert not mail.outbox


def test_a_renewed_certificate_is_reminded_again_before_its_new_expiry(world, enrolled):
    enrolled.manager = None
    enrolled.save()
    certificate = _expiring(enrolled, world.course, days=6)
    assert certificate_expiry_reminders_send().sent == 1
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() + timedelta(days=6 + 365)
    )
    later = timezone.localdate() + timedelta(days=365)
    assert certificate_expiry_reminders_send(today=later).sent == 1


def test_opted_out_people_get_no_expiry_reminder(world, enrolled, manager):
    enrolled.reminder_emails = False
    enrolled.save()
    _expiring(enrolled, world.course, days=20)
    assert certificate_expiry_reminders_send().sent == 1
    assert [m.to for m in mail.outbox] == [[manager.user.email]]


def test_expiry_reminders_do_not_block_the_daily_reminders(world, enrolled):
    from learners.models import CourseEnrolment
    from learners.services.reminders import reminders_due_soon_send

    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    CourseEnrolment.objects.filter(learner=enrolled).update(
        due_date=timezone.localdate() + timedelta(days=2)
    )
    _expiring(enrolled, world.second_course, days=7)
    _expiring(enrolled, world.course, days=7)
    assert certificate_expiry_reminders_send().sent == 4
    assert reminders_due_soon_send().sent == 1
