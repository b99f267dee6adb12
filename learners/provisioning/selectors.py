"""Reads for provisioning: people and departments as an identity provider sees them.

Every read is a fixed number of queries whatever the page size: one for the count,
one for the page (accounts, departments and managers joined in), one for a page of
groups' members.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..data import (
    Condition,
    Filter,
    GroupMember,
    GroupRecord,
    Logical,
    Negation,
    PersonRecord,
)
from ..models import Department, Learner, LearnerStatus


class UnsupportedFilter(ValueError):
    """A filter names a field or an operator provisioning cannot search by."""


# Field -> (lookup path, text is stored lower-case, comparison ignores case)
PERSON_FILTER_FIELDS: dict[str, tuple[str, bool, bool]] = {
    "id": ("pk", False, False),
    "email": ("user__email", True, False),
    "employee_id": ("employee_id", False, False),
    "external_id": ("external_id", False, False),
    "first_name": ("user__first_name", False, True),
    "last_name": ("user__last_name", False, True),
    "job_title": ("job_title", False, True),
    "department": ("department__name", False, True),
    "manager_id": ("manager_id", False, False),
    "active": ("status", False, False),
    "updated_at": ("updated_at", False, False),
}
GROUP_FILTER_FIELDS: dict[str, tuple[str, bool, bool]] = {
    "id": ("pk", False, False),
    "name": ("name", False, True),
    "external_id": ("external_id", False, False),
    "member_id": ("learners__pk", False, False),
}

_TEXT_LOOKUPS = {"eq": "exact", "co": "contains", "sw": "startswith", "ew": "endswith"}
_IGNORING_CASE = {
    "eq": "iexact",
    "co": "icontains",
    "sw": "istartswith",
    "ew": "iendswith",
}


def _active_q(condition: Condition) -> Q:
    if condition.op not in ("eq", "ne", "pr"):
        raise UnsupportedFilter("active can only be compared with eq or ne.")
    if condition.op == "pr":
        return Q()
    left = (
        ~Q(status=LearnerStatus.LEFT)
        if condition.value
        else Q(status=LearnerStatus.LEFT)
    )
    return left if condition.op == "eq" else ~left


def _id_q(condition: Condition, path: str) -> Q:
    if condition.op not in ("eq", "ne"):
        raise UnsupportedFilter(f"{condition.field} can only be compared with eq.")
    try:
        number = int(condition.value)
    except (TypeError, ValueError):
        # An id that is not a number matches nobody.
        return Q(pk__in=[]) if condition.op == "eq" else Q()
    q = Q(**{path: number})
    return q if condition.op == "eq" else ~q


def _condition_q(condition: Condition, fields) -> Q:
    try:
        path, lower, ignore_case = fields[condition.field]
    except KeyError:
        raise UnsupportedFilter(
            f"Filtering by {condition.field} is not supported."
        ) from None
    value = condition.value
    if condition.field == "active":
        return _active_q(condition)
    if condition.op == "pr":
        if path in ("pk", "employee_id", "updated_at"):
            return Q()
        return Q(**{f"{path}__isnull": False}) & ~Q(**{path: ""})
    if path in ("pk", "manager_id", "learners__pk"):
        return _id_q(condition, path)
    if condition.op == "ne":
        return ~_condition_q(
            Condition(field=condition.field, op="eq", value=value), fields
        )
    if condition.op not in _TEXT_LOOKUPS or not isinstance(value, str):
        raise UnsupportedFilter(
            f"{condition.field} can be compared with eq, ne, co, sw, ew or pr, "
            "with a string."
        )
    if lower:
        # Stored lower-case: compare exactly, which uses the column's indexes.
        value = value.lower()
    lookups = _IGNORING_CASE if ignore_case else _TEXT_LOOKUPS
    return Q(**{f"{path}__{lookups[condition.op]}": value})


def filter_q(filter_: Filter | None, *, fields) -> Q:
    """The Q object for a provisioning filter over ``fields``."""
    if filter_ is None:
        return Q()
    if isinstance(filter_, Condition):
        return _condition_q(filter_, fields)
    if isinstance(filter_, Negation):
        return ~filter_q(filter_.operand, fields=fields)
    if isinstance(filter_, Logical):
        left = filter_q(filter_.left, fields=fields)
        right = filter_q(filter_.right, fields=fields)
        return left & right if filter_.op == "and" else left | right
    raise UnsupportedFilter("Unknown filter.")


# --- people ------------------------------------------------------------------------

_PERSON_FIELDS = (
    "id",
    "user__email",
    "user__first_name",
    "user__last_name",
    "employee_id",
    "external_id",
    "job_title",
    "department_id",
    "department__name",
    "manager_id",
    "manager__user__first_name",
    "manager__user__last_name",
    "manager__user__email",
    "status",
    "created_at",
    "updated_at",
)


def _person(row: tuple) -> PersonRecord:
    (
        learner_id,
        email,
        first_name,
        last_name,
        employee_id,
        external_id,
        job_title,
        department_id,
        department_name,
        manager_id,
        manager_first,
        manager_last,
        manager_email,
        status,
        created_at,
        updated_at,
    ) = row
    manager_name = ""
    if manager_id is not None:
        manager_name = f"{manager_first} {manager_last}".strip() or manager_email
    return PersonRecord(
        learner_id=learner_id,
        email=email,
        first_name=first_name,
        last_name=last_name,
        employee_id=employee_id,
        external_id=external_id,
        job_title=job_title,
        department_id=department_id,
        department_name=department_name or "",
        manager_id=manager_id,
        manager_name=manager_name,
        active=status != LearnerStatus.LEFT,
        created_at=created_at,
        updated_at=updated_at,
    )


def provisioned_people() -> QuerySet[Learner]:
    """Everyone provisioning sees: every learner it has not deleted."""
    return Learner.objects.filter(deprovisioned_at__isnull=True)


def person_records(
    *, filter_: Filter | None = None, start: int = 0, count: int = 100
) -> tuple[int, list[PersonRecord]]:
    """(total matching, one page of people by id); two queries. Raises
    UnsupportedFilter for a filter provisioning cannot search by."""
    people = provisioned_people().filter(filter_q(filter_, fields=PERSON_FILTER_FIELDS))
    total = people.count()
    if count <= 0 or start >= total:
        return total, []
    rows = people.order_by("pk").values_list(*_PERSON_FIELDS)[start : start + count]
    return total, [_person(row) for row in rows]


def person_record(*, learner_id: int, for_update: bool = False) -> PersonRecord | None:
    """One person provisioning sees, or None (one query). ``for_update`` locks the
    learner's row until the transaction ends."""
    people = provisioned_people().filter(pk=learner_id)
    if for_update:
        people = people.select_for_update(of=("self",))
    row = people.values_list(*_PERSON_FIELDS).first()
    return _person(row) if row else None


