"""A curriculum certificate with its own validity renews after it expires (ADR 0023).

The expiry day re-opens the checked lessons of each required course the learner
has not shown again since the curriculum certificate was issued; renewing the
last of them issues a fresh curriculum certificate, and the old one stays on
record as superseded. Amara's "Claims analyst track" holds "Judging AI output"
(a reading and a checked lesson) and "Handling data safely" (one unchecked
lesson, which is what that course re-opens).
"""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from analytics import frames
from learners.models import Certificate, CertificateKind, LessonRenewal
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.expiry import certificate_expiry_renewals_open
from learners.services.progress import lesson_mark_complete
from learners.services.renewals import RenewalError, lesson_renew
from tests.learners.checks import quiz_submit
from tests.learners.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db


def _publish_validity(page, months):
    page.validity_months = months
    page.save_revision().publish()


def _complete_the_track(learner, world) -> Certificate:
    enrolments_sync_for_learners(learner_ids=[learner.pk])
    lesson_mark_complete(learner=learner, lesson_id=world.reading.pk)
    quiz_submit(learner=learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    lesson_mark_complete(learner=learner, lesson_id=world.second_lesson.pk)
    return Certificate.objects.get(
        learner=learner, kind=CertificateKind.CURRICULUM, superseded_at__isnull=True
    )


def _age(certificate, *, months=12):
    """Date the certificate as issued ``months`` ago, expiring today."""
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=today - relativedelta(months=months), expires_on=today
    )
    certificate.refresh_from_db()
    return certificate


def _course_certificate(learner, course) -> Certificate:
    return Certificate.objects.get(
        learner=learner, course=course, superseded_at__isnull=True
    )


def _statuses(learner, day) -> dict[int, str]:
    frame = frames.load_enrolments(today=day)
    mine = frame[frame["learner_id"] == learner.pk]
    return dict(zip(mine["course_id"], mine["status"].astype(str), strict=True))


@pytest.fixture
def track_expired(world, enrolled) -> Certificate:
    """Amara's twelve-month curriculum certificate, expiring today; her course
    certificates never expire and were issued the same day as it."""
    _publish_validity(world.curriculum, 12)
    certificate = _age(_complete_the_track(enrolled, world))
    day = certificate.issued_on
    Certificate.objects.filter(learner=enrolled, kind=CertificateKind.COURSE).update(
        issued_on=day
    )
    return certificate


def test_the_curriculum_certificate_carries_its_own_validity(world, enrolled):
    _publish_validity(world.curriculum, 12)
    certificate = _complete_the_track(enrolled, world)
    today = timezone.localdate()
    assert certificate.issued_on == today
    assert certificate.expires_on == today + relativedelta(months=12)
    assert _course_certificate(enrolled, world.course).expires_on is None


def test_on_the_expiry_day_the_courses_stop_counting_until_renewed(
    world, track_expired
):
    learner = track_expired.learner
    day_before = track_expired.expires_on - timedelta(days=1)
    assert set(_statuses(learner, day_before).values()) == {"completed"}
    assert _statuses(learner, track_expired.expires_on) == {
        world.course.pk: "expired",
        world.second_course.pk: "expired",
    }


def test_the_expiry_day_opens_each_required_course_once(world, track_expired):
    assert (
        certificate_expiry_renewals_open(
            today=track_expired.expires_on - timedelta(days=1)
        ).certificates
        == 0
    )

    run = certificate_expiry_renewals_open(today=track_expired.expires_on)
    assert (run.certificates, run.renewals) == (1, 2)
    renewals = LessonRenewal.objects.filter(certificate=track_expired)
    # The checked lesson of the first course; the second has no check, so its
    # required lesson. The reading stays completed.
    assert {(r.course_id, r.lesson_id) for r in renewals} == {
        (world.course.pk, world.quiz.pk),
        (world.second_course.pk, world.second_lesson.pk),
    }
    assert {r.due_on for r in renewals} == {
        track_expired.expires_on + timedelta(days=30)
    }

    again = certificate_expiry_renewals_open(today=track_expired.expires_on)
    assert (again.certificates, again.renewals) == (0, 0)
    assert LessonRenewal.objects.count() == 2


