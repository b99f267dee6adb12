"""Lessons due for their yearly review: which, and the reminders to their owners.

A lesson is past its review date 12 months after ``last_reviewed`` (a lesson with
no review date counts from its first publication). The owner is reminded by email
when the owner is an email address; otherwise every active L&D editor is. One
reminder goes out per lesson per review period (``LessonReviewReminder``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import DateField, F, Q
from django.db.models.functions import Cast, Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.api import LD_EDITORS

from .models import LessonPage, LessonReviewReminder

REVIEW_PERIOD = timedelta(days=365)


@dataclass(frozen=True)
class LessonDue:
    id: int
    title: str
    owner: str
    reviewed_on: date
    due_on: date
    edit_url: str


def lessons_past_review(*, today: date | None = None, limit: int | None = None):
    """Live lessons whose review is due, the longest overdue first (one query)."""
    today = today or timezone.localdate()
    rows = (
        LessonPage.objects.live()
        .annotate(
            reviewed_on=Coalesce(
                F("last_reviewed"),
                Cast("first_published_at", DateField()),
                output_field=DateField(),
            )
        )
        .filter(reviewed_on__lte=today - REVIEW_PERIOD)
        .order_by("reviewed_on", "pk")
        .values_list("pk", "title", "content_owner", "reviewed_on")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        LessonDue(
            id=pk,
            title=title,
            owner=owner,
            reviewed_on=reviewed_on,
            due_on=reviewed_on + REVIEW_PERIOD,
            edit_url=reverse("wagtailadmin_pages:edit", args=[pk]),
        )
        for pk, title, owner, reviewed_on in rows
    ]


def lessons_past_review_count(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return (
        LessonPage.objects.live()
        .filter(
            Q(last_reviewed__lte=today - REVIEW_PERIOD)
            | Q(
                last_reviewed__isnull=True,
                first_published_at__date__lte=today - REVIEW_PERIOD,
            )
        )
        .count()
    )


def _recipients(owner: str) -> list[str]:
    try:
        validate_email(owner)
    except ValidationError:  # a team's name, not an email address
        return sorted(
            get_user_model()
            .objects.filter(groups__name=LD_EDITORS, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return [owner]


@dataclass(frozen=True)
class ReviewRun:
    sent: int
    already_sent: int
    nobody_to_tell: int


def lesson_review_reminders_send(*, today: date | None = None) -> ReviewRun:
    """Email the owner of every lesson past its review date, once per period.

    Safe to run again or concurrently: each reminder is claimed by a unique row
    before its email goes out.
    """
    sent = already = nobody = 0
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for lesson in lessons_past_review(today=today):
        to = _recipients(lesson.owner)
        if not to:
            nobody += 1
            continue
        try:
            with transaction.atomic():
                LessonReviewReminder.objects.create(
                    lesson_id=lesson.id, due_on=lesson.due_on, recipients="\n".join(to)
                )
                context = {"lesson": lesson, "edit_url": base_url + lesson.edit_url}
                message = EmailMultiAlternatives(
                    f"Review due: {lesson.title}",
                    render_to_string("courses/email/review_due.txt", context),
                    to=to,
                )
                message.send()
        except IntegrityError:
            already += 1
            continue
        sent += 1
    return ReviewRun(sent=sent, already_sent=already, nobody_to_tell=nobody)
