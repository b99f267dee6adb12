"""Renewal after expiry (ADR 0023): an expired course certificate re-opens the
course's checked lessons, and renewing them issues a fresh certificate.

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

from django.db.models import Exists, OuterRef
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
    """Current course certificates of active learners that expired by ``today``
    and have no renewals yet (revoked ones are not renewed)."""
    return (
        Certificate.objects.filter(
            kind=CertificateKind.COURSE,
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

    Each learner is asked to go through the course's checked lessons again by
    ``RENEW_WITHIN_DAYS`` from today; the other lessons stay completed.
    """
    today = today or timezone.localdate()
    certificates = list(
        expired_without_renewals(today=today).values_list(
            "pk", "learner_id", "course_id"
        )
    )
    outlines = courses_api.course_outlines({course for _, _, course in certificates})
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
        for certificate_id, learner_id, course_id in certificates
        for lesson_id in lessons.get(course_id, ())
    ]
    LessonRenewal.objects.bulk_create(
        rows, batch_size=INSERT_BATCH, ignore_conflicts=True
    )
    opened = {row.certificate_id for row in rows}
    return ExpiryRenewals(certificates=len(opened), renewals=len(rows))


def certificates_renewed(
    *, certificate_ids: Iterable[int], on: date | None = None
) -> list[Certificate]:
    """Issue a fresh certificate for each of these expired certificates whose
    renewals are all closed; the others wait for their last lesson."""
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
    outlines = courses_api.course_outlines({c.course_id for c in done})
    fresh = []
    for certificate in done:
        outline = outlines.get(certificate.course_id)
        fresh.append(
            certificate_renew(
                certificate=certificate,
                on=on,
                validity_months=outline.validity_months if outline else None,
            )
        )
    return fresh
