"""Skill coverage: how many of the skills people's roles require have they attained.

A learner's *required* skills are the skills taught by the required courses of
their role's curriculum; their *attained* skills are the skills of any course they
completed. Coverage(group, skill) = attained / required, counted over the group's
active learners for whom the skill is required. An attained skill that the role
does not require never raises coverage. Course skill levels are not used: any
course teaching a skill attains it.

Only (group, skill) pairs with at least one required learner are returned, so
``coverage`` is always a real number in 0..1; a missing row means "nobody in this
group needs this skill", not 0%.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics._frames import (
    active_learners,
    all_department_ids,
    closure,
    completed_enrolments,
    positions,
    required_courses,
    unique_course_skills,
    with_role,
)
from analytics.metrics.columns import (
    ANCESTOR_ID,
    ATTAINED,
    COURSE_ID,
    COVERAGE,
    DEPARTMENT_ID,
    LEARNER_ID,
    MANAGER_ID,
    REQUIRED,
    ROLE_ID,
    SKILL_ID,
)

#: Columns of a coverage frame that are not group keys.
COVERAGE_VALUE_COLUMNS = (SKILL_ID, REQUIRED, ATTAINED, COVERAGE)

#: Skills packed per int64 bitmask; 62 keeps every mask positive.
_BITS = 62


@dataclass(frozen=True, eq=False)  # numpy fields: compare by identity
class SkillState:
    """Learner-level skill facts that coverage and recommendations build on.

    Built once by ``skill_state`` and shareable between metrics. Skills and roles
    are held as integer codes so that every aggregate is a ``bincount`` or a small
    matrix product rather than a merge over a million learner-skill rows.

    - ``people``: the active learners that have a role, one per row
      (``learner_id``, ``department_id`` Int64, ``role_id`` int64, ``manager_id``
      when present, plus requested columns). Learners without a role require
      nothing, so they never enter coverage.
    - ``skill_ids``: sorted ids of the skills some role requires; a skill code is
      a position in it.
    - ``role_ids``: sorted ids of the roles that require some skill.
    - ``requires``: bool matrix [len(role_ids) + 1, len(skill_ids)]; row r lists
      the skills role r requires. The extra last row (all False) stands for a role
      that requires nothing.
    - ``role_code``: for each ``people`` row, its row in ``requires``.
    - ``attained_row`` / ``attained_skill``: unique (people row, skill code)
      pairs the learner attained *and* their role requires. Attained skills that
      are not required are dropped here, so they can never raise coverage.
    """

    people: pd.DataFrame
    skill_ids: np.ndarray
    role_ids: np.ndarray
    requires: np.ndarray
    role_code: np.ndarray
    attained_row: np.ndarray
    attained_skill: np.ndarray


def skill_state(
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
    course_skills: pd.DataFrame,
    *,
    extra: tuple[str, ...] = (),
) -> SkillState:
    """Compute the ``SkillState`` of the active population.

    ``people`` keeps ``department_id``, ``role_id``, ``manager_id`` (when
    ``learners`` has it) and the ``extra`` learner columns, so that one state can
    serve ``skill_coverage`` by any of them.
    """
    keep = (*([MANAGER_ID] if MANAGER_ID in learners.columns else []), *extra)
    people = with_role(active_learners(learners, keep)).reset_index(drop=True)
    course_skill = unique_course_skills(course_skills)
    required = (
        required_courses(curriculum_courses)
        .merge(course_skill, on=COURSE_ID)[[ROLE_ID, SKILL_ID]]
        .drop_duplicates()
    )
    skill_ids = np.unique(required[SKILL_ID].to_numpy())
    role_ids = np.unique(required[ROLE_ID].to_numpy())
    requires = np.zeros((len(role_ids) + 1, len(skill_ids)), dtype=bool)
    requires[
        positions(role_ids, required[ROLE_ID]), positions(skill_ids, required[SKILL_ID])
    ] = True
    role_code = positions(role_ids, people[ROLE_ID])
    role_code[role_code < 0] = len(role_ids)

    # Which required skills each course teaches, as a dense (course, skill) matrix;
    # the extra last row stands for courses that teach no required skill.
    taught = course_skill.loc[course_skill[SKILL_ID].isin(skill_ids).to_numpy(bool)]
    course_ids = np.unique(taught[COURSE_ID].to_numpy())
    teaches = np.zeros((len(course_ids) + 1, len(skill_ids)), dtype=bool)
    teaches[
        positions(course_ids, taught[COURSE_ID]), positions(skill_ids, taught[SKILL_ID])
    ] = True

    # Duplicate completions are harmless here (attaining a skill twice is still
    # attaining it), so the de-duplicated view of the enrolments is not needed.
    done = completed_enrolments(enrolments, deduplicate=False)
    row = positions(people[LEARNER_ID], done[LEARNER_ID])
    mine = row >= 0  # completions of active learners that have a role
    row = row[mine]
    # -1 (a course teaching no required skill) indexes the all-False last row.
    course_code = positions(course_ids, done[COURSE_ID].to_numpy()[mine])
    attained_row, attained_skill = _attained_pairs(
        row, teaches, course_code, requires, role_code[row], len(people)
    )
    return SkillState(
        people=people,
        skill_ids=skill_ids,
        role_ids=role_ids,
        requires=requires,
        role_code=role_code,
        attained_row=attained_row,
        attained_skill=attained_skill,
    )


def _attained_pairs(
    row: np.ndarray,
    teaches: np.ndarray,
    course_code: np.ndarray,
    requires: np.ndarray,
    role_code: np.ndarray,
    n_people: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return unique (people row, skill code) pairs attained and required.

    One entry per completion: ``row`` (its learner), ``course_code`` (its row in
    ``teaches``) and ``role_code`` (its learner's row in ``requires``). Per pass
    of 62 skills, the course and role skill sets are packed into int64 bitmasks
    (small tables), each completion keeps ``taught & required``, and the masks are
    OR-ed per learner with ``bitwise_or.at``, which also removes duplicates. This
    replaces a merge fanning out to one row per completion and skill followed by
    a de-duplication, the slowest steps otherwise, and memory stays linear in the
    number of completions whatever the number of skills.
    """
    rows: list[np.ndarray] = []
    skills: list[np.ndarray] = []
    for start in range(0, teaches.shape[1], _BITS):
        width = min(_BITS, teaches.shape[1] - start)
        weights = np.left_shift(np.int64(1), np.arange(width, dtype="int64"))
        taught = teaches[:, start : start + width].astype("int64") @ weights
        required = requires[:, start : start + width].astype("int64") @ weights
        per_learner = np.zeros(n_people, dtype="int64")
        np.bitwise_or.at(per_learner, row, taught[course_code] & required[role_code])
        # Little-endian bytes so that bit j of the mask lands in column j.
        bits = np.unpackbits(
            per_learner.astype("<i8").view(np.uint8).reshape(-1, 8),
            axis=1,
            bitorder="little",
        )[:, :width]
        learner, skill = np.nonzero(bits)
        rows.append(learner)
        skills.append(skill + start)
    if not rows:
        return np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64")
    return np.concatenate(rows), np.concatenate(skills)


