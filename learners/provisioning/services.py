"""Writes for provisioning: an identity provider creates, changes and removes
people and departments one at a time.

The same rules as the roster import (ADR 0006), for one person at a time and in a
fixed number of queries: accounts matched by email (an account without a profile is
linked), departments matched by name or HR code anywhere in the tree (unknown ones
created at the top level), manager loops refused, leavers deactivated and never
deleted, the role decided by the assignment rules unless it was set by hand, one
audit event per change (``PROVISIONED``, and ``ROLE_CHANGED`` for a role change),
enrolments queued once the transaction commits, the people search text set in
the same transaction.

Callers own the transaction: every function here is meant to run inside
``transaction.atomic()`` together with the caller's checks, so a refused request
writes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from ..data import GroupValues, PersonRecord, PersonValues, ProvisioningError, Source
from ..models import (
    AssignmentRule,
    AuditAction,
    AuditEvent,
    Department,
    Learner,
    LearnerStatus,
)
from ..roster import bulk
from ..roster.rules import RuleSpec, role_for_person
from ..search import search_text
from ..selectors import learner_reporting_subtree_ids
from . import selectors

_CHANGE_LABELS = {
    "email": "email",
    "first_name": "first name",
    "last_name": "last name",
    "employee_id": "employee ID",
    "external_id": "identity provider ID",
    "job_title": "job title",
    "department_id": "department",
    "manager_id": "manager",
    "status": "status",
}


def _unusable_password() -> str:
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _check_lengths(values: PersonValues) -> None:
    limits = {
        "email": (values.email, 254),
        "first name": (values.first_name, 150),
        "last name": (values.last_name, 150),
        "employee ID": (values.employee_id or "", 64),
        "external ID": (values.external_id, 255),
        "job title": (values.job_title, 200),
        "department": (values.department, 200),
    }
    for label, (text, limit) in limits.items():
        if len(text) > limit:
            raise ProvisioningError(
                "invalid_value", f"The {label} is longer than {limit} characters."
            )
    if not values.email.strip():
        raise ProvisioningError("invalid_value", "A user name (email) is required.")
    if any(ch.isspace() for ch in values.email.strip()):
        raise ProvisioningError(
            "invalid_value", "A user name (email) cannot contain spaces."
        )


#: Departments called this (case ignored) or with this HR code.
_DEPARTMENT_SQL = """
    SELECT id, name, parent_id FROM {department}
    WHERE LOWER(name) = LOWER(%s) OR hr_code = %s
    ORDER BY id
"""

#: Someone provisioning has not deleted, by learner id or employee ID.
_MANAGER_SQL = """
    SELECT l.id, u.first_name, u.last_name, u.email
    FROM {learner} l JOIN {user} u ON u.id = l.user_id
    WHERE l.deprovisioned_at IS NULL AND (l.employee_id = %s OR l.id = %s)
    ORDER BY l.id
    LIMIT 2
