"""People search over 100,000 people on PostgreSQL: how long a search takes.

The academy is filled up to ``--people`` people in bulk (accounts and learners,
with the search text the roster writer sets), then each query below is asked
``--repeats`` times the way the admin's people listing and My team ask it: the
number found and the first page of 50 by name. Prints the median and slowest
milliseconds per query and whether PostgreSQL used the trigram index.
Target: searchable at once after an import (no indexing job) and ≤ 200 ms.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_search_bench \\
        .venv/bin/python bench/people_search.py [--people 100000] [--repeats 20]
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

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/academy_search_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.base")

TARGET_MS = 200.0
FIRST = ("Amara", "Tomás", "Priya", "Jonas", "Mei", "Ines", "Kofi", "Zoë", "Noor")
LAST = ("Okafor", "Álvarez", "Raman", "Berg", "Tanaka", "Moreau", "Mensah", "Haddad")
TITLES = ("Claims Handler", "Data Engineer", "Product Owner", "Underwriter", "Actuary")
QUERIES = (
    "raman",  # a surname: 1 in 8
    "priya raman",  # two words: 1 in 72
    "p1054321",  # one employee ID
    "person10099",  # part of an email: 100 people
    "actuary",  # a job title: 1 in 5
    "zz-nobody",  # nothing
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


def fill(people: int) -> tuple[int, float]:
    """Bring the academy up to ``people``; (people, seconds the insert took)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db import connection, transaction

    from learners.models import Learner
    from learners.roster import bulk
    from learners.search import search_text

    have = Learner.objects.count()
    missing = people - have
    started = time.perf_counter()
    if missing > 0:
        numbers = range(have + 1_000_000, have + 1_000_000 + missing)
        firsts = [FIRST[n % len(FIRST)] for n in numbers]
        lasts = [LAST[n % len(LAST)] for n in numbers]
        emails = [f"person{n}@northwind.example" for n in numbers]
        employee_ids = [f"P{n}" for n in numbers]
        titles = [TITLES[n % len(TITLES)] for n in numbers]
        with transaction.atomic():
            user_ids = bulk.insert(
                get_user_model(),
                {
                    "email": emails,
                    "first_name": firsts,
                    "last_name": lasts,
                    "is_active": [True] * missing,
                    "password": [UNUSABLE_PASSWORD_PREFIX + "bench"] * missing,
                },
            )
            bulk.insert(
                Learner,
                {
                    "user_id": user_ids,
                    "employee_id": employee_ids,
                    "job_title": titles,
                    "location": [""] * missing,
                    "search_text": [
                        search_text(*parts)
                        for parts in zip(
                            firsts, lasts, emails, employee_ids, titles, strict=True
                        )
                    ],
                },
                ids=False,
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_user")
            cursor.execute("ANALYZE learners_learner")
    return Learner.objects.count(), time.perf_counter() - started


def search_once(query: str) -> int:
    from learners.models import Learner
    from learners.search import people_search

    people = people_search(Learner.objects.select_related("user"), query)
    total = people.count()
    list(people.order_by("user__last_name", "user__first_name", "pk")[:50])
    return total


def uses_index(query: str) -> bool:
    from django.db import connection

    from learners.models import Learner
    from learners.search import people_search

    sql, params = (
        people_search(Learner.objects.all(), query).values("pk").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return "learners_learner_search_trgm" in plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"Load average before: {os.getloadavg()}")
    total, seconds = fill(args.people)
    print(f"{total:,} people ({seconds:.1f} s to insert the missing ones).")
    worst = 0.0
    for query in QUERIES:
        timings = []
        found = 0
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            found = search_once(query)
            timings.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(timings)
        worst = max(worst, median)
        print(
            f"  {query!r:16} {found:>7,} found  median {median:6.1f} ms  "
            f"max {max(timings):6.1f} ms  trigram index: "
            f"{'yes' if uses_index(query) else 'no'}"
        )
    ok = worst <= TARGET_MS
    print(
        f"Slowest search (median): {worst:.1f} ms — target {TARGET_MS:.0f} ms: "
        f"{'met' if ok else 'MISSED'}"
    )
    print(f"Load average after: {os.getloadavg()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
