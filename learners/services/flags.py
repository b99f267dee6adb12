"""Learners flag a lesson as outdated or wrong; its owner and L&D hear of it.

The notification says what was flagged and why, never who flagged it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from accounts import api as accounts_api
from courses import api as courses_api

from ..models import FlagReason, Learner, LessonFlag


class FlagRefused(Exception):
    """The flag cannot be recorded; the message says why."""


def lesson_flag(
    *, learner: Learner, lesson_id: int, reason: str, text: str = ""
) -> LessonFlag:
    """Record the learner's flag (one open flag per lesson) and notify."""
    if reason not in FlagReason.values:
        raise FlagRefused("Choose why you are flagging the lesson.")
    text = " ".join(text.split())
    if len(text) > 500:
        raise FlagRefused("Keep the note to 500 characters.")
    lesson = courses_api.lesson_context(lesson_id)
    if lesson is None:
        raise FlagRefused("This lesson is not published.")
    try:
        with transaction.atomic():
            flag = LessonFlag.objects.create(
                learner=learner, lesson_id=lesson_id, reason=reason, text=text
            )
    except IntegrityError as exc:
        raise FlagRefused(
            "You have already flagged this lesson; L&D will look at it."
        ) from exc
    transaction.on_commit(lambda: _notify(flag, lesson))
    return flag


def _recipients(lesson_id: int) -> list[str]:
    """The lesson's owner (when it has one) and the L&D editors, each once."""
    owner = courses_api.lesson_owner_email(lesson_id)
    editors = accounts_api.group_emails(accounts_api.LD_EDITORS)
    return list(dict.fromkeys([owner, *editors] if owner else editors))


def _notify(flag: LessonFlag, lesson) -> None:
    recipients = _recipients(flag.lesson_id)
    if not recipients:
        return
    site = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    open_flags = LessonFlag.objects.filter(
        lesson_id=flag.lesson_id, resolved_at__isnull=True
    ).count()
    body = (
        f"A learner flagged the lesson “{lesson.title}” ({lesson.course_title}): "
        f"{flag.get_reason_display().lower()}.\n"
        + (f"\nTheir note: {flag.text}\n" if flag.text else "")
        + f"\nOpen flags on this lesson: {open_flags}.\n"
        f"Lesson: {site}{lesson.url}\n"
    )
    send_mail(
        f"Lesson flagged: {lesson.title}", body, None, recipients, fail_silently=True
    )


def flag_summary(*, limit: int = 10) -> list[dict]:
    """Lessons with open flags, most flagged first: counts per reason and the
    notes, never who flagged."""
    from django.db.models import Count, Q

    rows = list(
        LessonFlag.objects.filter(resolved_at__isnull=True)
        .values("lesson_id")
        .annotate(
            total=Count("pk"),
            outdated=Count("pk", filter=Q(reason=FlagReason.OUTDATED)),
            wrong=Count("pk", filter=Q(reason=FlagReason.WRONG)),
        )
        .order_by("-total", "lesson_id")[:limit]
    )
    titles = courses_api.lesson_titles([row["lesson_id"] for row in rows])
    return [
        {**row, "title": titles.get(row["lesson_id"], f"Lesson {row['lesson_id']}")}
        for row in rows
    ]