"""

# The look-ups a create makes are plain SQL, sent together in one round trip
# where the database allows (``bulk.together``): an identity provider's first push
# makes thousands of them in a row, and building each query through the ORM cost
# more than running it.


def _department_lookup(clean: str) -> tuple[str, list]:
    table = connection.ops.quote_name(Department._meta.db_table)
    return _DEPARTMENT_SQL.format(department=table), [clean, clean]


def _manager_lookup(reference: str) -> tuple[str, list]:
    sql = _MANAGER_SQL.format(
        user=connection.ops.quote_name(get_user_model()._meta.db_table),
        learner=connection.ops.quote_name(Learner._meta.db_table),
    )
    # A learner id is a 64-bit integer at most: longer digits are an employee ID.
    as_id = int(reference) if reference.isdigit() and len(reference) < 19 else None
    return sql, [reference, as_id]


def _department(
    name_or_code: str, *, current_id: int | None, found: list | None = None
) -> tuple[int | None, str]:
    """(id, name) of the department called ``name_or_code`` (case and spaces
    ignored, anywhere in the tree), else the one with that HR code, else a new
    top-level one; (None, "") for no department. One query, two when created;
    none but the creation when ``found`` holds the rows ``_department_lookup``
    read."""
    clean = _clean(name_or_code)
    if not clean:
        return None, ""
    if found is None:
        (found,) = bulk.together([_department_lookup(clean)])
    by_name = [row for row in found if row[1].casefold() == clean.casefold()]
    current = [row for row in by_name if row[0] == current_id]
    if current_id is not None and current:
        return current_id, current[0][1]
    if len(by_name) == 1:
        return by_name[0][0], by_name[0][1]
    if by_name:
        top = [row for row in by_name if row[2] is None]
        if top:
            return top[0][0], top[0][1]
        raise ProvisioningError(
            "invalid_value",
            f"Several departments are called “{clean}”; send the department's HR "
            "code instead.",
        )
    if found:
        return found[0][0], found[0][1]
    department = Department(name=clean)
    Department.objects.bulk_create([department])
    if department.pk is None:  # Databases that cannot return ids from an insert.
        department.pk = Department.objects.get(parent=None, name=clean).pk
    _index_later("learners.Department", [department.pk])
    return department.pk, clean


def _department_id(name_or_code: str, *, current_id: int | None) -> int | None:
    return _department(name_or_code, current_id=current_id)[0]


def _manager(
    reference: str, *, learner_id: int | None, found: list | None = None
) -> tuple[int | None, str]:
    """(learner id, name) of the manager ``reference`` names: a learner id, else an
    employee ID; (None, "") for no manager. ``found``: the rows
    ``_manager_lookup`` read, if the caller read them already."""
    reference = (reference or "").strip()
    if not reference:
        return None, ""
    if found is None:
        (found,) = bulk.together([_manager_lookup(reference)])
    candidates = {
        pk: (f"{first} {last}".strip() or email) for pk, first, last, email in found
    }
    manager_id = None
    if reference.isdigit() and int(reference) in candidates:
        manager_id = int(reference)
    elif candidates:
        manager_id = next(iter(candidates))
    if manager_id is None:
        raise ProvisioningError(
            "invalid_value", f"There is no user “{reference}” to be the manager."
        )
    if learner_id is not None:
        if manager_id == learner_id:
            raise ProvisioningError(
                "invalid_value", "A person cannot be their own manager."
            )
        if manager_id in learner_reporting_subtree_ids(manager_id=learner_id):
            raise ProvisioningError(
                "invalid_value",
                "This manager reports to this person, directly or indirectly: "
                "that would make a loop.",
            )
    return manager_id, candidates[manager_id]


def _manager_id(reference: str, *, learner_id: int | None) -> int | None:
    return _manager(reference, learner_id=learner_id)[0]


RULES_CACHE_KEY = "learners:provisioning:active-rules"
#: A safety net only: every write to rules or roles clears the cached rules.
RULES_CACHE_SECONDS = 300


def _rules_cache_delete() -> None:
    cache.delete(RULES_CACHE_KEY)


def rules_cache_clear(**_signal_kwargs) -> None:
    """Forget the cached assignment rules (a rule or a role changed): now, and
    again at the commit, so a request that read the old rows meanwhile cannot
    keep them. Connected to the rule and role models' save and delete signals."""
    _rules_cache_delete()
    transaction.on_commit(_rules_cache_delete)


def _rules() -> tuple[list[RuleSpec], dict[int, str], dict[int, int | None]]:
    """The active rules in order, their roles' names and, when a rule names a
    department, the department tree (department id -> parent id).

    An identity provider's first push sends thousands of creates in a row, each
    needing the rules: they are read from the cache, which every change to a rule
    or a role clears (``rules_cache_clear``, from the services and the models'
    save and delete signals). No query when cached and no rule names a
    department (the default rules)."""
    rows = cache.get(RULES_CACHE_KEY)
    if rows is None:
        rows = list(
            AssignmentRule.objects.filter(active=True)
            .order_by("sort_order", "id")
            .values_list(
                "id",
                "name",
                "match_type",
                "job_title_pattern",
                "department_id",
                "role_id",
                "role__name",
            )
        )
        cache.set(RULES_CACHE_KEY, rows, RULES_CACHE_SECONDS)
    specs, names = [], {}
    for rule_id, name, match, pattern, department_id, role_id, role_name in rows:
        specs.append(RuleSpec(rule_id, name, match, pattern, department_id, role_id))
        names[role_id] = role_name
    parents = {}
    if any(spec.department_id is not None for spec in specs):
        parents = dict(Department.objects.values_list("id", "parent_id"))
    return specs, names, parents


