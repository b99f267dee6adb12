"""A real Celery worker for tests, used when CELERY_BROKER_URL is set.

The suite normally runs tasks eagerly; tests marked ``worker`` start an in-process
worker thread on the configured broker (Redis in CI) and send tasks through it, so
serialisation, routing and acknowledgement are exercised for real.
"""

import os

import pytest

BROKER = os.environ.get("CELERY_BROKER_URL", "")


def require_broker():
    if not BROKER:
        if os.environ.get("ACADEMY_REQUIRE_WORKER") == "1":
            pytest.fail(
                "A real Celery worker is required but CELERY_BROKER_URL is unset."
            )
        pytest.skip("CELERY_BROKER_URL is not set: no broker for a real worker.")


@pytest.fixture
def celery_worker_thread(transactional_db):
    require_broker()
    from celery.contrib.testing.worker import start_worker

    from academy.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=10,
        ) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True
