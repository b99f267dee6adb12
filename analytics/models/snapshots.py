"""Stored snapshots of the organisation's figures."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q


class SnapshotStatus(models.TextChoices):
    PENDING = "pending", "Queued"
    RUNNING = "running", "Computing"
    COMPLETE = "complete", "Complete"
    FAILED = "failed", "Failed"


class SnapshotTrigger(models.TextChoices):
    NIGHTLY = "nightly", "Nightly schedule"
    MANUAL = "manual", "Refreshed on demand"
    DEMO = "demo", "Demo data"


class SnapshotQuerySet(models.QuerySet):
    def complete(self):
        return self.filter(status=SnapshotStatus.COMPLETE)

    def current(self):
        """The latest complete snapshot: what every dashboard shows."""
        return self.complete().order_by("-computed_at", "-pk").first()


class Snapshot(models.Model):
    """Every figure of the analytics pages at one moment.

    A snapshot is computed by a background task and becomes visible in one step:
    the tables and ``status=complete`` are written in a single transaction, and
    the dashboards read only complete snapshots (ADR 0007).
    """

    run_key = models.CharField(
        max_length=100,
        unique=True,
        help_text="One snapshot per run: a repeated run with the same key is a no-op.",
    )
    trigger = models.CharField(max_length=16, choices=SnapshotTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=16, choices=SnapshotStatus.choices, default=SnapshotStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="Percent done."
    )
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField(
        null=True, blank=True, help_text="The day the figures describe."
    )
    # Headline figures as columns, so trend lines read them without the tables.
    population = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    any_completed = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    tables = models.JSONField(default=dict, blank=True)
    # The lease of the worker computing it (ADR 0011): renewed as the run goes;
    # a run whose lease ran out is queued again by the recovery task.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-computed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=SnapshotStatus.COMPLETE)
                | Q(computed_at__isnull=False),
                name="analytics_snapshot_complete_has_time",
            ),
            models.CheckConstraint(
                condition=Q(completed__lte=models.F("population"))
                & Q(any_completed__lte=models.F("population")),
                name="analytics_snapshot_completed_within_population",
            ),
        ]

    def __str__(self) -> str:
        when = self.computed_at or self.created_at
        return f"Snapshot {self.pk}: {self.get_status_display()}, {when:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (SnapshotStatus.COMPLETE, SnapshotStatus.FAILED)
