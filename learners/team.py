"""My team: a manager's whole reporting line with counts, filters and sorting.

The line and each person's figures are kept by the database (``ReportingLine``
and ``LearnerFigures``, ADR 0027), so a view reads them instead of walking the
line and aggregating every enrolment: one query for the page of people, one for
the count, one for the team totals, whatever the size of the team. Only what
depends on the day (overdue courses) or on the role (its curriculum) is worked
out per view, for the rows shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import (
    Cast,
    Coalesce,
    Concat,
    Greatest,
    NullIf,
    Substr,
    Trim,
    TruncMinute,
)
from django.utils import timezone

from core.sql_csv import Plain, csv_line
from courses import api as courses_api

from .models import (
    ACTIVE_STATUSES,
    CourseEnrolment,
    CurriculumEnrolment,
    Department,
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
    # Longest overdue first (the earliest missed due date), then the soonest due.
    "overdue": (F("next_due").asc(nulls_last=True), "user__last_name"),
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
    # These two depend on the day of the view and on the person's role:
    # team_queryset filters them.
    "overdue": None,
    "completed": None,
}


@dataclass(frozen=True)
class TeamFilters:
    direct_only: bool = False
    department_id: int | None = None
    role_id: int | None = None
    status: str = ""
    sort: str = DEFAULT_SORT
    query: str = ""

    @property
    def narrows(self) -> bool:
        """Whether these filters leave out anyone in the team (a sort does not)."""
        return bool(
            self.direct_only
            or self.department_id
            or self.role_id
            or self.status
            or self.query
        )

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


def _overdue_count(today: date) -> Case:
    """How many of the outer person's open courses were due before ``today``.

    Counted only for people whose kept earliest open due date is before
    ``today``: anyone else has none, so most rows of a large export skip the
    count."""
    return Case(
        When(
            figures__next_due_date__lt=today,
            then=Coalesce(
                Subquery(
                    CourseEnrolment.objects.filter(
                        learner=OuterRef("pk"), due_date__lt=today
                    )
                    .exclude(status=EnrolmentStatus.COMPLETED)
                    .order_by()
                    .values("learner")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        ),
        default=Value(0),
    )


# A person's kept figures (LearnerFigures; a person never enrolled has none).
_FIGURES = {
    "assigned": Coalesce(F("figures__assigned"), 0),
    "completed": Coalesce(F("figures__completed"), 0),
    "last_activity": F("figures__last_activity_at"),
    "next_due": F("figures__next_due_date"),
    "completion_share": Coalesce(
        Cast("figures__completed", FloatField())
        / Greatest(Cast("figures__assigned", FloatField()), Value(1.0)),
        Value(0.0),
    ),
}


def with_row_details(
    people: QuerySet[Learner], *, today: date | None = None
) -> QuerySet[Learner]:
    """``people`` with ``overdue`` (open courses due before ``today``) and
    ``curriculum_done`` (their role's curriculum completed) for every row."""
    today = today or timezone.localdate()
    return people.annotate(
        overdue=_overdue_count(today),
        curriculum_done=Exists(_role_curriculum_completed()),
    )


def team_rows(ids: list[int], *, today: date | None = None) -> list[Learner]:
    """The people ``ids`` (one page, in that order) with their figures and row
    details, in one query whatever the page's size. Paging by ids first keeps
    the sort of a large team to the columns it sorts by."""
    found = {
        person.pk: person
        for person in with_row_details(
            Learner.objects.filter(pk__in=ids)
            .select_related("user", "department", "role")
            .annotate(**_FIGURES),
            today=today,
        )
    }
    return [found[pk] for pk in ids if pk in found]


def team_queryset(
    *, manager: Learner, filters: TeamFilters, today: date | None = None
) -> QuerySet[Learner]:
    """The manager's people, filtered and sorted, with their kept figures:
    ``assigned``, ``completed``, ``last_activity``, ``next_due`` and
    ``completion_share``. What depends on the day or the role (``overdue``,
    ``curriculum_done``) is added for the rows shown (``with_row_details``), so
    a page deep in a large team sorts and skips people without working it out
    for each of them."""
    today = today or timezone.localdate()
    people = (
        Learner.objects.filter(
            id__in=learner_reporting_subtree_sql(manager_id=manager.pk)
        )
        .select_related("user", "department", "role")
        .annotate(**_FIGURES)
    )
    if filters.direct_only:
        people = people.filter(manager=manager)
    if filters.department_id:
        people = people.filter(department_id=filters.department_id)
    if filters.role_id:
        people = people.filter(role_id=filters.role_id)
    if filters.status == "overdue":
        people = people.filter(next_due__lt=today)
    elif filters.status == "completed":
        people = people.filter(Exists(_role_curriculum_completed()))
    elif filters.status:
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


@dataclass(frozen=True)
class TeamOverview:
    """What My team shows above the list: the totals and the filter choices."""

    totals: TeamTotals
    departments: list[tuple[int, str]]  # (id, name) present in the team, by name
    roles: list[tuple[int, str]]


def team_overview(*, manager: Learner, today: date | None = None) -> TeamOverview:
    """The team's totals against the organisation's current target, and the
    departments and roles present in it, in five queries whatever the team's
    size: one pass over the team grouped by department and role (the kept
    figures summed, and which pairs exist), the role curricula completed (as a
    join), the target, and the names of the departments and roles."""
    today = today or timezone.localdate()
    active = Q(status__in=ACTIVE_STATUSES)
    people = Learner.objects.filter(
        id__in=learner_reporting_subtree_sql(manager_id=manager.pk)
    )
    groups = list(
        people.order_by()
        .values("department_id", "role_id")
        .annotate(
            people=Count("pk"),
            active=Count("pk", filter=active),
            completed_any=Count("pk", filter=active & Q(figures__completed__gt=0)),
            overdue_people=Count(
                "pk", filter=active & Q(figures__next_due_date__lt=today)
            ),
        )
    )
    sums = {
        key: sum(group[key] for group in groups)
        for key in ("people", "active", "completed_any", "overdue_people")
    }
    # As a filter, not inside the sums: the database joins the completed
    # curricula once instead of probing them person by person.
    completed_curriculum = (
        people.filter(active, Exists(_role_curriculum_completed())).order_by().count()
    )
    target = (
        Target.objects.filter(
            department__isnull=True, start_date__lte=today, deadline__gte=today
        )
        .order_by("deadline")
        .first()
    )
    department_ids = {g["department_id"] for g in groups} - {None}
    role_ids = {g["role_id"] for g in groups} - {None}
    return TeamOverview(
        totals=TeamTotals(
            **sums, completed_curriculum=completed_curriculum, target=target
        ),
        departments=list(
            Department.objects.filter(pk__in=department_ids)
            .order_by("name", "pk")
            .values_list("pk", "name")
        ),
        roles=list(
            courses_api.Role.objects.filter(pk__in=role_ids)
            .order_by("name", "pk")
            .values_list("pk", "name")
        ),
    )


EXPORT_COLUMNS = [
    "Employee ID",
    "Name",
    "Email",
    "Department",
    "Job title",
    "Role",
    "Status",
    "Courses assigned",
    "Courses completed",
    "Courses overdue",
    "Role curriculum complete",
    "Last activity",
]
_STATUSES = LearnerStatus.choices
#: Columns that are CSV-safe as they are (counts, yes or no, a local time):
#: written without the neutralising and quoting tests, which would work out
#: their subqueries again for each test.
_PLAIN_COLUMNS = frozenset(
    {
        "Courses assigned",
        "Courses completed",
        "Courses overdue",
        "Role curriculum complete",
        "Last activity",
    }
)


def _export_columns(today: date) -> dict[str, Combinable]:
    """Each column of My team's download as an expression over ``team_queryset``:
    the values as the page shows them, worked out by the database."""
    # Whether each person completed their role's curriculum, as one set of ids:
    # not correlated with the row, so the database builds it once and hashes it,
    # where the page's per-row test would probe it 20,000 times.
    completers = CurriculumEnrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED,
        curriculum_id__in=courses_api.curriculum_ids_for_role(
            role_id=OuterRef("learner__role_id")
        ),
    ).values("learner_id")
    text = {"output_field": CharField()}
    return {
        "Employee ID": F("employee_id"),
        # Learner.full_name: the user's full name, else their email.
        "Name": Coalesce(
            NullIf(
                Trim(Concat("user__first_name", Value(" "), "user__last_name")),
                Value(""),
            ),
            F("user__email"),
            **text,
        ),
        "Email": F("user__email"),
        "Department": Coalesce("department__name", Value(""), **text),
        "Job title": F("job_title"),
        "Role": Coalesce("role__name", Value(""), **text),
        "Status": Case(
            *(When(status=value, then=Value(label)) for value, label in _STATUSES),
            default=F("status"),
            **text,
        ),
        "Courses assigned": F("assigned"),
        "Courses completed": F("completed"),
        "Courses overdue": _overdue_count(today),
        "Role curriculum complete": Case(
            When(pk__in=completers, then=Value("yes")), default=Value("no"), **text
        ),
        # Local time to the minute, as text ("2026-12-01 00:30"), or blank.
        "Last activity": Coalesce(
            Substr(
                Cast(
                    TruncMinute(
                        "last_activity", tzinfo=timezone.get_current_timezone()
                    ),
                    CharField(),
                ),
                1,
                16,
            ),
            Value(""),
            **text,
        ),
    }


