"""Queries and time per learner page, on the demo data.

Run against a database holding ``load_demo_data`` (any size)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_demo \\
    DJANGO_SETTINGS_MODULE=academy.settings.dev python bench/queries.py [--sql PAGE]

It signs in as the demo learner (Priya Raman) and manager (Tomás Álvarez) and
analytics reader, requests each page twice (the first warms per-process caches:
site root paths, settings, fragment caches) and prints the second request's query
count and time. ``--sql home`` also lists that page's queries. Writes (quiz submit,
lesson complete) run inside a transaction that is rolled back.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from courses.models import CoursePage, CurriculumPage, LessonPage  # noqa: E402
from learners.models import Learner  # noqa: E402

LEARNER_EMAIL = "priya.raman@northwind.example"
MANAGER_EMAIL = "tomas.alvarez@northwind.example"


class _Rollback(Exception):
    pass


def _client(email: str) -> Client:
    client = Client()
    user = User.objects.get(email=email)
    client.force_login(user)
    if user.is_staff or user.groups.exists():
        from tests.conftest import record_second_factor

        session = client.session
        record_second_factor(session, user)
        session.save()
    return client


def _measure(client, method, url, data=None, *, write=False):
    def call():
        if method == "get":
            return client.get(url)
        return client.post(url, data or {})

    if not write:
        call()  # warm
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        if write:
            try:
                with transaction.atomic():
                    response = call()
                    raise _Rollback
            except _Rollback:
                pass
        else:
            response = call()
    elapsed = (time.perf_counter() - start) * 1000
    return response.status_code, len(captured), elapsed, captured.captured_queries


def pages():
    learner = Learner.objects.select_related("role").get(user__email=LEARNER_EMAIL)
    curriculum = CurriculumPage.objects.live().filter(role=learner.role).first()
    course = (
        CoursePage.objects.live()
        .filter(pk__in=learner.course_enrolments.values("course_id"))
        .first()
    )
    lesson = next(
        lesson
        for lesson in LessonPage.objects.live().descendant_of(course).specific()
        if any(b.block_type == "knowledge_check" for b in lesson.body)
    )
    check = next(b for b in lesson.body if b.block_type == "knowledge_check")
    answers = {}
    for question in check.value["questions"]:
        answers[f"q-{question['id']}"] = question["options"][0]["id"]
    plain = (
        LessonPage.objects.live()
        .descendant_of(course)
        .exclude(pk=lesson.pk)
        .specific()
        .first()
    )
    return [
        ("home", LEARNER_EMAIL, "get", "/", None, False),
        ("my_learning", LEARNER_EMAIL, "get", "/my-learning/", None, False),
        ("curriculum", LEARNER_EMAIL, "get", curriculum.url, None, False),
        ("course", LEARNER_EMAIL, "get", course.url, None, False),
        ("lesson", LEARNER_EMAIL, "get", lesson.url, None, False),
        (
            "quiz_submit",
            LEARNER_EMAIL,
            "post",
            f"/learn/lessons/{lesson.pk}/check/",
            answers,
            True,
        ),
        (
            "lesson_complete",
            LEARNER_EMAIL,
            "post",
            f"/learn/lessons/{plain.pk}/complete/",
            None,
            True,
        ),
        ("my_team", MANAGER_EMAIL, "get", "/my-team/", None, False),
        ("home_manager", MANAGER_EMAIL, "get", "/", None, False),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sql", action="append", default=[], help="list this page")
    parser.add_argument("--analytics", default="", help="email of an analytics user")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    clients: dict[str, Client] = {}
    rows = pages()
    if args.analytics:
        rows.append(("analytics", args.analytics, "get", "/analytics/", None, False))
    for name, email, method, url, data, write in rows:
        client = clients.setdefault(email, _client(email))
        status, count, ms, sql = _measure(client, method, url, data, write=write)
        print(f"{name:16} {status}  {count:3d} queries  {ms:7.1f} ms  {url}")
        if name in args.sql:
            for q in sql:
                text = re.sub(r"SELECT .*? FROM", "SELECT … FROM", q["sql"], count=1)
                print("    ", text[:400])


if __name__ == "__main__":
    main()
