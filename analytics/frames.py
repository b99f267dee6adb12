"""Load the analytics frames from the database: the one analytics module with Django.

Each table is read in one query as plain tuples (``values_list``), in chunks
through a server-side cursor where the database has them, and turned into a
DataFrame with the columns of ``analytics.compute.FRAME_COLUMNS``. No model
instance is created per row and nothing goes through ``pd.read_sql``. Other apps
are read through their ``api`` modules only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice

import numpy as np
import pandas as pd
from django.db import connections
from django.db.models import QuerySet

from analytics.compute import FRAME_COLUMNS, Frames
from analytics.metrics.columns import (
    ANSWERED_AT,
    BENCHMARK,
    BLOCKER_ID,
    CATEGORY,
    COMPLETED_AT,
    CORRECT,
    COURSE_ID,
    CURRICULUM_ID,
    DEPARTMENT_ID,
    HEADCOUNT,
    INITIATIVE_ID,
    LEARNER_ID,
    LEVEL,
    MANAGER_ID,
    NAME,
    OWNER,
    OWNER_ID,
    PARENT_ID,
    PERSON,
    REQUIRED,
    RESPONSE_ID,
    ROLE_ID,
    SKILL_ID,
    STAGE,
    STATUS,
    TARGET_ID,
    TARGET_PERCENT,
    TITLE,
    VERSION_ID,
    WEIGHT,
)
from courses import api as courses_api
from learners import api as learners_api

from .models import Initiative, InitiativeMember, InitiativeRole

#: Rows fetched per round trip for the large tables (learners, enrolments).
CHUNK_SIZE = 50_000

_IDS = "int64"
_OPTIONAL_IDS = "Int64"


def read_frame(
    rows: Iterable[tuple],
    columns: tuple[str, ...],
    *,
    dtypes: dict[str, str] | None = None,
    datetimes: tuple[str, ...] = (),
    epochs: tuple[str, ...] = (),
    chunk_size: int = CHUNK_SIZE,
) -> pd.DataFrame:
    """Build a DataFrame from an iterable of tuples, ``chunk_size`` rows at a time.

    A QuerySet is iterated with ``.iterator()``, so PostgreSQL streams it through
    a server-side cursor and never holds every row as Python objects at once.
    Each chunk is transposed into one numpy array per column (int64 columns
    straight from the ints, without an object array in between). ``epochs``
    columns hold seconds since 1970 (UTC) and ``datetimes`` columns datetime
    objects; both become naive UTC ``datetime64``, the form the metric functions
    compare in. ``dtypes`` are applied last.
    """
    dtypes = dtypes or {}
    parts: dict[str, list[np.ndarray]] = {name: [] for name in columns}
    for batch in _batches(rows, chunk_size):
        # One list per column; a comprehension is several times faster here
        # than transposing with zip(*batch).
        for i, name in enumerate(columns):
            values = [row[i] for row in batch]
            parts[name].append(_column(values, dtypes.get(name), name in epochs))
    data = {}
    for name in columns:
        chunks = parts[name] or [_column([], dtypes.get(name), name in epochs)]
        data[name] = chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
    frame = pd.DataFrame(data, columns=list(columns))
    for name in epochs:
        frame[name] = pd.to_datetime(frame[name], unit="s")
    for name in datetimes:
        frame[name] = pd.to_datetime(frame[name], utc=True).dt.tz_convert(None)
    rest = {name: dtype for name, dtype in dtypes.items() if name not in epochs}
    return frame.astype(rest)


def _batches(rows: Iterable[tuple], chunk_size: int) -> Iterator[list[tuple]]:
    """Lists of up to ``chunk_size`` rows.

    A ``values_list`` QuerySet whose columns need no conversion by Django (ids,
    text, numbers: what the large tables hold) is read straight from the
    database cursor, skipping Django's per-row iteration, which costs more than
    the query itself at 600,000 rows. ``chunked_cursor`` is a server-side cursor
    on PostgreSQL. Anything else goes through the QuerySet's own iterator.
    """
    if isinstance(rows, QuerySet) and (plain := _plain_sql(rows)) is not None:
        sql, params = plain
        with connections[rows.db].chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(chunk_size):
                yield batch
        return
    iterator: Iterator[tuple] = (
        rows.iterator(chunk_size=chunk_size)
        if isinstance(rows, QuerySet)
        else iter(rows)
    )
    while batch := list(islice(iterator, chunk_size)):
        yield batch


def _plain_sql(queryset: QuerySet) -> tuple[str, tuple] | None:
    """SQL and parameters of a ``values_list`` whose rows Django would pass through
    unchanged (no converters, columns in the requested order), else None."""
    query = queryset.query
    fields = list(getattr(queryset, "_fields", None) or ())
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if not fields or fields != names:
        return None
    compiler = query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    if compiler.get_converters([column[0] for column in compiler.select]):
        return None
    return sql, tuple(params)


def _column(values: list, dtype: str | None, epoch: bool) -> np.ndarray:
    """One column of a chunk as a numpy array."""
    if epoch:
        return np.array(values, dtype="float64")  # None becomes NaN, then NaT
    if dtype == _IDS:
        return np.fromiter(values, dtype="int64", count=len(values))
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _from_dicts(rows: list[dict], columns: tuple[str, ...], **kwargs) -> pd.DataFrame:
    """A frame from the row dicts of ``courses.api``, keeping only ``columns``."""
    return read_frame(
        ([row.get(column) for column in columns] for row in rows), columns, **kwargs
    )


def load_learners() -> pd.DataFrame:
    return read_frame(
        learners_api.learner_frame_rows(),
        FRAME_COLUMNS["learners"],
        dtypes={
            LEARNER_ID: _IDS,
            DEPARTMENT_ID: _OPTIONAL_IDS,
            ROLE_ID: _OPTIONAL_IDS,
            MANAGER_ID: _OPTIONAL_IDS,
            STATUS: "category",
        },
    )


def load_departments() -> pd.DataFrame:
    return read_frame(
        learners_api.department_frame_rows(),
        FRAME_COLUMNS["departments"],
        dtypes={DEPARTMENT_ID: _IDS, PARENT_ID: _OPTIONAL_IDS, NAME: object},
    )


def load_enrolments(*, today: date | None = None) -> pd.DataFrame:
    """Course enrolments; a completion whose certificate has expired by ``today``
    has the status "expired" (ADR 0023)."""
    return read_frame(
        learners_api.course_enrolment_frame_rows(today=today),
        FRAME_COLUMNS["enrolments"],
        dtypes={LEARNER_ID: _IDS, COURSE_ID: _IDS, STATUS: "category"},
        epochs=(COMPLETED_AT,),
    )


def load_targets() -> pd.DataFrame:
    frame = read_frame(
        learners_api.target_frame_rows(),
        FRAME_COLUMNS["targets"],
        dtypes={
            TARGET_ID: _IDS,
            NAME: object,
            DEPARTMENT_ID: _OPTIONAL_IDS,
            ROLE_ID: _OPTIONAL_IDS,
            TARGET_PERCENT: float,
        },
    )
    return frame


def load_roles() -> pd.DataFrame:
    return read_frame(
        courses_api.role_list().order_by().values_list("pk", "name"),
        FRAME_COLUMNS["roles"],
        dtypes={ROLE_ID: _IDS, NAME: object},
    )


def load_courses() -> pd.DataFrame:
    return _from_dicts(
        courses_api.course_rows(),
        FRAME_COLUMNS["courses"],
        dtypes={COURSE_ID: _IDS, TITLE: object},
    )


def load_skills() -> pd.DataFrame:
    return _from_dicts(
        courses_api.skill_rows(),
        FRAME_COLUMNS["skills"],
        dtypes={SKILL_ID: _IDS, NAME: object, CATEGORY: object},
    )


def load_blockers() -> pd.DataFrame:
    return _from_dicts(
        courses_api.blocker_rows(),
        FRAME_COLUMNS["blockers"],
        dtypes={BLOCKER_ID: _IDS, NAME: object, BENCHMARK: float},
    )


def blocker_sources() -> dict[int, dict]:
    """Each rollout blocker's row (with its benchmark's citation), by id."""
    return {row["blocker_id"]: row for row in courses_api.blocker_rows()}


def load_curriculum_courses() -> pd.DataFrame:
    return _from_dicts(
        courses_api.curriculum_course_rows(),
        FRAME_COLUMNS["curriculum_courses"],
        dtypes={ROLE_ID: _IDS, CURRICULUM_ID: _IDS, COURSE_ID: _IDS, REQUIRED: bool},
    )


def load_course_skills() -> pd.DataFrame:
    return _from_dicts(
        courses_api.course_skill_rows(),
        FRAME_COLUMNS["course_skills"],
        dtypes={COURSE_ID: _IDS, SKILL_ID: _IDS, LEVEL: _IDS},
    )


def load_skill_blockers() -> pd.DataFrame:
    return _from_dicts(
        courses_api.skill_blocker_rows(),
        FRAME_COLUMNS["skill_blockers"],
        dtypes={SKILL_ID: _IDS, BLOCKER_ID: _IDS, WEIGHT: float},
    )


def load_initiatives() -> pd.DataFrame:
    rows = Initiative.objects.order_by().values_list(
        "id",
        "name",
        "department_id",
        "stage",
        "owner_id",
        "owner__user__first_name",
        "owner__user__last_name",
    )
    frame = read_frame(
        rows,
        (*FRAME_COLUMNS["initiatives"][:-1], "first_name", "last_name"),
        dtypes={
            INITIATIVE_ID: _IDS,
            NAME: object,
            DEPARTMENT_ID: _OPTIONAL_IDS,
            STAGE: object,
            OWNER_ID: _OPTIONAL_IDS,
        },
    )
    frame[OWNER] = _full_names(frame["first_name"], frame["last_name"])
    return frame[list(FRAME_COLUMNS["initiatives"])]


def load_initiative_roles() -> pd.DataFrame:
    return read_frame(
        InitiativeRole.objects.order_by().values_list(
            "initiative_id", "role_id", "headcount"
        ),
        FRAME_COLUMNS["initiative_roles"],
        dtypes={INITIATIVE_ID: _IDS, ROLE_ID: _IDS, HEADCOUNT: _IDS},
    )


def load_initiative_members() -> pd.DataFrame:
    rows = InitiativeMember.objects.order_by().values_list(
        "initiative_id",
        "learner_id",
        "learner__user__first_name",
        "learner__user__last_name",
        "learner__employee_id",
    )
    frame = read_frame(
        rows,
        (INITIATIVE_ID, LEARNER_ID, "first_name", "last_name", "employee_id"),
        dtypes={INITIATIVE_ID: _IDS, LEARNER_ID: _IDS, "employee_id": object},
    )
    frame[PERSON] = _full_names(frame["first_name"], frame["last_name"])
    return frame[list(FRAME_COLUMNS["initiative_members"])]


def load_responses() -> pd.DataFrame:
    """Every scored knowledge-check answer: the evidence of demonstrated skill."""
    frame = read_frame(
        learners_api.quiz_answer_frame_rows(),
        FRAME_COLUMNS["responses"],
        dtypes={RESPONSE_ID: _IDS, LEARNER_ID: _IDS, VERSION_ID: _IDS},
        epochs=(ANSWERED_AT,),
    )
    return frame.astype({CORRECT: bool})


def load_version_skills() -> pd.DataFrame:
    return read_frame(
        courses_api.question_version_skill_rows(),
        FRAME_COLUMNS["version_skills"],
        dtypes={VERSION_ID: _IDS, SKILL_ID: _IDS},
    )


def _full_names(first: pd.Series, last: pd.Series) -> pd.Series:
    """'First Last' per row, vectorised; empty when both parts are missing."""
    joined = first.fillna("").astype(str) + " " + last.fillna("").astype(str)
    return joined.str.strip().astype(object)


#: Loader per frame, in the order ``load_frames`` reads them.
LOADERS: dict[str, Callable[..., pd.DataFrame]] = {
    "departments": load_departments,
    "roles": load_roles,
    "courses": load_courses,
    "skills": load_skills,
    "blockers": load_blockers,
    "curriculum_courses": load_curriculum_courses,
    "course_skills": load_course_skills,
    "skill_blockers": load_skill_blockers,
    "targets": load_targets,
    "initiatives": load_initiatives,
    "initiative_roles": load_initiative_roles,
    "initiative_members": load_initiative_members,
    "learners": load_learners,
    "enrolments": load_enrolments,
    "responses": load_responses,
    "version_skills": load_version_skills,
}


#: Frames only the demonstrated measure reads (ADR 0025).
ANSWER_FRAMES = ("responses", "version_skills")


def load_frames(*, today: date | None = None, answers: bool = True) -> Frames:
    """Every input frame of a snapshot as of ``today``: one query per table.

    ``answers=False`` leaves out the knowledge-check answers (the largest table)
    for a caller that measures completion only; nothing is then demonstrated.
    """
    loaded = {
        name: loader(today=today) if name == "enrolments" else loader()
        for name, loader in LOADERS.items()
        if answers or name not in ANSWER_FRAMES
    }
    return Frames(**loaded)


def load_enrolment_export() -> pd.DataFrame:
    """Every course enrolment with who, where and what: individual data.

    One query for the enrolments (with the learner's identity), plus the small
    department, role and course tables for their names. Columns: those of
    ``analytics.exports.LONG_HEADERS``.
    """
    columns = learners_api.COURSE_ENROLMENT_EXPORT_COLUMNS
    frame = read_frame(
        learners_api.course_enrolment_export_rows(),
        columns,
        dtypes={
            "learner_id": _IDS,
            "department_id": _OPTIONAL_IDS,
            "role_id": _OPTIONAL_IDS,
            "course_id": _IDS,
        },
        datetimes=("started_at", "completed_at", "last_activity_at"),
    )
    departments = load_departments().set_index(DEPARTMENT_ID)[NAME]
    roles = load_roles().set_index(ROLE_ID)[NAME]
    courses = load_courses().set_index(COURSE_ID)[TITLE]
    frame["learner"] = _full_names(frame["first_name"], frame["last_name"])
    frame["department"] = frame["department_id"].map(departments).astype(object)
    frame["role"] = frame["role_id"].map(roles).astype(object)
    # Enrolments in a course that is no longer published keep their id.
    titles = frame["course_id"].map(courses)
    frame["course"] = titles.where(
        titles.notna(), "Unpublished course #" + frame["course_id"].astype(str)
    ).astype(object)
    return frame
