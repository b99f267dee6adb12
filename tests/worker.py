"""A real Celery worker for tests, used when CELERY_BROKER_URL is set.

The suite normally runs tasks eagerly; tests marked ``worker`` start an in-process
worker thread on the configured broker (Redis in CI) and send tasks through it, so
serialisation, routing and acknowledgement are exercised for real. The worker runs
on the settings pytest names explicitly (``academy.settings.test`` in pyproject.toml,
or ``DJANGO_SETTINGS_MODULE`` as the Makefile sets it): never a guessed default.
"""

import os
from contextlib import contextmanager

import pytest

BROKER = os.environ.get("CELERY_BROKER_URL", "")


def require_broker():
    if not BROKER:
        if os.environ.get("ACADEMY_REQUIRE_WORKER") == "1":
            pytest.fail(
                "A real Celery worker is required but CELERY_BROKER_URL is unset."
            )
        pytest.skip("CELERY_BROKER_URL is not set: no broker for a real worker.")


@contextmanager
def _tasks_sent_to_the_broker():
    from academy.celery import app

    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def celery_worker_thread(transactional_db):
    require_broker()
    from django.conf import settings

    assert os.environ["DJANGO_SETTINGS_MODULE"] == settings.SETTINGS_MODULE
    from celery.contrib.testing.worker import start_worker

    with (
        _tasks_sent_to_the_broker() as app,
        start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=10,
        ) as worker,
    ):
        yield worker


@pytest.fixture
def celery_broker_without_worker(db):
    """The production situation /healthz must catch: a broker and no worker."""
    require_broker()
    with _tasks_sent_to_the_broker() as app:
        yield app
