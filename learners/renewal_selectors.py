"""Reads for material changes and renewals (ADR 0023)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail import hooks

from core.hooks import CHANGE_IMPACT_HOOK
from courses import api as courses_api

from . import renewal_permissions
from .models import (
    Certificate,
    CertificateKind,
    LessonRenewal,
    MaterialChange,
    MaterialChangeStatus,
)
from .services.renewals import affected_learner_ids, material_change_preview

HTMX_SCRIPT = "vendor/htmx/htmx.min.js"


def material_change_get(*, change_id: int) -> MaterialChange | None:
    return MaterialChange.objects.filter(pk=change_id).first()


def material_change_page(*, request, change: MaterialChange) -> dict:
    """Everything the change's page shows: the preview while it waits, then the
    progress of the apply, then the outcome and (for a day) the undo."""
    lesson = courses_api.lesson_context(change.lesson_id)
    pending = change.status == MaterialChangeStatus.PENDING and not change.queued_at
    impact = ""
    if pending and not getattr(request, "htmx", False):
        # A lazy id QuerySet: the comparison uses it as a subquery when it can,
        # so the ids of 100,000 people never travel to Python.
        ids = affected_learner_ids(change=change)
        impact = mark_safe(  # noqa: S308 - the hooks return escaped template output
            "".join(
                fn(request, course_id=change.course_id, learner_ids=ids) or ""
                for fn in hooks.get_hooks(CHANGE_IMPACT_HOOK)
            )
        )
    started = change.applied_at or change.created_at
    undo_until = started + timedelta(hours=MaterialChange.UNDO_HOURS)
    return {
        "change": change,
        "lesson": lesson,
        "assessments": [
            found
            for found in (
                courses_api.lesson_context(lesson_id)
                for lesson_id in change.assessment_lesson_ids
            )
            if found is not None
        ],
        "preview": material_change_preview(change=change) if pending else None,
        "impact": impact,
        "can_apply": pending,
        "can_undo": (
            renewal_permissions.can_undo_changes(request.user)
            and change.status
            in (MaterialChangeStatus.APPLIED, MaterialChangeStatus.PENDING)
            and timezone.now() <= undo_until
        ),
        "undo_until": undo_until,
        "htmx": finders.find(HTMX_SCRIPT) is not None,
        "htmx_script": HTMX_SCRIPT,
    }


def certificate_suspension(
    *, certificate: Certificate, today: date | None = None
) -> LessonRenewal | None:
    """The overdue renewal that suspends this course certificate, if any."""
    if certificate.kind != CertificateKind.COURSE:
        return None
    today = today or timezone.localdate()
    return (
        LessonRenewal.objects.filter(
            learner_id=certificate.learner_id,
            course_id=certificate.course_id,
            renewed_at__isnull=True,
            due_on__lte=today,
            change__status=MaterialChangeStatus.APPLIED,
        )
        .select_related("change")
        .order_by("due_on")
        .first()
    )
