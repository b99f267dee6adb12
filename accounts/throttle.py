"""Failed sign-in throttling that a stranger cannot turn into a lockout.

Three counters, all in the cache (docs/decisions/0014-sign-in-throttling.md):

- per address: allauth's own ``login_failed`` rate (``ACCOUNT_RATE_LIMITS``), strict;
- per (account, address): after ``ACADEMY_LOGIN_FREE_FAILURES`` failures, every
  further failure shuts that pair for twice as long as the last one, from
  ``ACADEMY_LOGIN_BACKOFF_SECONDS`` up to ``ACADEMY_LOGIN_BACKOFF_MAX_SECONDS``. The
  same account signs in from any other address at once;
- per account, from every address: past ``ACADEMY_LOGIN_ACCOUNT_CEILING`` failures
  in ``ACADEMY_LOGIN_ACCOUNT_WINDOW_SECONDS`` the right password still signs in, but
  only with a second step: the authenticator code for people who have one, otherwise
  a code sent to the account's email address.

Every failure is logged as one structured line (never the password).
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("accounts.login")

_PAIR_PREFIX = "academy:login:pair"
_ACCOUNT_PREFIX = "academy:login:account"


def _now() -> float:
    return time.time()


def _digest(login: str) -> str:
    # Cache keys carry a digest, never the address typed, and stay short.
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]


def _pair_key(login: str, ip: str) -> str:
    return f"{_PAIR_PREFIX}:{_digest(login)}:{ip}"


def _account_key(login: str) -> str:
    return f"{_ACCOUNT_PREFIX}:{_digest(login)}"


@dataclass(frozen=True)
class Failure:
    """What one failed attempt changed, for the log line and the tests."""

    failures_from_address: int
    account_failures: int
    blocked_for: int


def backoff_seconds(failures: int) -> int:
    """How long a pair stays shut after its ``failures``-th failure (0 = open)."""
    extra = failures - settings.ACADEMY_LOGIN_FREE_FAILURES
    if extra < 0:
        return 0
    base = settings.ACADEMY_LOGIN_BACKOFF_SECONDS
    ceiling = settings.ACADEMY_LOGIN_BACKOFF_MAX_SECONDS
    # 2 ** extra grows without bound; stop doubling once past the ceiling.
    return min(ceiling, base * 2 ** min(extra, 32))


def retry_after(*, login: str, ip: str) -> int:
    """Seconds until ``login`` may try again from ``ip``; 0 when it may now."""
    state = cache.get(_pair_key(login, ip))
    if not state:
        return 0
    return max(0, int(state["until"] - _now() + 0.999))


def record_failure(*, login: str, ip: str) -> Failure:
    """Count a failed attempt for ``login`` from ``ip`` and log it."""
    key = _pair_key(login, ip)
    state = cache.get(key) or {"failures": 0, "until": 0.0}
    failures = state["failures"] + 1
    blocked_for = backoff_seconds(failures)
    cache.set(
        key,
        {"failures": failures, "until": _now() + blocked_for},
        settings.ACADEMY_LOGIN_FAILURE_MEMORY_SECONDS,
    )
    account_key = _account_key(login)
    window = settings.ACADEMY_LOGIN_ACCOUNT_WINDOW_SECONDS
    cache.add(account_key, 0, window)
    try:
        account_failures = cache.incr(account_key)
    except ValueError:  # expired between add and incr
        cache.set(account_key, 1, window)
        account_failures = 1
    failure = Failure(
        failures_from_address=failures,
        account_failures=account_failures,
        blocked_for=blocked_for,
    )
    logger.warning(
        "login_failed login=%s ip=%s failures_from_ip=%d account_failures=%d "
        "blocked_for=%ds",
        login.strip().lower()[:254],
        ip,
        failure.failures_from_address,
        failure.account_failures,
        failure.blocked_for,
        extra={
            "event": "login_failed",
            "login": login.strip().lower()[:254],
            "ip": ip,
            "failures_from_ip": failure.failures_from_address,
            "account_failures": failure.account_failures,
            "blocked_for": failure.blocked_for,
        },
    )
    return failure


def record_refusal(*, login: str, ip: str, wait: int) -> None:
    """Log an attempt refused before its password was checked."""
    logger.warning(
        "login_throttled login=%s ip=%s retry_after=%ds",
        login.strip().lower()[:254],
        ip,
        wait,
        extra={
            "event": "login_throttled",
            "login": login.strip().lower()[:254],
            "ip": ip,
            "retry_after": wait,
        },
    )


def record_success(*, login: str, ip: str) -> None:
    """The right password from ``ip``: that address starts afresh for ``login``.

    The account-wide count is left alone: a success from one address does not
    excuse the failures from others.
    """
    cache.delete(_pair_key(login, ip))


def account_needs_extra_step(login: str) -> bool:
    """True once the account's failures from every address pass the ceiling."""
    ceiling = settings.ACADEMY_LOGIN_ACCOUNT_CEILING
    if ceiling <= 0:
        return False
    return (cache.get(_account_key(login)) or 0) >= ceiling