def group_skill_counts(state: SkillState, by: str | None) -> pd.DataFrame:
    """Return [by?, skill_id, required, attained] counts for own groups.

    ``by`` is a learner column (learners with no value in it are left out) or None
    for one organisation-wide group. Only pairs with required > 0 appear.
    """
    people = state.people
    n_skills = len(state.skill_ids)
    n_roles = state.requires.shape[0]
    if by is None:
        group = np.zeros(len(people), dtype="int64")
        group_ids = np.zeros(1, dtype="int64")
    else:
        # Sorted codes; a missing value gets -1 and is left out below.
        group, uniques = pd.factorize(people[by].astype("Int64"), sort=True)
        group_ids = np.asarray(uniques, dtype="int64")
    n_groups = len(group_ids)
    grouped = group >= 0

    # required[g, s] = sum over roles r of members[g, r] * requires[r, s]: count
    # learners per (group, role), then one small matrix product.
    members = np.bincount(
        group[grouped] * n_roles + state.role_code[grouped],
        minlength=n_groups * n_roles,
    ).reshape(n_groups, n_roles)
    required = members @ state.requires.astype("int64")

    rows = state.attained_row
    counted = grouped[rows]
    attained = np.bincount(
        group[rows][counted] * n_skills + state.attained_skill[counted],
        minlength=n_groups * n_skills,
    ).reshape(n_groups, n_skills)

    g, k = np.nonzero(required)
    keys = {} if by is None else {by: group_ids[g]}
    return pd.DataFrame(
        {
            **keys,
            SKILL_ID: state.skill_ids[k],
            REQUIRED: required[g, k].astype("int64"),
            ATTAINED: attained[g, k].astype("int64"),
        }
    )


