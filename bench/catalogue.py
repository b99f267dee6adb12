"""Catalogue search over 1,000 lessons on PostgreSQL: how long a search takes.

Builds a temporary database (dropped at the end unless ``--keep``), migrates it,
adds ``--courses`` courses of ``--lessons-per-course`` lessons each through the
page tree (so Wagtail's search index is written as an editor's publishing would
write it), then asks each query below ``--repeats`` times the way the catalogue
asks it (``courses.api.catalogue_search``: curricula, courses and lessons, a
lesson under its course). Prints the median and slowest milliseconds per query.
Target: median ≤ 150 ms.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_catalogue_bench \\
        .venv/bin/python bench/catalogue.py [--courses 100] [--lessons-per-course 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/academy_catalogue_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.base")
# The content cache stays on, as in production: the catalogue's cards (which the
# search reads for the lessons' courses) are built once; searches are never cached.

TARGET_MS = 150.0
TOPICS = (
    ("drift", "Population stability and feature drift alerts for a scoring model."),
    ("governance", "Decision rights, sign-off and the model inventory register."),
    ("contracts", "Data contracts between producers and the feature pipeline."),
    ("holdout", "Measuring impact against a holdout group before a full rollout."),
    ("redaction", "Redacting personal data before a prompt leaves the network."),
    ("latency", "Serving latency budgets, batching and the cost per thousand calls."),
    ("hallucination", "Checking generated claims against the source documents."),
    ("retraining", "Retraining triggers, champion and challenger comparisons."),
)
QUERIES = (
    "drift",  # one topic: an eighth of the lessons
    "feature drift alerts",  # three words, all required
    "governance register",  # two words
    "course 42",  # a course title
    "quokka",  # nothing
)


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(
                sql.Identifier(parsed.path.lstrip("/"))
            )
        )


def fill(courses: int, lessons_per_course: int) -> tuple[int, float]:
    """Add courses and lessons until there are ``courses``; (lessons, seconds)."""
    from wagtail.models import Site

    from courses.models import (
        CourseIndexPage,
        CoursePage,
        CurriculumIndexPage,
        CurriculumPage,
        LessonPage,
        Role,
    )

    started = time.perf_counter()
    home = Site.objects.get(is_default_site=True).root_page
    course_index = CourseIndexPage.objects.first() or home.add_child(
        instance=CourseIndexPage(title="Courses", slug="courses")
    )
    curriculum_index = CurriculumIndexPage.objects.first() or home.add_child(
        instance=CurriculumIndexPage(title="Curricula", slug="curricula")
    )
    for role in Role.objects.exclude(curricula__isnull=False):
        curriculum_index.add_child(
            instance=CurriculumPage(
                title=f"{role.name} track",
                slug=f"{role.slug}-track",
                role=role,
                intro="The courses this role needs to take AI pilots to production.",
            )
        )
    have = CoursePage.objects.count()
    for c in range(have, courses):
        course = course_index.add_child(
            instance=CoursePage(
                title=f"Course {c + 1}",
                slug=f"course-{c + 1}",
                summary="A course of the catalogue benchmark.",
            )
        )
        for n in range(lessons_per_course):
            word, sentence = TOPICS[(c * lessons_per_course + n) % len(TOPICS)]
            course.add_child(
                instance=LessonPage(
                    title=f"Lesson {n + 1} on {word}",
                    slug=f"lesson-{n + 1}",
                    summary=sentence,
                    body=[
                        (
                            "rich_text",
                            f"<p>{sentence} Worked example {c}-{n}, with the "
                            "checks a production engineer runs before sign-off.</p>",
                        )
                    ],
                )
            )
    return LessonPage.objects.count(), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=100)
    parser.add_argument("--lessons-per-course", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from courses import api as courses_api

    try:
        call_command("migrate", verbosity=0)
        lessons, seconds = fill(args.courses, args.lessons_per_course)
        print(f"{lessons:,} lessons ({seconds:.1f} s to publish the missing ones).")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Load average before: {os.getloadavg()}")
        worst = 0.0
        for query in QUERIES:
            timings = []
            hits = None
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                hits = courses_api.catalogue_search(query)
                timings.append((time.perf_counter() - t0) * 1000)
            median = statistics.median(timings)
            worst = max(worst, median)
            lesson_hits = sum(len(found) for found in hits.lessons_by_course.values())
            print(
                f"  {query!r:24} {len(hits.matched_course_ids):>4} courses "
                f"{lesson_hits:>4} lessons  median {median:6.1f} ms  "
                f"max {max(timings):6.1f} ms"
            )
        ok = worst <= TARGET_MS
        print(
            f"Slowest search (median): {worst:.1f} ms — target {TARGET_MS:.0f} ms: "
            f"{'met' if ok else 'MISSED'}"
        )
        print(f"Load average after: {os.getloadavg()}")
    finally:
        if not args.keep:
            drop_database(url)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
