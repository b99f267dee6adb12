"""Applying a material change to a lesson 100,000 people completed, on PostgreSQL.

Creates a temporary database (``academy_recert_bench``, dropped at the end unless
``--keep``), migrates it, bulk-loads ``--people`` learners of one role whose
curriculum requires one course (teaching a skill that counts towards a rollout
blocker), who all completed its one lesson (with the course certificate), then
times what a reviewer's material change does:

- the preview counts (people, departments, certificates);
- the preview's comparison of completion and readiness
  (``analytics.impact.change_impact``): from today's analytics snapshot, computed
  first as the nightly task would, and, for reference, the full computation from
  live records it falls back to without one;
- the whole preview as the change's page builds it (counts, comparison and its
  HTML: ``learners.renewal_selectors.material_change_page``);
- the set-based apply that writes one renewal per person.

Prints seconds, peak memory allocated (``tracemalloc``) and the process's peak
RSS; ``--explain`` also prints PostgreSQL's plans of the preview's queries.
Targets: whole preview ≤ 1 s; apply ≤ 10 s and ≤ 500 MiB.

Usage (``RECERT_BENCH_URL`` overrides the database URL)::

    .venv/bin/python bench/recert.py [--people 100000] [--keep] [--explain]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/academy_recert_bench"
os.environ["DATABASE_URL"] = os.environ.get("RECERT_BENCH_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.base")

PREVIEW_TARGET_S = 1.0
APPLY_TARGET_S = 10.0
MEMORY_TARGET_MIB = 500.0


def _admin_url(url: str) -> tuple[str, str]:
    parsed = urlparse(url)
    return parsed._replace(path="/postgres").geturl(), parsed.path.lstrip("/")


def database_create(url: str) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_drop(url: str) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def fill(people: int):
    """One course with one lesson, completed (with a certificate) by everyone."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db import connection, transaction
    from django.utils import timezone

    from courses import services as course_services
    from courses.models import Role
    from learners.models import (
        Certificate,
        CourseEnrolment,
        Department,
        Learner,
        LessonProgress,
    )
    from learners.roster import bulk

    setup = course_services.editorial_setup_ensure()
    skill, _ = course_services.skill_upsert(
        slug="applying-the-ai-policy",
        name="Applying the AI policy",
        category="Governance",
        description="Knows what the policy allows and whom to ask.",
        blockers={"governance": 1.0},
    )
    course, _ = course_services.course_upsert(
        index=setup.course_index,
        slug="ai-governance-essentials",
        title="AI governance essentials",
        summary="The governance everyone at Northwind needs.",
        level="foundation",
        skills=[(skill, 2)],
        validity_months=12,
    )
    role = Role.objects.get(slug="critical-business-user")
    course_services.curriculum_upsert(
        index=setup.curricula_index,
        slug="critical-business-user",
        title="Critical business user",
        role=role,
        intro="What everyone who relies on AI output needs.",
        outcomes=["Applies the AI policy"],
        courses=[(course, True, 30)],
    )
    lesson, _ = course_services.lesson_upsert(
        course=course,
        slug="northwind-ai-policy",
        title="The Northwind AI policy",
        summary="What the policy allows.",
        estimated_minutes=12,
        required=True,
        body=[("rich_text", "<p>The policy in brief.</p>")],
    )
    departments = [Department.objects.create(name=f"Department {n}") for n in range(50)]
    now = timezone.now()
    numbers = range(1, people + 1)
    with transaction.atomic():
        user_ids = bulk.insert(
            get_user_model(),
            {
                "email": [f"person{n}@northwind.example" for n in numbers],
                "first_name": ["Amara"] * people,
                "last_name": [f"Okafor {n}" for n in numbers],
                "is_active": [True] * people,
                "password": [UNUSABLE_PASSWORD_PREFIX + "bench"] * people,
            },
        )
        learner_ids = bulk.insert(
            Learner,
            {
                "user_id": user_ids,
                "employee_id": [f"P{n}" for n in numbers],
                "department_id": [departments[n % 50].pk for n in numbers],
                "role_id": [role.pk] * people,
            },
        )
        bulk.insert(
            LessonProgress,
            {
                "learner_id": learner_ids,
                "lesson_id": [lesson.pk] * people,
                "course_id": [course.pk] * people,
                "first_viewed_at": [now] * people,
                "last_viewed_at": [now] * people,
                "completed_at": [now] * people,
            },
            ids=False,
        )
        bulk.insert(
            CourseEnrolment,
            {
                "learner_id": learner_ids,
                "course_id": [course.pk] * people,
                "status": ["completed"] * people,
                "progress": [1.0] * people,
                "completed_at": [now] * people,
                "required_lessons_total": [1] * people,
                "required_lessons_completed": [1] * people,
            },
            ids=False,
        )
        bulk.insert(
            Certificate,
            {
                "uuid": [uuid.uuid4() for _ in numbers],
                "learner_id": learner_ids,
                "kind": ["course"] * people,
                "course_id": [course.pk] * people,
                "learner_name": [f"Amara Okafor {n}" for n in numbers],
                "item_title": [course.title] * people,
                "issued_on": [now.date()] * people,
            },
            ids=False,
        )
    with connection.cursor() as cursor:
        for table in (
            "learners_learner",
            "learners_lessonprogress",
            "learners_certificate",
            "learners_courseenrolment",
        ):
            cursor.execute(f"ANALYZE {table}")
    return lesson


