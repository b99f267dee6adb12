"""A manager's actions on several people at once: assign a course, nudge, undo.

Every action checks the whole selection first and refuses it whole — nothing
written, nothing sent — when it names anyone outside the manager's reporting line,
anyone who has left or is on leave, or more than ``BULK_LIMIT`` people. The writes
are set-based (a fixed number of queries whatever the selection) and idempotent:
an assignment's form token is unique, enrolments are unique per person and course,
and a nudge claims the once-a-day delivery row before its email goes out.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses import api as courses_api

from ..models import (
    Assignment,
    AuditAction,
    AuditEvent,
    CourseEnrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Learner,
    LearnerStatus,
    ReminderDelivery,
    ReminderKind,
)
from ..selectors import learner_reporting_subtree
from .audit import audit_record_many
from .reminders import _send, _with_course_title

#: Most people one bulk action may name.
BULK_LIMIT = 500
#: Why someone cannot be assigned or nudged, by status.
UNAVAILABLE = {
    LearnerStatus.LEFT: "has left",
    LearnerStatus.ON_LEAVE: "is on leave",
}


class TeamActionRefused(Exception):
    """The selection cannot be acted on; the message says why, for people."""


def unavailable_reason(status: str) -> str:
    """'has left', 'is on leave', or '' for someone who can be assigned."""
    return UNAVAILABLE.get(status, "")


def _selection(*, manager: Learner, learner_ids: Iterable[int]) -> list[Learner]:
    """The selected people, after refusing any selection that is not allowed."""
    ids = sorted({int(i) for i in learner_ids})
    if not ids:
        raise TeamActionRefused("Choose at least one person.")
    if len(ids) > BULK_LIMIT:
        raise TeamActionRefused(
            f"You chose {len(ids)} people; one action can include at most "
            f"{BULK_LIMIT}. Narrow the filters and try again. Nothing was changed."
        )
    people = list(
        learner_reporting_subtree(manager_id=manager.pk)
        .filter(id__in=ids)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if len(people) != len(ids):
        outside = len(ids) - len(people)
        raise TeamActionRefused(
            f"{outside} of the people chosen {'is' if outside == 1 else 'are'} not "
            "in your reporting line. Nothing was changed."
        )
    away = [p for p in people if p.status in UNAVAILABLE]
    if away:
        names = "; ".join(f"{p.full_name} {UNAVAILABLE[p.status]}" for p in away)
        raise TeamActionRefused(
            f"Only people who are at work can be assigned or nudged: {names}. "
            "Nothing was changed."
        )
    return people


# --- assign ------------------------------------------------------------------------


def assignment_create(
    *,
    manager: Learner,
    actor,
    learner_ids: Iterable[int],
    course_id: int,
    due_date: date,
    token: uuid.UUID,
) -> tuple[Assignment, bool]:
    """Assign one course to the selected people, due on ``due_date``.

    People already enrolled keep their enrolment (and progress); an open one takes
    the new due date. Returns the assignment and whether this call made it (False
    when ``token`` was already used: a double submit changes nothing).
    """
    existing = Assignment.objects.filter(token=token).first()
    if existing is not None:
        return existing, False
    people = _selection(manager=manager, learner_ids=learner_ids)
    outline = courses_api.course_outline(course_id)
    if outline is None:
        raise TeamActionRefused("That course does not exist or is not published.")
    if due_date < timezone.localdate():
        raise TeamActionRefused("The due date cannot be in the past.")
    try:
        with transaction.atomic():
            return _assign(manager, actor, people, outline, due_date, token), True
    except IntegrityError:
        # The same form posted twice at once: the other request made it.
        existing = Assignment.objects.filter(token=token).first()
        if existing is None:
            raise
        return existing, False


def _assign(manager, actor, people, outline, due_date, token) -> Assignment:
    assigned_by = actor if actor is not None and actor.is_authenticated else None
    assignment = Assignment.objects.create(
        token=token,
        manager=manager,
        actor=assigned_by,
        course_id=outline.id,
        due_date=due_date,
        learner_ids=[p.pk for p in people],
    )
    ids = [p.pk for p in people]
    before = {
        row["learner_id"]: row
        for row in CourseEnrolment.objects.select_for_update()
        .filter(course_id=outline.id, learner_id__in=ids)
        .values("id", "learner_id", "due_date", "status")
    }
    required = sum(1 for lesson in outline.lessons if lesson.required)
    CourseEnrolment.objects.bulk_create(
        [
            CourseEnrolment(
                learner_id=learner_id,
                course_id=outline.id,
                source=EnrolmentSource.MANAGER,
                assigned_by=assigned_by,
                due_date=due_date,
                required_lessons_total=required,
            )
            for learner_id in ids
            if learner_id not in before
        ],
        batch_size=500,
    )
    moved = {
        row["id"]: row["due_date"].isoformat() if row["due_date"] else ""
        for row in before.values()
        if row["status"] != EnrolmentStatus.COMPLETED and row["due_date"] != due_date
    }
    CourseEnrolment.objects.filter(id__in=list(moved)).update(due_date=due_date)
    created = list(
        CourseEnrolment.objects.filter(course_id=outline.id, learner_id__in=ids)
        .exclude(learner_id__in=list(before))
        .values_list("id", flat=True)
    )
    assignment.created_enrolment_ids = sorted(created)
    assignment.previous_due_dates = {str(k): v for k, v in moved.items()}
    assignment.save(update_fields=["created_enrolment_ids", "previous_due_dates"])
    summary = (
        f"Enrolled in “{outline.title}” by their manager, due {due_date:%-d %B %Y}."
    )
    audit_record_many(
        AuditEvent(
            learner_id=learner_id,
            actor=assigned_by,
            action=AuditAction.ASSIGNED,
            summary=summary,
            data={
                "course_id": outline.id,
                "source": EnrolmentSource.MANAGER,
                "created": learner_id not in before,
                "assignment_id": assignment.pk,
            },
        )
        for learner_id in ids
    )
    return assignment


@dataclass(frozen=True)
class AssignmentSummary:
    assignment: Assignment
    course_title: str
    created: list[str]  # names of people newly enrolled
    moved: list[str]  # names of people whose open enrolment took the new due date
    unchanged: list[str]  # already enrolled (completed, or due that day already)
    can_undo: bool
    undo_until: datetime | None = None
    names: dict[int, str] = field(default_factory=dict, repr=False)


def assignment_for_manager(*, manager: Learner, assignment_id: int) -> Assignment:
    """The manager's own assignment; DoesNotExist for anyone else's."""
    return Assignment.objects.get(pk=assignment_id, manager=manager)


def assignment_summary(*, assignment: Assignment) -> AssignmentSummary:
    """Who the assignment enrolled, moved or left alone (three queries)."""
    people = {
        p.pk: p.full_name
        for p in Learner.objects.filter(id__in=assignment.learner_ids)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    }
    by_enrolment = dict(
        CourseEnrolment.objects.filter(
            id__in=[
                *assignment.created_enrolment_ids,
                *map(int, assignment.previous_due_dates),
            ]
        ).values_list("id", "learner_id")
    )
    created_ids = {by_enrolment.get(i) for i in assignment.created_enrolment_ids}
    moved_ids = {by_enrolment.get(int(i)) for i in assignment.previous_due_dates}
    title = courses_api.course_title_query(course_id=assignment.course_id).first()
    undo_until = assignment.created_at + timedelta(minutes=Assignment.UNDO_MINUTES)
    return AssignmentSummary(
        assignment=assignment,
        course_title=title["title"] if title else "",
        created=[n for i, n in people.items() if i in created_ids],
        moved=[n for i, n in people.items() if i in moved_ids],
        unchanged=[
            n for i, n in people.items() if i not in created_ids and i not in moved_ids
        ],
        can_undo=assignment.undone_at is None and timezone.now() < undo_until,
        undo_until=undo_until,
        names=people,
    )


@dataclass(frozen=True)
class UndoResult:
    removed: int
    kept_started: int
    restored: int


def assignment_undo(*, manager: Learner, assignment_id: int, actor) -> UndoResult:
    """Take back an assignment made less than ``UNDO_MINUTES`` ago.

    Removes the enrolments it created (unless the person has already started one:
    their progress stays) and puts back the due dates it moved. Enrolments that
    existed before it are never removed. A second undo changes nothing.
    """
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update()
            .filter(pk=assignment_id, manager=manager)
            .first()
        )
        if assignment is None:
            raise Assignment.DoesNotExist
        if assignment.undone_at is not None:
            raise TeamActionRefused("This assignment has already been undone.")
        deadline = assignment.created_at + timedelta(minutes=Assignment.UNDO_MINUTES)
        if timezone.now() >= deadline:
            raise TeamActionRefused(
                f"An assignment can be undone for {Assignment.UNDO_MINUTES} minutes; "
                "this one is older. Nothing was changed."
            )
        created = CourseEnrolment.objects.filter(
            id__in=assignment.created_enrolment_ids
        )
        untouched = created.filter(
            status=EnrolmentStatus.NOT_STARTED, required_lessons_completed=0
        )
        removed_learners = list(untouched.values_list("learner_id", flat=True))
        kept = created.count() - len(removed_learners)
        untouched.delete()
        restored = 0
        for enrolment_id, previous in assignment.previous_due_dates.items():
            restored += CourseEnrolment.objects.filter(
                id=int(enrolment_id), due_date=assignment.due_date
            ).update(due_date=date.fromisoformat(previous) if previous else None)
        assignment.undone_at = timezone.now()
        assignment.save(update_fields=["undone_at"])
        by = actor if actor is not None and actor.is_authenticated else None
        audit_record_many(
            AuditEvent(
                learner_id=learner_id,
                actor=by,
                action=AuditAction.ASSIGNED,
                summary="Their manager undid an assignment made minutes before.",
                data={"assignment_id": assignment.pk, "undone": True},
            )
            for learner_id in assignment.learner_ids
        )
    return UndoResult(
        removed=len(removed_learners), kept_started=kept, restored=restored
    )


# --- nudge -------------------------------------------------------------------------


@dataclass(frozen=True)
class NudgeResult:
    sent: list[str]
    already_today: list[str]


def learners_nudge(
    *, manager: Learner, learner_ids: Iterable[int], sender
) -> NudgeResult:
    """Send one reminder to each selected person, at most one per person per day.

    The delivery rows are claimed first (unique per person, kind and day), so a
    double submit, or two managers of the same person, send nothing twice.
    """
    people = _selection(manager=manager, learner_ids=learner_ids)
    today = timezone.localdate()
    ids = [p.pk for p in people]
    claimed: set[int] = set()
    already = set(
        ReminderDelivery.objects.filter(
            learner_id__in=ids, kind=ReminderKind.NUDGE, sent_on=today
        ).values_list("learner_id", flat=True)
    )
    by = sender if sender is not None and sender.is_authenticated else None
    open_rows = defaultdict(list)
    for enrolment in _with_course_title(
        CourseEnrolment.objects.filter(learner_id__in=ids)
        .exclude(status=EnrolmentStatus.COMPLETED)
        .order_by("due_date", "pk")
    ):
        open_rows[enrolment.learner_id].append(enrolment)
    for person in people:
        if person.pk in already:
            continue
        # One row per person (not one bulk insert) so a race loses only that person.
        try:
            with transaction.atomic():
                ReminderDelivery.objects.create(
                    learner_id=person.pk,
                    kind=ReminderKind.NUDGE,
                    sent_on=today,
                    item_count=len(open_rows[person.pk]),
                    sender=by,
                )
        except IntegrityError:
            already.add(person.pk)
            continue
        claimed.add(person.pk)
    for person in people:
        if person.pk not in claimed:
            continue
        _send(
            to=person.user.email,
            subject=f"A reminder from {manager.full_name} about your academy courses",
            template="nudge",
            context={
                "learner": person,
                "manager": manager,
                "enrolments": open_rows[person.pk],
                "today": today,
            },
        )
    ReminderDelivery.objects.filter(
        learner_id__in=claimed, kind=ReminderKind.NUDGE, sent_on=today
    ).update(sent_at=timezone.now())
    audit_record_many(
        AuditEvent(
            learner_id=person.pk,
            actor=by,
            action=AuditAction.NUDGED,
            summary=f"Nudged by {manager.full_name} about "
            f"{len(open_rows[person.pk])} open course"
            f"{'s' if len(open_rows[person.pk]) != 1 else ''}.",
        )
        for person in people
        if person.pk in claimed
    )
    return NudgeResult(
        sent=[p.full_name for p in people if p.pk in claimed],
        already_today=[p.full_name for p in people if p.pk in already],
    )


def new_token() -> uuid.UUID:
    return uuid.uuid4()
