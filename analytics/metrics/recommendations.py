"""Which course to assign next, per department, to close its weakest blocker."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.metrics._frames import (
    all_department_ids,
    closure,
    positions,
    unique_course_skills,
)
from analytics.metrics.columns import (
    ANCESTOR_ID,
    ATTAINED,
    BLOCKER_ID,
    COURSE_ID,
    CURRENT_READINESS,
    DEPARTMENT_ID,
    EXPECTED_READINESS,
    HAS_DATA,
    LEARNERS_TO_ASSIGN,
    READINESS,
    REQUIRED,
    REQUIRED_PAIRS,
    SKILL_ID,
    UPLIFT,
    WEIGHT,
)
from analytics.metrics.coverage import (
    SkillState,
    department_counts,
    skill_state,
    with_coverage,
)
from analytics.metrics.readiness import WEIGHT_SUM, blocker_skills, readiness_table

#: Skills per bitmask column; 62 keeps every mask a positive int64.
_BITS = 62
_GAIN = "_gain"
_RANK = "_rank"
_N = "_n"

RECOMMENDATION_COLUMNS = (
    DEPARTMENT_ID,
    BLOCKER_ID,
    COURSE_ID,
    CURRENT_READINESS,
    EXPECTED_READINESS,
    UPLIFT,
    LEARNERS_TO_ASSIGN,
)


def recommend_courses(
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
    course_skills: pd.DataFrame,
    skill_blockers: pd.DataFrame,
    blockers: pd.DataFrame,
    department_paths: pd.DataFrame,
    *,
    state: SkillState | None = None,
) -> pd.DataFrame:
    """Recommend one course per department to raise its weakest blocker.

    For each department (with its subtree):

    1. The weakest blocker is the one with the lowest readiness among blockers
       with data (ties: more required pairs first, then lower blocker id).
    2. For every course, the uplift is the rise in that blocker's readiness if
       every active learner of the subtree who is missing a required skill of the
       blocker that the course teaches completed it. Such a learner has
       necessarily not completed the course (completing it would have attained
       the skill). Per skill s: coverage rises by missing(s) / required(s), so
       uplift = sum(weight(s) * missing(s) / required(s)) / sum(weight) over the
       blocker's skills with required pairs, i.e. the same weights as readiness.
       Computed for all (department, course) pairs at once.
    3. The course with the largest uplift wins (ties: lower course id).

    Returns [department_id, blocker_id, course_id, current_readiness,
    expected_readiness, uplift, learners_to_assign], ordered by uplift
    (descending) then department. ``learners_to_assign`` counts the distinct
    learners of the subtree missing at least one of the weakest blocker's skills
    that the course teaches. Departments without data, or whose weakest blocker is
    already fully covered, have no row.

    ``state`` may be the output of ``skill_state`` for the same frames, to share it
    between several metrics; ``enrolments``, ``curriculum_courses`` and
    ``course_skills`` are then not read (``course_skills`` still is: it lists the
    candidate courses).
    """
    if state is None:
        state = skill_state(learners, enrolments, curriculum_courses, course_skills)
    mapping = blocker_skills(skill_blockers)
    course_skill = unique_course_skills(course_skills)
    coverage = with_coverage(department_counts(state, department_paths, True))
    table = readiness_table(
        coverage, mapping, blockers, groups=all_department_ids(department_paths)
    )
    weakest = (
        table.loc[table[HAS_DATA].to_numpy(dtype=bool)]
        .sort_values(
            [DEPARTMENT_ID, READINESS, REQUIRED_PAIRS, BLOCKER_ID],
            ascending=[True, True, False, True],
        )
        .drop_duplicates(DEPARTMENT_ID)[
            [DEPARTMENT_ID, BLOCKER_ID, READINESS, WEIGHT_SUM]
        ]
    )

    # Per (department, skill of its weakest blocker): the readiness gained if
    # every learner missing the skill attained it.
    skills = weakest.merge(mapping, on=BLOCKER_ID).merge(
        coverage, on=[DEPARTMENT_ID, SKILL_ID]
    )
    missing = skills[REQUIRED].to_numpy() - skills[ATTAINED].to_numpy()
    gain = (
        skills[WEIGHT].to_numpy()
        * missing
        / skills[REQUIRED].to_numpy()
        / skills[WEIGHT_SUM].to_numpy()
    )
    skills = skills.assign(**{_GAIN: gain}).loc[missing > 0]

    # A course's uplift adds up the gains of the skills it teaches.
    per_course = (
        skills[[DEPARTMENT_ID, SKILL_ID, _GAIN]]
        .merge(course_skill, on=SKILL_ID)
        .groupby([DEPARTMENT_ID, COURSE_ID], as_index=False)[_GAIN]
        .sum()
    )
    # Rank on a rounded copy so float noise cannot break a genuine tie.
    per_course[_RANK] = -np.round(per_course[_GAIN].to_numpy(), 12)
    best = per_course.sort_values([DEPARTMENT_ID, _RANK, COURSE_ID]).drop_duplicates(
        DEPARTMENT_ID
    )
    best = best.merge(weakest[[DEPARTMENT_ID, BLOCKER_ID, READINESS]], on=DEPARTMENT_ID)
    if best.empty:
        return _empty()

    counts = _learners_to_assign(state, best, mapping, course_skill, department_paths)
    counts = best[[DEPARTMENT_ID, COURSE_ID]].merge(
        counts, on=[DEPARTMENT_ID, COURSE_ID], how="left"
    )
    current = best[READINESS].to_numpy(dtype=float)
    uplift = best[_GAIN].to_numpy(dtype=float)
    result = pd.DataFrame(
        {
            DEPARTMENT_ID: best[DEPARTMENT_ID].to_numpy(dtype="int64"),
            BLOCKER_ID: best[BLOCKER_ID].to_numpy(dtype="int64"),
            COURSE_ID: best[COURSE_ID].to_numpy(dtype="int64"),
            CURRENT_READINESS: current,
            EXPECTED_READINESS: np.clip(current + uplift, 0.0, 1.0),
            UPLIFT: uplift,
            LEARNERS_TO_ASSIGN: counts[_N].fillna(0).to_numpy(dtype="int64"),
        }
    )
    return result.sort_values(
        [UPLIFT, DEPARTMENT_ID], ascending=[False, True], ignore_index=True
    )


def _learners_to_assign(
    state: SkillState,
    best: pd.DataFrame,
    mapping: pd.DataFrame,
    course_skill: pd.DataFrame,
    department_paths: pd.DataFrame,
) -> pd.DataFrame:
    """Count distinct learners per recommended (department, course) as ``_n``.

    A learner counts when they miss at least one *target* skill: one the course
    teaches that belongs to the department's weakest blocker. Distinct learners
    cannot be added up from per-skill counts, and a learner x ancestor x skill
    merge would be large, so each learner's missing target skills are packed into
    bitmasks. Learners are then counted per (own department, mask), a few hundred
    rows, which are rolled up the tree and tested with a bitwise AND.
    """
    targets = (
        best[[DEPARTMENT_ID, BLOCKER_ID, COURSE_ID]]
        .merge(course_skill, on=COURSE_ID)
        .merge(mapping[[SKILL_ID, BLOCKER_ID]], on=[SKILL_ID, BLOCKER_ID])
    )
    code = positions(state.skill_ids, targets[SKILL_ID])
    targets, code = targets.loc[code >= 0], code[code >= 0]  # required somewhere
    relevant = np.unique(code)
    n_masks = max(1, -(-len(relevant) // _BITS))
    mask_cols = [f"_mask{i}" for i in range(n_masks)]
    # Skill j of ``relevant`` is bit j % 62 of mask column j // 62.
    bit_value = np.left_shift(np.int64(1), np.arange(len(relevant)) % _BITS)
    bit_mask = np.arange(len(relevant)) // _BITS
    to_masks = np.zeros((len(relevant), n_masks), dtype="int64")
    to_masks[np.arange(len(relevant)), bit_mask] = bit_value

    # A role's mask is a sum of distinct powers of two, i.e. a matrix product
    # (exact in int64); a learner's mask is an OR over their attained pairs.
    role_masks = state.requires[:, relevant].astype("int64") @ to_masks
    # Skill code -> bit number, -1 for skills that are not targets (a lookup
    # table: skill codes are small and dense).
    bit_of = np.full(len(state.skill_ids), -1, dtype="int64")
    bit_of[relevant] = np.arange(len(relevant))
    bit = bit_of[state.attained_skill]
    have = np.zeros((n_masks, len(state.people)), dtype="int64")
    for i in range(n_masks):  # one pass per 62 skills, not per row
        chosen = (bit >= 0) & (bit_mask[bit] == i)
        np.bitwise_or.at(have[i], state.attained_row[chosen], bit_value[bit[chosen]])
    have = have.T
    # Attained pairs are a subset of required pairs, so the difference is the set
    # of required-but-unattained target skills.
    missing = role_masks[state.role_code] - have

    departments = state.people[DEPARTMENT_ID]
    # Learners missing no target skill can never count: leave them out early.
    placed = departments.notna().to_numpy(dtype=bool) & missing.any(axis=1)
    signatures = pd.DataFrame(missing[placed], columns=mask_cols)
    signatures[DEPARTMENT_ID] = departments.to_numpy(dtype="int64", na_value=0)[placed]
    signatures = signatures.groupby([DEPARTMENT_ID, *mask_cols], as_index=False).size()

    wanted = closure(department_paths)
    wanted = wanted.loc[wanted[ANCESTOR_ID].isin(best[DEPARTMENT_ID]).to_numpy(bool)]
    rolled = wanted.merge(signatures, on=DEPARTMENT_ID)
    target_masks = pd.DataFrame(to_masks[positions(relevant, code)], columns=mask_cols)
    target_masks[ANCESTOR_ID] = targets[DEPARTMENT_ID].to_numpy()
    target_masks[COURSE_ID] = targets[COURSE_ID].to_numpy()
    target_masks = target_masks.groupby([ANCESTOR_ID, COURSE_ID], as_index=False).sum()
    joined = rolled.merge(target_masks, on=ANCESTOR_ID, suffixes=("", "_target"))
    hit = np.zeros(len(joined), dtype=bool)
    for col in mask_cols:  # one pass per 62 skills, not per row
        learner_bits = joined[col].to_numpy(dtype="int64")
        target_bits = joined[f"{col}_target"].to_numpy(dtype="int64")
        hit |= np.bitwise_and(learner_bits, target_bits) != 0
    counted = (
        joined.loc[hit]
        .groupby([ANCESTOR_ID, COURSE_ID], as_index=False)["size"]
        .sum()
        .rename(columns={ANCESTOR_ID: DEPARTMENT_ID, "size": _N})
    )
    return counted


def _empty() -> pd.DataFrame:
    """Return an empty recommendations frame with the documented columns."""
    frame = pd.DataFrame(
        {col: pd.Series(dtype="int64") for col in RECOMMENDATION_COLUMNS}
    )
    return frame.astype(
        {CURRENT_READINESS: float, EXPECTED_READINESS: float, UPLIFT: float}
    )
