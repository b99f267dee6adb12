"""Checks behind /healthz: can the academy reach its database, cache and broker?"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.utils import Error as DatabaseError

from .celery import app as celery_app


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str


def check_database() -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return CheckResult(False, f"database unreachable: {exc.__class__.__name__}")
    return CheckResult(True, connection.vendor)


def check_cache() -> CheckResult:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001 - any cache backend error means "down"
        return CheckResult(False, f"cache unreachable: {exc.__class__.__name__}")
    if value != "ok":
        return CheckResult(False, "cache did not return what was stored")
    return CheckResult(True, settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1])


def tasks_run_eagerly() -> bool:
    return bool(celery_app.conf.task_always_eager)


def check_broker() -> CheckResult:
    if tasks_run_eagerly():
        return CheckResult(True, "eager (tasks run in the web process)")
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 - kombu raises many transport errors
        return CheckResult(False, f"broker unreachable: {exc.__class__.__name__}")
    return CheckResult(True, "connected")


def check_workers(timeout: float = 3.0) -> CheckResult:
    """Round trip through a worker; only on request since it waits for one."""
    from .tasks import health_ping_task

    try:
        reply = health_ping_task.delay().get(timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - timeout or transport error
        return CheckResult(False, f"no worker answered: {exc.__class__.__name__}")
    return CheckResult(reply == "pong", "a worker answered")
