"""Every figure of one snapshot, computed from the loaded frames.

Pure pandas like ``analytics.metrics``: no Django, database, settings or files, and
no input frame is modified. ``analytics.frames`` builds the ``Frames`` from the
database, ``analytics.services`` stores the ``SnapshotResult``; the benchmark and
the tests call ``snapshot_compute`` directly on frames they build themselves.

The two expensive intermediates (who completed their curriculum, and which
required skills each learner has) are computed once and shared by every metric.
Names (departments, blockers, skills, courses, roles) are copied into the tables,
so a stored snapshot still reads correctly after something is renamed or removed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from analytics.metrics import (
    blocker_readiness,
    completion_history,
    department_completion,
    department_paths,
    department_skill_coverage,
    expired_completions,
    initiative_readiness,
    largest_gaps,
    learner_completion,
    recommend_courses,
    skill_coverage,
    skill_state,
    target_progress,
)
from analytics.metrics._frames import positions
from analytics.metrics.columns import (
    ACTIVE_STATUSES,
    ANCESTOR_ID,
    ANSWERED_AT,
    ANY_COMPLETED,
    ATTAINED,
    BELOW_BENCHMARK,
    BENCHMARK,
    BLOCKER_ID,
    CATEGORY,
    COMPLETED,
    COMPLETED_AT,
    COMPLETED_CUMULATIVE,
    COMPLETED_ONLY,
    CORRECT,
    COUNTED,
    COURSE_ID,
    COVERAGE,
    CURRENT_READINESS,
    CURRICULUM_COMPLETED,
    CURRICULUM_COMPLETED_AT,
    CURRICULUM_ID,
    DEADLINE,
    DEMONSTRATED_ONLY,
    DEPARTMENT_ID,
    DEPTH,
    EMPLOYEE_ID,
    EXPECTED_READINESS,
    FILLED,
    GAP,
    GAP_POINTS,
    HAS_BENCHMARK,
    HAS_DATA,
    HAS_ROLES,
    HEADCOUNT,
    INITIATIVE_ID,
    LEARNER_ID,
    LEARNERS_TO_ASSIGN,
    LEVEL,
    MANAGER_ID,
    MEMBERS,
    METRIC,
    NAME,
    OPEN_BLOCKER_COUNT,
    OPEN_BLOCKERS,
    OWN_POPULATION,
    OWNER,
    OWNER_ID,
    PARENT_ID,
    PATH,
    PEOPLE,
    PERCENT,
    PERSON,
    POPULATION,
    READINESS,
    REQUIRED,
    REQUIRED_PAIRS,
    RESPONSE_ID,
    ROLE_ID,
    SHORTFALL,
    SKILL_ID,
    STAGE,
    START_DATE,
    STATUS,
    TARGET_COUNT,
    TARGET_ID,
    TARGET_LINE,
    TARGET_PERCENT,
    TITLE,
    UPLIFT,
    VERSION_ID,
    WEEK_START,
    WEIGHT,
)
from analytics.metrics.coverage import SkillState
from analytics.metrics.mastery import (
    demonstrated_state,
    disagreement_counts,
    required_levels,
    skill_evidence,
)
from core.mastery import MIN_ANSWERS

__all__ = [
    "FRAME_COLUMNS",
    "TABLES",
    "Frames",
    "SnapshotResult",
    "frame_from_payload",
    "frame_to_payload",
    "snapshot_compute",
]

#: Default completion target when the organisation has no organisation-wide one.
DEFAULT_TARGET_PERCENT = 50.0
#: How many names a "what is missing" note lists before "and N more".
NAMES_LISTED = 12
#: Rows of the "largest gaps" table.
GAPS_LISTED = 10

#: Columns of each input frame, in order (see ``analytics.metrics.columns``).
FRAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "learners": (LEARNER_ID, DEPARTMENT_ID, ROLE_ID, MANAGER_ID, STATUS),
    "departments": (DEPARTMENT_ID, PARENT_ID, NAME),
    "roles": (ROLE_ID, NAME),
    "courses": (COURSE_ID, TITLE),
    "skills": (SKILL_ID, NAME, CATEGORY),
    "blockers": (BLOCKER_ID, NAME, BENCHMARK),
    "curriculum_courses": (ROLE_ID, CURRICULUM_ID, COURSE_ID, REQUIRED),
    "enrolments": (LEARNER_ID, COURSE_ID, STATUS, COMPLETED_AT),
    "course_skills": (COURSE_ID, SKILL_ID, LEVEL),
    "skill_blockers": (SKILL_ID, BLOCKER_ID, WEIGHT),
    "targets": (
        TARGET_ID,
        NAME,
        DEPARTMENT_ID,
        ROLE_ID,
        METRIC,
        TARGET_PERCENT,
        START_DATE,
        DEADLINE,
    ),
    "initiatives": (INITIATIVE_ID, NAME, DEPARTMENT_ID, STAGE, OWNER_ID, OWNER),
    "initiative_roles": (INITIATIVE_ID, ROLE_ID, HEADCOUNT),
    "initiative_members": (INITIATIVE_ID, LEARNER_ID, PERSON, EMPLOYEE_ID),
    "responses": (RESPONSE_ID, LEARNER_ID, VERSION_ID, CORRECT, ANSWERED_AT),
    "version_skills": (VERSION_ID, SKILL_ID),
}

#: The table on demonstrated skill (ADR 0025) beside each table on completion.
DEMONSTRATED_TABLES = {
    "readiness": "demonstrated_readiness",
    "organisation_readiness": "demonstrated_organisation_readiness",
    "gaps": "demonstrated_gaps",
    "skills": "demonstrated_skills",
    "department_skills": "demonstrated_department_skills",
    "recommendations": "demonstrated_recommendations",
    "initiatives": "demonstrated_initiatives",
    "initiative_roles": "demonstrated_initiative_roles",
}

#: Tables of a snapshot, in the order they are computed.
TABLES = (
    "targets",
    "target_burnup",
    "completion_history",
    "departments",
    "readiness",
    "organisation_readiness",
    "gaps",
    "skills",
    "department_skills",
    "recommendations",
    "initiatives",
    "initiative_roles",
    "initiative_members",
    *DEMONSTRATED_TABLES.values(),
    "disagreement",
)

Progress = Callable[[int, str], None]


def _no_rows(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


@dataclass(frozen=True)
class Frames:
    """The input frames of a snapshot; columns as in ``FRAME_COLUMNS``."""

    learners: pd.DataFrame
    departments: pd.DataFrame
    roles: pd.DataFrame
    courses: pd.DataFrame
    skills: pd.DataFrame
    blockers: pd.DataFrame
    curriculum_courses: pd.DataFrame
    enrolments: pd.DataFrame
    course_skills: pd.DataFrame
    skill_blockers: pd.DataFrame
    targets: pd.DataFrame
    initiatives: pd.DataFrame
    initiative_roles: pd.DataFrame
    initiative_members: pd.DataFrame
    #: Knowledge-check answers and question tags, the evidence of demonstrated
    #: skill; without them nothing is demonstrated.
    responses: pd.DataFrame = field(
        default_factory=lambda: _no_rows(FRAME_COLUMNS["responses"])
    )
    version_skills: pd.DataFrame = field(
        default_factory=lambda: _no_rows(FRAME_COLUMNS["version_skills"])
    )

    @classmethod
    def empty(cls, **frames: pd.DataFrame) -> Frames:
        """Frames with no rows, except those given (handy for tests)."""
        filled = {
            name: frames.get(name, pd.DataFrame(columns=list(columns)))
            for name, columns in FRAME_COLUMNS.items()
        }
        return cls(**filled)


@dataclass(frozen=True)
class SnapshotResult:
    """What a snapshot stores: a small summary and the tables behind each page."""

    summary: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(repr=False)

    def payload(self) -> dict[str, dict]:
        """The tables as JSON-ready ``{"columns": [...], "data": [[...]]}``."""
        return {name: frame_to_payload(frame) for name, frame in self.tables.items()}


def snapshot_compute(
    frames: Frames,
    *,
    today: date,
    progress: Progress | None = None,
) -> SnapshotResult:
    """Compute every figure of a snapshot as of ``today``.

    ``progress(percent, step)`` is called between the steps so a long run can be
    followed; it must not raise.
    """
    report = progress or _no_progress
    learners = frames.learners
    report(5, "Working out who has completed their curriculum")
    completion = learner_completion(
        learners, frames.enrolments, frames.curriculum_courses
    )
    paths = department_paths(frames.departments)
    names = _Names.build(frames, paths)
    report(20, "Measuring the completion targets")
    org = _organisation(learners, completion, frames.enrolments)
    targets, burnup, notes = _targets(frames, completion, paths, names, today)
    default_percent = _default_target_percent(frames.targets)
    report(30, "Measuring completion per department")
    departments = _departments(frames, completion, paths, names, default_percent)
    report(45, "Matching attained skills to required skills")
    state = skill_state(
        learners, frames.enrolments, frames.curriculum_courses, frames.course_skills
    )
    report(60, "Measuring skill coverage and blocker readiness")
    context = _SkillContext(
        frames=frames,
        paths=paths,
        department_ids=pd.Series(
            np.unique(paths[DEPARTMENT_ID].to_numpy(dtype="int64")), dtype="int64"
        ),
        people=_people_per_blocker(
            state, frames.skill_blockers, frames.blockers, paths
        ),
        completion=completion,
        departments=departments,
        names=names,
    )
    measured = _skill_tables(context, state)
    report(80, "Measuring demonstrated skill from knowledge-check answers")
    shown = demonstrated_state(
        state,
        # Only evidence that could count: pairs with at least MIN_ANSWERS
        # answers, of skills some role requires (demonstrated_state drops the
        # rest).
        skill_evidence(
            frames.responses,
            frames.version_skills,
            min_answered=MIN_ANSWERS,
            skills=state.skill_ids,
        ),
        required_levels(frames.curriculum_courses, frames.course_skills),
    )
    measured |= {
        DEMONSTRATED_TABLES[name]: table
        for name, table in _skill_tables(context, shown).items()
    }
    measured["disagreement"] = _disagreement(state, shown, paths, names)
    report(92, "Putting the tables together")
    tables = {
        "targets": targets,
        "target_burnup": burnup,
        "completion_history": completion_history(learners, completion, today=today),
        "departments": departments,
        "initiative_members": _initiative_members(frames, completion, names),
        **measured,
    }
    tables = {name: tables[name] for name in TABLES}
    summary = {
        "as_of": today.isoformat(),
        **org,
        "target_percent": default_percent,
        "counts": {
            "departments": len(frames.departments),
            "roles": len(frames.roles),
            "courses": len(frames.courses),
            "skills": len(frames.skills),
            "required_skills": len(state.skill_ids),
            "blockers": len(frames.blockers),
            "targets": len(frames.targets),
            "initiatives": len(frames.initiatives),
        },
        "missing": _missing(frames, state, departments, names, notes),
    }
    report(95, "Saving the snapshot")
    return SnapshotResult(summary=summary, tables=tables)


def _no_progress(percent: int, step: str) -> None:
    """Progress sink used when nobody follows the run."""


@dataclass(frozen=True)
class _SkillContext:
    """What the skill tables need besides the skill state, shared by both
    measures (completed and demonstrated)."""

    frames: Frames
    paths: pd.DataFrame
    department_ids: pd.Series
    #: People behind each readiness figure: whose role requires a blocker's
    #: skills. The same for both measures, so both hide the same cells.
    people: _BlockerPeople
    completion: pd.DataFrame
    departments: pd.DataFrame
    names: _Names


def _skill_tables(context: _SkillContext, state: SkillState) -> dict[str, pd.DataFrame]:
    """Coverage, readiness, gaps, recommendations and initiative readiness on
    the skills ``state`` counts as attained."""
    frames, paths, names = context.frames, context.paths, context.names
    learners = frames.learners
    dept_coverage = department_skill_coverage(
        learners,
        frames.enrolments,
        frames.curriculum_courses,
        frames.course_skills,
        paths,
        state=state,
    )
    org_coverage = skill_coverage(
        learners,
        frames.enrolments,
        frames.curriculum_courses,
        frames.course_skills,
        by=None,
        state=state,
    )
    readiness = blocker_readiness(
        dept_coverage,
        frames.skill_blockers,
        frames.blockers,
        groups=context.department_ids,
    )
    org_readiness = blocker_readiness(
        org_coverage, frames.skill_blockers, frames.blockers
    )
    recommendations = recommend_courses(
        learners,
        frames.enrolments,
        frames.curriculum_courses,
        frames.course_skills,
        frames.skill_blockers,
        frames.blockers,
        paths,
        state=state,
    )
    initiatives = initiative_readiness(
        frames.initiatives,
        frames.initiative_roles,
        frames.initiative_members,
        learners,
        frames.enrolments,
        frames.curriculum_courses,
        readiness,
        organisation_readiness=org_readiness,
        completion=context.completion,
    )
    readiness_table = _readiness(readiness, context.people.department, names)
    return {
        "readiness": readiness_table,
        "organisation_readiness": _org_readiness(
            org_readiness, context.people.organisation, names
        ),
        "gaps": _gaps(readiness_table),
        "skills": _skills(org_coverage, frames, names),
        "department_skills": _department_skills(dept_coverage, names),
        "recommendations": _recommendations(
            recommendations, context.departments, names
        ),
        "initiatives": _initiatives(initiatives.summary, frames, learners, names),
        "initiative_roles": _initiative_roles(initiatives.roles_status, names),
    }


# --- names -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    """Id -> display name maps for every entity a table mentions."""

    department: pd.Series
    department_path: pd.Series
    department_depth: pd.Series
    department_parent: pd.Series
    blocker: pd.Series
    skill: pd.Series
    course: pd.Series
    role: pd.Series

    @classmethod
    def build(cls, frames: Frames, paths: pd.DataFrame) -> _Names:
        departments = frames.departments.drop_duplicates(DEPARTMENT_ID)
        dept_ids = departments[DEPARTMENT_ID].to_numpy(dtype="int64")
        dept_names = pd.Series(
            departments[NAME].astype(str).to_numpy(), index=dept_ids, dtype=object
        )
        # "Technology › Data and Analytics": ancestors from the root down.
        chain = paths.assign(
            **{NAME: paths[ANCESTOR_ID].map(dept_names).to_numpy(dtype=object)}
        ).sort_values([DEPARTMENT_ID, DEPTH], ascending=[True, False])
        labels = chain.groupby(DEPARTMENT_ID, sort=True)[NAME].agg(" › ".join)
        depth = paths.groupby(DEPARTMENT_ID)[DEPTH].max()
        parents = pd.Series(
            departments[PARENT_ID].astype("Int64").to_numpy(), index=dept_ids
        )
        return cls(
            department=dept_names,
            department_path=labels.astype(object),
            department_depth=depth,
            department_parent=parents,
            blocker=_name_map(frames.blockers, BLOCKER_ID, NAME),
            skill=_name_map(frames.skills, SKILL_ID, NAME),
            course=_name_map(frames.courses, COURSE_ID, TITLE),
            role=_name_map(frames.roles, ROLE_ID, NAME),
        )


def _name_map(frame: pd.DataFrame, key: str, label: str) -> pd.Series:
    unique = frame.drop_duplicates(key)
    return pd.Series(
        unique[label].astype(str).to_numpy(dtype=object),
        index=unique[key].to_numpy(dtype="int64"),
        dtype=object,
    )


def _label(ids: pd.Series, names: pd.Series, unknown: str) -> np.ndarray:
    """Names for ``ids``; ``unknown`` (with the id) where the name is missing.

    A positional lookup (``get_indexer`` and a take) rather than ``map``: the
    tables are small but there are many of them, and this is most of their cost.
    """
    values = ids.astype("Int64")
    missing = values.isna().to_numpy(bool)
    raw = values.to_numpy(dtype="int64", na_value=0)
    codes = pd.Index(names.index).get_indexer(raw)
    labels = np.append(names.to_numpy(dtype=object), "")[codes]
    labels[missing] = ""
    for position in np.flatnonzero((codes < 0) & ~missing):  # rare: a stale id
        labels[position] = f"{unknown} #{raw[position]}"
    return labels


# --- organisation and targets ---------------------------------------------------


def _active_ids(learners: pd.DataFrame) -> np.ndarray:
    """Ids of the active population, each once (in no particular order).

    pandas' hash-based ``unique`` rather than ``np.unique``: no sort is needed,
    and numpy's version slowed down more than linearly on large id ranges.
    """
    active = learners.loc[learners[STATUS].isin(ACTIVE_STATUSES).to_numpy(bool)]
    return active[LEARNER_ID].astype("int64").unique()


def _organisation(
    learners: pd.DataFrame, completion: pd.DataFrame, enrolments: pd.DataFrame
) -> dict:
    active = _active_ids(learners)
    in_scope = completion[LEARNER_ID].isin(active).to_numpy(bool)
    completed = int(completion.loc[in_scope, CURRICULUM_COMPLETED].sum())
    any_completed = int(completion.loc[in_scope, ANY_COMPLETED].sum())
    population = len(active)
    expired = expired_completions(enrolments, active)
    return {
        # Completions whose certificate has expired, a state of their own.
        "expired_completions": expired.completions,
        "expired_people": expired.people,
        "population": population,
        "completed": completed,
        "percent": _share(completed, population),
        "any_completed": any_completed,
        "any_percent": _share(any_completed, population),
        "learners_total": int(learners[LEARNER_ID].nunique()),
    }


def _share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 4) if whole else 0.0


def _default_target_percent(targets: pd.DataFrame) -> float:
    """The percent of the first organisation-wide target (by deadline), else 50."""
    whole = targets.loc[targets[DEPARTMENT_ID].isna() & targets[ROLE_ID].isna()]
    if whole.empty:
        return DEFAULT_TARGET_PERCENT
    first = whole.sort_values([DEADLINE, TARGET_ID]).iloc[0]
    return float(first[TARGET_PERCENT])


TARGET_COLUMNS = (
    TARGET_ID,
    NAME,
    "scope",
    DEPARTMENT_ID,
    ROLE_ID,
    METRIC,
    POPULATION,
    COMPLETED,
    PERCENT,
    TARGET_PERCENT,
    TARGET_COUNT,
    STATUS,
    "pace_per_week",
    "forecast_date",
    "needed_per_week",
    START_DATE,
    DEADLINE,
)
BURNUP_COLUMNS = (TARGET_ID, WEEK_START, COMPLETED_CUMULATIVE, TARGET_LINE)


def _targets(
    frames: Frames,
    completion: pd.DataFrame,
    paths: pd.DataFrame,
    names: _Names,
    today: date,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    rows: list[dict] = []
    curves: list[pd.DataFrame] = []
    notes: list[str] = []
    ordered = frames.targets.sort_values([DEADLINE, TARGET_ID])
    # A handful of targets: one metric call each (each is vectorised inside).
    for target in ordered.itertuples(index=False):
        record = target._asdict()
        department = _optional_int(record[DEPARTMENT_ID])
        role = _optional_int(record[ROLE_ID])
        try:
            measured = target_progress(
                frames.learners,
                frames.enrolments,
                frames.curriculum_courses,
                paths,
                scope_department_id=department,
                role_id=role,
                metric=record[METRIC],
                target_percent=float(record[TARGET_PERCENT]),
                start_date=pd.Timestamp(record[START_DATE]).date(),
                deadline=pd.Timestamp(record[DEADLINE]).date(),
                today=today,
                completion=completion,
            )
        except ValueError as exc:
            notes.append(f"Target “{record[NAME]}” could not be measured: {exc}.")
            continue
        scope = (
            "Whole organisation"
            if department is None
            else names.department_path.get(department, f"Department #{department}")
        )
        if role is not None:
            scope = f"{scope}, {names.role.get(role, f'Role #{role}')}"
        rows.append(
            {
                TARGET_ID: int(record[TARGET_ID]),
                NAME: str(record[NAME]),
                "scope": scope,
                DEPARTMENT_ID: department,
                ROLE_ID: role,
                METRIC: record[METRIC],
                POPULATION: measured.population,
                COMPLETED: measured.completed,
                PERCENT: measured.percent,
                TARGET_PERCENT: measured.target_percent,
                TARGET_COUNT: measured.target_count,
                STATUS: measured.status,
                "pace_per_week": measured.pace_per_week,
                "forecast_date": _iso(measured.forecast_date),
                "needed_per_week": measured.needed_per_week,
                START_DATE: _iso(pd.Timestamp(record[START_DATE]).date()),
                DEADLINE: _iso(pd.Timestamp(record[DEADLINE]).date()),
            }
        )
        curve = measured.burnup.assign(**{TARGET_ID: int(record[TARGET_ID])})
        curves.append(curve[list(BURNUP_COLUMNS)])
    table = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    burnup = (
        pd.concat(curves, ignore_index=True)
        if curves
        else pd.DataFrame(columns=list(BURNUP_COLUMNS))
    )
    return table, burnup, notes


def _optional_int(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return int(value)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- departments -----------------------------------------------------------------


def _departments(
    frames: Frames,
    completion: pd.DataFrame,
    paths: pd.DataFrame,
    names: _Names,
    target_percent: float,
) -> pd.DataFrame:
    table = department_completion(
        frames.learners,
        frames.enrolments,
        frames.curriculum_courses,
        paths,
        target_percent=target_percent,
        completion=completion,
    )
    learners = frames.learners
    active = learners.loc[learners[STATUS].isin(ACTIVE_STATUSES).to_numpy(bool)]
    own = active[DEPARTMENT_ID].value_counts()
    ids = table[DEPARTMENT_ID]
    return table.assign(
        **{
            NAME: _label(ids, names.department, "Department"),
            PATH: _label(ids, names.department_path, "Department"),
            DEPTH: ids.map(names.department_depth).fillna(0).astype("int64"),
            PARENT_ID: ids.map(names.department_parent).astype("Int64"),
            OWN_POPULATION: ids.map(own).fillna(0).astype("int64"),
        }
    )[
        [
            DEPARTMENT_ID,
            NAME,
            PATH,
            DEPTH,
            PARENT_ID,
            OWN_POPULATION,
            POPULATION,
            COMPLETED,
            PERCENT,
            TARGET_COUNT,
            SHORTFALL,
            GAP_POINTS,
        ]
    ]


# --- readiness -------------------------------------------------------------------


@dataclass(frozen=True)
class _BlockerPeople:
    department: pd.DataFrame  # department_id, blocker_id, people
    organisation: pd.DataFrame  # blocker_id, people


def _people_per_blocker(
    state: SkillState,
    skill_blockers: pd.DataFrame,
    blockers: pd.DataFrame,
    paths: pd.DataFrame,
) -> _BlockerPeople:
    """Count the people behind each readiness figure.

    A readiness figure rests on the active learners whose role requires at least
    one skill of the blocker. That count decides whether the figure is shown to
    someone who may not see individuals. One small matrix product gives, per role,
    the blockers it touches; learners are then counted per (department, blocker)
    and rolled up the tree like every other department figure.
    """
    blocker_ids = np.unique(blockers[BLOCKER_ID].to_numpy(dtype="int64"))
    mapping = skill_blockers[[SKILL_ID, BLOCKER_ID, WEIGHT]].dropna()
    mapping = mapping.loc[mapping[WEIGHT].astype(float).to_numpy() > 0]
    skill_code = positions(state.skill_ids, mapping[SKILL_ID].to_numpy("int64"))
    blocker_code = positions(blocker_ids, mapping[BLOCKER_ID].to_numpy("int64"))
    keep = (skill_code >= 0) & (blocker_code >= 0)
    link = np.zeros((len(state.skill_ids), len(blocker_ids)), dtype="int64")
    link[skill_code[keep], blocker_code[keep]] = 1
    touches = (state.requires.astype("int64") @ link) > 0  # (roles + 1, blockers)
    needs = touches[state.role_code]  # (people, blockers)

    organisation = pd.DataFrame(
        {BLOCKER_ID: blocker_ids, PEOPLE: needs.sum(axis=0).astype("int64")}
    )
    # Per (own department, blocker): one bincount per blocker over codes.
    code, departments = pd.factorize(state.people[DEPARTMENT_ID], sort=True)
    placed = code >= 0
    own = pd.DataFrame(
        {
            blocker: np.bincount(
                code[placed], weights=needs[placed, i], minlength=len(departments)
            ).astype("int64")
            for i, blocker in enumerate(blocker_ids)
        },
        index=pd.Index(np.asarray(departments, dtype="int64"), name=DEPARTMENT_ID),
    )
    closure = paths[[DEPARTMENT_ID, ANCESTOR_ID]].astype("int64")
    rolled = closure.merge(own, left_on=DEPARTMENT_ID, right_index=True)
    rolled = rolled.drop(columns=DEPARTMENT_ID).groupby(ANCESTOR_ID).sum()
    department = (
        rolled.rename_axis(index=DEPARTMENT_ID)
        .reset_index()
        .melt(id_vars=DEPARTMENT_ID, var_name=BLOCKER_ID, value_name=PEOPLE)
    )
    return _BlockerPeople(
        department=department.astype(
            {DEPARTMENT_ID: "int64", BLOCKER_ID: "int64", PEOPLE: "int64"}
        ),
        organisation=organisation,
    )


READINESS_VALUES = (
    READINESS,
    GAP,
    BENCHMARK,
    HAS_BENCHMARK,
    BELOW_BENCHMARK,
    REQUIRED_PAIRS,
    HAS_DATA,
    PEOPLE,
)


def _readiness(
    readiness: pd.DataFrame, people: pd.DataFrame, names: _Names
) -> pd.DataFrame:
    table = readiness.merge(people, on=[DEPARTMENT_ID, BLOCKER_ID], how="left")
    table[PEOPLE] = table[PEOPLE].fillna(0).astype("int64")
    table["department"] = _label(table[DEPARTMENT_ID], names.department_path, "Dept")
    table["blocker"] = _label(table[BLOCKER_ID], names.blocker, "Blocker")
    return table[
        [DEPARTMENT_ID, "department", BLOCKER_ID, "blocker", *READINESS_VALUES]
    ]


def _org_readiness(
    readiness: pd.DataFrame, people: pd.DataFrame, names: _Names
) -> pd.DataFrame:
    table = readiness.merge(people, on=BLOCKER_ID, how="left")
    table[PEOPLE] = table[PEOPLE].fillna(0).astype("int64")
    table["blocker"] = _label(table[BLOCKER_ID], names.blocker, "Blocker")
    return table[[BLOCKER_ID, "blocker", *READINESS_VALUES]]


def _gaps(readiness: pd.DataFrame) -> pd.DataFrame:
    # ``largest_gaps`` ranks on every "*_id" column but the blocker's.
    return largest_gaps(readiness, n=GAPS_LISTED)


# --- skills ------------------------------------------------------------------------


def _skills(coverage: pd.DataFrame, frames: Frames, names: _Names) -> pd.DataFrame:
    mapping = frames.skill_blockers.dropna(subset=[SKILL_ID, BLOCKER_ID])
    mapping = mapping.assign(
        blocker=_label(mapping[BLOCKER_ID], names.blocker, "Blocker")
    )
    blockers = mapping.groupby(SKILL_ID)["blocker"].agg(
        lambda labels: ", ".join(sorted(set(labels)))
    )
    categories = frames.skills.drop_duplicates(SKILL_ID).set_index(SKILL_ID)[CATEGORY]
    table = coverage.assign(
        skill=_label(coverage[SKILL_ID], names.skill, "Skill"),
        **{
            CATEGORY: coverage[SKILL_ID].map(categories).fillna("").astype(object),
            "blockers": coverage[SKILL_ID].map(blockers).fillna("").astype(object),
        },
    )
    table = table[
        [SKILL_ID, "skill", CATEGORY, "blockers", REQUIRED, ATTAINED, COVERAGE]
    ]
    return table.sort_values([COVERAGE, SKILL_ID], ignore_index=True)


def _department_skills(coverage: pd.DataFrame, names: _Names) -> pd.DataFrame:
    table = coverage.assign(
        department=_label(coverage[DEPARTMENT_ID], names.department_path, "Dept"),
        skill=_label(coverage[SKILL_ID], names.skill, "Skill"),
    )
    return table[
        [DEPARTMENT_ID, "department", SKILL_ID, "skill", REQUIRED, ATTAINED, COVERAGE]
    ]


DISAGREEMENT_COLUMNS = (
    DEPARTMENT_ID,
    "department",
    SKILL_ID,
    "skill",
    REQUIRED,
    COMPLETED_ONLY,
    DEMONSTRATED_ONLY,
)


def _disagreement(
    completed: SkillState, shown: SkillState, paths: pd.DataFrame, names: _Names
) -> pd.DataFrame:
    """Per department (subtree) and required skill: people who completed a course
    teaching it but have not demonstrated it, and the reverse. ``required``, the
    people behind both counts, is that of the department's coverage figure."""
    table = disagreement_counts(completed, shown, paths)
    table = table.assign(
        department=_label(table[DEPARTMENT_ID], names.department_path, "Dept"),
        skill=_label(table[SKILL_ID], names.skill, "Skill"),
    )
    return table[list(DISAGREEMENT_COLUMNS)]