def test_renewing_every_lesson_issues_a_fresh_curriculum_certificate(
    world, track_expired
):
    certificate_expiry_renewals_open()
    learner = track_expired.learner
    with pytest.raises(RenewalError):
        lesson_renew(learner=learner, lesson_id=world.quiz.pk)
    quiz_submit(learner=learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    assert lesson_renew(learner=learner, lesson_id=world.quiz.pk) == 1
    # One course renewed, one to go: the certificate is still the expired one.
    assert _statuses(learner, timezone.localdate())[world.course.pk] == "expired"
    assert Certificate.objects.filter(kind=CertificateKind.CURRICULUM).count() == 1

    assert lesson_renew(learner=learner, lesson_id=world.second_lesson.pk) == 1
    today = timezone.localdate()
    fresh = Certificate.objects.get(
        learner=learner, kind=CertificateKind.CURRICULUM, superseded_at__isnull=True
    )
    assert fresh.pk != track_expired.pk
    assert fresh.curriculum_id == world.curriculum.pk
    assert fresh.item_title == track_expired.item_title
    assert (fresh.issued_on, fresh.expires_on) == (
        today,
        today + relativedelta(months=12),
    )
    old = Certificate.objects.get(pk=track_expired.pk)
    assert old.superseded_by_id == fresh.pk
    assert set(_statuses(learner, today).values()) == {"completed"}
    assert _statuses(learner, fresh.expires_on)[world.course.pk] == "expired"

    # Renewing again, or the next day's run, changes nothing.
    assert lesson_renew(learner=learner, lesson_id=world.second_lesson.pk) == 0
    assert certificate_expiry_renewals_open().certificates == 0
    assert Certificate.objects.filter(kind=CertificateKind.CURRICULUM).count() == 2


def test_a_course_shown_again_since_the_curriculum_is_not_asked_twice(
    world, track_expired
):
    learner = track_expired.learner
    Certificate.objects.filter(pk=_course_certificate(learner, world.course).pk).update(
        issued_on=track_expired.expires_on - timedelta(days=40)
    )
    run = certificate_expiry_renewals_open(today=track_expired.expires_on)
    assert run.renewals == 1
    assert LessonRenewal.objects.get().lesson_id == world.second_lesson.pk


def test_every_course_shown_again_renews_the_curriculum_on_the_day(
    world, track_expired
):
    learner = track_expired.learner
    Certificate.objects.filter(learner=learner, kind=CertificateKind.COURSE).update(
        issued_on=track_expired.expires_on - timedelta(days=40)
    )
    run = certificate_expiry_renewals_open(today=track_expired.expires_on)
    assert (run.certificates, run.renewals) == (1, 0)
    fresh = Certificate.objects.get(
        learner=learner, kind=CertificateKind.CURRICULUM, superseded_at__isnull=True
    )
    assert fresh.issued_on == track_expired.expires_on
    again = certificate_expiry_renewals_open(today=track_expired.expires_on)
    assert (again.certificates, again.renewals) == (0, 0)


def test_a_course_certificate_that_has_lapsed_since_is_asked_for(world, track_expired):
    learner = track_expired.learner
    Certificate.objects.filter(pk=_course_certificate(learner, world.course).pk).update(
        issued_on=track_expired.expires_on - timedelta(days=400),
        expires_on=track_expired.expires_on - timedelta(days=35),
    )
    run = certificate_expiry_renewals_open(today=track_expired.expires_on)
    # The course's own renewal opens too: the same lesson renews both.
    assert run.certificates == 2
    assert set(
        LessonRenewal.objects.filter(certificate=track_expired).values_list(
            "lesson_id", flat=True
        )
    ) == {world.quiz.pk, world.second_lesson.pk}


def test_one_pass_renews_the_course_and_the_curriculum_together(
    client, world, enrolled
):
    _publish_validity(world.curriculum, 12)
    _publish_validity(world.course, 12)
    track = _age(_complete_the_track(enrolled, world))
    Certificate.objects.filter(learner=enrolled, kind=CertificateKind.COURSE).update(
        issued_on=track.issued_on
    )
    course = _age(_course_certificate(enrolled, world.course))
    certificate_expiry_renewals_open()
    assert LessonRenewal.objects.filter(lesson=world.quiz).count() == 2

    client.force_login(enrolled.user)
    my_learning = client.get(reverse("learners:my_learning")).text
    # The lesson is listed once, with both reasons.
    assert my_learning.count(f'href="{world.quiz.url}"') == 1
    assert f"Your certificate for “{world.course.title}” expired" in my_learning
    assert f"Your certificate for “{world.curriculum.title}” expired" in my_learning

    quiz_submit(learner=enrolled, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    assert lesson_renew(learner=enrolled, lesson_id=world.quiz.pk) == 2
    assert Certificate.objects.get(pk=course.pk).superseded_by_id is not None
    # The curriculum still waits for its second course.
    assert Certificate.objects.get(pk=track.pk).superseded_at is None
    lesson_renew(learner=enrolled, lesson_id=world.second_lesson.pk)
    assert Certificate.objects.get(pk=track.pk).superseded_by_id is not None


def test_the_lesson_names_the_curriculum_whose_certificate_expired(
    client, world, track_expired
):
    certificate_expiry_renewals_open()
    client.force_login(track_expired.learner.user)
    page = client.get(world.second_lesson.url).text
    assert f"Your certificate for “{world.curriculum.title}” expired" in page
    assert (
        reverse("learners:lesson_renew", kwargs={"lesson_id": world.second_lesson.pk})
        in page
    )
    my_learning = client.get(reverse("learners:my_learning")).text
    assert "Renew your certificate" in my_learning
    assert world.second_lesson.title in my_learning


def test_an_unpublished_curriculum_opens_nothing(world, track_expired):
    world.curriculum.unpublish()
    run = certificate_expiry_renewals_open(today=track_expired.expires_on)
    assert (run.certificates, run.renewals) == (0, 0)
    assert Certificate.objects.get(pk=track_expired.pk).superseded_at is None