def _role(
    *, job_title: str, department_id: int | None
) -> tuple[int | None, int | None, dict[int, str]]:
    """(role id, rule id, role names) the assignment rules give this person."""
    rules, names, parents = _rules()
    role_id, rule_id = role_for_person(
        job_title=job_title, department_id=department_id, rules=rules, parents=parents
    )
    return role_id, rule_id, names


def _index_later(model_label: str, ids: list[int]) -> None:
    from ..roster.tasks import roster_search_index_task

    roster_search_index_task.delay_on_commit(model_label, ids)


def _after_write(learner_ids: list[int], *, enrol: bool) -> None:
    """Once committed, if ``enrol``: enrolments, in one background message. People
    search needs nothing: the write set the person's search text."""
    from .tasks import provisioning_after_write_task

    if enrol:
        provisioning_after_write_task.delay_on_commit(learner_ids, enrol)


def _event(learner_id: int | None, action: str, summary: str, data: dict) -> AuditEvent:
    return AuditEvent(
        learner_id=learner_id, action=action, summary=summary[:500], data=data
    )


def _role_event(
    learner_id: int,
    old: int | None,
    new: int | None,
    rule_id,
    source: Source,
    names: dict[int, str] | None = None,
):
    wanted = [r for r in (old, new) if r]
    names = dict(names or {})
    if any(r not in names for r in wanted):
        from courses import api as courses_api

        names.update(
            courses_api.role_list().filter(pk__in=wanted).values_list("pk", "name")
        )
    return _event(
        learner_id,
        AuditAction.ROLE_CHANGED,
        f"Role changed by {source.label}: {names.get(old, 'no role')} → "
        f"{names.get(new, 'no role')} (assignment rule).",
        {
            **source.data,
            "from_role_id": old,
            "to_role_id": new,
            "rule_id": rule_id,
            "source": "rule",
        },
    )


def _employee_id_check(employee_id: str, *, learner_id: int | None) -> None:
    taken = Learner.objects.filter(employee_id=employee_id)
    if learner_id is not None:
        taken = taken.exclude(pk=learner_id)
    if taken.exists():
        raise ProvisioningError(
            "uniqueness", f"The employee number “{employee_id}” is already in use."
        )


# Two lookups, each on its own unique index, joined by UNION ALL: an OR across
# the account and the profile would read the whole of both tables, and every
# create would cost more as the academy grows. Plain SQL: this runs once per
# SCIM create, and building it through the ORM cost more than running it.
_EXISTING_SQL = """
    SELECT u.id, u.email, u.is_superuser, l.id, l.deprovisioned_at, l.employee_id
    FROM {user} u LEFT JOIN {learner} l ON l.user_id = u.id
    WHERE u.email = %s
    UNION ALL
    SELECT u.id, u.email, u.is_superuser, l.id, l.deprovisioned_at, l.employee_id
    FROM {learner} l JOIN {user} u ON u.id = l.user_id
    WHERE l.employee_id = %s
"""


def _existing_lookup(email: str, employee_id: str) -> tuple[str, list]:
    sql = _EXISTING_SQL.format(
        user=connection.ops.quote_name(get_user_model()._meta.db_table),
        learner=connection.ops.quote_name(Learner._meta.db_table),
    )
    return sql, [email, employee_id]


def _existing(email: str, employee_id: str, rows: list):
    """(the email's account or None, (its learner id, deprovisioned at) or None,
    whether someone else holds the employee ID), from the rows
    ``_existing_lookup`` read: both are unique, so at most two rows (the same row
    twice when they are one person)."""
    User = get_user_model()
    user = returning = None
    employee_id_taken = False
    for pk, row_email, is_superuser, learner_pk, deprovisioned_at, row_employee in rows:
        if row_email == email:
            user = User(pk=pk, email=row_email, is_superuser=bool(is_superuser))
            if learner_pk is not None:
                returning = (learner_pk, deprovisioned_at)
        elif row_employee == employee_id:
            employee_id_taken = True
    return user, returning, employee_id_taken