def _recommendations(
    recommendations: pd.DataFrame, departments: pd.DataFrame, names: _Names
) -> pd.DataFrame:
    population = departments.set_index(DEPARTMENT_ID)[POPULATION]
    table = recommendations.assign(
        department=_label(recommendations[DEPARTMENT_ID], names.department_path, "D"),
        **{
            POPULATION: recommendations[DEPARTMENT_ID]
            .map(population)
            .fillna(0)
            .astype("int64")
        },
        blocker=_label(recommendations[BLOCKER_ID], names.blocker, "Blocker"),
        course=_label(recommendations[COURSE_ID], names.course, "Course"),
    )
    return table[
        [
            DEPARTMENT_ID,
            "department",
            POPULATION,
            BLOCKER_ID,
            "blocker",
            COURSE_ID,
            "course",
            CURRENT_READINESS,
            EXPECTED_READINESS,
            UPLIFT,
            LEARNERS_TO_ASSIGN,
        ]
    ]


# --- initiatives -------------------------------------------------------------------


def _team_sizes(frames: Frames, learners: pd.DataFrame) -> pd.Series:
    """Active named members per initiative (leavers are not on any team)."""
    members = frames.initiative_members[[INITIATIVE_ID, LEARNER_ID]].dropna()
    members = members.astype("int64").drop_duplicates()
    active = members[LEARNER_ID].isin(_active_ids(learners)).to_numpy(bool)
    return members.loc[active].groupby(INITIATIVE_ID).size()


