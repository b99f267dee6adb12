"""Roster import at scale: a messy 100,000-row HR file into PostgreSQL, timed.

Generates a deterministic, deliberately messy CSV (BOM, CRLF, header aliases, unknown
columns, leading-zero ids, mixed-case emails and departments, stray whitespace,
quoted commas and line breaks, day-first and ISO dates, status words, duplicates,
conflicting ids, shared and invalid emails, unknown managers, self-managers,
formula-like cells, blank lines), then times the whole import, file bytes to
committed transaction, three times in fresh processes:

1. first import into an empty academy (everyone created);
2. the same file again (nothing may change);
3. a changed file: 10% moved or retitled, 1% left, 1,000 new starters.

Each run prints wall seconds, peak RSS (``resource.getrusage``), the CPU seconds of
the Python process and of its PostgreSQL backend (a fairer figure on a shared
machine) and the load average; the targets are 30 s and 500 MiB per run. With
``--index`` the search-index jobs each import queues are then run and timed too.
Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \\
        .venv/bin/python bench/roster_import.py [--rows 100000] [--index]

The database is created if it does not exist, migrated, and its people, accounts
and departments are emptied before the first run. Nothing else is touched.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/academy_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.base")

TARGET_SECONDS = 30.0
TARGET_MIB = 500
SEED = 2026

HEADER = [
    "Emp ID",
    "Work Email",
    "Given Name",
    "Surname",
    "Dept",
    "Manager Employee ID",
    "Position",
    "Start Date",
    "Employment Status",
    "Office",
    "Cost Centre",
    "Badge Number",
]
FIRST = [
    "Aisha",
    "Ben",
    "Carmen",
    "Dmitri",
    "Elif",
    "Femi",
    "Grace",
    "Hiro",
    "Isla",
    "Jonas",
    "Kavya",
    "Liam",
    "Mei",
    "Nadia",
    "Oscar",
    "Paolo",
    "Qing",
    "Rosa",
    "Samir",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
    "Zoe",
    "Amara",
    "Bilal",
    "Chloe",
    "Diego",
    "Eva",
    "Farah",
    "Gareth",
    "Hannah",
    "Ibrahim",
    "Julia",
    "Kofi",
    "Lucia",
    "Mateo",
    "Niamh",
]
LAST = [
    "Adeyemi",
    "Bergström",
    "Chen",
    "Dubois",
    "Evans",
    "Fernández",
    "Gupta",
    "Hughes",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Murphy",
    "Nakamura",
    "O'Brien",
    "Patel",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Williams",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Ahmed",
    "Brennan",
    "Costa",
    "Das",
    "Eriksen",
]
AREAS = [
    "Claims Claims Intake",
    "Claims Settlement",
    "Contact Centre",
    "Customer Service",
    "Data Engineering",
    "Data Science",
    "Digital Products",
    "Finance",
    "Information Security",
    "Legal and Compliance",
    "Learning and Development",
    "Operations",
    "People",
    "Platform Engineering",
    "Procurement",
    "Sales and Marketing",
    "Supply Chain",
    "Technology",
]
TITLES = (
    "Claims Handler",
    "Senior Claims Handler",
    "Customer Service Advisor",
    "Data Engineer",
    "Data Scientist",
    "MLOps Engineer",
    "Machine Learning Engineer",
    "Product Manager",
    "Product Owner",
    "Business Analyst",
    "Financial Analyst",
    "Loss Adjuster",
    "Platform Engineer",
    "Site Reliability Engineer",
    "Supply Chain Planner",
    "Account Executive",
    "HR Business Partner",
    "Compliance Analyst",
    "Engineer, Platform",  # a comma: quoted in the CSV
    "Team Lead\nClaims",  # a line break inside a quoted cell
)
OFFICES = ("London", "Manchester", "Leeds", "Glasgow", "Cardiff", "Remote")
STATUSES = (
    ("Active", 40),
    ("active", 20),
    ("ACTIVE", 5),
    ("", 25),
    ("On Leave", 3),
    ("parental leave", 1),
    ("Terminated", 2),
    ("Leaver", 1),
)


# --- the messy file ------------------------------------------------------------------


def _department_names(rng: random.Random) -> list[str]:
    names = [f"{area} {unit}" for area in AREAS for unit in ("North", "South", "East")]
    names += [f"{area} Team {n}" for area in AREAS for n in range(1, 12)]
    rng.shuffle(names)
    return names[:250]


def _messy_department(name: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        return name.upper()
    if roll < 0.2:
        return name.lower()
    if roll < 0.3:
        return f"  {name.replace(' ', '  ')} "
    return name


def _date(rng: random.Random) -> str:
    year, month, day = rng.randint(1995, 2026), rng.randint(1, 12), rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.6:
        return f"{year}-{month:02d}-{day:02d}"
    if roll < 0.9:
        return f"{day:02d}/{month:02d}/{year}"  # read with dayfirst
    return ""


def people(rows: int, seed: int = SEED) -> list[list[str]]:
    """``rows`` clean people: a tree of managers eight wide, in shuffled order."""
    rng = random.Random(seed)
    departments = _department_names(rng)
    weights = [weight for _, weight in STATUSES]
    words = [word for word, _ in STATUSES]
    result = []
    for index in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        manager = "" if index == 0 else f"{(index - 1) // 8:07d}"
        result.append(
            [
                f"{index:07d}",  # leading zeros: ids are text
                f"{first}.{last}.{index}@northwind.example".replace("'", ""),
                first,
                last,
                departments[(index // 40) % len(departments)],
                manager,
                rng.choice(TITLES),
                _date(rng),
                rng.choices(words, weights)[0],
                rng.choice(OFFICES),
                f"CC{rng.randint(100, 999)}",
                str(rng.randint(10_000, 99_999)),
            ]
        )
    return result


def messy_csv(records: list[list[str]], seed: int = SEED) -> bytes:
    """Write ``records`` as a messy export; rows are shuffled, problems sprinkled."""
    rng = random.Random(seed + 1)
    rows = [list(record) for record in records]
    count = len(rows)
    for row in rows:
        if rng.random() < 0.1:
            row[1] = row[1].upper() if rng.random() < 0.5 else row[1].title()
        if rng.random() < 0.05:
            row[2] = f"  {row[2]} "
        row[4] = _messy_department(row[4], rng)
    for index in rng.sample(range(count), count // 500):
        rows[index][1] = rows[index][1].replace("@", " at ")  # invalid email
    for index in rng.sample(range(count), count // 500):
        rows[index][5] = f"9{rows[index][5]}"  # unknown manager
    for index in rng.sample(range(count), count // 5000):
        rows[index][5] = rows[index][0]  # manages themself
    for index in rng.sample(range(count), count // 2000):
        rows[index][6] = '=HYPERLINK("http://example.com","x")'  # formula-like
    extra = [list(rows[i]) for i in rng.sample(range(count), count // 1000)]
    conflicts = []
    for index in rng.sample(range(count), count // 2000):
        clash = list(rows[index])
        clash[6] = "Chief Everything Officer"  # same id, different details
        conflicts.append(clash)
    shared = []
    for index in rng.sample(range(count), count // 2000):
        other = list(rows[rng.randrange(count)])
        other[0] = f"X{index:07d}"
        other[1] = rows[index][1]  # one email, two ids
        shared.append(other)
    rows += extra + conflicts + shared
    rng.shuffle(rows)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["HR headcount export"])  # a title row above the header
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(row)
        if rng.random() < 0.001:
            buffer.write("\r\n")  # blank line
    return buffer.getvalue().encode("utf-8")


def changed(records: list[list[str]], seed: int = SEED) -> list[list[str]]:
    """10% moved or retitled, 1% left, 1,000 new starters."""
    rng = random.Random(seed + 2)
    result = [list(record) for record in records]
    count = len(result)
    departments = sorted({record[4] for record in records})
    for index in rng.sample(range(1, count), count // 10):
        if rng.random() < 0.5:
            result[index][4] = rng.choice(departments)
        else:
            result[index][6] = rng.choice(TITLES)
    for index in rng.sample(range(1, count), count // 100):
        result[index][8] = "Terminated"
    for offset in range(1000):
        index = count + offset
        result.append(
            [
                f"{index:07d}",
                f"new.starter.{index}@northwind.example",
                "New",
                "Starter",
                rng.choice(departments),
                f"{rng.randrange(count):07d}",
                rng.choice(TITLES),
                "2026-11-02",
                "Active",
                "Remote",
                "CC100",
                "1",
            ]
        )
    return result


# --- database ------------------------------------------------------------------------


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
            print(f"Created database {name}.")


def prepare() -> None:
    """Migrate, then empty people, accounts, departments and import history."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE accounts_user, learners_department, learners_rosterimport, "
            "learners_reportingline, learners_learnerfigures "
            "RESTART IDENTITY CASCADE"
        )


