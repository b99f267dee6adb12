"""Material changes: record on approval, preview, apply set-based, undo, renew.

ADR 0023. Every write is idempotent: the change is unique per lesson revision,
its renewals unique per (change, learner), and the apply claims the change with
a conditional UPDATE, so a redelivered task or a second approval does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from courses import api as courses_api

from ..models import (
    ACTIVE_STATUSES,
    RENEWAL_LIVE,
    Certificate,
    CertificateKind,
    LessonProgress,
    LessonRenewal,
    MaterialChange,
    MaterialChangeStatus,
)


class RenewalError(Exception):
    """A change or renewal that cannot be made; the message says why."""


def material_change_record(
    *,
    lesson_id: int,
    revision_id: int,
    reason: str,
    actor=None,
    check_changed: bool = False,
    assessment_lesson_ids: tuple[int, ...] = (),
) -> MaterialChange:
    """The material change for this lesson revision, recorded once.

    Approving the same revision twice (or two reviewers at once) finds the same
    row: ``revision_id`` is unique. Nothing is applied yet: the reviewer sees the
    preview first (``material_change_preview``) and then applies it.
    """
    lesson = courses_api.lesson_context(lesson_id)
    if lesson is None:
        raise RenewalError("The lesson is not published.")
    reason = " ".join(reason.split())[:200]
    if not reason:
        raise RenewalError("Say what changed: learners see it when they renew.")
    try:
        with transaction.atomic():
            change, _ = MaterialChange.objects.get_or_create(
                revision_id=revision_id,
                defaults={
                    "lesson_id": lesson_id,
                    "course_id": lesson.course_id,
                    "reason": reason,
                    "check_changed": check_changed,
                    "assessment_lesson_ids": sorted(
                        set(assessment_lesson_ids) - {lesson_id}
                    ),
                    "approved_by": actor,
                    "due_on": timezone.localdate()
                    + timedelta(days=MaterialChange.RENEW_WITHIN_DAYS),
                },
            )
    except IntegrityError:
        change = MaterialChange.objects.get(revision_id=revision_id)
    return change


def _completions(change: MaterialChange) -> QuerySet[LessonProgress]:
    """The completions a change asks to renew: active people who completed the
    lesson, or a course assessment sharing the questions that changed."""
    return LessonProgress.objects.filter(
        lesson_id__in=change.lesson_ids,
        completed_at__isnull=False,
        learner__status__in=ACTIVE_STATUSES,
    )


@dataclass(frozen=True)
class ChangePreview:
    people: int
    departments: int
    certificates: int
    #: Lessons re-opened, one per person and lesson (the lesson and any shared
    #: assessment): what applying writes.
    renewals: int


def material_change_preview(*, change: MaterialChange) -> ChangePreview:
    """Who a change touches, counted in the database (three aggregate queries,
    four when the change re-opens shared assessments too).

    ``certificates``: the learners' current certificates for the lesson's course,
    which are suspended if the renewal is not made by the due date.
    """
    completions = _completions(change)
    learner_ids = completions.values("learner_id")
    renewals = completions.count()
    # Progress is unique per learner and lesson: with one lesson, one row is one
    # person, and the distinct count (slow at scale) is not needed.
    people = (
        learner_ids.distinct().count() if change.assessment_lesson_ids else renewals
    )
    return ChangePreview(
        people=people,
        departments=completions.exclude(learner__department_id__isnull=True)
        .values("learner__department_id")
        .distinct()
        .count(),
        certificates=Certificate.objects.filter(
            kind=CertificateKind.COURSE,
            course_id=change.course_id,
            superseded_at__isnull=True,
            learner_id__in=learner_ids,
        ).count(),
        renewals=renewals,
    )


def affected_learner_ids(*, change: MaterialChange) -> QuerySet:
    """The ids of the learners a change asks to renew (a flat ``values_list``)."""
    ids = _completions(change).values_list("learner_id", flat=True)
    return ids.distinct() if change.assessment_lesson_ids else ids


def material_change_apply_request(*, change: MaterialChange) -> bool:
    """Queue the apply once; False when it was queued or done already."""
    from ..tasks import material_change_apply_task

    queued = MaterialChange.objects.filter(
        pk=change.pk, status=MaterialChangeStatus.PENDING, queued_at__isnull=True
    ).update(queued_at=timezone.now())
    if not queued:
        return False
    material_change_apply_task.delay_on_commit(change.pk)
    return True


def material_change_apply(*, change_id: int) -> MaterialChange:
    """Write one renewal per affected learner, set-based (idempotent).

    The change is claimed with a conditional UPDATE (pending -> applying), so a
    second delivery of the task does nothing; the renewals are inserted with one
    ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``, whatever their number.
    """
    claimed = MaterialChange.objects.filter(
        pk=change_id, status=MaterialChangeStatus.PENDING
    ).update(status=MaterialChangeStatus.APPLYING, progress=10)
    change = MaterialChange.objects.get(pk=change_id)
    if not claimed:
        return change
    try:
        with transaction.atomic():
            created = _renewals_insert(change)
            MaterialChange.objects.filter(pk=change_id).update(
                status=MaterialChangeStatus.APPLIED,
                progress=100,
                renewals_created=created,
                applied_at=timezone.now(),
            )
    except Exception as exc:
        MaterialChange.objects.filter(pk=change_id).update(
            status=MaterialChangeStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:500],
        )
        raise
    change.refresh_from_db()
    return change


def _renewals_insert(change: MaterialChange) -> int:
    progress = LessonProgress._meta.db_table
    learner = LessonProgress._meta.get_field("learner").related_model._meta.db_table
    renewal = LessonRenewal._meta.db_table
    statuses = list(ACTIVE_STATUSES)
    placeholders = ", ".join(["%s"] * len(statuses))
    lessons = change.lesson_ids
    lesson_placeholders = ", ".join(["%s"] * len(lessons))
    sql = (
        f"INSERT INTO {renewal} "  # noqa: S608 - table names from models
        "(change_id, learner_id, lesson_id, course_id, due_on, created_at) "
        f"SELECT %s, p.learner_id, p.lesson_id, %s, %s, %s FROM {progress} p "
        f"JOIN {learner} l ON l.id = p.learner_id "
        f"WHERE p.lesson_id IN ({lesson_placeholders}) "
        "AND p.completed_at IS NOT NULL "
        f"AND l.status IN ({placeholders}) "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                change.pk,
                change.course_id,
                change.due_on,
                timezone.now(),
                *lessons,
                *statuses,
            ],
        )
        return max(cursor.rowcount, 0)


def material_change_undo(*, change: MaterialChange, actor) -> MaterialChange:
    """Take a change back within ``UNDO_HOURS``: its renewals go, with a log entry."""
    from wagtail.log_actions import log

    if change.status == MaterialChangeStatus.UNDONE:
        return change
    started = change.applied_at or change.created_at
    if timezone.now() - started > timedelta(hours=MaterialChange.UNDO_HOURS):
        raise RenewalError("A change can only be undone within a day.")
    if change.status == MaterialChangeStatus.APPLYING:
        raise RenewalError("The change is still being applied; try again shortly.")
    with transaction.atomic():
        locked = MaterialChange.objects.select_for_update().get(pk=change.pk)
        if locked.status == MaterialChangeStatus.UNDONE:
            return locked
        removed, _ = LessonRenewal.objects.filter(change=locked).delete()
        locked.status = MaterialChangeStatus.UNDONE
        locked.undone_at = timezone.now()
        locked.undone_by = actor
        locked.save(update_fields=["status", "undone_at", "undone_by"])
        log(
            instance=locked,
            action="learners.material_change_undo",
            user=actor,
            data={
                "lesson_id": locked.lesson_id,
                "revision_id": locked.revision_id,
                "renewals_removed": removed,
            },
        )
    return locked


def lesson_renew(*, learner, lesson_id: int) -> int:
    """The learner has gone through the lesson again: close their open renewals
    of it (restoring a suspended certificate). When a change gave the lesson's
    knowledge check other questions, or the renewal follows an expired
    certificate, a pass since then is needed; a policy lesson needs the current
    version confirmed. Closing the last renewal of an expired certificate issues
    a fresh one. Returns how many renewals closed."""
    open_renewals = LessonRenewal.objects.filter(
        learner=learner, lesson_id=lesson_id, renewed_at__isnull=True
    ).select_related("change")
    renewals = list(open_renewals)
    if not renewals:
        return 0
    lesson = courses_api.lesson_context(lesson_id)
    if lesson is not None:
        _renewal_requirements_check(learner, lesson, renewals)
    closed = open_renewals.update(renewed_at=timezone.now())
    expired = {r.certificate_id for r in renewals if r.certificate_id is not None}
    if expired:
        from .expiry import certificates_renewed

        certificates_renewed(certificate_ids=expired)
    return closed


def _renewal_requirements_check(learner, lesson, renewals: list) -> None:
    """Raise ``RenewalError`` unless the learner may close these renewals."""
    from ..models import PolicyConfirmation, QuizAttempt

    if lesson.attestation is not None and not (
        PolicyConfirmation.objects.filter(
            learner=learner,
            policy=lesson.attestation.policy,
            version=lesson.attestation.version,
        ).exists()
    ):
        raise RenewalError(
            f"Confirm {lesson.attestation.policy} version "
            f"{lesson.attestation.version} first."
        )
    since = [
        r.change.created_at if r.change_id is not None else r.created_at
        for r in renewals
        if r.certificate_id is not None or r.change.check_changed
    ]
    if (
        lesson.has_knowledge_check
        and since
        and not QuizAttempt.objects.filter(
            learner=learner,
            lesson_id=lesson.id,
            passed=True,
            submitted_at__gte=min(since),
        ).exists()
    ):
        raise RenewalError("Pass the lesson's knowledge check again to renew it.")


def open_renewals_for(*, learner) -> list[LessonRenewal]:
    """The learner's open renewals, soonest due first, with the change's reason."""
    return list(
        LessonRenewal.objects.filter(
            RENEWAL_LIVE, learner=learner, renewed_at__isnull=True
        )
        .select_related("change", "certificate")
        .order_by("due_on", "pk")
    )


def renewal_overdue(*, today: date | None = None) -> QuerySet[LessonRenewal]:
    today = today or timezone.localdate()
    return LessonRenewal.objects.filter(renewed_at__isnull=True, due_on__lte=today)
