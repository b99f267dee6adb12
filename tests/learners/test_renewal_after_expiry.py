"""Renewal after expiry: the expiry day re-opens the checked lessons once, and
renewing them issues a fresh certificate; the old one stays on record as
superseded (ADR 0023)."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from analytics import frames
from learners.models import (
    Certificate,
    CertificateKind,
    LearnerStatus,
    LessonRenewal,
)
from learners.services.certificates import certificate_renew
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.expiry import (
    certificate_expiry_renewals_open,
    certificates_renewed,
)
from learners.services.progress import lesson_mark_complete
from learners.services.renewals import RenewalError, lesson_renew
from learners.tasks import certificate_expiry_renewals_task
from tests.factories import LearnerFactory
from tests.learners.checks import quiz_submit
from tests.learners.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db


def _complete(learner, world) -> Certificate:
    enrolments_sync_for_learners(learner_ids=[learner.pk])
    lesson_mark_complete(learner=learner, lesson_id=world.reading.pk)
    quiz_submit(learner=learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    return Certificate.objects.get(learner=learner, course=world.course)


@pytest.fixture
def expired(world, enrolled) -> Certificate:
    """Amara's certificate for the twelve-month course, expiring today."""
    world.course.validity_months = 12
    world.course.save_revision().publish()
    certificate = _complete(enrolled, world)
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=today - relativedelta(months=12), expires_on=today
    )
    certificate.refresh_from_db()
    return certificate


def _status(learner, world, day) -> str:
    frame = frames.load_enrolments(today=day)
    mine = frame.loc[
        (frame["learner_id"] == learner.pk) & (frame["course_id"] == world.course.pk),
        "status",
    ].astype(str)
    return mine.iloc[0]


def test_nothing_opens_before_the_expiry_day(expired):
    day_before = expired.expires_on - timedelta(days=1)
    run = certificate_expiry_renewals_open(today=day_before)
    assert (run.certificates, run.renewals) == (0, 0)
    assert not LessonRenewal.objects.exists()


def test_the_expiry_day_opens_the_checked_lessons_once(world, expired):
    run = certificate_expiry_renewals_open(today=expired.expires_on)
    assert (run.certificates, run.renewals) == (1, 1)
    renewal = LessonRenewal.objects.get()
    # The lesson with the knowledge check re-opens; the reading stays completed.
    assert renewal.lesson_id == world.quiz.pk
    assert renewal.certificate_id == expired.pk
    assert renewal.change_id is None
    assert renewal.due_on == expired.expires_on + timedelta(days=30)

    again = certificate_expiry_renewals_open(today=expired.expires_on)
    assert (again.certificates, again.renewals) == (0, 0)
    assert certificate_expiry_renewals_task() == {"certificates": 0, "renewals": 0}
    assert LessonRenewal.objects.count() == 1