def _page(change) -> tuple[float, int]:
    """Seconds and queries of the change's page content (what the view renders)."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from learners.renewal_selectors import material_change_page

    request = RequestFactory().get(f"/material-changes/{change.pk}/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        page = material_change_page(request=request, change=change)
        seconds = time.perf_counter() - t0
    if "data-impact-basis" not in page["impact"]:
        raise RuntimeError("The page shows no comparison.")
    return seconds, len(queries)


def _explain(change) -> None:
    """PostgreSQL's plans of the preview's queries, run (``EXPLAIN ANALYZE``)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analytics.impact import change_impact
    from learners.services.renewals import (
        affected_learner_ids,
        material_change_preview,
    )

    with CaptureQueriesContext(connection) as captured:
        material_change_preview(change=change)
        change_impact(
            course_id=change.course_id,
            learner_ids=affected_learner_ids(change=change),
        )
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if "COUNT(" not in sql.upper() and "GROUP BY" not in sql.upper():
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
            print(f"\n{sql[:160]}...")
            print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--explain", action="store_true", help="print the preview queries' plans"
    )
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    database_create(url)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"Load average before: {os.getloadavg()}")
        t0 = time.perf_counter()
        lesson = fill(args.people)
        print(f"{args.people:,} completions loaded in {time.perf_counter() - t0:.1f} s")

        from learners.services.renewals import (
            material_change_apply,
            material_change_preview,
            material_change_record,
        )

        change = material_change_record(
            lesson_id=lesson.pk,
            revision_id=lesson.latest_revision_id,
            reason="The policy now names the data protection officer.",
        )
        from django.utils import timezone

        from analytics import services as analytics_services
        from analytics.impact import change_impact, change_impact_live
        from analytics.models import SnapshotTrigger
        from learners.services.renewals import affected_learner_ids

        today = timezone.localdate()
        t0 = time.perf_counter()
        analytics_services.snapshot_run(
            run_key=analytics_services.nightly_run_key(today),
            trigger=SnapshotTrigger.NIGHTLY,
        )
        snapshot_s = time.perf_counter() - t0
        print(f"Today's snapshot (the nightly task's work) in {snapshot_s:.1f} s")

        t0 = time.perf_counter()
        preview = material_change_preview(change=change)
        preview_s = time.perf_counter() - t0
        # The preview page's comparison (``CHANGE_IMPACT_HOOK``): today's
        # completion and readiness, and without the renewals; the ids are the
        # lazy QuerySet the page passes.
        ids = affected_learner_ids(change=change)
        t0 = time.perf_counter()
        impact = change_impact(course_id=change.course_id, learner_ids=ids)
        impact_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        live = change_impact_live(
            course_id=change.course_id, learner_ids=ids, today=today
        )
        live_s = time.perf_counter() - t0
        page_s, queries = _page(change)
        if args.explain:
            _explain(change)
        tracemalloc.start()
        t0 = time.perf_counter()
        applied = material_change_apply(change_id=change.pk)
        apply_s = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_mib = peak / 2**20
        print(
            f"Preview counts: {preview.people:,} people, {preview.departments} "
            f"departments, {preview.certificates:,} certificates in "
            f"{preview_s:.2f} s"
        )
        print(
            f"Comparison ({impact.basis} basis): completed "
            f"{impact.completed_before:,} -> {impact.completed_after:,} of "
            f"{impact.population:,}; {len(impact.blockers)} blocker(s) move; "
            f"in {impact_s:.2f} s"
        )
        print(
            f"Comparison (full computation from live records, the fallback): "
            f"completed {live.completed_before:,} -> {live.completed_after:,} in "
            f"{live_s:.2f} s"
        )
        print(
            f"Whole preview as the page builds it (counts, comparison, HTML): "
            f"{page_s:.2f} s in {queries} queries "
            f"(target {PREVIEW_TARGET_S:.0f} s)"
        )
        print(
            f"Apply: {applied.renewals_created:,} renewals in {apply_s:.2f} s "
            f"(target {APPLY_TARGET_S:.0f} s); allocated {peak_mib:.1f} MiB; "
            f"process peak RSS {rss_mib:.0f} MiB (target {MEMORY_TARGET_MIB:.0f} MiB)"
        )
        print(f"Load average after: {os.getloadavg()}")
        same = impact.basis == "snapshot" and (
            impact.completed_before,
            impact.completed_after,
            [(m.name, round(m.before, 9), round(m.after, 9)) for m in impact.blockers],
        ) == (
            live.completed_before,
            live.completed_after,
            [(m.name, round(m.before, 9), round(m.after, 9)) for m in live.blockers],
        )
        print(
            "Snapshot basis equals the full computation."
            if same
            else "The snapshot basis DIFFERS from the full computation."
        )
        ok = (
            same
            and preview.people == applied.renewals_created == args.people
            and page_s <= PREVIEW_TARGET_S
            and apply_s <= APPLY_TARGET_S
            and rss_mib <= MEMORY_TARGET_MIB
        )
        print("Targets met." if ok else "A target was MISSED.")
        return 0 if ok else 1
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            database_drop(url)


if __name__ == "__main__":
    sys.exit(main())
