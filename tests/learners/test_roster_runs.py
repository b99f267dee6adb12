"""Roster import runs survive a lost worker: leases, recovery, retry, exactly once.

Celery is eager here; a lost worker is simulated by what it leaves behind (a run
whose lease ran out) or by another delivery taking the run over mid-apply. The
same story against a real worker killed with SIGKILL is tests/test_roster_worker.py.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from learners.models import AuditEvent, ImportStatus, Learner, RosterImport
from learners.roster import services, writer
from learners.roster.schedule import SCHEDULES
from learners.roster.tasks import roster_runs_recover_task
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

HEADER = "Employee ID,Email,First Name,Last Name,Department,Manager ID,Job Title"
ROWS = [
    "K100,ingrid.solberg@nw.example,Ingrid,Solberg,Finance,,Finance Director",
    "K101,rafael.moreno@nw.example,Rafael,Moreno,Finance,K100,Accountant",
    "K102,leila.haddad@nw.example,Leila,Haddad,Finance,K100,Payroll Analyst",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, academy_admin):
    client.force_login(academy_admin)
    return client


@pytest.fixture
def previewed(admin_client, django_capture_on_commit_callbacks):
    """An uploaded file whose preview finished."""
    data = ("\n".join([HEADER, *ROWS]) + "\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("roster_imports:add"),
            {"file": SimpleUploadedFile("finance.csv", data, content_type="text/csv")},
        )
    record = RosterImport.objects.get()
    assert record.status == ImportStatus.PREVIEWED
    return record


def queue_apply(record, academy_admin, django_capture_on_commit_callbacks):
    """Click Apply, but keep the task from running (its worker is about to die)."""
    with django_capture_on_commit_callbacks(execute=False):
        assert services.roster_import_apply_start(
            roster_import=record, actor=academy_admin
        )
    record.refresh_from_db()
    return record


def lost_worker(record, status=ImportStatus.APPLYING):
    """What a worker killed mid-run leaves: a claimed run whose lease ran out."""
    RosterImport.objects.filter(pk=record.pk).update(
        status=status,
        lease_token="a" * 32,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
        heartbeat_at=timezone.now() - timedelta(minutes=3),
        attempts=1,
    )


def people():
    return sorted(Learner.objects.values_list("employee_id", flat=True))


# --- settings and schedule ------------------------------------------------------------


def test_broker_visibility_timeout_outlasts_the_longest_task():
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_ACKS_LATE
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST


def test_recovery_runs_every_five_minutes_from_the_beat_schedule():
    task = PeriodicTask.objects.get(name=SCHEDULES[0]["name"])
    assert task.task == "learners.roster_runs_recover"
    assert task.crontab.minute == "*/5"
    assert task.enabled
    # Lease + one beat interval: a lost run is dealt with within 10 minutes.
    assert settings.ACADEMY_TASK_LEASE_SECONDS + 5 * 60 <= 10 * 60


# --- claims and leases ----------------------------------------------------------------


def test_a_queued_run_waits_with_a_lease_but_no_holder(
    previewed, academy_admin, django_capture_on_commit_callbacks
):
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    assert record.status == ImportStatus.APPLYING
    assert record.lease_token == ""
    assert record.lease_expires_at > timezone.now()


def test_apply_records_its_heartbeat_and_releases_the_lease(
    previewed, academy_admin, django_capture_on_commit_callbacks
):
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.roster_import_apply(import_id=record.pk)
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert record.attempts == 1
    assert record.heartbeat_at is not None
    assert record.lease_token == ""
    assert record.lease_expires_at is None
    assert people() == ["K100", "K101", "K102"]


def test_a_redelivered_apply_applies_nothing_twice(
    previewed, academy_admin, django_capture_on_commit_callbacks
):
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.roster_import_apply(import_id=record.pk)
    audit = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.roster_import_apply(import_id=record.pk)  # The same message again.
    assert callbacks == []
    assert AuditEvent.objects.count() == audit
    assert people() == ["K100", "K101", "K102"]


def test_a_delivery_leaves_a_run_another_worker_holds_alone(
    previewed, academy_admin, django_capture_on_commit_callbacks
):
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    RosterImport.objects.filter(pk=record.pk).update(
        lease_token="b" * 32, lease_expires_at=timezone.now() + timedelta(minutes=2)
    )
    services.roster_import_apply(import_id=record.pk)
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLYING
    assert record.lease_token == "b" * 32
    assert people() == []


def test_apply_taken_over_midway_writes_nothing(
    previewed, academy_admin, monkeypatch, django_capture_on_commit_callbacks
):
    """A worker that lost its lease mid-apply (paused, cut off) while another
    claimed the run must not commit: its transaction ends in the conditional
    "applied" UPDATE, which finds the run no longer its own."""
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    audit = AuditEvent.objects.count()
    audit_write = writer._audit

    def another_worker_claims(*args, **kwargs):
        audit_write(*args, **kwargs)
        RosterImport.objects.filter(pk=record.pk).update(lease_token="c" * 32)

    monkeypatch.setattr(writer, "_audit", another_worker_claims)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.roster_import_apply(import_id=record.pk)
    assert callbacks == []  # No enrolments or index updates queued.
    record.refresh_from_db()
    # Not "failed": the run is someone else's to finish. (The simulated claim
    # was made on this transaction's connection, so it rolled back with it.)
    assert record.status == ImportStatus.APPLYING
    assert people() == []
    assert AuditEvent.objects.count() == audit


# --- recovery (the beat task) ---------------------------------------------------------


def test_recovery_marks_an_apply_whose_worker_was_lost_as_interrupted(
    previewed, academy_admin, admin_client, django_capture_on_commit_callbacks
):
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    lost_worker(record)

    assert roster_runs_recover_task.delay().get() == {"redriven": 0, "interrupted": 1}

    record.refresh_from_db()
    assert record.status == ImportStatus.INTERRUPTED
    assert record.interrupted_during == ImportStatus.APPLYING
    assert "nothing was changed" in record.error
    assert record.lease_token == ""
    assert people() == []
    page = admin_client.get(
        reverse("roster_imports:detail", args=[record.pk])
    ).content.decode()
    assert "This import was interrupted" in page
    assert "Work the changes out again and apply" in page
    assert "hx-trigger" not in page


def test_recovery_leaves_runs_with_a_live_lease_alone(
    previewed, academy_admin, django_capture_on_commit_callbacks
):
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    RosterImport.objects.filter(pk=record.pk).update(
        lease_token="d" * 32, lease_expires_at=timezone.now() + timedelta(seconds=30)
    )
    assert services.roster_runs_recover() == {"redriven": 0, "interrupted": 0}
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLYING


def test_a_queued_apply_no_worker_started_is_interrupted_after_the_wait(
    previewed, academy_admin, django_capture_on_commit_callbacks
):
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    later = timezone.now() + timedelta(seconds=settings.ACADEMY_TASK_QUEUE_SECONDS + 1)
    assert services.roster_runs_recover(now=later)["interrupted"] == 1
    record.refresh_from_db()
    assert record.status == ImportStatus.INTERRUPTED


def test_retry_works_the_changes_out_again_and_applies_them_once(
    previewed, academy_admin, admin_client, django_capture_on_commit_callbacks
):
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    lost_worker(record)
    services.roster_runs_recover()
    # Meanwhile someone else joined the academy: the retry plans against that.
    LearnerFactory(employee_id="K900", job_title="Auditor")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("roster_imports:retry", args=[record.pk]), follow=True
        )
    assert "Running the import again." in response.content.decode()
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert record.applied_counts["counts"]["created"] == 3
    assert people() == ["K100", "K101", "K102", "K900"]
    assert not record.file

    # A retry of a finished run does nothing.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("roster_imports:retry", args=[record.pk]), follow=True
        )
    assert "Only an interrupted import" in response.content.decode()
    assert Learner.objects.count() == 4


def test_the_lost_delivery_arriving_after_the_retry_applies_nothing_more(
    previewed, academy_admin, django_capture_on_commit_callbacks
):
    record = queue_apply(previewed, academy_admin, django_capture_on_commit_callbacks)
    lost_worker(record)
    services.roster_runs_recover()
    with django_capture_on_commit_callbacks(execute=True):
        services.roster_import_retry(roster_import=record, actor=academy_admin)
    # The broker hands the killed worker's message out again, much later.
    with django_capture_on_commit_callbacks(execute=True):
        services.roster_import_apply(import_id=record.pk)
    assert people() == ["K100", "K101", "K102"]
    assert Learner.objects.count() == 3


def test_a_preview_whose_worker_was_lost_is_checked_again(
    admin_client, django_capture_on_commit_callbacks
):
    data = ("\n".join([HEADER, *ROWS]) + "\n").encode()
    with django_capture_on_commit_callbacks(execute=False):
        admin_client.post(
            reverse("roster_imports:add"),
            {"file": SimpleUploadedFile("finance.csv", data, content_type="text/csv")},
        )
    record = RosterImport.objects.get()
    lost_worker(record, status=ImportStatus.PREVIEWING)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.roster_runs_recover() == {"redriven": 1, "interrupted": 0}
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED
    assert record.preview_counts["counts"]["created"] == 3
    assert record.attempts == 2
    assert people() == []


def test_a_preview_that_keeps_losing_its_worker_is_interrupted_and_retryable(
    admin_client, django_capture_on_commit_callbacks
):
    data = ("\n".join([HEADER, *ROWS]) + "\n").encode()
    with django_capture_on_commit_callbacks(execute=False):
        admin_client.post(
            reverse("roster_imports:add"),
            {"file": SimpleUploadedFile("finance.csv", data, content_type="text/csv")},
        )
    record = RosterImport.objects.get()
    lost_worker(record, status=ImportStatus.PREVIEWING)
    RosterImport.objects.filter(pk=record.pk).update(attempts=services.PREVIEW_ATTEMPTS)

    assert services.roster_runs_recover() == {"redriven": 0, "interrupted": 1}
    record.refresh_from_db()
    assert record.status == ImportStatus.INTERRUPTED
    assert record.interrupted_during == ImportStatus.PREVIEWING
    assert "stopped 3 times" in record.error
    page = admin_client.get(
        reverse("roster_imports:detail", args=[record.pk])
    ).content.decode()
    assert "Check the file again" in page

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("roster_imports:retry", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED
    assert people() == []
