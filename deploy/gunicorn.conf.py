"""gunicorn settings for the academy's web process (ADR 0016).

``gunicorn academy.wsgi -c deploy/gunicorn.conf.py``; ``WEB_CONCURRENCY`` and
``WEB_THREADS`` override the worker and thread counts, ``WEB_BIND`` the address.

Threaded workers (``gthread``), three processes per core, two threads each. A
page spends part of its time waiting on PostgreSQL and Redis, and the other thread
of its process serves another request meanwhile; the GIL serialises the Python
work (templates, StreamField rendering) within one process, so a heavy request
(a large My team export, an analytics page) holds up only the one request that
shares its process, and the processes keep both cores busy. Three processes of
two threads served the 200-user load test with p95 190 ms where one process per
core plus one of four threads gave 290 ms, for the same twelve database
connections on two cores (docs/benchmarks.md). Threads also keep the proxy's
connections alive, where sync workers close each one. Workers are recycled after
a few thousand requests, with jitter so they do not all restart at once.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 3 * multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", 2))
# Connections the proxy keeps open between requests.
keepalive = 5
timeout = 30
graceful_timeout = 30
max_requests = 5000
max_requests_jitter = 500
# Load the application (and its URL configuration) once in the master, before the
# workers fork: a worker that loads it on its first request can outlast `timeout`
# on a busy host and be killed in a loop.
preload_app = True
