"""Django's Redis cache, with one Redis client per connection pool.

Django's client builds a new ``redis.Redis`` around its pool for every cache call,
and building one (its option parsing, its response callbacks) cost more than the
round trip it makes: a lesson page makes about ten cache calls. A ``redis.Redis``
is safe to share between threads (each command takes a connection from the pool),
so each pool gets one, made on first use.
"""

from __future__ import annotations

import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}
        self._lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            with self._lock:
                client = self._clients.setdefault(
                    id(pool), self._client(connection_pool=pool)
                )
        return client


class SharedClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that reuses its clients."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
