"""gunicorn settings for the academy's web process (ADR 0016).

``gunicorn academy.wsgi -c deploy/gunicorn.conf.py``; ``WEB_CONCURRENCY`` and
``WEB_THREADS`` override the worker and thread counts, ``WEB_BIND`` the address.

Threaded workers (``gthread``), one process per core plus one, four threads each:
a page spends part of its time waiting on PostgreSQL and Redis, and a thread of the
same process serves another request meanwhile, while the processes keep both cores
busy with the Python work (templates, StreamField rendering) the GIL serialises
within one process. Threads also keep the proxy's connections alive, where sync
workers close each one. Workers are recycled after a few thousand requests, with
jitter so they do not all restart at once.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", 4))
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
