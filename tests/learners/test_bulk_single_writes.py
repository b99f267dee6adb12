"""Single writes in few round trips (``learners.roster.bulk.together`` and
``row_insert``), on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learners.models import AuditAction, AuditEvent, Department
from learners.roster import bulk
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def test_together_returns_each_statements_rows_in_order():
    Department.objects.create(name="Claims")
    Department.objects.create(name="Finance")
    results = bulk.together(
        [
            ("SELECT name FROM learners_department WHERE name = %s", ["Finance"]),
            ("SELECT name FROM learners_department WHERE name = %s", ["Legal"]),
            ("SELECT COUNT(*) FROM learners_department", []),
        ]
    )
    assert results == [[("Finance",)], [], [(2,)]]


def test_together_is_one_round_trip_on_postgresql():
    with CaptureQueriesContext(connection) as queries:
        bulk.together([("SELECT 1", []), ("SELECT %s", [2])])
    assert len(queries) == (1 if connection.vendor == "postgresql" else 2)


def test_together_keeps_a_parameter_that_looks_like_sql_a_parameter():
    Department.objects.create(name="Claims")
    (rows,) = bulk.together(
        [
            (
                "SELECT name FROM learners_department WHERE name = %s",
                ["x'; DELETE FROM learners_department; --"],
            )
        ]
    )
    assert rows == []
    assert Department.objects.count() == 1


def test_row_insert_writes_what_save_would():
    learner = LearnerFactory()
    sql, params = bulk.row_insert(
        AuditEvent,
        {
            "learner_id": learner.pk,
            "action": AuditAction.PROVISIONED,
            "summary": "Added by the HR system.",
        },
        returning=["id", "created_at"],
    )
    (rows,) = bulk.together([(sql, params)])
    ((pk, created_at),) = rows
    event = AuditEvent.objects.get(pk=pk)
    assert created_at is not None  # auto_now_add
    assert event.created_at is not None
    assert event.data == {}  # the field's default
    assert event.actor_id is None


def test_row_insert_writes_several_rows_and_json():
    learner = LearnerFactory()
    rows = [
        {
            "learner_id": learner.pk,
            "action": AuditAction.PROVISIONED,
            "summary": f"Event {n}",
            "data": {"n": n, "names": ["Aiyana", "Bo"]},
        }
        for n in range(3)
    ]
    bulk.together([bulk.row_insert(AuditEvent, rows)])
    events = AuditEvent.objects.filter(learner=learner).order_by("summary")
    assert [event.data["n"] for event in events] == [0, 1, 2]
    assert events[0].data["names"] == ["Aiyana", "Bo"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="links rows with WITH … RETURNING"
)
def test_row_insert_links_rows_written_earlier_in_the_same_statement():
    learner = LearnerFactory()
    department_sql, department_params = bulk.row_insert(
        Department, {"name": "Underwriting"}, returning=["id", "name"]
    )
    event_sql, event_params = bulk.row_insert(
        AuditEvent,
        {
            "learner_id": learner.pk,
            "action": AuditAction.PROVISIONED,
            "summary": bulk.Sql("(SELECT name FROM d)"),
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH d AS ({department_sql}), e AS ({event_sql}) SELECT id FROM d",  # noqa: S608
            department_params + event_params,
        )
        (department_id,) = cursor.fetchone()
    assert Department.objects.get(pk=department_id).name == "Underwriting"
    assert AuditEvent.objects.get(learner=learner).summary == "Underwriting"
