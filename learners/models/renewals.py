"""Material changes to lessons and the renewals they ask of learners (ADR 0023).

A reviewer approving a lesson revision as a *material* change records one
``MaterialChange`` (unique per revision: a second approval of the same revision,
or two racing approvals, find the same row). Applying it writes one
``LessonRenewal`` per learner who had completed the lesson, set-based, unique
per (change, learner). Until the renewal is due the learner's certificate stays
valid; once it is due and still open, the certificate is suspended (computed
when read, like expiry); renewing the lesson restores it.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .org import Learner
from .progress import Certificate


class MaterialChangeStatus(models.TextChoices):
    PENDING = "pending", "Awaiting apply"
    APPLYING = "applying", "Applying"
    APPLIED = "applied", "Applied"
    UNDONE = "undone", "Undone"
    FAILED = "failed", "Failed"


class MaterialChange(models.Model):
    #: Days learners have to renew the lesson.
    RENEW_WITHIN_DAYS = 30
    #: How long an academy admin may undo it.
    UNDO_HOURS = 24

    revision_id = models.PositiveBigIntegerField(
        unique=True, help_text="The approved lesson revision (Wagtail revision id)."
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(
        max_length=200, help_text="What changed, in one sentence; learners see it."
    )
    check_changed = models.BooleanField(
        default=False,
        help_text="The lesson's knowledge check asks other questions now: "
        "renewing needs a new pass.",
    )
    assessment_lesson_ids = models.JSONField(
        default=list,
        blank=True,
        help_text="The course's assessments in other lessons that draw questions "
        "this revision changed: they re-open too.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(help_text="Renewals are due by this day.")
    status = models.CharField(
        max_length=16,
        choices=MaterialChangeStatus.choices,
        default=MaterialChangeStatus.PENDING,
    )
    progress = models.PositiveSmallIntegerField(default=0)
    renewals_created = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Material change to lesson {self.lesson_id}: {self.reason}"

    @property
    def lesson_ids(self) -> list[int]:
        """Every lesson the change re-opens: its own, then shared assessments."""
        return [self.lesson_id, *self.assessment_lesson_ids]

    @property
    def is_running(self) -> bool:
        """Queued or applying: the page follows it."""
        return self.status == MaterialChangeStatus.APPLYING or (
            self.status == MaterialChangeStatus.PENDING and self.queued_at is not None
        )

    @property
    def is_finished(self) -> bool:
        return self.status in (
            MaterialChangeStatus.APPLIED,
            MaterialChangeStatus.UNDONE,
            MaterialChangeStatus.FAILED,
        )


#: A renewal learners are asked for: one opened by an expired certificate, or
#: one of a material change that was applied (not pending, undone or failed).
RENEWAL_LIVE = Q(change__isnull=True) | Q(change__status=MaterialChangeStatus.APPLIED)


class LessonRenewal(models.Model):
    """One learner's renewal of one lesson, after a material change to it or
    because their certificate for its course expired (exactly one of ``change``
    and ``certificate``)."""

    change = models.ForeignKey(
        MaterialChange,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="renewals",
    )
    certificate = models.ForeignKey(
        Certificate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="renewals",
        help_text="The expired certificate this renewal renews.",
    )
    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="lesson_renewals"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    renewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["change", "learner", "lesson"],
                name="learners_renewal_once_per_change",
            ),
            models.UniqueConstraint(
                fields=["certificate", "lesson"],
                condition=Q(certificate__isnull=False),
                name="learners_renewal_once_per_expiry",
            ),
            models.CheckConstraint(
                condition=(
                    Q(change__isnull=False, certificate__isnull=True)
                    | Q(change__isnull=True, certificate__isnull=False)
                ),
                name="learners_renewal_one_cause",
            ),
        ]
        indexes = [
            models.Index(
                fields=["learner", "course", "due_on"],
                condition=Q(renewed_at__isnull=True),
                name="learners_renewal_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} renews lesson {self.lesson_id} by {self.due_on}"

    def is_overdue_on(self, day: date) -> bool:
        return self.renewed_at is None and self.due_on <= day

    @property
    def reason(self) -> str:
        """What learners are told: the change's sentence, or the expiry."""
        if self.change_id is not None:
            return self.change.reason
        return (
            f"Your certificate for “{self.certificate.item_title}” expired on "
            f"{self.certificate.expires_on:%-d %B %Y}."
        )


class FlagReason(models.TextChoices):
    OUTDATED = "outdated", "It is out of date"
    WRONG = "wrong", "Something in it is wrong"


class LessonFlag(models.Model):
    """A learner's report that a lesson is outdated or wrong.

    One open flag per learner and lesson (a conditional unique constraint); the
    lesson's owner and the L&D team see counts and the words, never who flagged.
    """

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="lesson_flags"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=FlagReason.choices)
    text = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"],
                condition=Q(resolved_at__isnull=True),
                name="learners_lessonflag_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"Lesson {self.lesson_id} flagged: {self.get_reason_display()}"
