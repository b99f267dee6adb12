"""Load test: the production stack under gunicorn on PostgreSQL, driven by Locust.

Two steps::

    .venv/bin/pip install -c constraints.txt -e ".[bench]"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_load \\
        .venv/bin/python bench/load.py prepare [--learners 20000 --load-users 2200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_load \\
        .venv/bin/python bench/load.py run [--scenario all] [--seconds 60]

``prepare`` builds the demo academy in the database (migrations, then
``load_demo_data`` with that many learners, the load-test accounts among them),
gives a few managers and leadership accounts the demo password (leadership with
an authenticator whose secret the run knows), and writes the run's plan (who
signs in, which pages exist) to ``.artifacts/load-plan.json``.

``run`` starts the production settings under gunicorn (``deploy/gunicorn.conf.py``:
preloaded, 6 threaded workers of 2 threads by default) on 127.0.0.1:8100 with a Celery
worker on Redis (broker DB 12, cache DB 13), waits for ``/healthz``, then drives it
with Locust's library API from this process (so the client's CPU is on the same two
cores, as the targets require) through the scenarios below. Each scenario first
signs all its virtual users in (not measured: a sign-in is a deliberately slow
password hash), then measures ``--run-time`` seconds and prints a Markdown table to
paste into ``docs/benchmarks.md``: requests/s, p50/p95/p99 per page, errors, the
load average, and the CPU the academy, PostgreSQL and the client spent per request.
It refuses a ``--host`` or ``DATABASE_URL`` that is not loopback, and every scenario
stops after its time (at most 15 minutes each).

Requests carry ``X-Forwarded-Proto: https`` and an ``X-Forwarded-For``
client address (from 198.18.0.0/15, the range set aside for benchmarks) as the TLS
proxy in front of the academy would add them; ``ACADEMY_TRUSTED_PROXY_COUNT=1``
tells the academy to trust one proxy hop. Every request goes to loopback and each
scenario stops after its time.

Scenarios (targets on a 2-core machine, client included):

- ``lesson``: closed loop, no think time, signed-in learners reading lessons
  (>= 150 req/s);
- ``journey``: closed loop, the learner journey: home, My learning, course,
  lesson, knowledge check, completion (>= 100 req/s);
- ``think``: 200 users with 3 s think time: learners on the journey, managers on
  My team and its export, leadership on analytics (p95 <= 500 ms on every page,
  0 errors);
- ``rush``: 2,000 distinct people sign in through the proxy within 10 minutes
  (no 429), while one address hammering one account is throttled.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / ".artifacts" / "load-plan.json"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/academy_load"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
PASSWORD = "northwind-demo-2026"  # noqa: S105 - the demo's published password
LEADERS = 6
#: Every scenario stops after its time: at most this long each.
MAX_SECONDS = 900
MAX_RUSH_MINUTES = 15
MANAGERS = 20


def require_loopback(host: str, what: str) -> str:
    """``host`` if it is a loopback address (or ``localhost``), else stop.

    The load test is a denial of service by design: it must never be pointed at
    another machine, and it reads and writes a demo database, never a real one.
    """
    import ipaddress

    name = (host or "").strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return host
    try:
        loopback = ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(
            f"The load test runs on this machine only: {what} must be a loopback "
            f"address such as 127.0.0.1, not {host!r}."
        )
    return host


def database_url() -> str:
    from urllib.parse import urlparse

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit(f"The load test needs PostgreSQL, not {parsed.scheme!r}.")
    require_loopback(parsed.hostname or "", "the DATABASE_URL host")
    return url


def _django_env(settings: str = "academy.settings.dev") -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": settings,
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
    }


def _manage(*args: str) -> None:
    subprocess.run(  # noqa: S603 - this interpreter and the project's manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=_django_env(),
        check=True,
    )


def _ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- prepare -------------------------------------------------------------------------


def prepare(args: argparse.Namespace) -> None:
    url = database_url()
    _ensure_database(url)
    started = time.monotonic()
    _manage("migrate", "--noinput", "-v", "0")
    _manage(
        "load_demo_data",
        "--learners",
        str(args.learners),
        "--load-users",
        str(args.load_users),
    )
    subprocess.run(  # noqa: S603 - this script, in Django mode
        [sys.executable, __file__, "plan", "--load-users", str(args.load_users)],
        cwd=ROOT,
        env=_django_env(),
        check=True,
    )
    print(f"Prepared in {time.monotonic() - started:.0f} s; plan in {PLAN}.")


def write_plan(args: argparse.Namespace) -> None:
    """In a Django process: choose the accounts and pages the run uses."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from accounts import personas
    from courses import api as courses_api
    from courses.models import CoursePage, LessonPage
    from learners.demo import demo_load_users_ensure
    from learners.models import ACTIVE_STATUSES, Learner

    learners = demo_load_users_ensure(count=args.load_users)
    User = get_user_model()
    shared_hash = make_password(PASSWORD)

    managers = list(
        Learner.objects.filter(status__in=ACTIVE_STATUSES, direct_reports__isnull=False)
        .distinct()
        .order_by("employee_id")
        .values_list("user_id", "user__email")[:MANAGERS]
    )
    leaders = list(
        Learner.objects.filter(status__in=ACTIVE_STATUSES)
        .exclude(user__email__in=learners)
        .exclude(user_id__in=[m for m, _ in managers])
        .order_by("-employee_id")
        .values_list("user_id", "user__email")[:LEADERS]
    )
    chosen = managers + leaders
    User.objects.filter(pk__in=[u for u, _ in chosen]).update(password=shared_hash)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=u, email=e, verified=True, primary=True)
            for u, e in chosen
        ],
        ignore_conflicts=True,
    )
    leadership = Group.objects.get(name=personas.LEADERSHIP)
    secrets = {}
    for user in User.objects.filter(pk__in=[u for u, _ in leaders]):
        user.groups.add(leadership)
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        secrets[user.email] = secret

    lessons = []
    for lesson_id in (
        LessonPage.objects.live().order_by("path").values_list("id", flat=True)
    ):
        context = courses_api.lesson_context(lesson_id)
        # Right answers for every question the check can draw, by current version:
        # drawn in memory for many seeds, so no question a run may be shown is
        # left without its answer (a submission missing one is refused).
        answers = {}
        if context.check is not None:
            draw = courses_api.check_drawer(context.check)
            versions = {v for seed in range(2048) for v in draw(seed)}
            for q in courses_api.questions_by_version(sorted(versions)).values():
                answers[q.id] = list(q.correct_option_ids)
        policy = context.attestation.version if context.attestation else ""
        lessons.append(
            {"id": lesson_id, "url": context.url, "answers": answers, "policy": policy}
        )
    courses = [
        {"id": page.id, "url": page.url}
        for page in CoursePage.objects.live().order_by("path")
    ]
    PLAN.parent.mkdir(exist_ok=True)
    PLAN.write_text(
        json.dumps(
            {
                "learners": learners,
                "managers": [e for _, e in managers],
                "leaders": secrets,
                "lessons": lessons,
                "courses": courses,
            },
            indent=1,
        )
    )


