"""Enrolments: from roles, managers, admins and learners themselves.

A role brings its curriculum and the curriculum's required courses, each due
``due_in_days`` after the day the role was given. Syncing is set-based (a handful of
queries per role, whatever the number of people), never duplicates (unique
constraints plus ``ignore_conflicts``) and never removes anything: past progress stays
when a role changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from courses import api as courses_api

from ..models import (
    ACTIVE_STATUSES,
    AuditAction,
    AuditEvent,
    CourseEnrolment,
    CurriculumEnrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Learner,
)
from .audit import audit_record, audit_record_many


class EnrolmentError(Exception):
    """A request to enrol that cannot be honoured; the message is for people."""


@dataclass(frozen=True)
class SyncCounts:
    curriculum_enrolments_created: int = 0
    course_enrolments_created: int = 0


def _today() -> date:
    return timezone.localdate()


def enrolments_sync_for_learners(
    *, learner_ids: Iterable[int], actor=None, today: date | None = None
) -> SyncCounts:
    """Enrol each active learner in their role's curriculum and its required courses."""
    today = today or _today()
    by_role: dict[int, list[int]] = defaultdict(list)
    for learner_id, role_id in Learner.objects.filter(
        id__in=list(learner_ids), status__in=ACTIVE_STATUSES, role__isnull=False
    ).values_list("id", "role_id"):
        by_role[role_id].append(learner_id)
    created_curricula = created_courses = 0
    for role_id, ids in by_role.items():
        curriculum = courses_api.curriculum_for_role(role_id)
        if curriculum is None:
            continue
        a, b = _sync_curriculum(curriculum, ids, actor=actor, today=today)
        created_curricula += a
        created_courses += b
    return SyncCounts(created_curricula, created_courses)


def enrolments_sync_for_curriculum(*, curriculum_id: int) -> SyncCounts:
    """Retroactive: everyone with the curriculum's role gets what it now requires."""
    curriculum = courses_api.curriculum_by_id(curriculum_id)
    if curriculum is None or curriculum.role_id is None:
        return SyncCounts()
    ids = list(
        Learner.objects.filter(
            role_id=curriculum.role_id, status__in=ACTIVE_STATUSES
        ).values_list("id", flat=True)
    )
    created = _sync_curriculum(curriculum, ids, actor=None, today=_today())
    curriculum_totals_refresh(curriculum_id=curriculum_id)
    return SyncCounts(*created)


@transaction.atomic
def _sync_curriculum(curriculum, learner_ids: list[int], *, actor, today: date):
    required = [c for c in curriculum.courses if c.required]
    required_ids = [c.course_id for c in required]
    lesson_totals = courses_api.course_required_lesson_counts(required_ids)
    assigned_by = actor if actor is not None and actor.is_authenticated else None

    have_curriculum = set(
        CurriculumEnrolment.objects.filter(
            curriculum_id=curriculum.id, learner_id__in=learner_ids
        ).values_list("learner_id", flat=True)
    )
    due_last = max((c.due_in_days for c in required), default=None)
    new_curricula = [
        CurriculumEnrolment(
            learner_id=learner_id,
            curriculum_id=curriculum.id,
            source=EnrolmentSource.ROLE,
            assigned_by=assigned_by,
            due_date=today + timedelta(days=due_last) if due_last is not None else None,
            required_courses_total=len(required_ids),
        )
        for learner_id in learner_ids
        if learner_id not in have_curriculum
    ]
    CurriculumEnrolment.objects.bulk_create(new_curricula, ignore_conflicts=True)

    have_course = set(
        CourseEnrolment.objects.filter(
            learner_id__in=learner_ids, course_id__in=required_ids
        ).values_list("learner_id", "course_id")
    )
    new_courses = [
        CourseEnrolment(
            learner_id=learner_id,
            course_id=course.course_id,
            source=EnrolmentSource.ROLE,
            assigned_by=assigned_by,
            due_date=today + timedelta(days=course.due_in_days),
            required_lessons_total=lesson_totals.get(course.course_id, 0),
        )
        for learner_id in learner_ids
        for course in required
        if (learner_id, course.course_id) not in have_course
    ]
    CourseEnrolment.objects.bulk_create(
        new_courses, ignore_conflicts=True, batch_size=2000
    )

    new_learners = {e.learner_id for e in new_curricula}
    if new_learners:
        # Courses finished before the role arrived still count towards it.
        _curriculum_counters_refresh(curriculum.id, required_ids, new_learners)
    actor_user = assigned_by
    audit_record_many(
        AuditEvent(
            learner_id=e.learner_id,
            actor=actor_user,
            action=AuditAction.ENROLLED,
            summary=(
                f"Enrolled in the curriculum “{curriculum.title}” through their role."
            ),
            data={"curriculum_id": curriculum.id, "source": EnrolmentSource.ROLE},
        )
        for e in new_curricula
    )
    return len(new_curricula), len(new_courses)