def _insert_person(
    user_values: dict | None, user_id: int | None, learner_values: dict, events: list
) -> tuple[int, Learner]:
    """Write a new account (``user_values``; or link the existing ``user_id``),
    the learner and its audit events; return (account id, learner as written).

    On PostgreSQL it is one statement, the rows linked by ``WITH`` (one round trip
    instead of three, and no ORM building them); elsewhere the ORM's inserts."""
    User = get_user_model()
    event_rows = [
        {
            "learner_id": None,
            "action": event.action,
            "summary": event.summary,
            "data": event.data,
        }
        for event in events
    ]
    if connection.vendor == "postgresql":
        # The times are written as given, so the record returned need not read
        # them back.
        now = timezone.now()
        parts = []
        if user_values is not None:
            parts.append(("u", bulk.row_insert(User, user_values, returning=["id"])))
            user_ref = bulk.Sql("(SELECT id FROM u)")
        else:
            user_ref = user_id
        parts.append(
            (
                "l",
                bulk.row_insert(
                    Learner,
                    {
                        **learner_values,
                        "user_id": user_ref,
                        "created_at": now,
                        "updated_at": now,
                    },
                    returning=["id", "user_id"],
                ),
            )
        )
        for row in event_rows:
            row["learner_id"] = bulk.Sql("(SELECT id FROM l)")
        parts.append(("e", bulk.row_insert(AuditEvent, event_rows)))
        sql = "WITH " + ", ".join(f"{name} AS ({part[0]})" for name, part in parts)
        sql += " SELECT id, user_id FROM l"
        params = [param for _, part in parts for param in part[1]]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            learner_pk, user_id = cursor.fetchone()
        learner = Learner(
            pk=learner_pk,
            user_id=user_id,
            created_at=now,
            updated_at=now,
            **learner_values,
        )
        return user_id, learner
    if user_values is not None:
        user = User(**user_values)
        User.objects.bulk_create([user])
        if user.pk is None:
            user.pk = User.objects.get(email=user.email).pk
        user_id = user.pk
    learner = Learner(user_id=user_id, **learner_values)
    Learner.objects.bulk_create([learner])
    if learner.pk is None:
        learner.pk = Learner.objects.get(employee_id=learner.employee_id).pk
    for event in events:
        event.learner_id = learner.pk
    AuditEvent.objects.bulk_create(events)
    return user_id, learner


def person_provision(*, values: PersonValues, source: Source) -> PersonRecord:
    """Create a person, or take back one provisioning deleted earlier (same email
    and, if given, employee ID): their learning records are still there. Returns
    the person as written. Raises ProvisioningError.

    A new person costs a fixed number of round trips on PostgreSQL: one for the
    look-ups together (the email's account and the employee ID's owner, the
    department, the manager if any), one to write the account, the profile and
    the audit events (one more to create a department not seen before); the
    record returned is built from the written values, not read back."""
    _check_lengths(values)
    User = get_user_model()
    email = User.objects.normalize_email(values.email)
    employee_id = _clean(values.employee_id) or f"idp-{secrets.token_hex(8)}"
    department_name = _clean(values.department)
    manager_reference = (values.manager or "").strip()
    lookups = [_existing_lookup(email, employee_id)]
    if department_name:
        lookups.append(_department_lookup(department_name))
    if manager_reference:
        lookups.append(_manager_lookup(manager_reference))
    found = bulk.together(lookups)
    user, returning, employee_id_taken = _existing(email, employee_id, found[0])
    if returning is not None and returning[1] is None:
        raise ProvisioningError(
            "uniqueness", f"The user name “{email}” is already in use."
        )
    if returning is not None:
        learner_id = returning[0]
        person_replace(
            learner_id=learner_id, values=values, source=source, returning=True
        )
        return selectors.person_record(learner_id=learner_id)

    if employee_id_taken:
        raise ProvisioningError(
            "uniqueness", f"The employee number “{employee_id}” is already in use."
        )
    rows = iter(found[1:])
    department_id, department_name = _department(
        department_name, current_id=None, found=next(rows) if department_name else None
    )
    manager_id, manager_name = _manager(
        manager_reference,
        learner_id=None,
        found=next(rows) if manager_reference else None,
    )
    job_title = _clean(values.job_title)
    role_id = rule_id = None
    names: dict[int, str] = {}
    if values.active:
        role_id, rule_id, names = _role(
            job_title=job_title, department_id=department_id
        )
    first_name, last_name = _clean(values.first_name), _clean(values.last_name)
    user_values = None
    if user is None:
        # An account made by provisioning signs in through single sign-on or a
        # password reset: its password is unusable, never a hash worth computing.
        user_values = {
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "is_active": values.active,
            "password": _unusable_password(),
        }
    else:
        User.objects.filter(pk=user.pk).update(
            first_name=first_name,
            last_name=last_name,
            is_active=values.active or user.is_superuser,
        )
    events = [
        _event(
            None,
            AuditAction.PROVISIONED,
            f"Added by {source.label}."
            + (" Linked to an existing account." if user is not None else ""),
            {**source.data, "created": True},
        )
    ]
    if role_id is not None:
        events.append(_role_event(None, None, role_id, rule_id, source, names))
    _, learner = _insert_person(
        user_values,
        None if user is None else user.pk,
        {
            "employee_id": employee_id,
            "external_id": values.external_id,
            "department_id": department_id,
            "manager_id": manager_id,
            "job_title": job_title,
            "role_id": role_id,
            "status": LearnerStatus.ACTIVE if values.active else LearnerStatus.LEFT,
            "search_text": search_text(
                first_name, last_name, email, employee_id, job_title
            ),
        },
        events,
    )
    _after_write([learner.pk], enrol=role_id is not None)
    return PersonRecord(
        learner_id=learner.pk,
        email=email,
        first_name=first_name,
        last_name=last_name,
        employee_id=employee_id,
        external_id=values.external_id,
        job_title=job_title,
        department_id=department_id,
        department_name=department_name,
        manager_id=manager_id,
        manager_name=manager_name,
        active=values.active,
        created_at=learner.created_at,
        updated_at=learner.updated_at,
    )


