"""core.prepared: a QuerySet compiled once, run with new values, answers as the ORM."""

import threading
from datetime import date
from unittest import mock

import pytest
from django.db.models import Exists, OuterRef, Value
from django.db.models.fields import BooleanField, DateField

from core.prepared import PreparedQuery
from learners.models import Learner

pytestmark = pytest.mark.django_db


def _profile(user_id):
    return (
        Learner.objects.select_related("department", "manager__user")
        .annotate(
            has_reports=Exists(Learner.objects.filter(manager_id=OuterRef("pk"))),
            checked_on=Value(date(2026, 12, 4), output_field=DateField()),
        )
        .filter(user_id=user_id)
        .order_by()
    )


PROFILE = PreparedQuery(_profile)


def test_answers_as_the_orm_does(manager, learner):
    for person in (manager, learner):
        orm = _profile(person.user_id).get()
        (prepared,) = PROFILE(user_id=person.user_id)
        assert prepared.pk == orm.pk
        assert prepared.has_reports is orm.has_reports
        assert isinstance(prepared.has_reports, bool)
        # Converters run: a date annotation is a date on SQLite too.
        assert prepared.checked_on == date(2026, 12, 4)
        assert prepared.department.name == orm.department.name
        assert (prepared.manager and prepared.manager.user.email) == (
            orm.manager and orm.manager.user.email
        )
    assert PROFILE(user_id=10**9) == []


def test_compiles_once_then_only_swaps_the_values(manager, learner):
    query = PreparedQuery(_profile)
    query(user_id=manager.user_id)
    with mock.patch(
        "django.db.models.sql.compiler.SQLCompiler.as_sql",
        side_effect=AssertionError("compiled again"),
    ):
        (found,) = query(user_id=learner.user_id)
    assert found.pk == learner.pk
    assert found.manager.pk == manager.pk


def test_each_thread_keeps_its_own_compiled_query(learner):
    query = PreparedQuery(_profile)
    query(user_id=learner.user_id)
    seen = []
    thread = threading.Thread(target=lambda: seen.append(dict(query._local.__dict__)))
    thread.start()
    thread.join(timeout=30)
    assert seen == [{}]
    assert len(query._local.compiled) == 1


def test_a_value_that_does_not_reach_the_sql_is_refused(learner):
    query = PreparedQuery(
        lambda flag: Learner.objects.annotate(
            flag=Value(bool(flag), output_field=BooleanField())
        )
    )
    with pytest.raises(ValueError, match="flag"):
        query(flag=1)
