"""What other apps may use of ``learners``: people, teams and departments."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import connections
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from courses import api as courses_api

from .models import (
    ACTIVE_STATUSES,
    AttemptStatus,
    Certificate,
    CertificateKind,
    CertificateState,
    CourseEnrolment,
    Department,
    EnrolmentStatus,
    Learner,
    LessonRenewal,
    MaterialChange,
    MaterialChangeStatus,
    QuizResponse,
    Target,
)
from .selectors import (
    department_subtree_ids,
    learner_for_user,
    learner_is_in_subtree,
    learner_is_manager,
    learner_reporting_subtree,
    learner_reporting_subtree_ids,
    learner_reporting_subtree_sql,
    quiz_response_rows,
)
from .services.progress import (
    LessonEvent,
    LessonUnavailable,
    ProgressError,
    lesson_complete_by_content,
    lesson_view,
)

__all__ = [
    "LessonEvent",
    "LessonUnavailable",
    "ProgressError",
    "lesson_complete_by_content",
    "lesson_view",
    "department_subtree_ids",
    "learner_for_user",
    "learner_is_in_subtree",
    "learner_is_manager",
    "learner_reporting_subtree",
    "learner_reporting_subtree_ids",
    "learner_reporting_subtree_sql",
    "quiz_response_rows",
]


# --- Bulk reads for analytics ------------------------------------------------------
# Each returns a lazy ``values_list`` QuerySet of plain tuples: the caller reads it
# in one query (in chunks, through a server-side cursor where the database has
# them) and builds DataFrames without creating a model instance per row.


def learner_frame_rows():
    """(id, department_id, role_id, manager_id, status) of every learner."""
    return Learner.objects.order_by().values_list(
        "id", "department_id", "role_id", "manager_id", "status"
    )


def department_frame_rows():
    """(id, parent_id, name) of every department."""
    return Department.objects.order_by().values_list("id", "parent_id", "name")


class EpochSeconds(Func):
    """A timestamp as seconds since 1970-01-01 UTC (a float; NULL stays NULL).

    Reading hundreds of thousands of timestamps as numbers is several times
    faster than as timezone-aware ``datetime`` objects, and pandas turns numbers
    into datetimes in one vectorised step.
    """

    output_field = FloatField()

    @property
    def convert_value(self):
        # Both templates below already return a float (or NULL), so no per-row
        # conversion in Python is needed.
        return self._convert_value_noop

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL and others with EXTRACT(EPOCH ...).
        return super().as_sql(
            compiler,
            connection,
            template="CAST(EXTRACT(EPOCH FROM %(expressions)s) AS DOUBLE PRECISION)",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
            **extra,
        )


def course_enrolment_frame_rows(*, today: date | None = None):
    """(learner_id, course_id, status, completed_at) of every course enrolment;
    ``completed_at`` in seconds since the epoch (UTC), see ``EpochSeconds``.

    ``status`` is "expired" for a completion whose certificate (or the
    certificate of a curriculum requiring the course) has expired by ``today``
    (ADR 0023), and "suspended" for one whose renewal after a material change to
    one of its lessons is due and not made: either then counts for no target,
    readiness or initiative.
    """
    return (
        CourseEnrolment.objects.order_by()
        .annotate(
            # In the order of the columns, so the rows come straight from the
            # cursor (``analytics.frames._plain_sql``).
            frame_status=enrolment_status_expression(today=today),
            completed_epoch=EpochSeconds("completed_at"),
        )
        .values_list("learner_id", "course_id", "frame_status", "completed_epoch")
    )


def _lapses(*, today: date) -> tuple[Exists, Exists, Exists]:
    """What stops a completed course enrolment counting on ``today`` (ADR 0023),
    each an ``Exists`` on the enrolment's learner and course: its course
    certificate expired, the certificate of a curriculum listing the course
    expired, a renewal after a material change overdue."""
    course_expired = Certificate.objects.filter(
        learner_id=OuterRef("learner_id"),
        kind=CertificateKind.COURSE,
        course_id=OuterRef("course_id"),
        expires_on__lte=today,
        superseded_at__isnull=True,
    )
    curriculum_expired = Certificate.objects.filter(
        learner_id=OuterRef("learner_id"),
        kind=CertificateKind.CURRICULUM,
        expires_on__lte=today,
        superseded_at__isnull=True,
        curriculum_id__in=courses_api.curriculum_ids_with_course_query(
            course_id=OuterRef(OuterRef("course_id"))
        ),
    )
    renewal_overdue = LessonRenewal.objects.filter(
        learner_id=OuterRef("learner_id"),
        course_id=OuterRef("course_id"),
        renewed_at__isnull=True,
        due_on__lte=today,
        change__status=MaterialChangeStatus.APPLIED,
    )
    return Exists(course_expired), Exists(curriculum_expired), Exists(renewal_overdue)


def enrolment_status_expression(*, today: date | None = None) -> Case:
    """A course enrolment's status as analytics sees it on ``today``: its stored
    status, except "expired" once a certificate it stands on has expired."""
    course_expired, curriculum_expired, renewal_overdue = _lapses(
        today=today or timezone.localdate()
    )
    return Case(
        When(
            Q(status=EnrolmentStatus.COMPLETED) & (course_expired | curriculum_expired),
            then=Value(CertificateState.EXPIRED),
        ),
        When(
            Q(status=EnrolmentStatus.COMPLETED) & renewal_overdue,
            then=Value(CertificateState.SUSPENDED),
        ),
        default=F("status"),
        output_field=CharField(),
    )


#: Courses ``completed_course_sets`` tells apart: one bit each in a 63-bit sum.
COURSE_SET_MAX = 62


def completed_course_sets(
    *,
    learner_ids,
    course_id: int,
    course_ids: Iterable[int],
    today: date | None = None,
) -> list[tuple[int | None, frozenset[int], int]]:
    """How many of ``learner_ids`` (a flat id QuerySet, used as a subquery, or a
    list) completed ``course_id``, per role and per set of ``course_ids`` they
    completed: ``(role_id, completed courses, people)`` rows.

    Active people only, and completion as analytics counts it on ``today``
    (``enrolment_status_expression``: an expired or suspended completion is no
    completion). One aggregate query whatever the number of people: each
    person's completed courses are summed into a bit mask per person, and the
    people counted per (role, mask); only the distinct combinations come back.
    At most ``COURSE_SET_MAX`` courses (``ValueError`` beyond).
    """
    courses = sorted({int(course_id), *(int(c) for c in course_ids)})
    if len(courses) > COURSE_SET_MAX:
        msg = f"at most {COURSE_SET_MAX} courses, got {len(courses)}"
        raise ValueError(msg)
    bits = {course: 1 << position for position, course in enumerate(courses)}
    lapses = _lapses(today=today or timezone.localdate())
    per_person = (
        CourseEnrolment.objects.order_by()
        .filter(
            learner_id__in=learner_ids,
            learner__status__in=ACTIVE_STATUSES,
            course_id__in=courses,
            status=EnrolmentStatus.COMPLETED,
        )
        # In the WHERE clause the lapses are anti-joins, not a lookup per row.
        .exclude(lapses[0])
        .exclude(lapses[1])
        .exclude(lapses[2])
        .values("learner_id")
        .annotate(
            role=Max("learner__role_id"),
            mask=Sum(
                Case(
                    *(When(course_id=c, then=Value(bit)) for c, bit in bits.items()),
                    default=Value(0),
                    output_field=BigIntegerField(),
                )
            ),
            changed=Max(
                Case(
                    When(course_id=course_id, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            ),
        )
        .filter(changed=1)
        .values("role", "mask")
    )
    sql, params = per_person.query.sql_with_params()
    # The grouping of the per-person rows happens in the database too: only
    # the distinct (role, mask) pairs travel.
    query = (
        f"SELECT role, mask, COUNT(*) FROM ({sql}) per_person "  # noqa: S608
        "GROUP BY role, mask"
    )
    with connections[per_person.db].cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    return [
        (
            None if role is None else int(role),
            frozenset(c for c, bit in bits.items() if int(mask) & bit),
            int(people),
        )
        for role, mask, people in rows
    ]


def figures_changed_since(*, when: datetime) -> bool:
    """Whether anything the organisation's completion and skill figures rest on
    was written after ``when``: people (joiners, leavers, moves, role changes),
    course completions, certificates issued or superseded, renewals opened or
    closed, material changes undone, targets. A few ``EXISTS`` queries."""
    checks = (
        Learner.objects.filter(updated_at__gt=when),
        CourseEnrolment.objects.filter(completed_at__gt=when),
        Certificate.objects.filter(Q(created_at__gt=when) | Q(superseded_at__gt=when)),
        LessonRenewal.objects.filter(Q(created_at__gt=when) | Q(renewed_at__gt=when)),
        MaterialChange.objects.filter(undone_at__gt=when),
        Target.objects.filter(updated_at__gt=when),
    )
    return any(query.exists() for query in checks)


def quiz_answer_frame_rows():
    """(response id, learner_id, question version id, correct, answered at) of
    every answer of a submitted attempt; ``answered at`` is the attempt's
    submission time in seconds since the epoch (UTC), see ``EpochSeconds``.
    The evidence of demonstrated skill (ADR 0025)."""
    return (
        QuizResponse.objects.order_by()
        .filter(attempt__status=AttemptStatus.SUBMITTED)
        .annotate(
            learner=F("attempt__learner_id"),
            answered_epoch=EpochSeconds("attempt__submitted_at"),
        )
        .values_list(
            "id", "learner", "question_version_id", "correct", "answered_epoch"
        )
    )


def target_frame_rows():
    """(id, name, department_id, role_id, metric, target_percent, start_date,
    deadline) of every completion target."""
    return Target.objects.order_by("deadline", "pk").values_list(
        "id",
        "name",
        "department_id",
        "role_id",
        "metric",
        "target_percent",
        "start_date",
        "deadline",
    )


#: Columns of ``course_enrolment_export_rows``, in order.
COURSE_ENROLMENT_EXPORT_COLUMNS = (
    "learner_id",
    "employee_id",
    "first_name",
    "last_name",
    "learner_status",
    "department_id",
    "role_id",
    "course_id",
    "status",
    "source",
    "due_date",
    "started_at",
    "completed_at",
    "last_activity_at",
    "progress",
)


def course_enrolment_count() -> int:
    """How many course enrolments there are: the rows of the long export."""
    return CourseEnrolment.objects.count()


def course_enrolment_export_rows():
    """One tuple per course enrolment with the learner's identity (individual data:
    only for people who may see everyone's records). Columns:
    ``COURSE_ENROLMENT_EXPORT_COLUMNS``; ``status`` as analytics sees it today
    ("expired" and "suspended" included, ADR 0023)."""
    return (
        CourseEnrolment.objects.order_by("learner__employee_id", "course_id")
        .annotate(export_status=enrolment_status_expression())
        .values_list(
            "learner_id",
            "learner__employee_id",
            "learner__user__first_name",
            "learner__user__last_name",
            "learner__status",
            "learner__department_id",
            "learner__role_id",
            "course_id",
            "export_status",
            "source",
            "due_date",
            "started_at",
            "completed_at",
            "last_activity_at",
            "progress",
        )
    )


def active_learner_ids(
    *, department_ids: set[int], role_id: int | None = None, limit: int = 100
) -> list[int]:
    """Active learners placed in any of ``department_ids`` (optionally one role),
    by employee ID: a stable pick for demo teams and similar."""
    people = Learner.objects.filter(
        department_id__in=department_ids, status__in=ACTIVE_STATUSES
    )
    if role_id is not None:
        people = people.filter(role_id=role_id)
    return list(people.order_by("employee_id").values_list("pk", flat=True)[:limit])


def department_id_by_path(path: tuple[str, ...]) -> int | None:
    """The department at ``("Operations", "Claims")``, if it exists (one query)."""
    if not path:
        return None
    lookup = {"name__iexact": path[-1]}
    prefix = ""
    for name in reversed(path[:-1]):
        prefix += "parent__"
        lookup[f"{prefix}name__iexact"] = name
    lookup[f"{prefix}parent__isnull"] = True
    return Department.objects.filter(**lookup).values_list("pk", flat=True).first()


def learner_chooser_widget():
    """The admin's person chooser, for other apps' admin forms."""
    # Imported on use: the chooser belongs to the admin, loaded once apps are ready.
    from .choosers import learner_chooser_viewset

    return learner_chooser_viewset.widget_class


def department_chooser_widget():
    """The admin's department chooser, for other apps' admin forms."""
    from .choosers import department_chooser_viewset

    return department_chooser_viewset.widget_class


# --- Provisioning (identity providers pushing people and departments) ---------------
# Reads return plain records (``learners.data``); writes run the roster import's
# rules for one person at a time and record the audit trail. Callers wrap a write
# and the reads it depends on in ``transaction.atomic()``.

from .data import (  # noqa: E402
    Condition,
    Filter,
    GroupMember,
    GroupRecord,
    GroupValues,
    Logical,
    Negation,
    PersonRecord,
    PersonValues,
    ProvisioningError,
    Source,
)
from .provisioning.selectors import (  # noqa: E402
    GROUP_FILTER_FIELDS,
    PERSON_FILTER_FIELDS,
    UnsupportedFilter,
    group_record,
    group_records,
    person_record,
    person_records,
)
from .provisioning.services import (  # noqa: E402
    group_create,
    group_delete,
    group_replace,
    person_deprovision,
    person_provision,
    person_replace,
)

__all__ += [
    "GROUP_FILTER_FIELDS",
    "PERSON_FILTER_FIELDS",
    "Condition",
    "Filter",
    "GroupMember",
    "GroupRecord",
    "GroupValues",
    "Logical",
    "Negation",
    "PersonRecord",
    "PersonValues",
    "ProvisioningError",
    "Source",
    "UnsupportedFilter",
    "group_create",
    "group_delete",
    "group_record",
    "group_records",
    "group_replace",
    "person_deprovision",
    "person_provision",
    "person_record",
    "person_records",
    "person_replace",
]