def person_replace(
    *,
    learner_id: int,
    values: PersonValues,
    source: Source,
    returning: bool = False,
) -> bool:
    """Make the person what ``values`` say; True when anything changed. A person
    deactivated (``active`` False) becomes a leaver with an inactive account, and
    keeps every learning record; active again, they are back. ``returning`` takes
    back a person provisioning had deleted. Raises ProvisioningError."""
    _check_lengths(values)
    learner = (
        Learner.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=learner_id)
        .first()
    )
    if learner is None or (learner.deprovisioned_at is not None and not returning):
        raise ProvisioningError("not_found", "There is no such user.")
    user = learner.user
    User = get_user_model()
    email = User.objects.normalize_email(values.email)
    if (
        email != user.email
        and User.objects.filter(email=email).exclude(pk=user.pk).exists()
    ):
        raise ProvisioningError(
            "uniqueness", f"The user name “{email}” is already in use."
        )
    employee_id = _clean(values.employee_id) or learner.employee_id
    if employee_id != learner.employee_id:
        _employee_id_check(employee_id, learner_id=learner.pk)
    department_id = _department_id(values.department, current_id=learner.department_id)
    manager_id = (
        learner.manager_id
        if values.manager and values.manager == str(learner.manager_id)
        else _manager_id(values.manager, learner_id=learner.pk)
    )
    if values.active:
        status = (
            LearnerStatus.ACTIVE
            if learner.status == LearnerStatus.LEFT
            else learner.status
        )
    else:
        status = LearnerStatus.LEFT
    job_title = _clean(values.job_title)
    first_name, last_name = _clean(values.first_name), _clean(values.last_name)

    old = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "employee_id": learner.employee_id,
        "external_id": learner.external_id,
        "job_title": learner.job_title,
        "department_id": learner.department_id,
        "manager_id": learner.manager_id,
        "status": learner.status,
    }
    new = {
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "employee_id": employee_id,
        "external_id": values.external_id,
        "job_title": job_title,
        "department_id": department_id,
        "manager_id": manager_id,
        "status": str(status),
    }
    changes = {name: [old[name], new[name]] for name in old if old[name] != new[name]}

    role_id, rule_id, names = learner.role_id, None, {}
    decides = not learner.role_set_by_hand and status != LearnerStatus.LEFT
    if decides and (
        returning
        or {"job_title", "department_id"} & changes.keys()
        or (old["status"] == LearnerStatus.LEFT and "status" in changes)
    ):
        role_id, rule_id, names = _role(
            job_title=job_title, department_id=department_id
        )
    role_changed = role_id != learner.role_id
    if not changes and not role_changed and not returning:
        return False

    account_active = status != LearnerStatus.LEFT or user.is_superuser
    User.objects.filter(pk=user.pk).update(
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_active=account_active,
    )
    Learner.objects.filter(pk=learner.pk).update(
        employee_id=employee_id,
        external_id=values.external_id,
        job_title=job_title,
        department_id=department_id,
        manager_id=manager_id,
        status=status,
        role_id=role_id,
        deprovisioned_at=None,
        updated_at=timezone.now(),
        search_text=search_text(first_name, last_name, email, employee_id, job_title),
    )
    labels = ", ".join(_CHANGE_LABELS[name] for name in changes)
    if returning:
        summary = f"Provisioned again by {source.label}."
    elif "status" in changes and status == LearnerStatus.LEFT:
        summary = f"Deactivated by {source.label}; learning records kept."
    elif "status" in changes and old["status"] == LearnerStatus.LEFT:
        summary = f"Reactivated by {source.label}."
    else:
        summary = f"Changed by {source.label}: {labels}."
    events = [
        _event(
            learner.pk,
            AuditAction.PROVISIONED,
            summary,
            {**source.data, "changes": changes},
        )
    ]
    if role_changed:
        events.append(
            _role_event(learner.pk, learner.role_id, role_id, rule_id, source, names)
        )
    AuditEvent.objects.bulk_create(events)
    _after_write(
        [learner.pk],
        enrol=role_id is not None
        and status != LearnerStatus.LEFT
        and bool(role_changed or returning or "status" in changes),
    )
    return True