# --- one timed run, in its own process ----------------------------------------------


def child(path: str) -> None:
    """Import ``path`` and print seconds and peak RSS as JSON (run in a subprocess,
    so the peak is the import's own, not the file generator's).

    The import is timed up to its commit. What it queues for after the commit
    (search-index updates; enrolments, none here as the database has no
    curricula) goes to an in-memory broker instead of running inline, and is then
    run and timed separately, as a worker would.
    """
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"
    import django

    django.setup()
    from learners.roster.services import ImportOptions, roster_import_run

    data = Path(path).read_bytes()
    server_before = _server_cpu()
    client_before = _client_cpu()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    result = roster_import_run(
        data=data,
        file_name=Path(path).name,
        options=ImportOptions(dayfirst=True),
    )
    seconds = time.perf_counter() - started
    client = _client_cpu() - client_before
    server = _server_cpu() - server_before
    load = max(load_before, os.getloadavg()[0])
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    background = _index(result) if os.environ.get("ROSTER_BENCH_INDEX") else None
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "client_cpu": round(client, 1),
                "server_cpu": round(server, 1),
                "load": round(load, 1),
                "peak_mib": round(peak_mib),
                "background_seconds": background,
                "counts": result.plan.counts,
                "rows": result.plan.total_rows,
            }
        )
    )


