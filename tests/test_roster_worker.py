"""Roster imports through a real Celery worker process, and the lost-worker drill.

Runs in CI's PostgreSQL pass (a worker process needs a database it can share);
skipped on SQLite like the other real-worker tests. The drill kills the worker's
main process and its pool child with SIGKILL in the middle of Apply, lets the
lease run out, runs the recovery task, retries from a second worker, and checks
that every person exists exactly once: never stuck, never doubled.
"""

import time
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from academy.celery import app
from learners.models import ImportStatus, Learner, RosterImport
from learners.roster import services
from learners.roster.services import ImportOptions
from tests.worker import (
    WorkerProcess,
    broker_flush,
    require_postgres,
    worker_env,
)

pytestmark = pytest.mark.worker

#: Short leases so that the drill's recovery takes seconds, not minutes.
LEASE_SECONDS = 2
HEADER = "Employee ID,Email,First Name,Last Name,Department,Manager ID,Job Title"
FIRST = ["Amara", "Bilal", "Chloe", "Diego", "Elif", "Femi", "Grace", "Hiro"]
LAST = ["Okafor", "Nakamura", "Costa", "Jensen", "Patel", "Rossi", "Murphy", "Xu"]


def roster(rows: int) -> bytes:
    lines = [HEADER]
    for i in range(rows):
        manager = f"W{i // 10:06d}" if i >= 10 else ""
        lines.append(
            f"W{i:06d},person{i}@drill.example,{FIRST[i % 8]},{LAST[i % 7]},"
            f"Department {i % 40},{manager},Analyst {i % 25}"
        )
    return ("\n".join(lines) + "\n").encode()


def wait_for(condition: Callable[[], object], *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.")


def run(pk: int) -> RosterImport:
    return RosterImport.objects.get(pk=pk)


@pytest.fixture
def workers(transactional_db, settings, tmp_path):
    """Start worker processes on demand; all are stopped at the end."""
    require_postgres()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACADEMY_TASK_LEASE_SECONDS = LEASE_SECONDS
    broker_flush()
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(
            env=worker_env(ACADEMY_TASK_LEASE_SECONDS=str(LEASE_SECONDS)),
            log_path=tmp_path / f"worker-{len(started)}.log",
        )
        started.append(worker)
        return worker

    app.conf.task_always_eager = False
    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for worker in started:
            worker.stop()
        broker_flush()


def upload(rows: int, actor) -> RosterImport:
    return services.roster_import_upload(
        data=roster(rows),
        file_name="drill.csv",
        options=ImportOptions(),
        actor=actor,
    )


def assert_everyone_exactly_once(rows: int) -> None:
    assert Learner.objects.filter(employee_id__startswith="W").count() == rows
    doubled = (
        get_user_model()
        .objects.filter(email__endswith="@drill.example")
        .values("email")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not doubled.exists()
    assert (
        get_user_model().objects.filter(email__endswith="@drill.example").count()
        == rows
    )


def test_preview_and_apply_run_in_a_real_worker(workers, academy_admin):
    workers()
    record = upload(300, academy_admin)
    wait_for(
        lambda: run(record.pk).status == ImportStatus.PREVIEWED,
        timeout=90,
        what="the preview",
    )
    assert run(record.pk).preview_counts["counts"]["created"] == 300

    assert services.roster_import_apply_start(roster_import=record, actor=academy_admin)
    done = wait_for(
        # Applied, and then the HR file forgotten (just after the commit).
        lambda: (
            run(record.pk).status == ImportStatus.APPLIED
            and not run(record.pk).file
            and run(record.pk)
        ),
        timeout=90,
        what="the apply",
    )
    assert done.applied_counts["counts"]["created"] == 300
    assert done.attempts == 1
    assert done.lease_token == ""
    assert_everyone_exactly_once(300)


def test_drill_apply_survives_a_worker_killed_midway(workers, academy_admin):
    rows = 30_000
    record = upload(rows, academy_admin)
    services.roster_import_preview(import_id=record.pk)  # In this process.
    assert run(record.pk).status == ImportStatus.PREVIEWED

    first = workers()
    assert services.roster_import_apply_start(roster_import=record, actor=academy_admin)

    def writing():
        # Claimed, inside the one transaction, and its heartbeat renewed since.
        current = run(record.pk)
        return (
            current.status == ImportStatus.APPLYING
            and current.lease_token
            and current.progress_message.startswith("Writing every change")
            and current.heartbeat_at
            and current
        )

    before = wait_for(writing, timeout=120, what="the apply to start writing")
    wait_for(
        lambda: run(record.pk).heartbeat_at > before.heartbeat_at,
        timeout=30,
        what="a heartbeat during the write",
    )
    first.kill()

    after_kill = run(record.pk)
    if after_kill.status == ImportStatus.APPLIED:
        # The kill came after the commit: applied, and exactly once.
        assert_everyone_exactly_once(rows)
        return
    # Killed mid-transaction: nothing of it was saved.
    assert after_kill.status == ImportStatus.APPLYING
    assert not Learner.objects.filter(employee_id__startswith="W").exists()

    # Its lease runs out; the recovery task (the beat's job) marks it interrupted.
    wait_for(
        lambda: (
            services.roster_runs_recover()["interrupted"]
            or run(record.pk).status == ImportStatus.INTERRUPTED
        ),
        timeout=30,
        what="the recovery to mark the run interrupted",
    )
    interrupted = run(record.pk)
    assert interrupted.status == ImportStatus.INTERRUPTED
    assert interrupted.interrupted_during == ImportStatus.APPLYING
    assert interrupted.file  # Kept for the retry.

    # A new worker; the admin retries; it is worked out again and applied once.
    workers()
    assert services.roster_import_retry(roster_import=interrupted, actor=academy_admin)
    done = wait_for(
        lambda: (
            run(record.pk).status
            in (ImportStatus.APPLIED, ImportStatus.FAILED, ImportStatus.INTERRUPTED)
            and run(record.pk)
        ),
        timeout=180,
        what="the retried apply",
    )
    assert done.status == ImportStatus.APPLIED, done.error
    assert done.applied_counts["counts"]["created"] == rows
    assert_everyone_exactly_once(rows)

    # The killed worker's message, handed out again, must change nothing.
    services.roster_import_apply(import_id=record.pk)
    assert_everyone_exactly_once(rows)
