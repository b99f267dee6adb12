"""Leases on the roster import's background runs (preview and apply), ADR 0011.

A worker that takes a run *claims* it: one conditional UPDATE that succeeds only
while the run waits in the right status and nobody holds a live lease on it. The
claim stores a random token and an expiry time; while the worker works it renews
the lease (a heartbeat). A worker that is killed stops renewing, its lease runs
out, and the recovery task re-drives the run or marks it interrupted. Every write
that finishes a run is conditional on the token, so a worker that lost its lease
(paused, cut off) cannot finish a run someone else has taken over.

During Apply the work happens inside one transaction, invisible to everyone else
until it commits; the heartbeat is then written by a small thread on its own
database connection. SQLite cannot take a second writer while a transaction is
open, so there (the laptop, the demo, the test suite, all running tasks eagerly)
no thread runs and a claim lasts as long as the hard task time limit instead.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.models import F, Q
from django.utils import timezone

from ..models import RosterImport

logger = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another worker (or the recovery task) took the run over: stop, write nothing."""


def lease_seconds() -> int:
    return settings.ACADEMY_TASK_LEASE_SECONDS


def queue_seconds() -> int:
    return settings.ACADEMY_TASK_QUEUE_SECONDS


def heartbeat_thread_supported() -> bool:
    """True when a second connection may write while a transaction is open."""
    return connection.vendor != "sqlite"


def _claim_seconds() -> int:
    if heartbeat_thread_supported():
        return lease_seconds()
    # No heartbeat during a transaction: the run may last until the hard limit.
    return max(lease_seconds(), settings.CELERY_TASK_TIME_LIMIT)


def queued_until() -> datetime:
    """The lease of a run waiting in the queue: long enough for a worker to start."""
    return timezone.now() + timedelta(seconds=queue_seconds())


class RunLease:
    """A worker's claim on one run; renew it while working, check it before writing."""

    def __init__(self, *, import_id: int, status: str, token: str) -> None:
        self.import_id = import_id
        self.status = status
        self.token = token
        self.lost = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def claim(
        cls, *, import_id: int, waiting: Iterable[str], status: str
    ) -> RunLease | None:
        """Take the run if it waits in one of ``waiting`` and nobody holds a live
        lease on it; it moves to ``status``. None when it is not ours to run."""
        now = timezone.now()
        token = secrets.token_hex(16)
        claimed = (
            RosterImport.objects.filter(pk=import_id, status__in=list(waiting))
            .filter(Q(lease_token="") | Q(lease_expires_at__lt=now))
            .update(
                status=status,
                lease_token=token,
                lease_expires_at=now + timedelta(seconds=_claim_seconds()),
                heartbeat_at=now,
                interrupted_during="",
                attempts=F("attempts") + 1,
            )
        )
        if not claimed:
            return None
        return cls(import_id=import_id, status=status, token=token)

    def mine(self):
        """The run, filtered to "still ours": for conditional updates."""
        return RosterImport.objects.filter(
            pk=self.import_id, status=self.status, lease_token=self.token
        )

    def renew(self, **fields) -> None:
        """Extend the lease (and write ``fields``); raise LeaseLost if not ours."""
        now = timezone.now()
        renewed = self.mine().update(
            lease_expires_at=now + timedelta(seconds=_claim_seconds()),
            heartbeat_at=now,
            **fields,
        )
        if not renewed and self._taken_over():
            self.lost = True
        self.check()

    def check(self) -> None:
        if self.lost:
            raise LeaseLost(f"Roster import {self.import_id} was taken over.")

    def _taken_over(self) -> bool:
        # A row we cannot see (not committed yet, or deleted) is not taken over.
        return (
            RosterImport.objects.filter(pk=self.import_id)
            .exclude(status=self.status, lease_token=self.token)
            .exists()
        )

    # --- the heartbeat thread, for work inside a long transaction ---------------

    def __enter__(self) -> RunLease:
        if heartbeat_thread_supported():
            self._thread = threading.Thread(
                target=self._beat, name=f"roster-lease-{self.import_id}", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _beat(self) -> None:
        interval = max(lease_seconds() / 4, 0.2)
        try:
            while not self._stop.wait(interval):
                try:
                    self.renew()
                except LeaseLost:
                    logger.warning(
                        "Roster import %s: lease lost while working", self.import_id
                    )
                    return
                except DatabaseError:
                    # One missed beat is not fatal: the lease outlasts a few.
                    logger.exception("Roster import %s: heartbeat", self.import_id)
        finally:
            # This thread's own connection; never leave it open.
            connections.close_all()
