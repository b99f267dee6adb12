"""Writes of the analytics app: computing, storing and pruning snapshots.

A snapshot run is safe to repeat and safe to interrupt:

- **Idempotent per run key.** ``Snapshot.run_key`` is unique; a run for a key
  whose snapshot is already complete returns it untouched (a redelivered task, a
  second nightly run on the same day, ``load_demo_data`` run twice).
- **Atomic.** Progress is written as the run goes, but the figures and the
  ``complete`` status are written together in one transaction, together with the
  pruning of expired snapshots. Dashboards only read complete snapshots, so until
  that commit they keep showing the previous one; if anything fails, the new row
  is marked failed and the previous snapshot stays current.
- **Leased.** The worker computing a snapshot claims it with a conditional
  UPDATE and renews a lease as it reports progress; a second delivery leaves a
  run with a live lease alone, and the recovery task queues again a run whose
  worker was lost (its lease ran out), ADR 0011.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import compute, frames
from .models import (
    Initiative,
    InitiativeMember,
    InitiativeRole,
    Snapshot,
    SnapshotStatus,
    SnapshotTrigger,
)

logger = logging.getLogger(__name__)

#: A queued or running snapshot older than this, with no lease, is assumed lost;
#: a new request then starts another instead of waiting.
STALE_AFTER = timedelta(minutes=30)
#: Tries a snapshot gets when its worker keeps being lost, before it is failed.
ATTEMPTS = 3
_ERROR_MAX = 2000


def snapshot_request(*, requested_by=None) -> tuple[Snapshot, bool]:
    """Queue an on-demand snapshot; returns (snapshot, queued_now).

    When one is already queued or running (and not stale), that one is returned
    instead, so a double click or two editors at once compute once.
    """
    from .tasks import snapshot_compute_task

    now = timezone.now()
    busy = (
        Snapshot.objects.filter(
            status__in=(SnapshotStatus.PENDING, SnapshotStatus.RUNNING),
        )
        .filter(
            Q(lease_expires_at__gt=now)
            | Q(lease_expires_at__isnull=True, created_at__gte=now - STALE_AFTER)
        )
        .order_by("-created_at")
        .first()
    )
    if busy is not None:
        return busy, False
    with transaction.atomic():
        snapshot = Snapshot.objects.create(
            run_key=f"manual:{uuid.uuid4().hex}",
            trigger=SnapshotTrigger.MANUAL,
            requested_by=requested_by,
            lease_expires_at=_queued_until(),
        )
        snapshot_compute_task.delay_on_commit(snapshot.pk)
    return snapshot, True


def snapshot_ensure(*, run_key: str, trigger: str) -> Snapshot:
    """The snapshot row for ``run_key``, created (queued) if it does not exist."""
    snapshot, _ = Snapshot.objects.get_or_create(
        run_key=run_key, defaults={"trigger": trigger}
    )
    return snapshot


def snapshot_run(*, run_key: str, trigger: str, today: date | None = None) -> Snapshot:
    """Compute the snapshot for ``run_key`` now, in this process (idempotent)."""
    snapshot = snapshot_ensure(run_key=run_key, trigger=trigger)
    return snapshot_compute(snapshot_id=snapshot.pk, today=today)


def nightly_run_key(day: date) -> str:
    return f"nightly:{day.isoformat()}"


def snapshot_compute(*, snapshot_id: int, today: date | None = None) -> Snapshot:
    """Load the frames, compute every figure and store them in one transaction.

    Returns the snapshot. A snapshot that is already complete, or that another
    worker holds a live lease on, is returned as it is. On failure the row is
    marked failed (with the reason), the previous snapshot stays current, and
    the exception propagates so the task fails too.
    """
    now = timezone.now()
    claimed = (
        Snapshot.objects.filter(pk=snapshot_id)
        .exclude(status=SnapshotStatus.COMPLETE)
        .filter(
            Q(lease_expires_at__isnull=True)
            | Q(lease_expires_at__lt=now)
            | ~Q(status=SnapshotStatus.RUNNING)
        )
        .update(
            status=SnapshotStatus.RUNNING,
            lease_expires_at=now + _lease(),
            heartbeat_at=now,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        # Complete already, or another worker holds a live lease on it: a
        # redelivered task does nothing.
        return Snapshot.objects.get(pk=snapshot_id)
    today = today or timezone.localdate()
    _progress(
        snapshot_id,
        0,
        "Loading learners, enrolments and content",
        status=SnapshotStatus.RUNNING,
        started_at=timezone.now(),
        error="",
    )
    try:
        loaded = frames.load_frames(today=today)
        result = compute.snapshot_compute(
            loaded,
            today=today,
            progress=lambda percent, step: _progress(snapshot_id, percent, step),
        )
        payload = result.payload()
        with transaction.atomic():
            snapshot = Snapshot.objects.select_for_update().get(pk=snapshot_id)
            if snapshot.status == SnapshotStatus.COMPLETE:
                return snapshot  # another delivery of the same run finished first
            _store(snapshot, result.summary, payload, today)
            snapshot_prune(keep=snapshot)
    except Exception as exc:
        logger.exception("Snapshot %s failed", snapshot_id)
        _progress(
            snapshot_id,
            0,
            "Failed",
            status=SnapshotStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:_ERROR_MAX],
            lease_expires_at=None,
        )
        raise
    return snapshot


def _store(snapshot: Snapshot, summary: dict, payload: dict, today: date) -> None:
    snapshot.summary = summary
    snapshot.tables = payload
    snapshot.population = summary["population"]
    snapshot.completed = summary["completed"]
    snapshot.any_completed = summary["any_completed"]
    snapshot.as_of = today
    snapshot.status = SnapshotStatus.COMPLETE
    snapshot.progress = 100
    snapshot.step = "Complete"
    snapshot.error = ""
    snapshot.computed_at = timezone.now()
    snapshot.lease_expires_at = None
    snapshot.save()


def _progress(snapshot_id: int, percent: int, step: str, **fields) -> None:
    """Record how far a run is, and renew its lease; a plain UPDATE, visible to
    the progress page."""
    now = timezone.now()
    Snapshot.objects.filter(pk=snapshot_id).update(
        progress=max(0, min(int(percent), 100)),
        step=step[:200],
        heartbeat_at=now,
        **{"lease_expires_at": now + _lease(), **fields},
    )


def _lease() -> timedelta:
    return timedelta(seconds=settings.ACADEMY_TASK_LEASE_SECONDS)


def _queued_until():
    return timezone.now() + timedelta(seconds=settings.ACADEMY_TASK_QUEUE_SECONDS)


def snapshot_runs_recover(*, now=None) -> dict[str, int]:
    """Queue again each snapshot whose worker was lost (its lease ran out), up
    to ATTEMPTS tries; after that mark it failed. Conditional UPDATEs on the
    lease seen, so a worker renewing at the same moment wins."""
    from .tasks import snapshot_compute_task

    now = now or timezone.now()
    stale = Snapshot.objects.filter(
        status__in=(SnapshotStatus.PENDING, SnapshotStatus.RUNNING),
        lease_expires_at__lt=now,
    ).values_list("pk", "status", "lease_expires_at", "attempts")
    counts = {"redriven": 0, "failed": 0}
    for pk, status, expires, attempts in stale:
        seen = Snapshot.objects.filter(pk=pk, status=status, lease_expires_at=expires)
        if attempts < ATTEMPTS:
            with transaction.atomic():
                if seen.update(
                    status=SnapshotStatus.PENDING,
                    lease_expires_at=_queued_until(),
                    step="Starting again: the worker computing it stopped",
                ):
                    snapshot_compute_task.delay_on_commit(pk)
                    counts["redriven"] += 1
        elif seen.update(
            status=SnapshotStatus.FAILED,
            lease_expires_at=None,
            step="Failed",
            error=f"Interrupted: the worker computing it stopped {attempts} times.",
        ):
            counts["failed"] += 1
    return counts


def snapshot_prune(*, keep: Snapshot | None = None) -> int:
    """Delete snapshots older than ``ANALYTICS_SNAPSHOT_RETENTION_DAYS``.

    The current snapshot (or ``keep``) is never deleted, however old, so the
    dashboards always have something to show. Returns how many were deleted.
    """
    days = settings.ANALYTICS_SNAPSHOT_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    expired = Snapshot.objects.filter(created_at__lt=cutoff)
    current = keep or Snapshot.objects.current()
    if current is not None:
        expired = expired.exclude(pk=current.pk)
    deleted, _ = expired.delete()
    return deleted


def initiative_ensure(
    *,
    name: str,
    description: str = "",
    department_id: int | None,
    stage: str,
    owner_id: int | None,
    roles: dict[int, int],
    member_ids: list[int],
) -> tuple[Initiative, bool]:
    """Create an initiative with its required roles and team, unless it exists.

    An existing initiative (same name) is left exactly as it is, so people's
    edits in the admin survive re-running the demo. Returns (initiative, created).
    """
    with transaction.atomic():
        initiative, created = Initiative.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "department_id": department_id,
                "stage": stage,
                "owner_id": owner_id,
            },
        )
        if created:
            InitiativeRole.objects.bulk_create(
                InitiativeRole(
                    initiative=initiative,
                    role_id=role_id,
                    headcount=count,
                    sort_order=i,
                )
                for i, (role_id, count) in enumerate(roles.items())
            )
            InitiativeMember.objects.bulk_create(
                InitiativeMember(initiative=initiative, learner_id=pk, sort_order=i)
                for i, pk in enumerate(dict.fromkeys(member_ids))
            )
    return initiative, created
