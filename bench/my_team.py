"""My team for the head of a 100,000-person organisation, timed on PostgreSQL.

Builds (once, or again with ``--rebuild``) the synthetic organisation of
``bench/analytics.py`` (100,000 learners, 600,000 course enrolments, 4,000,000
lesson-progress rows, bulk-loaded with COPY), then turns its departments into one
reporting line: each department's head reports to the head of the parent
department and the heads of the top divisions to a chief executive, so the chief
executive's reporting subtree is everyone else. A fifth of the open enrolments get
a past due date, so "overdue" has something to count.

It then signs in as the chief executive and requests My team through the full
Django stack (middleware, view, template) with each sort and filter a manager
uses, and prints the best and median time of each (target: 300 ms) and its
query count; then the same line's download (CSV and Excel), timed to its last
byte.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf \\
        .venv/bin/python bench/my_team.py [--rebuild] [--repeat 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/perf"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.dev")
os.environ.setdefault("DJANGO_DEBUG", "false")

TARGET_MS = 300.0
PAGES = (
    ("default (by name)", ""),
    ("sorted by progress", "?sort=progress"),
    ("sorted by last activity", "?sort=activity"),
    ("overdue first", "?sort=overdue"),
    ("status: overdue", "?status=overdue"),
    ("status: completed", "?status=completed"),
    ("one department", "?department=3"),
    ("search", "?q=Person+4242"),
    ("page 2000", "?page=2000"),
)
#: The download of the same line (no target in the brief; printed for the record).
EXPORTS = (
    ("whole line, CSV", "csv", ""),
    ("overdue first, CSV", "csv", "?sort=overdue"),
    ("one department, CSV", "csv", "?department=3"),
    ("one department, Excel", "xlsx", "?department=3"),
)


def org_chart() -> int:
    """One reporting line over the whole organisation; the chief executive's id."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id) FROM learners_learner")
        (chief,) = cursor.fetchone()
        # Heads: the first person of each department (their manager is empty).
        cursor.execute(
            """
            WITH heads AS (
                SELECT department_id, MIN(id) AS head_id
                FROM learners_learner GROUP BY department_id
            )
            UPDATE learners_learner l
            SET manager_id = COALESCE(parent_head.head_id, %s)
            FROM heads own
            JOIN learners_department d ON d.id = own.department_id
            LEFT JOIN heads parent_head ON parent_head.department_id = d.parent_id
            WHERE l.id = own.head_id AND l.id <> %s
            """,
            [chief, chief],
        )
        cursor.execute(
            "UPDATE learners_learner SET manager_id = NULL, status = 'active' "
            "WHERE id = %s",
            [chief],
        )
        cursor.execute(
            "UPDATE learners_courseenrolment SET due_date = DATE '2026-10-01' "
            "WHERE status <> 'completed' AND id % 5 = 0"
        )
        # Each person with a role is enrolled in its curriculum, completed when
        # every required course of it is (as the progress services keep it), so
        # "Curriculum complete" has people to count.
        cursor.execute(
            """
            INSERT INTO learners_curriculumenrolment (
                learner_id, curriculum_id, source, status, progress,
                completion_reason, required_courses_total,
                required_courses_completed, completed_at, created_at, updated_at)
            SELECT l.id, c.page_ptr_id, 'role',
                   CASE WHEN x.done = x.total THEN 'completed'
                        WHEN x.done > 0 THEN 'in_progress'
                        ELSE 'not_started' END,
                   x.done::float / x.total, '', x.total, x.done,
                   CASE WHEN x.done = x.total THEN now() END, now(), now()
            FROM learners_learner l
            JOIN courses_curriculumpage c ON c.role_id = l.role_id
            CROSS JOIN LATERAL (
                SELECT count(*) AS total,
                       count(e.id) FILTER (WHERE e.status = 'completed') AS done
                FROM courses_curriculumcourse cc
                LEFT JOIN learners_courseenrolment e
                    ON e.course_id = cc.course_id AND e.learner_id = l.id
                WHERE cc.page_id = c.page_ptr_id AND cc.required
            ) x
            ON CONFLICT (learner_id, curriculum_id) DO NOTHING
            """
        )
        cursor.execute("ANALYZE")
    return chief


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page")
    args = parser.parse_args()

    # The organisation of bench/analytics.py (loaded by path: its module name
    # would be the analytics app's).
    spec = importlib.util.spec_from_file_location(
        "analytics_bench", ROOT / "bench" / "analytics.py"
    )
    analytics_bench = importlib.util.module_from_spec(spec)
    sys.modules["analytics_bench"] = analytics_bench
    spec.loader.exec_module(analytics_bench)

    analytics_bench.ensure_database(os.environ["DATABASE_URL"], rebuild=args.rebuild)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from learners.models import Learner

    call_command("migrate", verbosity=0)
    if not Learner.objects.exists():
        analytics_bench.build_organisation(np.random.default_rng(analytics_bench.SEED))
    org_chart()  # idempotent
    chief = Learner.objects.select_related("user").filter(manager=None).order_by("pk")
    chief = chief.first()
    team = Learner.objects.count() - 1
    print(f"Chief executive: learner {chief.pk}; reporting subtree {team:,} people.")

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(chief.user)
    failed = []
    print()
    print(f"Best of {args.repeat} after a warm-up; median beside.")
    print()
    print("| My team | best | median | queries |")
    print("|---|---|---|---|")
    for label, query in PAGES:
        url = f"/my-team/{query}"
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        best, median = min(times), statistics.median(times)
        print(f"| {label} | {best:.0f} ms | {median:.0f} ms | {len(captured)} |")
        if median > TARGET_MS:
            failed.append(label)
    print()
    print("| My team download | best | median | queries | rows |")
    print("|---|---|---|---|---|")
    for label, fmt, query in EXPORTS:
        url = f"/my-team/export.{fmt}{query}"
        times = []
        for _ in range(args.repeat + 1):  # the first is the warm-up
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                body = (
                    b"".join(response.streaming_content)
                    if response.streaming
                    else response.content
                )
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        times = times[1:]
        rows = body.count(b"\r\n") - 1 if fmt == "csv" else "—"
        rows = f"{rows:,}" if fmt == "csv" else rows
        print(
            f"| {label} | {min(times):.0f} ms | {statistics.median(times):.0f} ms "
            f"| {len(captured)} | {rows} |"
        )
    print()
    if failed:
        print(f"Over {TARGET_MS:.0f} ms (median):", ", ".join(failed))
        raise SystemExit(1)
    print(f"Every page within {TARGET_MS:.0f} ms.")


if __name__ == "__main__":
    main()