def person_deprovision(*, learner_id: int, source: Source) -> None:
    """Provisioning deleted this person: they leave (inactive account), keep every
    learning record, and are no longer listed until provisioned again."""
    learner = (
        selectors.provisioned_people()
        .select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=learner_id)
        .first()
    )
    if learner is None:
        raise ProvisioningError("not_found", "There is no such user.")
    now = timezone.now()
    Learner.objects.filter(pk=learner.pk).update(
        status=LearnerStatus.LEFT, deprovisioned_at=now, updated_at=now
    )
    if not learner.user.is_superuser:
        get_user_model().objects.filter(pk=learner.user_id).update(is_active=False)
    AuditEvent.objects.create(
        learner_id=learner.pk,
        action=AuditAction.PROVISIONED,
        summary=f"Deleted by {source.label}: deactivated, learning records kept.",
        data={
            **source.data,
            "deleted": True,
            "changes": {"status": [learner.status, LearnerStatus.LEFT]},
        },
    )


# --- groups (departments) ------------------------------------------------------------


def _group_name_check(name: str, *, department_id: int | None) -> str:
    clean = _clean(name)
    if not clean:
        raise ProvisioningError("invalid_value", "A group needs a display name.")
    if len(clean) > 200:
        raise ProvisioningError(
            "invalid_value", "The group's name is longer than 200 characters."
        )
    taken = Department.objects.filter(name__iexact=clean)
    if department_id is not None:
        taken = taken.exclude(pk=department_id)
    if taken.exists():
        raise ProvisioningError(
            "uniqueness", f"A department is already called “{clean}”."
        )
    return clean


