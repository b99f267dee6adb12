"""Write an :class:`~learners.roster.plan.ImportPlan` to the database, set-based.

Called inside one transaction by ``services.roster_import_apply``/``roster_import_run``:
either everything below lands or nothing does. Work is done in chunks with
``bulk_create``/``bulk_update``/``update``, a fixed number of queries per chunk and
never one per person:

1. new departments, in one insert;
2. accounts: new ones created, changed emails/names written, accounts of leavers
   switched off and of returners switched on;
3. learners: new people created manager-first, level by level, so each row is
   inserted with its manager already set; changed people updated in one pass;
   people missing from a full import marked as left;
4. the audit trail: one event per person changed, carrying the import's id.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from ..models import (
    ACTIVE_STATUSES,
    AuditAction,
    AuditEvent,
    Department,
    Learner,
    LearnerStatus,
)
from ..search import search_text_column, search_text_refresh
from . import bulk
from .plan import CHANGE_LABELS, ImportPlan, iso

Progress = Callable[[int, str], None]

CHUNK = 5000
_BATCH = 1000
_UPDATE_BATCH = 500
_LEARNER_UPDATE_FIELDS = (
    "department_id",
    "manager_id",
    "job_title",
    "role_id",
    "role_set_by_hand",
    "status",
    "location",
    "hire_date",
    "updated_at",
)
_AUDIT_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "department_id",
    "manager_employee_id",
    "job_title",
    "role_id",
    "role_set_by_hand",
    "status",
    "location",
    "hire_date",
)


@dataclass(frozen=True)
class WriteResult:
    """What the caller does once the transaction commits: enrol people whose new
    role brings a curriculum, and put new departments in Wagtail's search index
    (bulk writes skip the per-save index update). People's search text is
    written in the transaction itself."""

    enrol_learner_ids: list[int]
    department_ids: list[int]


def _chunks(frame: pd.DataFrame, size: int = CHUNK) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start : start + size]


def _id_chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _unusable_password() -> str:
    # What set_unusable_password() stores, without its per-call overhead: any
    # value starting with "!" never matches a password.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def plan_write(
    plan: ImportPlan,
    *,
    import_id: int | None,
    actor=None,
    progress: Progress | None = None,
) -> WriteResult:
    """Apply ``plan``; the caller owns the transaction. Returns who to enrol."""
    report = progress or (lambda percent, message: None)
    rows = plan.rows.copy()
    actor_user = actor if actor is not None and actor.is_authenticated else None

    # People search reads this column: new people get it in the same COPY.
    rows["search_text"] = search_text_column(rows)
    departments = _departments_create(plan)
    if departments:
        ids = rows["department_id"].map(lambda value: departments.get(value, value))
        rows["department_id"] = ids.astype(object)
    report(5, "Departments ready")

    _accounts_write(rows, report)
    learner_ids = dict(plan.learner_ids)
    _learners_create(rows, learner_ids, report)
    _learners_update(rows, learner_ids)
    _search_text_update(rows, learner_ids)
    report(80, "People updated")
    _missing_deactivate(plan)
    report(85, "Leavers deactivated")
    _audit(plan, rows, learner_ids, import_id, actor_user)
    report(95, "Audit trail written")

    active = rows["status"].isin([str(status) for status in ACTIVE_STATUSES])
    with_role = rows["role_id"].notna() & active
    wanted = with_role & (rows["is_new"] | rows["role_id_changed"])
    enrol = [
        learner_ids[employee_id] for employee_id in rows.loc[wanted, "employee_id"]
    ]
    return WriteResult(
        enrol_learner_ids=enrol,
        department_ids=list(departments.values()),
    )


def _departments_create(plan: ImportPlan) -> dict[int, int]:
    """Create the plan's new departments; placeholder -> id.

    The plan matched every name against the whole tree case-insensitively, so
    these are new: plain names at the top level, the parts of a path ("Technology
    > Data > Platform") under their parent, parents first. One insert per level
    instead of ``department_ensure`` per name, whose save also updates the search
    index one department at a time (the index is updated in bulk after the
    commit). The unique constraints on sibling and top-level names still refuse a
    department created meanwhile by someone else.
    """
    new = plan.new_departments
    if new.empty:
        return {}
    created: dict[int, int] = {}
    remaining = new
    # Parents first: a path's new parts are a few levels deep, one insert each.
    while len(remaining):
        ready_mask = (
            remaining["parent"]
            .map(lambda parent: parent is None or parent >= 0 or parent in created)
            .astype(bool)
        )
        ready = remaining[ready_mask]
        if ready.empty:  # Cannot happen: placeholders only point at earlier ones.
            raise RuntimeError("New departments' parents form a loop.")
        departments = [
            Department(
                name=name,
                parent_id=None
                if parent is None or pd.isna(parent)
                else created.get(parent, parent),
            )
            for name, parent in zip(ready["name"], ready["parent"], strict=True)
        ]
        Department.objects.bulk_create(departments)
        if any(department.pk is None for department in departments):
            for department in departments:
                department.pk = Department.objects.get(
                    parent_id=department.parent_id, name=department.name
                ).pk
        created.update(
            zip(ready["placeholder"], (d.pk for d in departments), strict=True)
        )
        remaining = remaining[~ready_mask]
    return created


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows as dicts of just ``columns`` (to_dict on the whole plan is slow)."""
    return frame[columns].to_dict("records")


def _accounts_write(rows: pd.DataFrame, report: Progress) -> None:
    User = get_user_model()
    create = rows[rows["is_new"] & rows["user_id"].isna()]
    done = 0
    for chunk in _chunks(create):
        emails = chunk["email"].tolist()
        columns = {
            "email": emails,
            "first_name": chunk["first_name"].tolist(),
            "last_name": chunk["last_name"].tolist(),
            "is_active": [bool(active) for active in chunk["set_active"]],
            "password": [_unusable_password() for _ in emails],
        }
        ids = bulk.insert(User, columns)
        if any(user_id is None for user_id in ids):
            # Databases that cannot return ids from a bulk insert: read them back.
            by_email = dict(
                User.objects.filter(email__in=chunk["email"].tolist()).values_list(
                    "email", "id"
                )
            )
            ids = [by_email[email] for email in emails]
        rows.loc[chunk.index, "user_id"] = pd.Series(
            ids, index=chunk.index, dtype=object
        )
        done += len(chunk)
        report(5 + int(25 * done / max(len(create), 1)), f"{done:,} accounts created")

    existing = ~rows["is_new"]
    bulk.update(
        User,
        [
            {"id": user_id, "email": email}
            for user_id, email in zip(
                rows.loc[existing & rows["email_changed"], "user_id"],
                rows.loc[existing & rows["email_changed"], "email"],
                strict=True,
            )
        ],
        ["email"],
    )
    # Names: changed for people already here; set on accounts linked just now.
    renamed = rows[
        (existing & (rows["first_name_changed"] | rows["last_name_changed"]))
        | rows["links_account"]
    ]
    bulk.update(
        User,
        [
            {"id": user_id, "first_name": first, "last_name": last}
            for user_id, first, last in zip(
                renamed["user_id"],
                renamed["first_name"],
                renamed["last_name"],
                strict=True,
            )
        ],
        ["first_name", "last_name"],
    )
    switch = rows[
        rows["set_active"].notna() & ~(rows["is_new"] & ~rows["links_account"])
    ]
    for value in (True, False):
        ids = switch.loc[switch["set_active"].eq(value), "user_id"].tolist()
        for chunk_ids in _id_chunks(ids):
            User.objects.filter(pk__in=chunk_ids).update(is_active=value)


_LEARNER_COLUMNS = [
    "search_text",
    "employee_id",
    "user_id",
    "department_id",
    "manager_employee_id",
    "job_title",
    "role_id",
    "role_set_by_hand",
    "status",
    "location",
    "hire_date",
]


def _learner_columns(
    chunk: pd.DataFrame, learner_ids: dict[str, int]
) -> dict[str, list]:
    """New learners column by column, managers resolved to learner ids."""
    columns = {name: chunk[name].tolist() for name in _LEARNER_COLUMNS}
    columns["manager_id"] = [
        learner_ids.get(manager) if manager else None
        for manager in columns.pop("manager_employee_id")
    ]
    columns["role_set_by_hand"] = [bool(flag) for flag in columns["role_set_by_hand"]]
    return columns


def _learner_record(record: dict, learner_ids: dict[str, int]) -> dict:
    manager = record.pop("manager_employee_id")
    record["manager_id"] = learner_ids.get(manager) if manager else None
    record["role_set_by_hand"] = bool(record["role_set_by_hand"])
    return record


def _learners_create(
    rows: pd.DataFrame, learner_ids: dict[str, int], report: Progress
) -> None:
    """Insert new people manager-first, so each row goes in with its manager set.

    Level 0 is everyone whose manager is nobody or already in the academy; level
    n+1 reports to someone created at level n. Manager loops were broken while
    planning, so every new person is reached. An org chart is a few levels deep,
    so this is a few inserts, not one per person.
    """
    remaining = rows.loc[rows["is_new"], _LEARNER_COLUMNS]
    total = len(remaining)
    done = 0
    while len(remaining):
        managers = remaining["manager_employee_id"]
        ready_mask = managers.isna() | ~managers.isin(set(remaining["employee_id"]))
        ready = remaining[ready_mask]
        if ready.empty:  # Cannot happen after planning; refuse rather than loop.
            raise RuntimeError("Manager links of new people form a loop.")
        for chunk in _chunks(ready):
            columns = _learner_columns(chunk, learner_ids)
            employee_ids = columns["employee_id"]
            ids = bulk.insert(Learner, columns)
            if any(learner_id is None for learner_id in ids):
                learner_ids.update(
                    Learner.objects.filter(employee_id__in=employee_ids).values_list(
                        "employee_id", "id"
                    )
                )
            else:
                learner_ids.update(zip(employee_ids, ids, strict=True))
            done += len(chunk)
            report(30 + int(40 * done / max(total, 1)), f"{done:,} people added")
        remaining = remaining[~ready_mask]


def _learners_update(rows: pd.DataFrame, learner_ids: dict[str, int]) -> None:
    changed = rows[~rows["is_new"] & rows["changed"]]
    flags = [
        f"{name}_changed"
        for name in (
            "department_id",
            "manager_employee_id",
            "job_title",
            "role_id",
            "role_set_by_hand",
            "status",
            "location",
            "hire_date",
        )
    ]
    changed = changed[changed[flags].any(axis=1)]
    now = timezone.now()
    records = []
    for record in _records(changed, ["learner_id", *_LEARNER_COLUMNS]):
        record = _learner_record(record, learner_ids)
        del record["employee_id"], record["user_id"]
        record["id"] = record.pop("learner_id")
        record["updated_at"] = now
        records.append(record)
    bulk.update(Learner, records, list(_LEARNER_UPDATE_FIELDS))


def _search_text_update(rows: pd.DataFrame, learner_ids: dict[str, int]) -> None:
    """People already here whose name, email or job title changed (or whose
    account was linked): their search text, read back from what was written."""
    flags = [
        name
        for name in (
            "email_changed",
            "first_name_changed",
            "last_name_changed",
            "job_title_changed",
            "links_account",
        )
        if name in rows.columns
    ]
    if not flags:
        return
    touched = rows[~rows["is_new"] & rows[flags].fillna(False).astype(bool).any(axis=1)]
    if touched.empty:
        return
    search_text_refresh(
        learner_ids=[learner_ids[employee_id] for employee_id in touched["employee_id"]]
    )


def _missing_deactivate(plan: ImportPlan) -> None:
    missing = plan.missing
    if missing.empty:
        return
    now = timezone.now()
    for chunk_ids in _id_chunks(missing["learner_id"].tolist()):
        Learner.objects.filter(pk__in=chunk_ids).update(
            status=LearnerStatus.LEFT, updated_at=now
        )
    users = missing.loc[~missing["keeps_account"].astype(bool), "user_id"].tolist()
    for chunk_ids in _id_chunks(users):
        get_user_model().objects.filter(pk__in=chunk_ids).update(is_active=False)


def _audit(
    plan: ImportPlan,
    rows: pd.DataFrame,
    learner_ids: dict[str, int],
    import_id: int | None,
    actor,
) -> None:
    """One IMPORTED event per person added or changed, one ROLE_CHANGED per role
    change of someone already here; each carries ``roster_import_id``."""
    label = f"roster import #{import_id}" if import_id else "a roster import"
    base = {"roster_import_id": import_id}

    def role(role_id: int | None) -> str:
        return plan.role_names.get(role_id, "a removed role") if role_id else "no role"

    actor_id = actor.pk if actor is not None else None

    def event(learner_id: int, action: str, summary: str, data: dict) -> tuple:
        return (learner_id, actor_id, action, summary[:500], data)

    def events() -> Iterator[tuple]:
        new = rows.loc[rows["is_new"], ["employee_id", "row"]]
        for employee_id, row in zip(new["employee_id"], new["row"], strict=True):
            yield event(
                learner_ids[employee_id],
                AuditAction.IMPORTED,
                f"Added by {label}.",
                {**base, "row": int(row), "created": True},
            )
        changed = rows[~rows["is_new"] & rows["changed"]]
        columns = [
            "employee_id",
            "row",
            "role_rule_id",
            *_AUDIT_FIELDS,
            *(f"old_{name}" for name in _AUDIT_FIELDS),
            *(f"{name}_changed" for name in _AUDIT_FIELDS),
        ]
        for record in _records(changed, columns):
            learner_id = learner_ids[record["employee_id"]]
            changes = {
                name: [iso(record[f"old_{name}"]), iso(record[name])]
                for name in _AUDIT_FIELDS
                if record[f"{name}_changed"]
            }
            labels = ", ".join(CHANGE_LABELS[name] for name in changes)
            yield event(
                learner_id,
                AuditAction.IMPORTED,
                f"Changed by {label}: {labels}.",
                {**base, "row": int(record["row"]), "changes": changes},
            )
            if record["role_id_changed"]:
                source = "file" if record["role_set_by_hand"] else "rule"
                how = "named in the file" if source == "file" else "assignment rule"
                yield event(
                    learner_id,
                    AuditAction.ROLE_CHANGED,
                    f"Role changed by {label}: {role(record['old_role_id'])} → "
                    f"{role(record['role_id'])} ({how}).",
                    {
                        **base,
                        "from_role_id": record["old_role_id"],
                        "to_role_id": record["role_id"],
                        "source": source,
                        "rule_id": record["role_rule_id"],
                    },
                )
        for learner_id, status in zip(
            plan.missing["learner_id"], plan.missing["status"], strict=True
        ):
            yield event(
                learner_id,
                AuditAction.IMPORTED,
                f"Marked as left: not in the full roster of {label}.",
                {**base, "changes": {"status": [status, "left"]}},
            )

    names = ("learner_id", "actor_id", "action", "summary", "data")

    def flush(batch: list[tuple]) -> None:
        columns = {name: [row[i] for row in batch] for i, name in enumerate(names)}
        bulk.insert(AuditEvent, columns, ids=False)

    batch: list[tuple] = []
    for record in events():
        batch.append(record)
        if len(batch) >= CHUNK:
            flush(batch)
            batch = []
    if batch:
        flush(batch)


__all__ = ["CHUNK", "WriteResult", "plan_write"]
