"""Renewal after expiry (ADR 0023): an expired certificate re-opens checked
lessons, and renewing them issues a fresh certificate.

A course certificate re-opens its course's checked lessons. A curriculum
certificate re-opens those of each required course, except a course the learner
has shown again since the curriculum certificate was issued (its current course
certificate is newer and still counts): that course is not asked for twice.

The daily beat task (``learners.certificate_expiry_renewals``) opens renewals
once per expired certificate: the rows are unique per (certificate, lesson), a
certificate that already has renewals is skipped, and the insert ignores
conflicts, so a second run the same day, a redelivered task or two workers at
once change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from courses import api as courses_api

from ..models import (
    ACTIVE_STATUSES,
    Certificate,
    CertificateKind,
    LessonRenewal,
    MaterialChange,
)
from .certificates import certificate_renew

#: Rows written per INSERT when many certificates expire on one day.
INSERT_BATCH = 1000


@dataclass(frozen=True)
class ExpiryRenewals:
    certificates: int
    renewals: int


def renewal_lesson_ids(outline: courses_api.CourseOutline) -> list[int]:
    """The lessons an expired certificate re-opens: those with a knowledge check
    or a policy to confirm; every required lesson when the course has none."""
    checked = [lesson.id for lesson in outline.lessons if lesson.renews_on_expiry]
    return checked or [lesson.id for lesson in outline.lessons if lesson.required]


def expired_without_renewals(*, today: date):
    """Current course and curriculum certificates of active learners that
    expired by ``today`` and have no renewals yet (revoked ones are not renewed)."""
    return (
        Certificate.objects.filter(
            expires_on__lte=today,
            superseded_at__isnull=True,
            revoked_at__isnull=True,
            learner__status__in=ACTIVE_STATUSES,
        )
        .exclude(Exists(LessonRenewal.objects.filter(certificate=OuterRef("pk"))))
        .order_by("pk")
    )


def certificate_expiry_renewals_open(*, today: date | None = None) -> ExpiryRenewals:
    """Open the renewals of every certificate that expired by ``today``, once.

    Each learner is asked to go through the checked lessons again by
    ``RENEW_WITHIN_DAYS`` from today; the other lessons stay completed. A
    curriculum certificate whose every required course was shown again since it
    was issued has nothing to re-open: it is renewed at once.
    """
    today = today or timezone.localdate()
    certificates = list(
        expired_without_renewals(today=today).values_list(
            "pk", "learner_id", "kind", "course_id", "curriculum_id", "issued_on"
        )
    )
    courses_of = _courses_to_renew(certificates, today)
    outlines = courses_api.course_outlines(
        {course for courses in courses_of.values() for course in courses}
    )
    lessons = {
        course_id: renewal_lesson_ids(outline)
        for course_id, outline in outlines.items()
    }
    due_on = today + timedelta(days=MaterialChange.RENEW_WITHIN_DAYS)
    now = timezone.now()
    rows = [
        LessonRenewal(
            certificate_id=certificate_id,
            learner_id=learner_id,
            course_id=course_id,
            lesson_id=lesson_id,
            due_on=due_on,
            created_at=now,
        )
        for certificate_id, learner_id, *_ in certificates
        for course_id in courses_of.get(certificate_id, ())
        for lesson_id in lessons.get(course_id, ())
    ]
    LessonRenewal.objects.bulk_create(
        rows, batch_size=INSERT_BATCH, ignore_conflicts=True
    )
    opened = {row.certificate_id for row in rows}
    shown_again = [
        certificate_id
        for certificate_id, _, kind, *_ in certificates
        if kind == CertificateKind.CURRICULUM
        and certificate_id in courses_of
        and not courses_of[certificate_id]
    ]
    renewed = certificates_renewed(certificate_ids=shown_again, on=today)
    return ExpiryRenewals(certificates=len(opened) + len(renewed), renewals=len(rows))


def _courses_to_renew(certificates: list[tuple], today: date) -> dict[int, list[int]]:
    """The courses whose checked lessons each expired certificate re-opens.

    A course certificate: its course. A curriculum certificate: its required
    courses, less those whose current course certificate was issued after the
    curriculum's and still counts today. A curriculum that is no longer live
    is left out (nothing to renew against)."""
    curricula = courses_api.curricula_by_ids(
        {curriculum for _, _, kind, _, curriculum, _ in certificates if curriculum}
    )
    learners = {
        learner
        for _, learner, kind, *_ in certificates
        if kind == CertificateKind.CURRICULUM
    }
    shown_since: dict[tuple[int, int], date] = {}
    if learners:
        shown_since = {
            (learner, course): issued
            for learner, course, issued in Certificate.objects.filter(
                Q(expires_on__isnull=True) | Q(expires_on__gt=today),
                kind=CertificateKind.COURSE,
                learner_id__in=learners,
                superseded_at__isnull=True,
                revoked_at__isnull=True,
            ).values_list("learner_id", "course_id", "issued_on")
        }
    courses_of: dict[int, list[int]] = {}
    for certificate_id, learner, kind, course, curriculum, issued_on in certificates:
        if kind == CertificateKind.COURSE:
            courses_of[certificate_id] = [course]
        elif curriculum in curricula:
            courses_of[certificate_id] = [
                course_id
                for course_id in curricula[curriculum].required_course_ids
                if shown_since.get((learner, course_id), issued_on) <= issued_on
            ]
    return courses_of


def certificates_renewed(
    *, certificate_ids: Iterable[int], on: date | None = None
) -> list[Certificate]:
    """Issue a fresh certificate for each of these expired certificates whose
    renewals are all closed; the others wait for their last lesson. A course
    certificate counts for its course's validity, a curriculum certificate for
    its curriculum's."""
    on = on or timezone.localdate()
    still_open = LessonRenewal.objects.filter(
        certificate=OuterRef("pk"), renewed_at__isnull=True
    )
    done = list(
        Certificate.objects.filter(
            pk__in=list(certificate_ids), superseded_at__isnull=True
        )
        .exclude(Exists(still_open))
        .select_related("learner")
    )
    outlines = courses_api.course_outlines({c.course_id for c in done if c.course_id})
    curricula = courses_api.curricula_by_ids(
        {c.curriculum_id for c in done if c.curriculum_id}
    )
    fresh = []
    for certificate in done:
        item = (
            outlines.get(certificate.course_id)
            if certificate.kind == CertificateKind.COURSE
            else curricula.get(certificate.curriculum_id)
        )
        fresh.append(
            certificate_renew(
                certificate=certificate,
                on=on,
                validity_months=item.validity_months if item else None,
            )
        )
    return fresh