# --- groups (departments) ----------------------------------------------------------


def group_records(
    *,
    filter_: Filter | None = None,
    start: int = 0,
    count: int = 100,
    with_members: bool = True,
) -> tuple[int, list[GroupRecord]]:
    """(total matching, one page of departments as groups by id); three queries."""
    groups = Department.objects.filter(
        filter_q(filter_, fields=GROUP_FILTER_FIELDS)
    ).distinct()
    total = groups.count()
    if count <= 0 or start >= total:
        return total, []
    rows = list(
        groups.order_by("pk").values_list(
            "id", "name", "external_id", "created_at", "updated_at"
        )[start : start + count]
    )
    members = _members([row[0] for row in rows]) if with_members else {}
    return total, [
        GroupRecord(
            department_id=row[0],
            name=row[1],
            external_id=row[2],
            members=tuple(members.get(row[0], ())),
            created_at=row[3],
            updated_at=row[4],
        )
        for row in rows
    ]


def group_record(
    *, department_id: int, with_members: bool = True, for_update: bool = False
) -> GroupRecord | None:
    departments = Department.objects.filter(pk=department_id)
    if for_update:
        departments = departments.select_for_update()
    row = departments.values_list(
        "id", "name", "external_id", "created_at", "updated_at"
    ).first()
    if row is None:
        return None
    members = _members([row[0]]) if with_members else {}
    return GroupRecord(
        department_id=row[0],
        name=row[1],
        external_id=row[2],
        members=tuple(members.get(row[0], ())),
        created_at=row[3],
        updated_at=row[4],
    )


def _members(department_ids: list[int]) -> dict[int, list[GroupMember]]:
    found: dict[int, list[GroupMember]] = {}
    rows = (
        provisioned_people()
        .filter(department_id__in=department_ids)
        .order_by("pk")
        .values_list("department_id", "id", "user__first_name", "user__last_name")
    )
    for department_id, learner_id, first, last in rows:
        found.setdefault(department_id, []).append(
            GroupMember(learner_id=learner_id, name=f"{first} {last}".strip())
        )
    return found