def roll_up(
    counts: pd.DataFrame,
    department_paths: pd.DataFrame,
    keys: tuple[str, ...] = (SKILL_ID,),
) -> pd.DataFrame:
    """Add each department's counts to itself and every ancestor.

    ``counts`` has ``department_id``, the ``keys`` columns and additive count
    columns; the result has the same columns with ``department_id`` now meaning
    "this department and its subtree". Departments missing from the closure table
    are dropped.
    """
    values = [c for c in counts.columns if c not in (DEPARTMENT_ID, *keys)]
    rolled = closure(department_paths).merge(counts, on=DEPARTMENT_ID)
    rolled = rolled.groupby([ANCESTOR_ID, *keys], as_index=False)[values].sum()
    return rolled.rename(columns={ANCESTOR_ID: DEPARTMENT_ID})


def with_coverage(counts: pd.DataFrame) -> pd.DataFrame:
    """Append ``coverage`` and keep only pairs with something required."""
    counts = counts.loc[counts[REQUIRED].to_numpy() > 0]
    keys = [c for c in counts.columns if c not in COVERAGE_VALUE_COLUMNS]
    return counts.assign(
        **{COVERAGE: counts[ATTAINED].to_numpy() / counts[REQUIRED].to_numpy()}
    ).sort_values([*keys, SKILL_ID], ignore_index=True)


def skill_coverage(
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
    course_skills: pd.DataFrame,
    *,
    by: str | None = DEPARTMENT_ID,
    state: SkillState | None = None,
) -> pd.DataFrame:
    """Return skill coverage per group (own members only) or organisation-wide.

    ``by`` is a learner column such as ``department_id``, ``role_id`` or
    ``manager_id``; the result has columns [by, skill_id, required, attained,
    coverage], and learners with no value in ``by`` are left out. With ``by=None``
    the result is organisation-wide: [skill_id, required, attained, coverage].
    Use ``department_skill_coverage`` to roll departments up over their subtrees.

    ``required`` counts (learner, skill) pairs where the learner's role requires
    the skill; ``attained`` counts those pairs the learner has attained;
    ``coverage`` = attained / required (only rows with required > 0 exist).

    ``state`` may be the output of ``skill_state`` for the same frames, to share it
    between several metrics; ``enrolments``, ``curriculum_courses`` and
    ``course_skills`` are then not read. It must then hold the ``by`` column.
    """
    if state is None:
        extra = () if by is None else (by,)
        state = skill_state(
            learners, enrolments, curriculum_courses, course_skills, extra=extra
        )
    if by is not None and by not in state.people.columns:
        msg = f"skill state has no learner column {by!r}; build it with extra=({by!r},)"
        raise ValueError(msg)
    return with_coverage(group_skill_counts(state, by))


def department_skill_coverage(
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
    course_skills: pd.DataFrame,
    department_paths: pd.DataFrame,
    *,
    include_subtree: bool = True,
    state: SkillState | None = None,
) -> pd.DataFrame:
    """Return [department_id, skill_id, required, attained, coverage].

    With ``include_subtree`` (the default) a department's figures cover its whole
    subtree. Only departments of ``department_paths`` appear, and only where some
    skill is required (see the module docstring).

    ``state`` may be the output of ``skill_state`` for the same frames, to share it
    between several metrics; ``enrolments``, ``curriculum_courses`` and
    ``course_skills`` are then not read.
    """
    if state is None:
        state = skill_state(learners, enrolments, curriculum_courses, course_skills)
    return with_coverage(department_counts(state, department_paths, include_subtree))


def department_counts(
    state: SkillState, department_paths: pd.DataFrame, include_subtree: bool
) -> pd.DataFrame:
    """Return department [department_id, skill_id, required, attained] counts."""
    counts = group_skill_counts(state, DEPARTMENT_ID)
    if include_subtree:
        return roll_up(counts, department_paths)
    known = counts[DEPARTMENT_ID].isin(all_department_ids(department_paths))
    return counts.loc[known.to_numpy(bool)].reset_index(drop=True)
