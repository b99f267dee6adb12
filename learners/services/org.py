"""Writes about people. Keyword-only, typed, safe to call twice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from ..models import AuditAction, Department, Learner, LearnerStatus
from ..search import search_text_refresh
from .audit import audit_record


def department_ensure(
    *, name: str, parent: Department | None = None, hr_code: str = ""
) -> Department:
    """The department with this name under ``parent``, created if missing.

    Names match case- and whitespace-insensitively among siblings, so "Finance" and
    " finance " are one department.
    """
    clean = " ".join(name.split())
    existing = Department.objects.filter(parent=parent, name__iexact=clean).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Department.objects.create(name=clean, parent=parent, hr_code=hr_code)
    except IntegrityError:
        # Raced with another writer: theirs is as good as ours.
        return Department.objects.get(parent=parent, name__iexact=clean)


def department_ensure_path(*, path: Iterable[str]) -> Department:
    """Ensure a chain such as ("Operations", "Claims", "Intake"); returns the leaf."""
    parent = None
    for name in path:
        parent = department_ensure(name=name, parent=parent)
    if parent is None:
        raise ValueError("A department path needs at least one name.")
    return parent


@dataclass(frozen=True)
class PersonSpec:
    """One person as an HR system (or the demo) describes them."""

    employee_id: str
    email: str
    first_name: str
    last_name: str
    department_id: int | None
    manager_employee_id: str | None
    job_title: str
    role_id: int | None
    status: str = LearnerStatus.ACTIVE
    hire_date: date | None = None
    location: str = ""


@dataclass(frozen=True)
class UpsertCounts:
    created: int
    updated: int
    unchanged: int


_LEARNER_FIELDS = (
    "department_id",
    "job_title",
    "role_id",
    "status",
    "hire_date",
    "location",
)


def _users_upsert(*, people: list[PersonSpec]) -> tuple[dict[str, Any], list[Any]]:
    """Each person's account by lower-case email, created or updated in bulk, and
    the accounts whose name or active flag changed. Leavers are deactivated."""
    User = get_user_model()
    emails = [p.email.lower() for p in people]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    new_users = []
    changed_users = []
    for person in people:
        email = person.email.lower()
        active = person.status != LearnerStatus.LEFT
        user = users.get(email)
        if user is None:
            user = User(
                email=email,
                first_name=person.first_name,
                last_name=person.last_name,
                is_active=active,
            )
            user.set_unusable_password()
            new_users.append(user)
            users[email] = user
        elif (user.first_name, user.last_name, user.is_active) != (
            person.first_name,
            person.last_name,
            active,
        ):
            user.first_name, user.last_name = person.first_name, person.last_name
            user.is_active = active
            changed_users.append(user)
    User.objects.bulk_create(new_users)
    if changed_users:
        User.objects.bulk_update(
            changed_users, ["first_name", "last_name", "is_active"]
        )
    if new_users:
        # bulk_create does not return ids on every database: read them back.
        users = {u.email: u for u in User.objects.filter(email__in=emails)}
    return users, changed_users


def _learners_upsert(
    *, people: list[PersonSpec], users: dict[str, Any]
) -> tuple[list[Learner], list[Learner]]:
    """Create or update each person's learner row in bulk; returns the created
    and the updated learners."""
    learners = {
        lr.employee_id: lr
        for lr in Learner.objects.filter(
            employee_id__in=[p.employee_id for p in people]
        )
    }
    created, updated = [], []
    for person in people:
        values = {
            "department_id": person.department_id,
            "job_title": person.job_title,
            "role_id": person.role_id,
            "status": person.status,
            "hire_date": person.hire_date,
            "location": person.location,
        }
        learner = learners.get(person.employee_id)
        if learner is None:
            learner = Learner(
                employee_id=person.employee_id,
                user_id=users[person.email.lower()].pk,
                **values,
            )
            created.append(learner)
            learners[person.employee_id] = learner
        elif any(getattr(learner, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(learner, key, value)
            updated.append(learner)
    Learner.objects.bulk_create(created)
    if updated:
        Learner.objects.bulk_update(updated, [*_LEARNER_FIELDS, "updated_at"])
    return created, updated


def _managers_link(*, people: list[PersonSpec]) -> list[Learner]:
    """Point each person's learner at their manager's, once every learner has an
    id; returns the learners whose manager changed."""
    spec_by_id = {p.employee_id: p for p in people}
    wanted_managers = {p.manager_employee_id for p in people if p.manager_employee_id}
    id_by_employee = dict(
        Learner.objects.filter(
            employee_id__in=wanted_managers | spec_by_id.keys()
        ).values_list("employee_id", "id")
    )
    relink = []
    for learner in Learner.objects.filter(employee_id__in=spec_by_id.keys()):
        manager_employee_id = spec_by_id[learner.employee_id].manager_employee_id
        wanted = (
            id_by_employee.get(manager_employee_id) if manager_employee_id else None
        )
        if wanted == learner.pk:
            wanted = None  # Nobody manages themself.
        if learner.manager_id != wanted:
            learner.manager_id = wanted
            relink.append(learner)
    if relink:
        Learner.objects.bulk_update(relink, ["manager_id"])
    return relink


@transaction.atomic
def people_upsert(*, people: list[PersonSpec]) -> UpsertCounts:
    """Create or update users and learners in bulk, then link managers.

    A fixed number of queries whatever the number of people: users and learners are
    read once, written with ``bulk_create``/``bulk_update``, and managers linked in
    a second pass once every learner has an id. Leavers' accounts are deactivated.
    """
    users, changed_users = _users_upsert(people=people)
    created, updated = _learners_upsert(people=people, users=users)
    relink = _managers_link(people=people)
    new_ids = {lr.employee_id for lr in created}
    touched = (
        {lr.employee_id for lr in updated} | {lr.employee_id for lr in relink}
    ) - new_ids
    # Bulk writes skip save(): set the people search text in this transaction.
    # A renamed person's learner row may be unchanged, but their name is searched.
    search_text_refresh(
        learner_ids=[lr.pk for lr in (*created, *updated, *relink) if lr.pk],
        user_ids=[u.pk for u in changed_users],
    )
    search_text_refresh(
        learner_ids=Learner.objects.filter(
            employee_id__in=[lr.employee_id for lr in created if not lr.pk]
        ).values_list("id", flat=True)
    )
    return UpsertCounts(
        created=len(created),
        updated=len(touched),
        unchanged=len(people) - len(created) - len(touched),
    )


def search_index_update(*, model_label: str, ids: list[int]) -> int:
    """Put these rows in Wagtail's search index (the admin's department search),
    in bulk: bulk writes skip the per-save index update. People are not in it:
    they are searched by their own column (``learners/search.py``). Returns how
    many rows were indexed."""
    from django.apps import apps
    from wagtail.search.backends import get_search_backends
    from wagtail.search.index import class_is_indexed

    model = apps.get_model(model_label)
    if not class_is_indexed(model):
        # A job queued before people left the index: nothing to do.
        return 0
    objects = list(model.get_indexed_objects().filter(pk__in=ids))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
    return len(objects)


@transaction.atomic
def learner_deactivate(*, learner_id: int, actor) -> bool:
    """Mark one person as left, as the roster does for a leaver: they stop counting
    in populations and can no longer sign in; their history stays. A superuser's
    account, or the acting person's own, stays active. Returns False when the
    person had already left (nothing changes)."""
    learner = (
        Learner.objects.select_for_update().select_related("user").get(pk=learner_id)
    )
    if learner.status == LearnerStatus.LEFT:
        return False
    old_status = learner.status
    learner.status = LearnerStatus.LEFT
    learner.save(update_fields=["status", "updated_at"])
    user = learner.user
    keeps_account = user.is_superuser or (actor is not None and actor.pk == user.pk)
    if user.is_active and not keeps_account:
        user.is_active = False
        user.save(update_fields=["is_active"])
    audit_record(
        learner_id=learner.pk,
        action=AuditAction.PROFILE_CHANGED,
        summary="Marked as left in the admin"
        + ("; their account stays active." if keeps_account else "; account closed."),
        actor=actor,
        data={
            "status": [old_status, LearnerStatus.LEFT],
            "account_closed": not keeps_account,
        },
    )
    return True
