"""Scheduled publishing: Celery beat runs Wagtail's publish_scheduled every minute."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from wagtail.models import PageLogEntry, Revision

from cms.models import HomePage, StandardPage
from cms.tasks import LOCK_KEY, publish_scheduled_task

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def _draft_page(title: str, slug: str) -> StandardPage:
    page = StandardPage(title=title, slug=slug, live=False)
    HomePage.objects.get().add_child(instance=page)
    return page


def _schedule(page: StandardPage, *, go_live_at) -> Revision:
    """What an editor does: set a go-live date, then press Publish."""
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    return revision


def _run_at(moment) -> bool:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return publish_scheduled_task.delay().get()


def test_a_page_becomes_live_once_its_go_live_time_has_passed():
    now = timezone.now()
    page = _draft_page("Responsible AI policy", "responsible-ai-policy")
    revision = _schedule(page, go_live_at=now + timedelta(hours=1))
    page.refresh_from_db()
    assert page.live is False  # scheduled, not yet published
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is not None

    assert _run_at(now + timedelta(hours=1, minutes=1)) is True

    page.refresh_from_db()
    assert page.live is True
    assert page.live_revision_id == revision.pk
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is None
    assert (
        PageLogEntry.objects.filter(
            page=page, action="wagtail.publish.scheduled"
        ).count()
        == 1
    )


def test_running_twice_publishes_once():
    now = timezone.now()
    page = _draft_page("Prompt library guidance", "prompt-library-guidance")
    _schedule(page, go_live_at=now + timedelta(minutes=5))
    later = now + timedelta(minutes=6)
    _run_at(later)
    page.refresh_from_db()
    published_at = page.last_published_at
    revisions = page.revisions.count()
    log_entries = PageLogEntry.objects.filter(page=page).count()

    assert _run_at(later + timedelta(minutes=1)) is True

    page.refresh_from_db()
    assert page.live is True
    assert page.last_published_at == published_at
    assert page.revisions.count() == revisions
    assert PageLogEntry.objects.filter(page=page).count() == log_entries


def test_a_page_with_a_future_go_live_time_stays_a_draft():
    now = timezone.now()
    page = _draft_page("Autumn cohort announcement", "autumn-cohort")
    revision = _schedule(page, go_live_at=now + timedelta(days=3))

    publish_scheduled_task.delay().get()

    page.refresh_from_db()
    assert page.live is False
    assert page.live_revision is None
    # Still scheduled: a later run will publish it.
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at == (page.go_live_at)


def test_a_live_page_is_unpublished_once_it_expires():
    now = timezone.now()
    page = _draft_page("Spring enrolment window", "spring-enrolment")
    page.expire_at = now + timedelta(hours=2)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live is True

    _run_at(now + timedelta(hours=3))

    page.refresh_from_db()
    assert page.live is False
    assert page.expired is True


def test_a_run_does_nothing_while_another_holds_the_lock():
    now = timezone.now()
    page = _draft_page("Model evaluation checklist", "model-evaluation-checklist")
    _schedule(page, go_live_at=now + timedelta(minutes=5))
    cache.add(LOCK_KEY, "another-run", timeout=60)

    assert _run_at(now + timedelta(minutes=6)) is False

    page.refresh_from_db()
    assert page.live is False
    assert cache.get(LOCK_KEY) == "another-run"  # not released by this run
    cache.delete(LOCK_KEY)
    assert _run_at(now + timedelta(minutes=7)) is True
    page.refresh_from_db()
    assert page.live is True
    assert cache.get(LOCK_KEY) is None  # released after the run


def test_celery_beat_runs_scheduled_publishing_every_minute():
    task = PeriodicTask.objects.select_related("crontab").get(
        task="cms.publish_scheduled"
    )
    assert task.enabled is True
    assert task.crontab is not None
    assert (
        task.crontab.minute,
        task.crontab.hour,
        task.crontab.day_of_week,
        task.crontab.day_of_month,
        task.crontab.month_of_year,
    ) == ("*", "*", "*", "*", "*")


REGISTERED_BY_A_FRESH_WORKER = """
from academy.celery import app
app.loader.import_default_modules()  # what a starting worker does
print("\\n".join(sorted(app.tasks)))
"""


def test_a_starting_worker_registers_every_task_beat_sends():
    result = subprocess.run(  # noqa: S603 - fixed interpreter and script
        [sys.executable, "-c", REGISTERED_BY_A_FRESH_WORKER],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "academy.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    registered = set(result.stdout.split())
    scheduled = set(PeriodicTask.objects.values_list("task", flat=True))
    assert "cms.publish_scheduled" in scheduled
    assert scheduled <= registered
