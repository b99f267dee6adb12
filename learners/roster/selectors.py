"""Reads for the roster import and the assignment rules: one query per table."""

from __future__ import annotations

import pandas as pd
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from courses import api as courses_api

from ..models import (
    ACTIVE_STATUSES,
    AssignmentRule,
    Department,
    ImportStatus,
    Learner,
    RosterImport,
)
from .plan import (
    ACCOUNT_COLUMNS,
    DEPARTMENT_COLUMNS,
    PEOPLE_COLUMNS,
    ROLE_COLUMNS,
    AcademyState,
)
from .rules import RuleSpec

_PEOPLE_QUERY_FIELDS = (
    "id",
    "employee_id",
    "user_id",
    "user__email",
    "user__first_name",
    "user__last_name",
    "user__is_active",
    "user__is_superuser",
    "department_id",
    "manager_id",
    "job_title",
    "role_id",
    "role_set_by_hand",
    "status",
    "location",
    "hire_date",
)
_CHUNK = 5000


def _frame(rows, columns) -> pd.DataFrame:
    # object dtype throughout: ids stay Python ints (or None), text stays str.
    return pd.DataFrame(list(rows), columns=list(columns), dtype=object)


def rule_specs(*, active_only: bool = True) -> list[RuleSpec]:
    """Assignment rules in the order they are tried."""
    rules = AssignmentRule.objects.order_by("sort_order", "id")
    if active_only:
        rules = rules.filter(active=True)
    return [rule_spec(rule) for rule in rules]


def rule_spec(rule: AssignmentRule) -> RuleSpec:
    return RuleSpec(
        id=rule.pk,
        name=rule.name,
        match_type=rule.match_type,
        job_title_pattern=rule.job_title_pattern,
        department_id=rule.department_id,
        role_id=rule.role_id,
    )


def department_frame() -> pd.DataFrame:
    return _frame(
        Department.objects.values_list(*DEPARTMENT_COLUMNS), DEPARTMENT_COLUMNS
    )


def role_frame() -> pd.DataFrame:
    return _frame(courses_api.role_list().values_list(*ROLE_COLUMNS), ROLE_COLUMNS)


def academy_state() -> AcademyState:
    """Everyone in the academy, their accounts, departments, roles and rules."""
    people = Learner.objects.order_by().values_list(*_PEOPLE_QUERY_FIELDS)
    accounts = (
        get_user_model()
        .objects.filter(learner__isnull=True)
        .order_by()
        .values_list("id", "email", "is_superuser")
    )
    return AcademyState(
        people=_frame(people.iterator(chunk_size=_CHUNK), PEOPLE_COLUMNS),
        accounts=_frame(accounts.iterator(chunk_size=_CHUNK), ACCOUNT_COLUMNS),
        departments=department_frame(),
        roles=role_frame(),
        rules=tuple(rule_specs()),
    )


RULE_PEOPLE_COLUMNS = (
    "learner_id",
    "employee_id",
    "first_name",
    "last_name",
    "job_title",
    "department_id",
    "role_id",
)


def rule_people_frame() -> pd.DataFrame:
    """The people assignment rules decide for: active, role not set by hand."""
    rows = (
        Learner.objects.filter(status__in=ACTIVE_STATUSES, role_set_by_hand=False)
        .order_by("user__last_name", "user__first_name", "employee_id")
        .values_list(
            "id",
            "employee_id",
            "user__first_name",
            "user__last_name",
            "job_title",
            "department_id",
            "role_id",
        )
    )
    return _frame(rows.iterator(chunk_size=_CHUNK), RULE_PEOPLE_COLUMNS)


def roster_import_list() -> QuerySet[RosterImport]:
    return RosterImport.objects.select_related("created_by").order_by(
        "-created_at", "-id"
    )


def roster_import_applied_after(*, roster_import: RosterImport) -> bool:
    """Was another import applied since this one's preview was worked out?"""
    return (
        RosterImport.objects.filter(
            status=ImportStatus.APPLIED, applied_at__gt=roster_import.created_at
        )
        .exclude(pk=roster_import.pk)
        .exists()
    )
