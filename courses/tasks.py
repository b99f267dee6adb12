"""Background work for content: the yearly lesson review reminders (beat, daily)."""

from celery import shared_task

from .reviews import lesson_review_reminders_send


@shared_task(name="courses.lesson_review_reminders")
def lesson_review_reminders_task() -> dict:
    run = lesson_review_reminders_send()
    return {
        "sent": run.sent,
        "already_sent": run.already_sent,
        "nobody_to_tell": run.nobody_to_tell,
    }