def _export_rows(query: QuerySet, *expressions: Combinable) -> list[tuple]:
    """Plain rows from the cursor: thousands of rows need no per-value
    converters."""
    sql, params = query.values_list(*expressions).query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def team_export_lines(
    *, manager: Learner, filters: TeamFilters, today: date | None = None
) -> list[str]:
    """The manager's people as lines of My team's CSV download (under a header
    of ``EXPORT_COLUMNS``), filtered and sorted as the page is.

    The database writes each line (``core.sql_csv``: neutralised and quoted as
    the frame writer does), so the whole line of a large organisation's head
    (20,000 people) is one query and a join, not a Python value per cell."""
    today = today or timezone.localdate()
    query = team_queryset(manager=manager, filters=filters, today=today)
    columns = _export_columns(today)
    line = csv_line(
        *(Plain(columns[c]) if c in _PLAIN_COLUMNS else columns[c] for c in columns)
    )
    return [text for (text,) in _export_rows(query, line)]


def team_export_frame(
    *, manager: Learner, filters: TeamFilters, today: date | None = None
) -> pd.DataFrame:
    """The rows of ``team_export_lines`` as a frame (``EXPORT_COLUMNS``), counts
    as numbers: for the Excel download."""
    today = today or timezone.localdate()
    query = team_queryset(manager=manager, filters=filters, today=today)
    columns = _export_columns(today)
    return pd.DataFrame.from_records(
        _export_rows(query, *columns.values()), columns=list(columns)
    )