def _index(result) -> float:
    """Run the search-index job the import queued for its new departments, as a
    worker would; seconds. People need none: their search text is written by the
    import itself (learners/search.py)."""
    from learners.models import Department
    from learners.services.org import search_index_update

    started = time.perf_counter()
    departments = list(
        Department.objects.filter(
            created_at__gte=result.roster_import.created_at
        ).values_list("id", flat=True)
    )
    search_index_update(model_label="learners.Department", ids=departments)
    return round(time.perf_counter() - started, 1)


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _server_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend (local server only;
    0 when its /proc entry cannot be read)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(path: Path) -> dict:
    output = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode:
        sys.exit(f"The timed import failed:\n{output.stderr}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--index",
        action="store_true",
        help="Also time the search-index jobs queued after each import (slow).",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0

    if args.index:
        os.environ["ROSTER_BENCH_INDEX"] = "1"
    ensure_database(os.environ["DATABASE_URL"])
    prepare()
    records = people(args.rows)
    first = messy_csv(records)
    second = messy_csv(changed(records))
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        first_path = Path(folder, "hr-export.csv")
        first_path.write_bytes(first)
        second_path = Path(folder, "hr-export-changed.csv")
        second_path.write_bytes(second)
        lines = first.count(b"\r\n")
        print(
            f"File: {len(first) / 1024 / 1024:.1f} MiB, {lines:,} lines, "
            f"{args.rows:,} people."
        )
        for label, path in (
            ("1. first import", first_path),
            ("2. same file again", first_path),
            ("3. changed file", second_path),
        ):
            result = timed(path)
            counts = result["counts"]
            passed = (
                result["seconds"] <= TARGET_SECONDS and result["peak_mib"] <= TARGET_MIB
            )
            ok &= passed
            print(
                f"{label:<20} {result['seconds']:>6.1f} s {result['peak_mib']:>5} MiB "
                f"{'ok' if passed else 'OVER TARGET'}  (CPU: Python "
                f"{result['client_cpu']:.1f} s, PostgreSQL "
                f"{result['server_cpu']:.1f} s; load average {result['load']:.1f})"
                + (
                    f"; then search index {result['background_seconds']:.1f} s "
                    "in the background"
                    if result["background_seconds"] is not None
                    else ""
                )
            )
            print("    " + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v))
    print(f"Targets: {TARGET_SECONDS:.0f} s and {TARGET_MIB} MiB per run.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
