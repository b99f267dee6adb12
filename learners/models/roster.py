"""HR roster imports and the rules that turn job titles and departments into roles."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from wagtail.models import Orderable

from .org import Department


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    PREVIEWING = "previewing", "Checking the file"
    PREVIEWED = "previewed", "Ready to apply"
    APPLYING = "applying", "Applying"
    APPLIED = "applied", "Applied"
    FAILED = "failed", "Failed"
    #: The worker running it stopped (its lease ran out); nothing was written,
    #: and it can be retried from the admin.
    INTERRUPTED = "interrupted", "Interrupted"


class RosterImport(models.Model):
    """One HR file: uploaded, checked as a dry run, then applied (all or nothing)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="roster-imports/", blank=True)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    preview_counts = models.JSONField(default=dict, blank=True)
    applied_counts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # The lease of the worker running the preview or apply (ADR 0011): who holds
    # the run (a random token; empty while queued) and until when. A worker
    # renews it while it works; a run whose lease ran out is re-driven or marked
    # interrupted by the recovery task.
    lease_token = models.CharField(max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    interrupted_during = models.CharField(
        max_length=16,
        choices=ImportStatus.choices,
        blank=True,
        help_text="What the run was doing when its worker stopped.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "lease_expires_at"], name="learners_roster_lease"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class RosterMapping(models.Model):
    """A column mapping saved for one source of roster files (an HR system's
    export), chosen again on the next upload from that source."""

    source = models.CharField(
        max_length=100,
        help_text="The HR system or export this mapping is for, e.g. “Personio”.",
    )
    mapping = models.JSONField(
        default=dict,
        help_text='Source header → roster field, e.g. {"ID": "employee_id"}.',
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source"]
        constraints = [
            models.UniqueConstraint(
                Lower("source"), name="learners_rostermapping_source_unique"
            )
        ]

    def __str__(self) -> str:
        return self.source


class RuleMatch(models.TextChoices):
    CONTAINS = "contains", "Job title contains"
    REGEX = "regex", "Job title matches the regular expression"


class AssignmentRule(Orderable):
    """The first active rule that matches a person gives them its role."""

    name = models.CharField(max_length=200)
    match_type = models.CharField(
        max_length=16, choices=RuleMatch.choices, default=RuleMatch.CONTAINS
    )
    job_title_pattern = models.CharField(
        max_length=300,
        blank=True,
        help_text="Case-insensitive. Leave empty to match any job title.",
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Optional: only people in this department or below it.",
    )
    role = models.ForeignKey(
        "courses.Role", on_delete=models.PROTECT, related_name="assignment_rules"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Orderable.Meta):
        verbose_name = "assignment rule"

    def __str__(self) -> str:
        return self.name
