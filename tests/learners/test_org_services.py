"""Writing people in bulk: accounts, learner rows and reporting lines."""

from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learners.models import Learner, LearnerStatus
from learners.services import PersonSpec, department_ensure_path, people_upsert

pytestmark = pytest.mark.django_db

FIRST_NAMES = ("Amara", "Tomasz", "Siobhan", "Rahul", "Ingrid", "Kwame", "Mei")


def _team(department_id, size, *, start=1):
    """A head (the first) and ``size - 1`` people reporting to them."""
    head = f"NW{start:05d}"
    return [
        PersonSpec(
            employee_id=f"NW{start + i:05d}",
            email=f"{FIRST_NAMES[i % len(FIRST_NAMES)].lower()}.{start + i}"
            "@northwind.example",
            first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
            last_name="Okafor" if i % 2 else "Lindqvist",
            department_id=department_id,
            manager_employee_id=None if i == 0 else head,
            job_title="Head of Claims" if i == 0 else "Claims handler",
            role_id=None,
        )
        for i in range(size)
    ]


def test_people_upsert_creates_accounts_learners_and_reporting_lines():
    claims = department_ensure_path(path=["Operations", "Claims"])
    people = _team(claims.pk, 4)

    counts = people_upsert(people=people)

    assert (counts.created, counts.updated, counts.unchanged) == (4, 0, 0)
    head = Learner.objects.get(employee_id="NW00001")
    assert head.manager_id is None
    assert set(
        Learner.objects.filter(manager=head).values_list("employee_id", flat=True)
    ) == {"NW00002", "NW00003", "NW00004"}
    user = get_user_model().objects.get(email="tomasz.2@northwind.example")
    assert user.learner.department_id == claims.pk
    assert not user.has_usable_password()


def test_people_upsert_twice_changes_nothing_and_counts_what_changed():
    claims = department_ensure_path(path=["Operations", "Claims"])
    people = _team(claims.pk, 4)
    people_upsert(people=people)

    again = people_upsert(people=people)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)

    moved = replace(people[1], job_title="Senior claims handler")
    reports_to_self = replace(people[2], manager_employee_id=people[2].employee_id)
    left = replace(people[3], status=LearnerStatus.LEFT)
    counts = people_upsert(people=[people[0], moved, reports_to_self, left])

    assert (counts.created, counts.updated, counts.unchanged) == (0, 3, 1)
    assert Learner.objects.get(employee_id="NW00002").job_title == (
        "Senior claims handler"
    )
    # Nobody manages themself: the link is dropped rather than kept.
    assert Learner.objects.get(employee_id="NW00003").manager_id is None
    leaver = Learner.objects.select_related("user").get(employee_id="NW00004")
    assert leaver.status == LearnerStatus.LEFT
    assert not leaver.user.is_active


def test_people_upsert_reads_and_writes_people_in_a_fixed_number_of_queries():
    claims = department_ensure_path(path=["Operations", "Claims"])
    intake = department_ensure_path(path=["Operations", "Intake"])

    def queries(people):
        # The search backend re-indexes an existing entry with one UPDATE each;
        # the people's own reads and writes are what must not grow.
        with CaptureQueriesContext(connection) as captured:
            people_upsert(people=people)
        return [
            q["sql"].split()[0] for q in captured if "wagtailsearch" not in q["sql"]
        ]

    few = _team(claims.pk, 3)
    many = _team(intake.pk, 30, start=100)
    assert queries(few) == queries(many)
    assert queries(few) == queries(many)  # unchanged people: reads only
    renamed = [replace(p, last_name=p.last_name + "-Hart") for p in few]
    renamed_many = [replace(p, last_name=p.last_name + "-Hart") for p in many]
    assert queries(renamed) == queries(renamed_many)
