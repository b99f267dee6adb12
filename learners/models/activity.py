"""Reminder deliveries and the audit trail of changes to people's learning."""

from django.conf import settings
from django.db import models

from .org import Learner


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    MANAGER_DIGEST = "manager_digest", "Manager digest"
    NUDGE = "nudge", "Manager nudge"
    EXPIRY_30 = "expiry_30", "Certificate expires in 30 days"
    EXPIRY_7 = "expiry_7", "Certificate expires in 7 days"
    MANAGER_EXPIRY_30 = "manager_expiry_30", "Report's certificate expires in 30 days"
    MANAGER_EXPIRY_7 = "manager_expiry_7", "Report's certificate expires in 7 days"


#: Kinds sent once per certificate (not once a day).
CERTIFICATE_KINDS = (
    ReminderKind.EXPIRY_30,
    ReminderKind.EXPIRY_7,
    ReminderKind.MANAGER_EXPIRY_30,
    ReminderKind.MANAGER_EXPIRY_7,
)


class ReminderDelivery(models.Model):
    """One email to one person on one day: the row is written before sending, so a
    re-run on the same day (or two workers at once) sends nothing twice.

    An expiry reminder names its ``certificate`` and the expiry date it is about,
    and is sent once per certificate, expiry and kind (threshold and recipient),
    whatever the day it runs.
    """

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    item_count = models.PositiveIntegerField(default=0)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate = models.ForeignKey(
        "learners.Certificate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
        help_text="The certificate an expiry reminder is about.",
    )
    #: The expiry date reminded of: a renewed certificate is reminded again.
    certificate_expires_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "reminder deliveries"
        ordering = ["-sent_on", "learner_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "kind", "sent_on"],
                condition=models.Q(certificate__isnull=True),
                name="learners_reminder_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["certificate", "kind", "certificate_expires_on"],
                condition=models.Q(certificate__isnull=False),
                name="learners_reminder_once_per_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.learner} on {self.sent_on}"


class AuditAction(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    COURSE_COMPLETED = "course_completed", "Course completed"
    CURRICULUM_COMPLETED = "curriculum_completed", "Curriculum completed"
    ASSIGNED = "assigned", "Assigned by manager"
    PROFILE_CHANGED = "profile_changed", "Profile changed"
    ROLE_CHANGED = "role_changed", "Role changed"
    IMPORTED = "imported", "Changed by roster import"
    PROVISIONED = "provisioned", "Changed by identity provider (SCIM)"
    NUDGED = "nudged", "Nudged by manager"
    CERTIFICATE_REVOKED = "certificate_revoked", "Certificate revoked"


class AuditEvent(models.Model):
    """Who did what to whose learning, and when. Never edited, never deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the academy itself acted (e.g. a role rule).",
    )
    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="audit_events"
    )
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    summary = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["learner", "-created_at"])]

    def __str__(self) -> str:
        return self.summary


class Assignment(models.Model):
    """One manager's assignment of a course to several people at once.

    It remembers exactly which enrolments it created and which due dates it moved,
    so undoing it (within ``UNDO_MINUTES``) removes those and nothing else. The
    form's one-off ``token`` is unique: a double submit finds this row again
    instead of assigning twice.
    """

    UNDO_MINUTES = 10

    token = models.UUIDField(unique=True)
    manager = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="assignments_made"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField()
    learner_ids = models.JSONField(default=list, help_text="Everyone it was for.")
    created_enrolment_ids = models.JSONField(default=list)
    #: {enrolment id: the due date it had before ("" for none)}
    previous_due_dates = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Assignment {self.pk} by {self.manager}"
