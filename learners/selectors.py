"""Reads about people. Each selector runs a fixed number of queries."""

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .models import ACTIVE_STATUSES, Department, Learner

# One recursive query walks the whole reporting line. UNION (not UNION ALL) drops
# rows already found, so a cycle in the data ends the walk instead of looping; the
# manager is excluded at the end so self-management cannot put them in their team.
_SUBTREE_SQL = """
    WITH RECURSIVE reports(id) AS (
        SELECT id FROM learners_learner WHERE manager_id = %s
        UNION
        SELECT l.id FROM learners_learner l JOIN reports r ON l.manager_id = r.id
    )
    SELECT id FROM reports WHERE id <> %s
"""


def learner_reporting_subtree_sql(*, manager_id: int) -> RawSQL:
    """The subtree as a SQL expression, to use inside ``filter(id__in=...)``."""
    # Constant SQL with bound parameters: nothing user-supplied is interpolated.
    return RawSQL(_SUBTREE_SQL, (manager_id, manager_id))  # noqa: S611


def learner_reporting_subtree(*, manager_id: int) -> QuerySet[Learner]:
    """Everyone who reports to the manager, directly or indirectly (one query)."""
    return Learner.objects.filter(
        id__in=learner_reporting_subtree_sql(manager_id=manager_id)
    )


def learner_reporting_subtree_ids(*, manager_id: int) -> set[int]:
    return set(
        learner_reporting_subtree(manager_id=manager_id).values_list("id", flat=True)
    )


def learner_is_in_subtree(*, manager_id: int, learner_id: int) -> bool:
    return (
        learner_reporting_subtree(manager_id=manager_id).filter(id=learner_id).exists()
    )


def learner_is_manager(*, learner_id: int) -> bool:
    return Learner.objects.filter(manager_id=learner_id).exclude(id=learner_id).exists()


def learner_for_user(*, user) -> Learner | None:
    if not user.is_authenticated:
        return None
    return (
        Learner.objects.select_related("department", "role", "manager__user")
        .filter(user=user)
        .first()
    )


def learner_active_queryset() -> QuerySet[Learner]:
    return Learner.objects.filter(status__in=ACTIVE_STATUSES)


def department_subtree_ids(*, department_id: int) -> set[int]:
    """The department and every department below it (one query)."""
    edges = Department.objects.values_list("id", "parent_id")
    children: dict[int | None, list[int]] = {}
    for dept_id, parent_id in edges:
        children.setdefault(parent_id, []).append(dept_id)
    found = {department_id}
    frontier = [department_id]
    while frontier:
        nxt = [c for d in frontier for c in children.get(d, []) if c not in found]
        found.update(nxt)
        frontier = nxt
    return found
