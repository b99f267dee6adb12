"""Demonstrated skill: the rule of ``core.mastery`` over whole frames (ADR 0025).

``skill_evidence`` keeps each learner's latest ``EVIDENCE_WINDOW`` answers per
skill (an answer counts for every skill of its question version) and counts
them; ``demonstrated`` applies the threshold of a required level to whole
columns, exactly as ``core.mastery.is_demonstrated`` does to one pair;
``demonstrated_state`` turns a completion ``SkillState`` into the demonstrated
one, so that coverage, readiness and recommendations are computed by the same
functions for either measure; ``disagreement_counts`` counts, per department
and skill, the people for whom the two measures differ.

Pure pandas and numpy: no Django, no loops over rows.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analytics.metrics._frames import positions, required_courses
from analytics.metrics.columns import (
    ANSWERED,
    ANSWERED_AT,
    COMPLETED_ONLY,
    CORRECT,
    COURSE_ID,
    DEMONSTRATED_ONLY,
    DEPARTMENT_ID,
    ESTIMATE,
    LEARNER_ID,
    LEVEL,
    REQUIRED,
    RESPONSE_ID,
    RIGHT,
    ROLE_ID,
    SKILL_ID,
    VERSION_ID,
)
from analytics.metrics.coverage import SkillState, roll_up
from core.mastery import (
    EVIDENCE_WINDOW,
    MIN_ANSWERS,
    PRIOR_RIGHT,
    PRIOR_WRONG,
    THRESHOLD_PERCENT,
)

#: Columns of ``skill_evidence``.
EVIDENCE_COLUMNS = (LEARNER_ID, SKILL_ID, ANSWERED, RIGHT, ESTIMATE)


def skill_evidence(
    responses: pd.DataFrame,
    version_skills: pd.DataFrame,
    *,
    window: int = EVIDENCE_WINDOW,
    min_answered: int = 0,
    skills: np.ndarray | pd.Series | None = None,
) -> pd.DataFrame:
    """Return [learner_id, skill_id, answered, right, estimate] per pair with answers.

    ``answered`` and ``right`` count the learner's latest ``window`` answers to
    questions tagged with the skill, newest first by ``answered_at`` and then by
    ``response_id`` (answers of one attempt share their time). ``estimate`` is
    the Beta(1, 1) posterior mean (right + 1) / (answered + 2). Rows are sorted
    by learner and skill. Pairs with fewer than ``min_answered`` answers in the
    window are left out: with ``MIN_ANSWERS`` only pairs that could be
    demonstrated remain, which most pairs (one or two answers) cannot. With
    ``skills``, only those skills are counted: tags of the others are ignored,
    and answers to versions with no other tag are not read.

    Most pairs have no more answers than the window, so all of theirs count:
    they are counted with ``bincount`` over small integer (learner, skill)
    codes, without a sort. Only the answers of pairs with more than ``window``
    are put in order, to keep the latest ``window`` of each.
    """
    tags = (
        version_skills[[VERSION_ID, SKILL_ID]]
        .dropna()
        .astype("int64")
        .drop_duplicates()
        .sort_values([VERSION_ID, SKILL_ID])
    )
    if skills is not None:
        wanted = tags[SKILL_ID].isin(np.asarray(skills, dtype="int64"))
        tags = tags.loc[wanted.to_numpy(dtype=bool)]
    skill_ids = np.unique(tags[SKILL_ID].to_numpy(dtype="int64"))
    versions, first, per_version = np.unique(
        tags[VERSION_ID].to_numpy(dtype="int64"),
        return_index=True,
        return_counts=True,
    )
    # slot[v, k]: the k-th skill code of version v, -1 past its last skill.
    n_slots = int(per_version.max(initial=0))
    slot = np.full((len(versions), n_slots), -1, dtype="int64")
    slot[
        np.repeat(np.arange(len(versions)), per_version),
        np.arange(len(tags)) - np.repeat(first, per_version),
    ] = positions(skill_ids, tags[SKILL_ID].to_numpy(dtype="int64"))

    code = positions(versions, responses[VERSION_ID].to_numpy(dtype="int64"))
    rows = np.flatnonzero(code >= 0)
    if not len(rows):
        return _empty_evidence()
    code = code[rows]
    learner = responses[LEARNER_ID].to_numpy(dtype="int64")[rows]
    # One entry per (answer, skill of its version), a slot at a time; ``source``
    # is the entry's answer (a position in ``rows``).
    sources = [np.arange(len(rows))]
    sources += [np.flatnonzero(slot[code, k] >= 0) for k in range(1, n_slots)]
    skill = np.concatenate([slot[code[of], k] for k, of in enumerate(sources)])
    source = np.concatenate(sources)
    hit = responses[CORRECT].to_numpy(dtype=bool)[rows][source]

    # (learner, skill) as small integers that sort as (learner_id, skill_id):
    # the learner's distance from the lowest id times the number of skills, plus
    # the skill, while that range stays small beside the entries (database ids
    # are dense); else the codes of the distinct pairs.
    n_skills = len(skill_ids)
    low = int(learner.min())
    span = (int(learner.max()) - low + 1) * n_skills
    if span <= max(8 * len(skill), 1 << 16):
        pair = (learner[source] - low) * n_skills + skill
        keys, size = None, span
    else:
        person, ids = pd.factorize(learner, sort=True)
        pair, keys = pd.factorize(person[source] * n_skills + skill, sort=True)
        size = len(keys)
    answered = np.bincount(pair, minlength=size)
    # Weighted (a float count, exact at these sizes): quicker than selecting
    # the right answers' pairs first.
    right = np.bincount(pair, weights=hit, minlength=size)
    # Without a minimum every pair with answers has a row, even when a window
    # below one keeps none of them.
    window = max(window, 0)
    present = None if min_answered > 0 else np.flatnonzero(answered)
    is_busy = answered > window
    busy = np.flatnonzero(is_busy)
    if len(busy):
        answered[busy], right[busy] = _window(
            responses, rows[source], pair, hit, is_busy, window
        )
    if present is None:
        present = np.flatnonzero(answered >= min_answered)
    if keys is None:
        learner_of, skill_of = np.divmod(present, n_skills)
        learner_of += low
    else:
        learner_of, skill_of = np.divmod(np.asarray(keys)[present], n_skills)
        learner_of = np.asarray(ids, dtype="int64")[learner_of]
    answered, right = answered[present], right[present].astype("int64")
    return pd.DataFrame(
        {
            LEARNER_ID: learner_of.astype("int64"),
            SKILL_ID: skill_ids[skill_of],
            ANSWERED: answered.astype("int64"),
            RIGHT: right,
            ESTIMATE: (right + PRIOR_RIGHT) / (answered + PRIOR_RIGHT + PRIOR_WRONG),
        }
    )


def _window(
    responses: pd.DataFrame,
    row: np.ndarray,
    pair: np.ndarray,
    hit: np.ndarray,
    is_busy: np.ndarray,
    window: int,
) -> tuple[np.ndarray, np.ndarray]:
    """(answered, right) of the latest ``window`` entries of each busy pair.

    ``row``, ``pair`` and ``hit`` describe every entry: its row in ``responses``,
    its pair code and whether it was right; ``is_busy`` says per pair code
    whether it has more entries than the window. Only the entries of busy pairs
    are sorted: by pair, newest first, then by response id, then by row (so even
    identical answers have one order). Returned in ascending pair code.
    """
    chosen = np.flatnonzero(is_busy[pair])
    row = row[chosen]
    # Only these rows are converted (the column may hold another time unit).
    stamp = (
        responses[ANSWERED_AT].iloc[row].to_numpy(dtype="datetime64[ns]").view("int64")
    )
    response = responses[RESPONSE_ID].iloc[row].to_numpy(dtype="int64")
    # lexsort sorts by its last key first.
    order = np.lexsort((row, -response, -stamp, pair[chosen]))
    group = pair[chosen][order]
    # One group per busy pair, in ascending pair code.
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(group)])
    rank = np.arange(len(group)) - np.repeat(starts, sizes)
    counted = (rank < window) & hit[chosen][order]
    right = np.add.reduceat(counted.astype("int64"), starts)
    return np.minimum(sizes, window), right


def _empty_evidence() -> pd.DataFrame:
    return pd.DataFrame(
        {
            LEARNER_ID: pd.Series(dtype="int64"),
            SKILL_ID: pd.Series(dtype="int64"),
            ANSWERED: pd.Series(dtype="int64"),
            RIGHT: pd.Series(dtype="int64"),
            ESTIMATE: pd.Series(dtype="float64"),
        }
    )


def demonstrated(
    right: np.ndarray | pd.Series,
    answered: np.ndarray | pd.Series,
    level: np.ndarray | pd.Series,
) -> np.ndarray:
    """Element-wise ``core.mastery.is_demonstrated`` (an integer comparison).

    A level outside 1..3 (such as 0, "not required") demonstrates nothing.
    """
    right = np.asarray(right, dtype="int64")
    answered = np.asarray(answered, dtype="int64")
    level = np.asarray(level, dtype="int64")
    percent = np.zeros(max(THRESHOLD_PERCENT) + 1, dtype="int64")
    for known, threshold in THRESHOLD_PERCENT.items():
        percent[known] = threshold
    valid = (level >= 1) & (level < len(percent))
    need = percent[np.where(valid, level, 0)]
    prior = PRIOR_RIGHT + PRIOR_WRONG
    enough = 100 * (right + PRIOR_RIGHT) >= need * (answered + prior)
    return valid & (answered >= MIN_ANSWERS) & enough


def required_levels(
    curriculum_courses: pd.DataFrame, course_skills: pd.DataFrame
) -> pd.DataFrame:
    """Return [role_id, skill_id, level]: the highest level a role's required
    courses teach each skill (``courses.api.role_skills`` says the same)."""
    taught = course_skills[[COURSE_ID, SKILL_ID, LEVEL]].dropna().astype("int64")
    levels = required_courses(curriculum_courses).merge(taught, on=COURSE_ID)
    return levels.groupby([ROLE_ID, SKILL_ID], as_index=False)[LEVEL].max()


def demonstrated_state(
    state: SkillState, evidence: pd.DataFrame, levels: pd.DataFrame
) -> SkillState:
    """The ``state`` with its attained pairs replaced by the demonstrated ones.

    A (learner, skill) pair is attained when the learner's role requires the
    skill and their evidence demonstrates it at the level the role requires
    (``levels`` from ``required_levels``). Evidence of skills the role does not
    require, and of learners outside ``state.people``, is dropped.
    """
    n_roles = state.requires.shape[0]
    level_of = np.zeros((n_roles, len(state.skill_ids)), dtype="int64")
    role_code = positions(state.role_ids, levels[ROLE_ID].to_numpy("int64"))
    skill_code = positions(state.skill_ids, levels[SKILL_ID].to_numpy("int64"))
    known = (role_code >= 0) & (skill_code >= 0)
    level_of[role_code[known], skill_code[known]] = levels[LEVEL].to_numpy("int64")[
        known
    ]
    level_of[~state.requires] = 0

    row = positions(state.people[LEARNER_ID], evidence[LEARNER_ID].to_numpy("int64"))
    skill = positions(state.skill_ids, evidence[SKILL_ID].to_numpy("int64"))
    placed = (row >= 0) & (skill >= 0)
    row, skill = row[placed], skill[placed]
    level = level_of[state.role_code[row], skill]
    shown = demonstrated(
        evidence[RIGHT].to_numpy("int64")[placed],
        evidence[ANSWERED].to_numpy("int64")[placed],
        level,
    )
    order = np.lexsort((skill[shown], row[shown]))
    return replace(
        state,
        attained_row=row[shown][order],
        attained_skill=skill[shown][order],
    )


def disagreement_counts(
    completed: SkillState,
    shown: SkillState,
    department_paths: pd.DataFrame,
) -> pd.DataFrame:
    """Return [department_id, skill_id, required, completed_only, demonstrated_only].

    ``completed`` and ``shown`` are the completion and demonstrated states of
    the same people (``demonstrated_state(completed, ...)``). Per department
    (subtree included) and required skill: ``required`` people whose role
    requires the skill, ``completed_only`` of them completed a course teaching it
    but have not demonstrated it, ``demonstrated_only`` the reverse. Only pairs
    with someone required appear.
    """
    n_skills = len(completed.skill_ids)
    done = completed.attained_row * n_skills + completed.attained_skill
    proved = shown.attained_row * n_skills + shown.attained_skill
    only_done = done[~np.isin(done, proved)]
    only_proved = proved[~np.isin(proved, done)]

    code, departments = pd.factorize(completed.people[DEPARTMENT_ID], sort=True)
    n_departments = len(departments)
    placed = code >= 0
    n_roles = completed.requires.shape[0]
    members = np.bincount(
        code[placed] * n_roles + completed.role_code[placed],
        minlength=n_departments * n_roles,
    ).reshape(n_departments, n_roles)
    required = members @ completed.requires.astype("int64")

    def per_department(pairs: np.ndarray) -> np.ndarray:
        rows, skills = np.divmod(pairs, n_skills)
        dept = code[rows]
        keep = dept >= 0
        return np.bincount(
            dept[keep] * n_skills + skills[keep], minlength=n_departments * n_skills
        ).reshape(n_departments, n_skills)

    only_completed = per_department(only_done)
    only_demonstrated = per_department(only_proved)
    d, k = np.nonzero(required)
    own = pd.DataFrame(
        {
            DEPARTMENT_ID: np.asarray(departments, dtype="int64")[d],
            SKILL_ID: completed.skill_ids[k],
            REQUIRED: required[d, k].astype("int64"),
            COMPLETED_ONLY: only_completed[d, k].astype("int64"),
            DEMONSTRATED_ONLY: only_demonstrated[d, k].astype("int64"),
        }
    )
    return roll_up(own, department_paths).sort_values(
        [DEPARTMENT_ID, SKILL_ID], ignore_index=True
    )