def _initiatives(
    summary: pd.DataFrame, frames: Frames, learners: pd.DataFrame, names: _Names
) -> pd.DataFrame:
    owners = frames.initiatives.drop_duplicates(INITIATIVE_ID).set_index(INITIATIVE_ID)[
        OWNER
    ]
    team = _team_sizes(frames, learners)
    blocker_names = names.blocker
    open_names = [
        [blocker_names.get(int(b), f"Blocker #{b}") for b in ids]
        for ids in summary[OPEN_BLOCKERS]
    ]
    table = summary.assign(
        department=_label(summary[DEPARTMENT_ID], names.department_path, "Dept"),
        **{
            OWNER: summary[INITIATIVE_ID].map(owners).fillna("").astype(object),
            MEMBERS: summary[INITIATIVE_ID].map(team).fillna(0).astype("int64"),
            OPEN_BLOCKERS: pd.Series(open_names, index=summary.index, dtype=object),
        },
    )
    return table[
        [
            INITIATIVE_ID,
            NAME,
            DEPARTMENT_ID,
            "department",
            STAGE,
            OWNER,
            MEMBERS,
            HEADCOUNT,
            FILLED,
            READINESS,
            HAS_ROLES,
            OPEN_BLOCKERS,
            OPEN_BLOCKER_COUNT,
        ]
    ]