def test_one_expired_certificate_cannot_open_a_lesson_twice(world, expired):
    certificate_expiry_renewals_open(today=expired.expires_on)
    duplicate = LessonRenewal(
        certificate=expired,
        learner=expired.learner,
        lesson_id=world.quiz.pk,
        course_id=world.course.pk,
        due_on=expired.expires_on,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_renewal_has_exactly_one_cause(world, expired):
    causeless = LessonRenewal(
        learner=expired.learner,
        lesson_id=world.quiz.pk,
        course_id=world.course.pk,
        due_on=expired.expires_on,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        causeless.save()


def test_leavers_and_revoked_certificates_are_not_reopened(world, expired):
    Certificate.objects.filter(pk=expired.pk).update(revoked_at=timezone.now())
    leaver = LearnerFactory(
        user__first_name="Yusuf", user__last_name="Demir", role=world.role
    )
    theirs = _complete(leaver, world)
    Certificate.objects.filter(pk=theirs.pk).update(expires_on=expired.expires_on)
    leaver.status = LearnerStatus.LEFT
    leaver.save(update_fields=["status"])
    run = certificate_expiry_renewals_open(today=expired.expires_on)
    assert run.certificates == 0
    assert not LessonRenewal.objects.exists()


def test_expired_and_not_renewed_does_not_count(world, expired):
    certificate_expiry_renewals_open(today=expired.expires_on)
    assert _status(expired.learner, world, expired.expires_on) == "expired"


def test_the_learner_is_asked_to_renew_in_my_learning_and_on_the_course(
    client, world, expired
):
    certificate_expiry_renewals_open()
    client.force_login(expired.learner.user)
    my_learning = client.get(reverse("learners:my_learning")).text
    assert "Renew your certificate" in my_learning
    assert world.quiz.title in my_learning
    assert "To renew" not in my_learning  # no lesson changed
    course_page = client.get(world.course.url).text
    assert "Renew your certificate" in course_page
    assert world.quiz.url in course_page
    lesson_page = client.get(world.quiz.url).text
    assert f"Your certificate for “{world.course.title}” expired" in lesson_page


def test_renewing_needs_a_new_pass_of_the_check(world, expired):
    certificate_expiry_renewals_open()
    with pytest.raises(RenewalError):
        lesson_renew(learner=expired.learner, lesson_id=world.quiz.pk)
    assert LessonRenewal.objects.get().renewed_at is None
    assert Certificate.objects.filter(learner=expired.learner).count() == 1


def test_renewing_issues_a_fresh_certificate_that_counts_from_that_day(
    client, world, expired
):
    certificate_expiry_renewals_open()
    learner = expired.learner
    quiz_submit(learner=learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    client.force_login(learner.user)
    response = client.post(
        reverse("learners:lesson_renew", kwargs={"lesson_id": world.quiz.pk})
    )
    assert response.status_code == 302

    today = timezone.localdate()
    fresh = Certificate.objects.get(learner=learner, superseded_at__isnull=True)
    assert fresh.pk != expired.pk
    assert fresh.uuid != expired.uuid
    assert fresh.issued_on == today
    assert fresh.expires_on == today + relativedelta(months=12)
    old = Certificate.objects.get(pk=expired.pk)
    assert old.superseded_at is not None
    assert old.superseded_by_id == fresh.pk
    assert old.issued_on == expired.issued_on  # the record of the old one stays

    assert _status(learner, world, today) == "completed"
    last_day = fresh.expires_on - timedelta(days=1)
    assert _status(learner, world, last_day) == "completed"
    assert _status(learner, world, fresh.expires_on) == "expired"
    assert (
        "Renew your certificate" not in client.get(reverse("learners:my_learning")).text
    )
    # The fresh certificate expires in its turn: the next opening is its own.
    run = certificate_expiry_renewals_open(today=fresh.expires_on)
    assert run.certificates == 1
    assert LessonRenewal.objects.filter(certificate=fresh).count() == 1


def test_the_old_certificate_verifies_as_superseded_and_points_to_the_new(
    client, world, expired
):
    certificate_expiry_renewals_open()
    quiz_submit(learner=expired.learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    lesson_renew(learner=expired.learner, lesson_id=world.quiz.pk)
    fresh = Certificate.objects.get(learner=expired.learner, superseded_at__isnull=True)
    client.logout()
    page = client.get(reverse("learners:certificate", kwargs={"uuid": expired.uuid}))
    assert page.status_code == 200
    assert "Genuine, superseded" in page.text
    assert "verification--forged" not in page.text
    assert reverse("learners:certificate", kwargs={"uuid": fresh.uuid}) in page.text
    current = client.get(reverse("learners:certificate", kwargs={"uuid": fresh.uuid}))
    assert "verification--valid" in current.text


def test_a_badge_of_the_old_certificate_checks_as_superseded_not_forged(
    client, world, expired
):
    client.force_login(expired.learner.user)
    token = client.get(
        reverse(
            "learners:certificate_badge", kwargs={"uuid": expired.uuid, "fmt": "jwt"}
        )
    ).content.decode()
    certificate_expiry_renewals_open()
    quiz_submit(learner=expired.learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    lesson_renew(learner=expired.learner, lesson_id=world.quiz.pk)
    client.logout()
    checked = client.post(reverse("learners:credential_verify"), {"badge": token})
    assert "verification--superseded" in checked.text
    assert "verification--forged" not in checked.text


def test_renewing_twice_or_at_once_issues_one_fresh_certificate(world, expired):
    certificate_expiry_renewals_open()
    quiz_submit(learner=expired.learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    lesson_renew(learner=expired.learner, lesson_id=world.quiz.pk)
    # A retried request, and a second worker finishing the same renewal.
    assert lesson_renew(learner=expired.learner, lesson_id=world.quiz.pk) == 0
    again = certificates_renewed(certificate_ids=[expired.pk])
    assert again == []
    stale = Certificate.objects.get(pk=expired.pk)
    stale.superseded_at = None  # as a racing request read it before the claim
    winner = certificate_renew(
        certificate=stale, on=timezone.localdate(), validity_months=12
    )
    assert winner.superseded_at is None
    assert (
        Certificate.objects.filter(
            learner=expired.learner, superseded_at__isnull=True
        ).count()
        == 1
    )
    assert Certificate.objects.filter(learner=expired.learner).count() == 2


def test_two_current_certificates_for_one_course_are_refused(world, expired):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            learner=expired.learner,
            kind=CertificateKind.COURSE,
            course=world.course,
            learner_name=expired.learner_name,
            item_title=expired.item_title,
            issued_on=timezone.localdate(),
        )
