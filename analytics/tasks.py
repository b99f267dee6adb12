"""Background work for analytics: tasks take ids, call one service, are idempotent."""

from celery import shared_task
from django.utils import timezone

from . import services
from .models import SnapshotTrigger


@shared_task(name="analytics.snapshot_compute")
def snapshot_compute_task(snapshot_id: int) -> int:
    """Compute a queued snapshot (from the refresh button); returns its id."""
    return services.snapshot_compute(snapshot_id=snapshot_id).pk


@shared_task(name="analytics.snapshot_nightly")
def snapshot_nightly_task() -> int:
    """The nightly snapshot: one per day, whatever the number of deliveries."""
    today = timezone.localdate()
    return services.snapshot_run(
        run_key=services.nightly_run_key(today),
        trigger=SnapshotTrigger.NIGHTLY,
        today=today,
    ).pk


@shared_task(name="analytics.snapshot_runs_recover")
def snapshot_runs_recover_task() -> dict:
    """Every few minutes (beat): queue again snapshots whose worker was lost."""
    return services.snapshot_runs_recover()
