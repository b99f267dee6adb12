"""My team: a manager's whole reporting line with counts, filters and sorting.

Everything is computed in the database: one grouped query for the page of people,
one for the count, one for the team totals — whatever the size of the team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from courses import api as courses_api

from .models import (
    ACTIVE_STATUSES,
    CurriculumEnrolment,
    EnrolmentStatus,
    Learner,
    LearnerStatus,
    Target,
    TargetMetric,
)
from .search import people_search
from .selectors import learner_reporting_subtree_sql


def _role_curriculum_completed() -> QuerySet[CurriculumEnrolment]:
    """Completed enrolments of the outer learner in their role's curriculum."""
    return CurriculumEnrolment.objects.filter(
        learner=OuterRef("pk"),
        curriculum_id__in=courses_api.curriculum_ids_for_role(
            role_id=OuterRef(OuterRef("role"))
        ),
        status=EnrolmentStatus.COMPLETED,
    )


SORTS = {
    "name": ("user__last_name", "user__first_name"),
    "-name": ("-user__last_name", "-user__first_name"),
    "overdue": ("-overdue", "user__last_name"),
    "progress": ("completion_share", "user__last_name"),
    "-progress": ("-completion_share", "user__last_name"),
    "activity": (F("last_activity").desc(nulls_last=True), "user__last_name"),
    "department": ("department__name", "user__last_name"),
}
DEFAULT_SORT = "name"
STATUS_FILTERS = {
    "active": Q(status=LearnerStatus.ACTIVE),
    "on_leave": Q(status=LearnerStatus.ON_LEAVE),
    "left": Q(status=LearnerStatus.LEFT),
    "overdue": Q(overdue__gt=0),
    "completed": Q(curriculum_done=True),
}


@dataclass(frozen=True)
class TeamFilters:
    direct_only: bool = False
    department_id: int | None = None
    role_id: int | None = None
    status: str = ""
    sort: str = DEFAULT_SORT
    query: str = ""

    @classmethod
    def from_query(cls, params) -> TeamFilters:
        """Unknown or malformed values fall back to the defaults, never an error."""

        def as_int(name: str) -> int | None:
            value = params.get(name, "")
            return int(value) if value.isdigit() else None

        sort = params.get("sort", DEFAULT_SORT)
        status = params.get("status", "")
        return cls(
            direct_only=params.get("direct") == "1",
            department_id=as_int("department"),
            role_id=as_int("role"),
            status=status if status in STATUS_FILTERS else "",
            sort=sort if sort in SORTS else DEFAULT_SORT,
            query=params.get("q", "").strip()[:100],
        )


def team_queryset(
    *, manager: Learner, filters: TeamFilters, today: date | None = None
) -> QuerySet[Learner]:
    """The manager's people, annotated with their learning counts."""
    today = today or timezone.localdate()
    open_q = ~Q(course_enrolments__status=EnrolmentStatus.COMPLETED)
    people = (
        Learner.objects.filter(
            id__in=learner_reporting_subtree_sql(manager_id=manager.pk)
        )
        .select_related("user", "department", "role")
        .annotate(
            assigned=Count("course_enrolments", distinct=True),
            completed=Count(
                "course_enrolments",
                filter=Q(course_enrolments__status=EnrolmentStatus.COMPLETED),
                distinct=True,
            ),
            overdue=Count(
                "course_enrolments",
                filter=open_q & Q(course_enrolments__due_date__lt=today),
                distinct=True,
            ),
            last_activity=Max("course_enrolments__last_activity_at"),
            curriculum_done=Exists(_role_curriculum_completed()),
        )
        .annotate(
            completion_share=1.0 * F("completed") / (F("assigned") + 0.000001),
        )
    )
    if filters.direct_only:
        people = people.filter(manager=manager)
    if filters.department_id:
        people = people.filter(department_id=filters.department_id)
    if filters.role_id:
        people = people.filter(role_id=filters.role_id)
    if filters.status:
        people = people.filter(STATUS_FILTERS[filters.status])
    if filters.query:
        # Every word in the name, email, employee ID or job title: the people
        # search column and its trigram index (learners/search.py).
        people = people_search(people, filters.query)
    return people.order_by(*SORTS[filters.sort], "pk")


@dataclass(frozen=True)
class TeamTotals:
    people: int
    active: int
    completed_curriculum: int
    completed_any: int
    overdue_people: int
    target: Target | None

    @property
    def completed_for_target(self) -> int:
        if self.target and self.target.metric == TargetMetric.ANY_COURSE:
            return self.completed_any
        return self.completed_curriculum

    @property
    def percent(self) -> float:
        return 100.0 * self.completed_for_target / self.active if self.active else 0.0

    @property
    def target_count(self) -> int:
        if not self.target or not self.active:
            return 0
        return -(-self.active * self.target.target_percent // 100)  # ceiling

    @property
    def meets_target(self) -> bool:
        return bool(self.target and self.active) and (
            self.completed_for_target >= self.target_count
        )


def team_totals(*, manager: Learner, today: date | None = None) -> TeamTotals:
    """Team-wide figures against the organisation's current target (two queries)."""
    today = today or timezone.localdate()
    base = team_queryset(manager=manager, filters=TeamFilters(), today=today)
    active = Q(status__in=ACTIVE_STATUSES)
    agg = base.order_by().aggregate(
        people=Count("pk", distinct=True),
        active=Count("pk", filter=active, distinct=True),
    )
    ids = Learner.objects.filter(
        id__in=learner_reporting_subtree_sql(manager_id=manager.pk),
        status__in=ACTIVE_STATUSES,
    )
    completed_curriculum = ids.filter(Exists(_role_curriculum_completed()))
    counts = ids.aggregate(
        completed_curriculum=Count(
            "pk", filter=Q(pk__in=completed_curriculum.values("pk")), distinct=True
        ),
        completed_any=Count(
            "pk",
            filter=Q(course_enrolments__status=EnrolmentStatus.COMPLETED),
            distinct=True,
        ),
        overdue_people=Count(
            "pk",
            filter=Q(course_enrolments__due_date__lt=today)
            & ~Q(course_enrolments__status=EnrolmentStatus.COMPLETED),
            distinct=True,
        ),
    )
    target = (
        Target.objects.filter(
            department__isnull=True, start_date__lte=today, deadline__gte=today
        )
        .order_by("deadline")
        .first()
    )
    return TeamTotals(
        people=agg["people"],
        active=agg["active"],
        completed_curriculum=counts["completed_curriculum"],
        completed_any=counts["completed_any"],
        overdue_people=counts["overdue_people"],
        target=target,
    )


def team_departments_and_roles(*, manager: Learner) -> tuple[list, list]:
    """Filter choices: the departments and roles present in the team (2 queries)."""
    people = Learner.objects.filter(
        id__in=learner_reporting_subtree_sql(manager_id=manager.pk)
    )
    departments = list(
        people.exclude(department=None)
        .values_list("department_id", "department__name")
        .distinct()
        .order_by("department__name")
    )
    roles = list(
        people.exclude(role=None)
        .values_list("role_id", "role__name")
        .distinct()
        .order_by("role__name")
    )
    return departments, roles
