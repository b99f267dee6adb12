"""Each SCIM client's request rate, at a cost that does not grow with the limit.

A sliding window estimated from two fixed windows: the requests counted in the
current window plus the previous window's, weighted by how much of it still lies
within the last ``duration`` seconds. Each request is one ``get_many`` and one
``add`` or ``incr`` on the cache, however high the limit is set: a log of every
request's time (what the login limiter keeps) is read, copied and written back on
each request, so an identity provider's first push of many thousands of people
would pay more per request the faster it went. Requests over the limit are
counted too: a client that keeps sending stays refused until it slows down.

The limit is ``ACCOUNT_RATE_LIMITS["scim"]`` (``ACADEMY_RATE_LIMIT_SCIM``, e.g.
``1200/m/key``); the cache is the academy's (Redis in production).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from allauth.core.internal import ratelimit
from django.core.cache import cache


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    #: Seconds until the client may try again (0 when allowed).
    retry_after: int = 0


def _counted(key: str, timeout: int) -> int:
    """Count one request under ``key``; the count so far."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the add and the incr
        cache.set(key, 1, timeout=timeout)
        return 1


def scim_request_allowed(client_id: int, *, now: float | None = None) -> Verdict:
    """Count a request of this client and say whether it is within its limit."""
    now = time.time() if now is None else now
    for rate in ratelimit.get_rates(app="allauth.account", action="scim"):
        duration = rate.duration
        window = math.floor(now / duration)
        elapsed = now - window * duration
        prefix = f"scim:rate:{client_id}:{duration}"
        previous = cache.get(f"{prefix}:{window - 1}", 0)
        current = _counted(f"{prefix}:{window}", timeout=math.ceil(2 * duration))
        estimate = current + previous * (1 - elapsed / duration)
        if estimate > rate.amount:
            return Verdict(False, retry_after=max(1, math.ceil(duration - elapsed)))
    return Verdict(True)
