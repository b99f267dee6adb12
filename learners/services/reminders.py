"""Reminder emails: due soon, overdue, and the weekly manager digest.

A delivery row (unique per learner, kind and day) is written before an email is
sent, so a re-run on the same day — or two workers at once — sends nothing twice.
Learners who switched reminders off get none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from courses import api as courses_api

from ..models import (
    ACTIVE_STATUSES,
    Certificate,
    CourseEnrolment,
    EnrolmentStatus,
    Learner,
    ReminderDelivery,
    ReminderKind,
)

DUE_SOON_DAYS = 7


def _with_course_title(enrolments: QuerySet[CourseEnrolment]) -> QuerySet:
    """Each enrolment with ``course_title``, read in the same query."""
    return enrolments.annotate(
        course_title=Subquery(
            courses_api.course_title_query(course_id=OuterRef("course_id"))
        )
    )


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    skipped_already_sent: int


def _claim(
    learner_id: int,
    kind: str,
    on: date,
    count: int,
    sender=None,
    certificate: Certificate | None = None,
) -> bool:
    """Write the delivery row; False if one exists (already sent today, or for
    an expiry reminder: already sent for this certificate's expiry date)."""
    try:
        with transaction.atomic():
            ReminderDelivery.objects.create(
                learner_id=learner_id,
                kind=kind,
                sent_on=on,
                item_count=count,
                sender=sender,
                certificate=certificate,
                certificate_expires_on=certificate.expires_on if certificate else None,
            )
    except IntegrityError:
        return False
    return True


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    context = {**context, "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")}
    text = render_to_string(f"learners/email/{template}.txt", context)
    html = render_to_string(f"learners/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def _open_enrolments(**filters):
    return _with_course_title(
        CourseEnrolment.objects.filter(
            learner__status__in=ACTIVE_STATUSES,
            learner__reminder_emails=True,
            learner__user__is_active=True,
            due_date__isnull=False,
            **filters,
        )
        .exclude(status=EnrolmentStatus.COMPLETED)
        .select_related("learner__user")
        .order_by("learner_id", "due_date")
    )


def _learner_reminders(kind: str, enrolments, today: date) -> ReminderRun:
    by_learner: dict[int, list[CourseEnrolment]] = defaultdict(list)
    for enrolment in enrolments:
        by_learner[enrolment.learner_id].append(enrolment)
    sent = skipped = 0
    for items in by_learner.values():
        learner = items[0].learner
        if not _claim(learner.pk, kind, today, len(items)):
            skipped += 1
            continue
        subject = (
            "Your academy courses are overdue"
            if kind == ReminderKind.OVERDUE
            else "Academy courses due this week"
        )
        _send(
            to=learner.user.email,
            subject=subject,
            template=kind,
            context={"learner": learner, "enrolments": items, "today": today},
        )
        ReminderDelivery.objects.filter(
            learner_id=learner.pk, kind=kind, sent_on=today
        ).update(sent_at=timezone.now())
        sent += 1
    return ReminderRun(sent, skipped)


def reminders_due_soon_send(*, today: date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    enrolments = _open_enrolments(
        due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
    )
    return _learner_reminders(ReminderKind.DUE_SOON, enrolments, today)


def reminders_overdue_send(*, today: date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    return _learner_reminders(
        ReminderKind.OVERDUE, _open_enrolments(due_date__lt=today), today
    )


def manager_digests_send(*, today: date | None = None) -> ReminderRun:
    """Each manager (reminders on) gets their whole reporting line's overdue items."""
    from ..selectors import learner_reporting_subtree_sql

    today = today or timezone.localdate()
    managers = (
        Learner.objects.filter(
            status__in=ACTIVE_STATUSES,
            reminder_emails=True,
            user__is_active=True,
            direct_reports__isnull=False,
        )
        .distinct()
        .select_related("user")
    )
    sent = skipped = 0
    for manager in managers:
        overdue = list(
            _with_course_title(
                CourseEnrolment.objects.filter(
                    learner_id__in=learner_reporting_subtree_sql(manager_id=manager.pk),
                    learner__status__in=ACTIVE_STATUSES,
                    due_date__lt=today,
                )
                .exclude(status=EnrolmentStatus.COMPLETED)
                .select_related("learner__user")
                .order_by("due_date")
            )
        )
        if not overdue:
            continue
        if not _claim(manager.pk, ReminderKind.MANAGER_DIGEST, today, len(overdue)):
            skipped += 1
            continue
        people = len({e.learner_id for e in overdue})
        _send(
            to=manager.user.email,
            subject=(
                f"Weekly academy digest: {people} of your team have overdue courses"
            ),
            template="manager_digest",
            context={
                "manager": manager,
                "enrolments": overdue,
                "today": today,
                "people": people,
            },
        )
        ReminderDelivery.objects.filter(
            learner_id=manager.pk, kind=ReminderKind.MANAGER_DIGEST, sent_on=today
        ).update(sent_at=timezone.now())
        sent += 1
    return ReminderRun(sent, skipped)


#: Days before expiry at which learners and their managers are reminded, with
#: the learner's and the manager's delivery kinds: the nearest threshold first.
EXPIRY_THRESHOLDS = (
    (7, ReminderKind.EXPIRY_7, ReminderKind.MANAGER_EXPIRY_7),
    (30, ReminderKind.EXPIRY_30, ReminderKind.MANAGER_EXPIRY_30),
)


def certificate_expiry_reminders_send(*, today: date | None = None) -> ReminderRun:
    """Remind each learner (and their manager) of certificates about to expire.

    A certificate expiring within 30 days is reminded once at the 30-day
    threshold, within 7 days once more at the 7-day one; a run that missed a day
    catches up with the nearest threshold only. Idempotent: the delivery row is
    unique per certificate, expiry date and kind, so a re-run sends nothing twice.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=max(days for days, *_ in EXPIRY_THRESHOLDS))
    certificates = (
        Certificate.objects.filter(
            expires_on__gt=today,
            expires_on__lte=horizon,
            learner__status__in=ACTIVE_STATUSES,
            learner__user__is_active=True,
        )
        .select_related("learner__user", "learner__manager__user")
        .order_by("expires_on", "pk")
    )
    sent = skipped = 0
    for certificate in certificates:
        days_left = (certificate.expires_on - today).days
        days, kind, manager_kind = next(
            item for item in EXPIRY_THRESHOLDS if days_left <= item[0]
        )
        learner = certificate.learner
        recipients = []
        if learner.reminder_emails:
            recipients.append((learner, kind, "certificate_expiry"))
        manager = learner.manager
        if (
            manager is not None
            and manager.reminder_emails
            and manager.status in ACTIVE_STATUSES
            and manager.user.is_active
        ):
            recipients.append((manager, manager_kind, "certificate_expiry_manager"))
        for person, person_kind, template in recipients:
            if not _claim(person.pk, person_kind, today, 1, certificate=certificate):
                skipped += 1
                continue
            _send(
                to=person.user.email,
                subject=(
                    f"Certificate “{certificate.item_title}” expires on "
                    f"{certificate.expires_on:%-d %B %Y}"
                    if person is learner
                    else f"{learner.full_name}'s certificate “"
                    f"{certificate.item_title}” expires on "
                    f"{certificate.expires_on:%-d %B %Y}"
                ),
                template=template,
                context={
                    "learner": learner,
                    "manager": manager,
                    "certificate": certificate,
                    "days_left": days_left,
                    "threshold": days,
                },
            )
            ReminderDelivery.objects.filter(
                learner_id=person.pk,
                kind=person_kind,
                certificate=certificate,
                certificate_expires_on=certificate.expires_on,
            ).update(sent_at=timezone.now())
            sent += 1
    return ReminderRun(sent, skipped)


class NotInTeam(Exception):
    """The person is not in the manager's reporting line."""


def learner_nudge(*, manager: Learner, learner_id: int, sender) -> bool:
    """Send one friendly reminder from a manager; at most one per person per day.

    Returns False when a nudge already went out today (nothing is sent).
    """
    from ..selectors import learner_is_in_subtree
    from .audit import audit_record

    if not learner_is_in_subtree(manager_id=manager.pk, learner_id=learner_id):
        raise NotInTeam
    today = timezone.localdate()
    learner = Learner.objects.select_related("user").get(pk=learner_id)
    enrolments = list(
        _with_course_title(
            CourseEnrolment.objects.filter(learner=learner)
            .exclude(status=EnrolmentStatus.COMPLETED)
            .order_by("due_date")
        )
    )
    if not _claim(
        learner.pk, ReminderKind.NUDGE, today, len(enrolments), sender=sender
    ):
        return False
    _send(
        to=learner.user.email,
        subject=f"A reminder from {manager.full_name} about your academy courses",
        template="nudge",
        context={
            "learner": learner,
            "manager": manager,
            "enrolments": enrolments,
            "today": today,
        },
    )
    ReminderDelivery.objects.filter(
        learner=learner, kind=ReminderKind.NUDGE, sent_on=today
    ).update(sent_at=timezone.now())
    audit_record(
        learner_id=learner.pk,
        actor=sender,
        action="nudged",
        summary=f"Nudged by {manager.full_name} about {len(enrolments)} open course"
        f"{'s' if len(enrolments) != 1 else ''}.",
    )
    return True
