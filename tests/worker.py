"""A real Celery worker for tests, used when CELERY_BROKER_URL is set.

The suite normally runs tasks eagerly; tests marked ``worker`` start an in-process
worker thread on the configured broker (Redis in CI) and send tasks through it, so
serialisation, routing and acknowledgement are exercised for real. The worker runs
on the settings pytest names explicitly (``academy.settings.test`` in pyproject.toml,
or ``DJANGO_SETTINGS_MODULE`` as the Makefile sets it): never a guessed default.
"""

import os
from contextlib import contextmanager, suppress

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


def require_postgres():
    """A worker in another process needs a database it can share: not SQLite's
    in-memory test database."""
    from django.db import connection

    require_broker()
    if connection.vendor == "sqlite":
        pytest.skip("A worker process needs a shared database (PostgreSQL).")


class WorkerProcess:
    """``celery worker`` in a subprocess, on this test's database and broker.

    Unlike the in-process thread above it can be killed like a real one: SIGKILL
    to its main process and its pool child, as the kernel's OOM killer or a lost
    machine would do.
    """

    def __init__(self, *, env: dict[str, str], log_path) -> None:
        import subprocess
        import sys

        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "academy",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            env=env,
            stdout=self._log,
            stderr=self._log,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL the main process and its pool children, nothing else."""
        import signal

        import psutil

        try:
            children = psutil.Process(self.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        os.kill(self.pid, signal.SIGKILL)
        for child in children:
            with suppress(psutil.NoSuchProcess):
                child.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except Exception:  # noqa: BLE001 - a stuck worker is killed instead
                self.kill()
        self._log.close()


def worker_env(**overrides: str) -> dict[str, str]:
    """Environment for a worker process sharing this test's database and broker."""
    from urllib.parse import quote

    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "academy.settings.test",
        "DATABASE_URL": (
            f"postgres://{quote(db['USER'] or '')}"
            + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
            + f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or "",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": os.pathsep.join(
            [str(settings.BASE_DIR), os.environ.get("PYTHONPATH", "")]
        ),
    }
    env.pop("PYTEST_XDIST_WORKER", None)  # The URLs above are already this run's.
    location = settings.CACHES["default"].get("LOCATION", "")
    if isinstance(location, str) and location.startswith("redis://"):
        env["REDIS_URL"] = location
    env.update(overrides)
    return env


def broker_flush() -> None:
    """Empty this run's broker database (queued and unacknowledged messages)."""
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