def _curriculum_counters_refresh(
    curriculum_id: int, required_ids: list[int], learner_ids: Iterable[int]
) -> None:
    done = dict(
        CourseEnrolment.objects.filter(
            learner_id__in=list(learner_ids),
            course_id__in=required_ids,
            status=EnrolmentStatus.COMPLETED,
        )
        .values("learner_id")
        .annotate(n=Count("id"))
        .values_list("learner_id", "n")
    )
    rows = list(
        CurriculumEnrolment.objects.filter(
            curriculum_id=curriculum_id, learner_id__in=list(learner_ids)
        ).exclude(status=EnrolmentStatus.COMPLETED)
    )
    for row in rows:
        row.required_courses_total = len(required_ids)
        row.required_courses_completed = done.get(row.learner_id, 0)
        row.progress = (
            row.required_courses_completed / row.required_courses_total
            if row.required_courses_total
            else 0.0
        )
        if row.required_courses_completed and row.status == EnrolmentStatus.NOT_STARTED:
            row.status = EnrolmentStatus.IN_PROGRESS
    CurriculumEnrolment.objects.bulk_update(
        rows,
        ["required_courses_total", "required_courses_completed", "progress", "status"],
        batch_size=2000,
    )
    from .progress import curriculum_check_completion

    for row in rows:
        if row.required_courses_total and (
            row.required_courses_completed >= row.required_courses_total
        ):
            curriculum_check_completion(enrolment_id=row.pk)


def curriculum_totals_refresh(*, curriculum_id: int) -> None:
    """After L&D changes a curriculum, recount every open enrolment in it."""
    curriculum = courses_api.curriculum_by_id(curriculum_id)
    if curriculum is None:
        return
    required_ids = [c.course_id for c in curriculum.courses if c.required]
    learner_ids = CurriculumEnrolment.objects.filter(
        curriculum_id=curriculum_id
    ).values_list("learner_id", flat=True)
    _curriculum_counters_refresh(curriculum_id, required_ids, list(learner_ids))


def course_totals_refresh(*, course_id: int) -> None:
    """After L&D adds or removes required lessons, recount open enrolments."""
    from ..models import LessonProgress

    total = courses_api.course_required_lesson_counts([course_id]).get(course_id, 0)
    required_lessons = courses_api.course_required_lesson_ids(course_id)
    done = dict(
        LessonProgress.objects.filter(
            course_id=course_id,
            lesson_id__in=required_lessons,
            completed_at__isnull=False,
        )
        .values("learner_id")
        .annotate(n=Count("id"))
        .values_list("learner_id", "n")
    )
    rows = list(
        CourseEnrolment.objects.filter(course_id=course_id).exclude(
            status=EnrolmentStatus.COMPLETED
        )
    )
    for row in rows:
        row.required_lessons_total = total
        row.required_lessons_completed = min(done.get(row.learner_id, 0), total)
        row.progress = row.required_lessons_completed / total if total else 0.0
    CourseEnrolment.objects.bulk_update(
        rows,
        ["required_lessons_total", "required_lessons_completed", "progress"],
        batch_size=2000,
    )
    from .progress import course_check_completion

    for row in rows:
        if total and row.required_lessons_completed >= total:
            course_check_completion(enrolment_id=row.pk)


def course_enrol(
    *,
    learner: Learner,
    course_id: int,
    source: str,
    actor=None,
    due_date: date | None = None,
) -> tuple[CourseEnrolment, bool]:
    """Enrol one learner in one course; a second call returns the same row.

    An existing enrolment keeps its source and progress; a later, explicit due date
    (from a manager or admin) replaces an empty one or an earlier one.
    """
    outline = courses_api.course_outline(course_id)
    if outline is None:
        raise EnrolmentError("That course does not exist or is not published.")
    if due_date is not None and due_date < _today():
        raise EnrolmentError("The due date cannot be in the past.")
    assigned_by = actor if actor is not None and actor.is_authenticated else None
    defaults = {
        "source": source,
        "assigned_by": assigned_by,
        "due_date": due_date,
        "required_lessons_total": sum(
            1 for lesson in outline.lessons if lesson.required
        ),
    }
    try:
        with transaction.atomic():
            enrolment, created = CourseEnrolment.objects.get_or_create(
                learner=learner, course_id=course_id, defaults=defaults
            )
    except IntegrityError:
        enrolment, created = (
            CourseEnrolment.objects.get(learner=learner, course_id=course_id),
            False,
        )
    if (
        not created
        and due_date is not None
        and not enrolment.is_completed
        and enrolment.due_date != due_date
    ):
        CourseEnrolment.objects.filter(pk=enrolment.pk).update(due_date=due_date)
        enrolment.due_date = due_date
    if created or source in (EnrolmentSource.MANAGER, EnrolmentSource.ADMIN):
        who = "themself" if source == EnrolmentSource.SELF else "their manager"
        if source == EnrolmentSource.ADMIN:
            who = "an academy admin"
        due = f", due {due_date:%-d %B %Y}" if due_date else ""
        audit_record(
            learner_id=learner.pk,
            actor=assigned_by,
            action=(
                AuditAction.ASSIGNED
                if source == EnrolmentSource.MANAGER
                else AuditAction.ENROLLED
            ),
            summary=f"Enrolled in “{outline.title}” by {who}{due}.",
            data={"course_id": course_id, "source": source, "created": created},
        )
    return enrolment, created


def learner_role_changed(
    *, learner: Learner, old_role_id: int | None, actor=None
) -> None:
    """Record a role change and enrol the person in the new role's curriculum."""
    if learner.role_id == old_role_id:
        return
    new = learner.role.name if learner.role_id else "no role"
    audit_record(
        learner_id=learner.pk,
        actor=actor,
        action=AuditAction.ROLE_CHANGED,
        summary=f"Role changed to {new}.",
        data={"old_role_id": old_role_id, "new_role_id": learner.role_id},
    )
    enrolments_sync_for_learners(learner_ids=[learner.pk], actor=actor)
