"""Checks behind /healthz: can the academy reach its database, cache, broker and a
Celery worker?

With no broker configured (a laptop, the demo) tasks run inside the web process:
/healthz says so (``"celery": "eager"``) instead of claiming a worker answered. With a
broker it asks the workers to answer a ping, and is unhealthy when none does, because
then nothing sends reminders, computes snapshots or publishes scheduled pages.
"""

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


#: Seconds /healthz waits for workers to answer a ping; it always waits this long,
#: to count every worker that answers.
WORKER_PING_TIMEOUT = 1.0


class CeleryState:
    EAGER = "eager"
    OK = "ok"
    NO_WORKERS = "no-workers"
    BROKER_UNREACHABLE = "broker-unreachable"


@dataclass(frozen=True)
class CeleryResult:
    state: str
    detail: str
    workers: int | None = None

    @property
    def ok(self) -> bool:
        return self.state in (CeleryState.EAGER, CeleryState.OK)


def tasks_run_eagerly() -> bool:
    return bool(celery_app.conf.task_always_eager)


def check_broker() -> CheckResult:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 - kombu raises many transport errors
        return CheckResult(False, f"broker unreachable: {exc.__class__.__name__}")
    return CheckResult(True, "connected")


def check_celery(*, timeout: float = WORKER_PING_TIMEOUT) -> CeleryResult:
    """Eager, or: is the broker reachable and does at least one worker answer?"""
    if tasks_run_eagerly():
        return CeleryResult(
            CeleryState.EAGER, "no broker configured: tasks run in the web process"
        )
    broker = check_broker()
    if not broker.ok:
        return CeleryResult(CeleryState.BROKER_UNREACHABLE, broker.detail)
    try:
        replies = celery_app.control.ping(timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - kombu raises many transport errors
        return CeleryResult(
            CeleryState.BROKER_UNREACHABLE,
            f"broker unreachable: {exc.__class__.__name__}",
        )
    if not replies:
        return CeleryResult(
            CeleryState.NO_WORKERS,
            f"no Celery worker answered a ping within {timeout:g} s",
            workers=0,
        )
    count = len(replies)
    return CeleryResult(
        CeleryState.OK,
        f"{count} worker{'s' if count != 1 else ''} answered",
        workers=count,
    )


def check_task_round_trip(*, timeout: float = 3.0) -> CheckResult:
    """Send a task and wait for its answer; only on request since it waits."""
    from .tasks import health_ping_task

    if tasks_run_eagerly():
        reply = health_ping_task.delay().get(timeout=timeout)
        return CheckResult(reply == "pong", "eager: the task ran in the web process")
    try:
        reply = health_ping_task.delay().get(timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - timeout or transport error
        return CheckResult(False, f"no worker ran the task: {exc.__class__.__name__}")
    return CheckResult(reply == "pong", "a worker ran the task")
