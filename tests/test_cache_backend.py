"""The Redis cache reuses one client per connection pool (``core/cache.py``).

Runs where the suite's cache is Redis (``REDIS_URL``, the PostgreSQL pass in CI).
"""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache, caches

from core.cache import SharedClientRedisCache

pytestmark = pytest.mark.skipif(
    not isinstance(caches["default"], SharedClientRedisCache),
    reason="REDIS_URL is not set: the cache is not Redis.",
)


def test_each_call_reuses_the_same_client():
    client = caches["default"]._cache
    assert client.get_client("a") is client.get_client("b")
    assert client.get_client("a", write=True) is client.get_client("c", write=True)


def test_values_round_trip_and_counters_stay_atomic_across_threads():
    cache.set("shared-client:answer", {"name": "Amara Okoye", "score": 92})
    assert cache.get("shared-client:answer") == {"name": "Amara Okoye", "score": 92}
    cache.set("shared-client:counter", 0)

    def bump():
        for _ in range(50):
            cache.incr("shared-client:counter")

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("shared-client:counter") == 200
    cache.delete_many(["shared-client:answer", "shared-client:counter"])