def _initiative_roles(roles: pd.DataFrame, names: _Names) -> pd.DataFrame:
    table = roles.assign(role=_label(roles[ROLE_ID], names.role, "Role"))
    return table[
        [INITIATIVE_ID, ROLE_ID, "role", HEADCOUNT, MEMBERS, FILLED, COUNTED, READINESS]
    ]


MEMBER_COLUMNS = (
    INITIATIVE_ID,
    LEARNER_ID,
    PERSON,
    EMPLOYEE_ID,
    ROLE_ID,
    "role",
    STATUS,
    CURRICULUM_COMPLETED,
    CURRICULUM_COMPLETED_AT,
)


def _initiative_members(
    frames: Frames, completion: pd.DataFrame, names: _Names
) -> pd.DataFrame:
    """Each named member with their role and curriculum state (individual data)."""
    members = frames.initiative_members.dropna(subset=[INITIATIVE_ID, LEARNER_ID])
    members = members.drop_duplicates([INITIATIVE_ID, LEARNER_ID])
    # A few hundred members out of many thousand learners: narrow first.
    named = frames.learners[LEARNER_ID].isin(members[LEARNER_ID]).to_numpy(bool)
    people = frames.learners.loc[named, [LEARNER_ID, ROLE_ID, STATUS]]
    people = people.drop_duplicates(LEARNER_ID)
    completion = completion.loc[
        completion[LEARNER_ID].isin(members[LEARNER_ID]).to_numpy(bool)
    ]
    table = members.astype({INITIATIVE_ID: "int64", LEARNER_ID: "int64"}).merge(
        people.astype({LEARNER_ID: "int64"}), on=LEARNER_ID, how="left"
    )
    table = table.merge(
        completion[[LEARNER_ID, CURRICULUM_COMPLETED, CURRICULUM_COMPLETED_AT]],
        on=LEARNER_ID,
        how="left",
    )
    table[CURRICULUM_COMPLETED] = (
        table[CURRICULUM_COMPLETED].astype("boolean").fillna(False).astype(bool)
    )
    table["role"] = _label(table[ROLE_ID], names.role, "Role")
    table[ROLE_ID] = table[ROLE_ID].astype("Int64")
    return table.sort_values([INITIATIVE_ID, PERSON], ignore_index=True)[
        list(MEMBER_COLUMNS)
    ]


