"""The yearly review of a lesson: one reminder per lesson per review period."""

from django.db import models


class LessonReviewReminder(models.Model):
    """A review reminder sent for ``lesson`` whose review fell due on ``due_on``.

    ``due_on`` is 12 months after the review date the lesson had when the reminder
    went out, so a lesson reviewed again starts a new period and is reminded again
    a year later; the unique constraint makes a second run send nothing.
    """

    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField()
    recipients = models.TextField(help_text="Who was emailed, one address a line.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "due_on"], name="courses_review_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"Review reminder for lesson {self.lesson_id} due {self.due_on}"
