"""Snapshots: computed by a task, idempotent per run key, visible only when whole."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from analytics import compute, services, tasks
from analytics.models import Snapshot, SnapshotStatus, SnapshotTrigger
from tests.worker import celery_worker_thread  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_a_run_stores_every_table_and_the_headline_figures(snapshot, org):
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.COMPLETE
    assert snapshot.progress == 100
    assert snapshot.computed_at is not None
    assert snapshot.as_of == timezone.localdate()
    assert set(snapshot.tables) == set(compute.TABLES)
    # 19 critical business users; 5 + 1 + 2 of them finished.
    assert (snapshot.population, snapshot.completed) == (19, 8)
    assert snapshot.summary["missing"]["departments_without_learners"]["names"] == [
        "Procurement"
    ]
    assert Snapshot.objects.current() == snapshot


def test_the_same_run_key_twice_computes_once(snapshot):
    again = services.snapshot_run(run_key="test:first", trigger=SnapshotTrigger.MANUAL)
    assert again.pk == snapshot.pk
    assert again.computed_at == snapshot.computed_at
    assert Snapshot.objects.count() == 1


def test_a_redelivered_task_leaves_a_complete_snapshot_alone(snapshot):
    tasks.snapshot_compute_task.delay(snapshot.pk)
    snapshot_after = Snapshot.objects.get(pk=snapshot.pk)
    assert snapshot_after.computed_at == snapshot.computed_at


def test_the_nightly_task_makes_one_snapshot_a_day(org):
    first = tasks.snapshot_nightly_task.delay().get()
    second = tasks.snapshot_nightly_task.delay().get()
    assert first == second
    nightly = Snapshot.objects.get(pk=first)
    assert nightly.run_key == f"nightly:{timezone.localdate().isoformat()}"
    assert nightly.trigger == SnapshotTrigger.NIGHTLY


def test_a_failure_mid_run_leaves_the_previous_snapshot_current(snapshot, monkeypatch):
    def broken(frames, *, today, progress=None):
        progress(40, "Half way")
        raise RuntimeError("worker ran out of memory")

    monkeypatch.setattr(compute, "snapshot_compute", broken)
    with pytest.raises(RuntimeError):
        services.snapshot_run(run_key="test:second", trigger=SnapshotTrigger.MANUAL)
    failed = Snapshot.objects.get(run_key="test:second")
    assert failed.status == SnapshotStatus.FAILED
    assert "worker ran out of memory" in failed.error
    assert failed.tables == {}
    assert Snapshot.objects.current() == snapshot


def test_a_failure_while_storing_rolls_the_whole_write_back(snapshot, monkeypatch):
    def broken_prune(*, keep=None):
        raise RuntimeError("lost the connection")

    monkeypatch.setattr(services, "snapshot_prune", broken_prune)
    with pytest.raises(RuntimeError):
        services.snapshot_run(run_key="test:third", trigger=SnapshotTrigger.MANUAL)
    failed = Snapshot.objects.get(run_key="test:third")
    assert failed.status == SnapshotStatus.FAILED
    assert failed.tables == {}  # the figures were written, then rolled back
    assert failed.computed_at is None
    assert Snapshot.objects.current() == snapshot


def test_a_failed_run_can_be_retried_with_the_same_key(org, monkeypatch):
    def unavailable(*args, **kwargs):
        raise ConnectionError("database restarting")

    monkeypatch.setattr(compute, "snapshot_compute", unavailable)
    with pytest.raises(ConnectionError, match="restarting"):
        services.snapshot_run(run_key="test:retry", trigger=SnapshotTrigger.MANUAL)
    monkeypatch.undo()
    retried = services.snapshot_run(
        run_key="test:retry", trigger=SnapshotTrigger.MANUAL
    )
    assert retried.status == SnapshotStatus.COMPLETE
    assert retried.error == ""


def test_progress_is_written_while_the_run_goes(org, monkeypatch):
    seen = []
    real = compute.snapshot_compute

    def watching(frames, *, today, progress=None):
        def report(percent, step):
            progress(percent, step)
            row = Snapshot.objects.get(run_key="test:progress")
            seen.append((row.status, row.progress, row.step))

        return real(frames, today=today, progress=report)

    monkeypatch.setattr(compute, "snapshot_compute", watching)
    services.snapshot_run(run_key="test:progress", trigger=SnapshotTrigger.MANUAL)
    assert seen[0][0] == SnapshotStatus.RUNNING
    assert [p for _, p, _ in seen] == sorted(p for _, p, _ in seen)
    assert all(step for _, _, step in seen)


def test_a_request_queues_and_computes_a_snapshot(
    org, ld_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued_tasks:
        snapshot, queued = services.snapshot_request(requested_by=ld_editor)
        # Nothing runs before the request's transaction commits.
        assert Snapshot.objects.get(pk=snapshot.pk).status == SnapshotStatus.PENDING
    assert queued
    assert len(queued_tasks) == 1
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.COMPLETE  # eager in tests
    assert snapshot.requested_by == ld_editor
    assert snapshot.trigger == SnapshotTrigger.MANUAL


def test_a_second_request_joins_the_running_one(org, ld_editor):
    running = Snapshot.objects.create(
        run_key="manual:busy", trigger=SnapshotTrigger.MANUAL, status="running"
    )
    snapshot, queued = services.snapshot_request(requested_by=ld_editor)
    assert not queued
    assert snapshot.pk == running.pk


def test_a_stale_running_snapshot_does_not_block_a_new_one(org, ld_editor):
    stale = Snapshot.objects.create(
        run_key="manual:lost", trigger=SnapshotTrigger.MANUAL, status="running"
    )
    Snapshot.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    snapshot, queued = services.snapshot_request(requested_by=ld_editor)
    assert queued
    assert snapshot.pk != stale.pk


def test_a_run_holds_a_lease_while_it_works_and_releases_it(org, monkeypatch):
    seen = []
    progress = services._progress

    def spy(snapshot_id, percent, step, **fields):
        progress(snapshot_id, percent, step, **fields)
        seen.append(Snapshot.objects.get(pk=snapshot_id))

    monkeypatch.setattr(services, "_progress", spy)
    snapshot = services.snapshot_run(run_key="test:lease", trigger="manual")
    assert all(row.lease_expires_at > timezone.now() for row in seen)
    assert seen[-1].heartbeat_at >= seen[0].heartbeat_at
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.COMPLETE
    assert snapshot.lease_expires_at is None
    assert snapshot.attempts == 1


def test_a_delivery_leaves_a_snapshot_another_worker_holds_alone(org):
    held = Snapshot.objects.create(
        run_key="manual:held",
        trigger=SnapshotTrigger.MANUAL,
        status=SnapshotStatus.RUNNING,
        lease_expires_at=timezone.now() + timedelta(minutes=2),
    )
    tasks.snapshot_compute_task.delay(held.pk)
    held.refresh_from_db()
    assert held.status == SnapshotStatus.RUNNING
    assert held.computed_at is None


def test_a_snapshot_whose_worker_was_lost_is_computed_again(
    org, django_capture_on_commit_callbacks
):
    lost = Snapshot.objects.create(
        run_key="manual:lost-worker",
        trigger=SnapshotTrigger.MANUAL,
        status=SnapshotStatus.RUNNING,
        progress=40,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
        attempts=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.snapshot_runs_recover_task.delay().get() == {
            "redriven": 1,
            "failed": 0,
        }
    lost.refresh_from_db()
    assert lost.status == SnapshotStatus.COMPLETE
    assert lost.attempts == 2
    assert Snapshot.objects.current() == lost


def test_a_snapshot_that_keeps_losing_its_worker_is_failed(org, ld_editor):
    lost = Snapshot.objects.create(
        run_key="manual:lost-thrice",
        trigger=SnapshotTrigger.MANUAL,
        status=SnapshotStatus.RUNNING,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
        attempts=services.ATTEMPTS,
    )
    assert services.snapshot_runs_recover() == {"redriven": 0, "failed": 1}
    lost.refresh_from_db()
    assert lost.status == SnapshotStatus.FAILED
    assert "stopped 3 times" in lost.error
    # It no longer blocks a refresh.
    _, queued = services.snapshot_request(requested_by=ld_editor)
    assert queued


def test_the_recovery_schedule_is_seeded_every_five_minutes():
    task = PeriodicTask.objects.get(task="analytics.snapshot_runs_recover")
    assert task.enabled
    assert task.crontab.minute == "*/5"


def test_old_snapshots_are_pruned_but_the_current_one_is_kept(snapshot, settings, org):
    settings.ANALYTICS_SNAPSHOT_RETENTION_DAYS = 30
    old_failed = Snapshot.objects.create(
        run_key="manual:old", trigger=SnapshotTrigger.MANUAL, status="failed"
    )
    Snapshot.objects.filter(pk__in=[snapshot.pk, old_failed.pk]).update(
        created_at=timezone.now() - timedelta(days=90)
    )
    assert services.snapshot_prune() == 1  # the failed one; the current one stays
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()
    newer = services.snapshot_run(run_key="test:newer", trigger="manual")
    assert not Snapshot.objects.filter(pk=snapshot.pk).exists()
    assert Snapshot.objects.current() == newer


def test_the_retention_setting_defaults_to_400_days():
    from academy.settings import base

    assert base.ANALYTICS_SNAPSHOT_RETENTION_DAYS == 400


def test_the_nightly_schedule_is_seeded_by_a_migration():
    task = PeriodicTask.objects.get(task="analytics.snapshot_nightly")
    assert task.enabled
    assert task.crontab.hour == "2"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_snapshot_task_runs_through_a_real_worker(
    celery_worker_thread,  # noqa: F811
    org,
):
    snapshot = services.snapshot_ensure(
        run_key="worker:1", trigger=SnapshotTrigger.MANUAL
    )
    result = tasks.snapshot_compute_task.delay(snapshot.pk)
    assert result.get(timeout=60) == snapshot.pk
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.COMPLETE
    assert snapshot.population == 19