def _members_set(
    *, department_id: int, member_ids: Iterable[int], source: Source, name: str
) -> None:
    """Exactly ``member_ids`` are (directly) in the department: people added move
    into it, people left out leave it for no department. Set-based."""
    wanted = set(member_ids)
    people = selectors.provisioned_people()
    current = set(
        people.filter(department_id=department_id).values_list("pk", flat=True)
    )
    joining = list(
        people.filter(pk__in=wanted - current).values_list(
            "pk", "department_id", "job_title", "role_id", "role_set_by_hand", "status"
        )
    )
    if len(joining) != len(wanted - current):
        raise ProvisioningError(
            "invalid_value", "A member of the group is not a user here."
        )
    leaving = list(
        people.filter(pk__in=current - wanted).values_list(
            "pk", "department_id", "job_title", "role_id", "role_set_by_hand", "status"
        )
    )
    if not joining and not leaving:
        return
    now = timezone.now()
    moves = [(row, department_id) for row in joining] + [(row, None) for row in leaving]
    rules, names, parents = _rules()
    events = []
    by_role: dict[int | None, list[int]] = {}
    enrol = []
    for (learner_id, old_department, title, role_id, by_hand, status), target in moves:
        new_role, rule_id = role_id, None
        if rules and not by_hand and status != LearnerStatus.LEFT:
            new_role, rule_id = role_for_person(
                job_title=title, department_id=target, rules=rules, parents=parents
            )
        by_role.setdefault(new_role, []).append(learner_id)
        verb = f"added to group “{name}”" if target else f"removed from “{name}”"
        events.append(
            _event(
                learner_id,
                AuditAction.PROVISIONED,
                f"Changed by {source.label}: {verb}.",
                {**source.data, "changes": {"department_id": [old_department, target]}},
            )
        )
        if new_role != role_id:
            events.append(
                _role_event(learner_id, role_id, new_role, rule_id, source, names)
            )
            if new_role is not None:
                enrol.append(learner_id)
    Learner.objects.filter(pk__in=[row[0] for row in joining]).update(
        department_id=department_id, updated_at=now
    )
    Learner.objects.filter(pk__in=[row[0] for row in leaving]).update(
        department_id=None, updated_at=now
    )
    for role_id, ids in by_role.items():
        Learner.objects.filter(pk__in=ids, role_set_by_hand=False).exclude(
            status=LearnerStatus.LEFT
        ).update(role_id=role_id)
    AuditEvent.objects.bulk_create(events)
    moved = [row[0] for row, _ in moves]
    _after_write(moved, enrol=False)
    if enrol:
        _after_write(enrol, enrol=True)


def group_create(*, values: GroupValues, source: Source) -> int:
    """A new top-level department with these members. Raises ProvisioningError."""
    name = _group_name_check(values.name, department_id=None)
    if len(values.external_id) > 255:
        raise ProvisioningError("invalid_value", "The external ID is too long.")
    department = Department(name=name, external_id=values.external_id)
    Department.objects.bulk_create([department])
    if department.pk is None:
        department.pk = Department.objects.get(parent=None, name=name).pk
    _index_later("learners.Department", [department.pk])
    _members_set(
        department_id=department.pk,
        member_ids=values.member_ids,
        source=source,
        name=name,
    )
    return department.pk


def group_replace(*, department_id: int, values: GroupValues, source: Source) -> None:
    department = Department.objects.select_for_update().filter(pk=department_id).first()
    if department is None:
        raise ProvisioningError("not_found", "There is no such group.")
    name = _group_name_check(values.name, department_id=department_id)
    if len(values.external_id) > 255:
        raise ProvisioningError("invalid_value", "The external ID is too long.")
    if (department.name, department.external_id) != (name, values.external_id):
        Department.objects.filter(pk=department_id).update(
            name=name, external_id=values.external_id, updated_at=timezone.now()
        )
        _index_later("learners.Department", [department_id])
    _members_set(
        department_id=department_id,
        member_ids=values.member_ids,
        source=source,
        name=name,
    )


def group_delete(*, department_id: int, source: Source) -> None:
    """Delete a department: its people move to no department (their records stay).
    Refused while other departments sit below it or rules or targets use it."""
    from django.db.models import ProtectedError

    department = Department.objects.select_for_update().filter(pk=department_id).first()
    if department is None:
        raise ProvisioningError("not_found", "There is no such group.")
    if Department.objects.filter(parent_id=department_id).exists():
        raise ProvisioningError(
            "conflict",
            f"Other departments sit inside “{department.name}”: move them first.",
        )
    _members_set(
        department_id=department_id, member_ids=(), source=source, name=department.name
    )
    # People provisioning deleted still point at it; they leave it too.
    Learner.objects.filter(department_id=department_id).update(department_id=None)
    try:
        department.delete()
    except ProtectedError:
        raise ProvisioningError(
            "conflict",
            f"“{department.name}” is used by assignment rules or targets; change "
            "them first.",
        ) from None


__all__ = [
    "group_create",
    "group_delete",
    "group_replace",
    "person_deprovision",
    "person_provision",
    "person_replace",
]