# --- run -----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> None:
    require_loopback(args.host, "--host")
    os.environ["DATABASE_URL"] = database_url()
    if not PLAN.exists():
        raise SystemExit(f"No plan in {PLAN}: run `bench/load.py prepare` first.")
    import signal

    from gevent import monkey

    monkey.patch_all()
    # Stopped from outside (timeout, Ctrl-C): still stop gunicorn and the worker.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    import load_scenarios

    load_scenarios.main(args, plan=json.loads(PLAN.read_text()), root=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="build the demo academy for the load test")
    p.add_argument("--learners", type=int, default=20_000)
    p.add_argument("--load-users", type=int, default=2_200)
    p = sub.add_parser("plan", help=argparse.SUPPRESS)
    p.add_argument("--load-users", type=int, default=2_200)
    p = sub.add_parser("run", help="start the stack and run the scenarios")
    p.add_argument(
        "--scenario",
        choices=["all", "pages", "lesson", "journey", "think", "rush"],
        help="pages: lesson, journey and think; all: those and the rush",
        default="all",
    )
    p.add_argument(
        "--seconds",
        "--run-time",
        type=int,
        default=60,
        help="measured seconds per scenario except the rush (default 60)",
    )
    p.add_argument("--users", type=int, default=24, help="closed-loop users")
    p.add_argument("--think-users", type=int, default=200)
    p.add_argument("--rush-people", type=int, default=2_000)
    p.add_argument("--rush-minutes", type=float, default=10.0)
    p.add_argument("--workers", type=int, default=6, help="gunicorn workers")
    p.add_argument(
        "--threads", type=int, default=2, help="threads per worker (deploy config)"
    )
    p.add_argument("--host", default="127.0.0.1", help="loopback address to serve on")
    p.add_argument("--port", type=int, default=8100)
    p.add_argument("--redis-db-cache", type=int, default=13)
    p.add_argument("--redis-db-broker", type=int, default=12)
    args = parser.parse_args()
    if args.command == "run":
        if not 1 <= args.seconds <= MAX_SECONDS:
            raise SystemExit(f"--run-time must be 1 to at most {MAX_SECONDS} s.")
        if not 0 < args.rush_minutes <= MAX_RUSH_MINUTES:
            raise SystemExit(
                f"--rush-minutes must be more than 0 and at most {MAX_RUSH_MINUTES}."
            )
    if args.command == "prepare":
        prepare(args)
    elif args.command == "plan":
        write_plan(args)
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        run(args)


if __name__ == "__main__":
    main()
