"""A quick closed loop against gunicorn on loopback: requests/s for one page.

Not the load test (``bench/load.py`` is, with Locust and every scenario): a short
check of one page under one gunicorn worker model, to compare models. It starts
gunicorn on production settings with the given worker options, signs ``--users``
active learners in (sessions written straight to the database), then has each of
them request ``--path`` back to back for ``--seconds`` over a kept-alive
connection, from threads of this process (on the same cores), and prints
requests/s, p50 and p95.

Usage (on a database holding ``load_demo_data``)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_demo \\
        .venv/bin/python bench/page_loop.py --path /courses/.../lesson/ \\
        --gunicorn "--workers 5" [--users 20 --seconds 20]
"""

from __future__ import annotations

import argparse
import http.client
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENV = {
    "DJANGO_SETTINGS_MODULE": "academy.settings.production",
    "DJANGO_SECRET_KEY": "page-loop-benchmark-only",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Never used by a page view; production settings insist on a broker.
    "CELERY_BROKER_URL": "memory://",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    # No Redis here: each worker's local cache is its own, which is harmless for
    # a loop that only reads (production turns it off without REDIS_URL).
    "ACADEMY_CONTENT_CACHE": "true",
}


def sessions(count: int) -> list[str]:
    """Session keys of ``count`` signed-in load-test learners."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User

    users = list(
        User.objects.filter(is_active=True, learner__status="active")
        .exclude(groups__isnull=False)
        .order_by("learner__employee_id")[:count]
    )
    if len(users) < count:
        raise SystemExit(f"Only {len(users)} active learners: load the demo first.")
    keys = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", required=True)
    parser.add_argument("--gunicorn", default="--workers 3", help="worker options")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    os.environ.update({k: v for k, v in ENV.items() if k not in os.environ})
    keys = sessions(args.users)
    # The production settings, but static files without the manifest: its
    # post-processing stops at a vendored script's missing source map, and this
    # loop times pages, not static files.
    settings_dir = Path(tempfile.mkdtemp(prefix="page-loop-"))
    (settings_dir / "page_loop_settings.py").write_text(
        "from academy.settings.production import *  # noqa: F403\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': "
        "'whitenoise.storage.CompressedStaticFilesStorage'}}\n"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "page_loop_settings"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(settings_dir), str(ROOT), os.environ.get("PYTHONPATH", "")]
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        check=True,
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(  # noqa: S603
        [
            str(gunicorn),
            "academy.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
            *shlex.split(args.gunicorn),
        ],
        cwd=ROOT,
    )
    try:
        _wait_for(args.port)
        result = _loop(args, keys)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(result)


def _wait_for(port: int) -> None:
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request(
                "GET", "/accounts/login/", headers={"X-Forwarded-Proto": "https"}
            )
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _loop(args, keys: list[str]) -> str:
    headers_for = [
        {
            "Host": "127.0.0.1",
            "Cookie": f"sessionid={key}",
            "X-Forwarded-Proto": "https",
        }
        for key in keys
    ]
    # Warm every worker (imports, caches) before timing.
    warm_until = time.monotonic() + 3
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start_event = threading.Event()
    stop_at = [0.0]

    def user(headers: dict) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < warm_until:
            conn = _get(conn, args, headers)[0]
        start_event.wait()
        while time.monotonic() < stop_at[0]:
            started = time.perf_counter()
            conn, status = _get(conn, args, headers)
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad += 1
        with lock:
            timings.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=user, args=(h,)) for h in headers_for]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, warm_until - time.monotonic()) + 0.5)
    stop_at[0] = time.monotonic() + args.seconds
    start_event.set()
    for thread in threads:
        thread.join()
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[int(len(ms) * 0.95) - 1] if ms else 0.0
    return (
        f"{args.gunicorn!r}, {args.users} users, {args.seconds:.0f} s: "
        f"{len(ms) / args.seconds:.1f} req/s, p50 {statistics.median(ms):.0f} ms, "
        f"p95 {p95:.0f} ms, {errors[0]} non-200 of {len(ms)}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def _get(conn, args, headers):
    try:
        conn.request("GET", args.path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        return conn, response.status
    except (OSError, http.client.HTTPException):
        conn.close()
        return http.client.HTTPConnection("127.0.0.1", args.port, timeout=30), 0


if __name__ == "__main__":
    main()