# --- what is missing -------------------------------------------------------------


def _listed(values: list[str]) -> dict:
    """Up to ``NAMES_LISTED`` names and how many there are in all."""
    ordered = sorted(values)
    return {"count": len(ordered), "names": ordered[:NAMES_LISTED]}


def _missing(
    frames: Frames,
    state: SkillState,
    departments: pd.DataFrame,
    names: _Names,
    notes: list[str],
) -> dict:
    """Facts the dashboards explain when a figure is empty or looks odd."""
    learners = frames.learners
    active = learners.loc[learners[STATUS].isin(ACTIVE_STATUSES).to_numpy(bool)]
    active = active.drop_duplicates(LEARNER_ID)
    role_ids = set(frames.roles[ROLE_ID].dropna().astype("int64"))
    curricula = frames.curriculum_courses
    with_curriculum = set(curricula[ROLE_ID].dropna().astype("int64"))
    required = curricula.loc[
        curricula[REQUIRED].astype("boolean").fillna(False).to_numpy(bool)
    ]
    with_required = set(required[ROLE_ID].dropna().astype("int64"))
    taught = set(frames.course_skills[COURSE_ID].dropna().astype("int64"))
    mapped = set(frames.skill_blockers[SKILL_ID].dropna().astype("int64"))
    blocked = set(frames.skill_blockers[BLOCKER_ID].dropna().astype("int64"))
    empty_departments = departments.loc[
        departments[POPULATION].to_numpy() == 0, PATH
    ].tolist()

    def role_names(ids) -> list[str]:
        return [names.role.get(i, f"Role #{i}") for i in ids]

    return {
        "learners_without_role": int(active[ROLE_ID].isna().sum()),
        "learners_without_department": int(active[DEPARTMENT_ID].isna().sum()),
        "departments_without_learners": _listed(empty_departments),
        "roles_without_curriculum": _listed(role_names(role_ids - with_curriculum)),
        "roles_without_required_courses": _listed(
            role_names(with_curriculum - with_required)
        ),
        "courses_without_skills": _listed(
            [
                str(title)
                for course_id, title in zip(
                    frames.courses[COURSE_ID], frames.courses[TITLE], strict=True
                )
                if int(course_id) not in taught
            ]
        ),
        "skills_without_blockers": _listed(
            [
                str(name)
                for skill_id, name in zip(
                    frames.skills[SKILL_ID], frames.skills[NAME], strict=True
                )
                if int(skill_id) not in mapped
            ]
        ),
        "blockers_without_skills": _listed(
            [
                str(name)
                for blocker_id, name in zip(
                    frames.blockers[BLOCKER_ID], frames.blockers[NAME], strict=True
                )
                if int(blocker_id) not in blocked
            ]
        ),
        "required_skills": len(state.skill_ids),
        "notes": notes,
    }


# --- storage -------------------------------------------------------------------------


def frame_to_payload(frame: pd.DataFrame) -> dict:
    """A frame as ``{"columns": [...], "data": [[...], ...]}`` of JSON values.

    Missing values become null (never NaN, which JSON cannot hold), numpy numbers
    plain numbers, timestamps ISO 8601 strings.
    """
    text = frame.to_json(orient="split", index=False, date_format="iso", date_unit="s")
    payload = json.loads(text)
    return {"columns": payload["columns"], "data": payload["data"]}


def frame_from_payload(
    payload: dict | None, columns: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Rebuild a stored table; ``columns`` name the frame when nothing was stored."""
    if not payload:
        return pd.DataFrame(columns=list(columns))
    return pd.DataFrame(payload.get("data") or [], columns=payload["columns"])
