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
) -> pd.DataFrame:
    """Return [learner_id, skill_id, answered, right, estimate] per pair with answers.

    ``answered`` and ``right`` count the learner's latest ``window`` answers to
    questions tagged with the skill, newest first by ``answered_at`` and then by
    ``response_id`` (answers of one attempt share their time). ``estimate`` is
    the Beta(1, 1) posterior mean (right + 1) / (answered + 2).
    """
    tags = (
        version_skills[[VERSION_ID, SKILL_ID]]
        .dropna()
        .astype("int64")
        .drop_duplicates()
        .sort_values([VERSION_ID, SKILL_ID])
    )
    tag_version = tags[VERSION_ID].to_numpy(dtype="int64")
    skill_ids = np.unique(tags[SKILL_ID].to_numpy(dtype="int64"))
    tag_skill = positions(skill_ids, tags[SKILL_ID].to_numpy(dtype="int64"))
    versions, first, per_version = np.unique(
        tag_version, return_index=True, return_counts=True
    )
    code = positions(versions, responses[VERSION_ID].to_numpy(dtype="int64"))
    tagged = code >= 0
    if not tagged.any():
        return _empty_evidence()
    code = code[tagged]
    learner = responses[LEARNER_ID].to_numpy(dtype="int64")[tagged]
    correct = responses[CORRECT].to_numpy(dtype=bool)[tagged]
    stamp = (
        responses[ANSWERED_AT].to_numpy(dtype="datetime64[ns]").view("int64")[tagged]
    )
    response = responses[RESPONSE_ID].to_numpy(dtype="int64")[tagged]
    # Newest answers first (lexsort sorts by its last key first); a stable sort
    # by (learner, skill) below keeps that order inside each pair.
    newest = np.lexsort((-response, -stamp))
    learner, code, correct = learner[newest], code[newest], correct[newest]
    # One entry per (answer, skill of its version), without a merge.
    fan = per_version[code]
    answer = np.repeat(np.arange(len(code)), fan)
    offset = np.arange(len(answer)) - np.repeat(np.cumsum(fan) - fan, fan)
    skill = tag_skill[first[code[answer]] + offset]
    pair = learner[answer] * len(skill_ids) + skill
    order = np.argsort(pair, kind="stable")
    pair, hit = pair[order], correct[answer][order]
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    sizes = np.diff(np.r_[starts, len(pair)])
    rank = np.arange(len(pair)) - np.repeat(starts, sizes)
    kept = rank < window
    group = np.repeat(np.arange(len(starts)), sizes)[kept]
    answered = np.bincount(group, minlength=len(starts)).astype("int64")
    right = np.bincount(
        group, weights=hit[kept].astype("int64"), minlength=len(starts)
    ).astype("int64")
    learner_of, skill_of = np.divmod(pair[starts], len(skill_ids))
    return pd.DataFrame(
        {
            LEARNER_ID: learner_of,
            SKILL_ID: skill_ids[skill_of],
            ANSWERED: answered,
            RIGHT: right,
            ESTIMATE: (right + PRIOR_RIGHT) / (answered + PRIOR_RIGHT + PRIOR_WRONG),
        }
    )


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
