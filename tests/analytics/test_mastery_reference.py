"""The evidence windows and the demonstrated state agree with a plain reading of
the rule (a merge, a sort and ``head(window)`` per pair; ``core.mastery`` per
pair) on random answers: pairs with more answers than the window, answers of one
attempt sharing their time, questions with two skills, untagged versions, and
learners outside the people whose skills are measured."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.metrics import skill_state
from analytics.metrics.columns import (
    ANSWERED,
    ANSWERED_AT,
    COMPLETED_AT,
    CORRECT,
    COURSE_ID,
    CURRICULUM_ID,
    DEPARTMENT_ID,
    ESTIMATE,
    LEARNER_ID,
    LEVEL,
    MANAGER_ID,
    REQUIRED,
    RESPONSE_ID,
    RIGHT,
    ROLE_ID,
    SKILL_ID,
    STATUS,
    VERSION_ID,
)
from analytics.metrics.mastery import (
    demonstrated_state,
    required_levels,
    skill_evidence,
)
from core import mastery

SKILLS = (3, 5, 8, 13)
ROLES = (1, 2)


def _answers(seed: int, *, spread: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random answers of 40 learners (ids ``spread`` apart) to 12 versions.

    Versions 1-4 ask about one skill, 5-8 about two, 9-12 about none. Attempts
    of 1-8 answers share their time; some learners answer far more than a
    window's worth per skill.
    """
    rng = np.random.default_rng(seed)
    tags = [(v, SKILLS[v % 4]) for v in range(1, 9)]
    tags += [(v, SKILLS[(v + 1) % 4]) for v in range(5, 9)]
    version_skills = pd.DataFrame(tags, columns=[VERSION_ID, SKILL_ID])
    attempts = 400
    sizes = rng.integers(1, 9, attempts)
    # A few busy learners give most attempts.
    learner = np.where(
        rng.random(attempts) < 0.5,
        rng.integers(0, 4, attempts),
        rng.integers(0, 40, attempts),
    )
    # Few distinct times, so that even different attempts share them.
    when = pd.Timestamp("2026-03-01") + pd.to_timedelta(
        rng.integers(0, 60, attempts), unit="h"
    )
    n = int(sizes.sum())
    responses = pd.DataFrame(
        {
            # Ids not in time order, so that the tie on time is really broken
            # by the response id.
            RESPONSE_ID: rng.permutation(np.arange(1, n + 1)) * 7,
            LEARNER_ID: 1 + np.repeat(learner, sizes) * spread,
            VERSION_ID: rng.integers(1, 13, n),
            CORRECT: rng.random(n) < 0.6,
            ANSWERED_AT: np.repeat(when, sizes),
        }
    )
    return responses, version_skills


def _reference_evidence(
    responses: pd.DataFrame, version_skills: pd.DataFrame, window: int
) -> pd.DataFrame:
    entries = responses.merge(version_skills.drop_duplicates(), on=VERSION_ID)
    entries = entries.sort_values(
        [LEARNER_ID, SKILL_ID, ANSWERED_AT, RESPONSE_ID],
        ascending=[True, True, False, False],
    )
    latest = entries.groupby([LEARNER_ID, SKILL_ID]).head(window)
    counted = latest.groupby([LEARNER_ID, SKILL_ID])[CORRECT].agg(["size", "sum"])
    pairs = entries[[LEARNER_ID, SKILL_ID]].drop_duplicates()
    table = pairs.join(counted, on=[LEARNER_ID, SKILL_ID]).fillna(0)
    table = table.sort_values([LEARNER_ID, SKILL_ID], ignore_index=True)
    answered = table["size"].astype("int64")
    right = table["sum"].astype("int64")
    return pd.DataFrame(
        {
            LEARNER_ID: table[LEARNER_ID].astype("int64"),
            SKILL_ID: table[SKILL_ID].astype("int64"),
            ANSWERED: answered,
            RIGHT: right,
            ESTIMATE: [
                mastery.estimate(int(r), int(a))
                for r, a in zip(right, answered, strict=True)
            ],
        }
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("window", [0, 1, 3, mastery.EVIDENCE_WINDOW])
# Dense ids are counted in place; ids far apart take the path through the
# codes of the distinct pairs.
@pytest.mark.parametrize("spread", [1, 10**9])
def test_evidence_matches_a_plain_sort_and_head_per_pair(seed, window, spread):
    responses, version_skills = _answers(seed, spread=spread)
    expected = _reference_evidence(responses, version_skills, window)
    assert (expected[ANSWERED] == window).any() or window == 0
    evidence = skill_evidence(responses, version_skills, window=window)
    pd.testing.assert_frame_equal(evidence, expected)


@pytest.mark.parametrize("seed", range(3))
def test_evidence_with_a_minimum_keeps_exactly_the_pairs_with_that_many(seed):
    responses, version_skills = _answers(seed, spread=1)
    every = skill_evidence(responses, version_skills)
    enough = skill_evidence(responses, version_skills, min_answered=mastery.MIN_ANSWERS)
    expected = every[every[ANSWERED] >= mastery.MIN_ANSWERS].reset_index(drop=True)
    pd.testing.assert_frame_equal(enough, expected)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("skills", [[5], [3, 13], [8, 99], []])
def test_evidence_of_some_skills_is_the_rows_of_those_skills(seed, skills):
    responses, version_skills = _answers(seed, spread=1)
    every = skill_evidence(responses, version_skills)
    some = skill_evidence(responses, version_skills, skills=np.array(skills))
    expected = every[every[SKILL_ID].isin(skills)].reset_index(drop=True)
    pd.testing.assert_frame_equal(some, expected, check_index_type=False)


def _organisation(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Learners 1..30 (the answers also come from 31..40, outside the people),
    some without a role or no longer active; role 1 requires skills 3 and 5,
    role 2 skills 5, 8 and 13, each at some level."""
    rng = np.random.default_rng(100 + seed)
    n = 30
    learners = pd.DataFrame(
        {
            LEARNER_ID: pd.array(np.arange(1, n + 1), dtype="int64"),
            DEPARTMENT_ID: pd.array(rng.integers(1, 4, n), dtype="Int64"),
            ROLE_ID: pd.array(
                [None if r == 0 else r for r in rng.integers(0, 3, n)], dtype="Int64"
            ),
            MANAGER_ID: pd.array([None] * n, dtype="Int64"),
            STATUS: rng.choice(["active", "on_leave", "left"], n, p=[0.7, 0.2, 0.1]),
        }
    )
    curriculum = pd.DataFrame(
        {
            ROLE_ID: [1, 1, 2, 2],
            CURRICULUM_ID: [1, 1, 2, 2],
            COURSE_ID: [10, 11, 11, 12],
            REQUIRED: True,
        }
    )
    course_skills = pd.DataFrame(
        {
            COURSE_ID: [10, 11, 12, 12],
            SKILL_ID: [3, 5, 8, 13],
            LEVEL: rng.integers(1, 4, 4),
        }
    )
    return learners, curriculum, course_skills


@pytest.mark.parametrize("seed", range(6))
def test_demonstrated_state_matches_the_scalar_rule_per_pair(seed):
    responses, version_skills = _answers(seed, spread=1)
    learners, curriculum, course_skills = _organisation(seed)
    enrolments = pd.DataFrame(
        {
            LEARNER_ID: pd.Series(dtype="int64"),
            COURSE_ID: pd.Series(dtype="int64"),
            STATUS: pd.Series(dtype=object),
            COMPLETED_AT: pd.Series(dtype="datetime64[ns]"),
        }
    )
    state = skill_state(learners, enrolments, curriculum, course_skills)
    levels = required_levels(curriculum, course_skills)
    shown = demonstrated_state(
        state,
        # As the snapshot asks for it.
        skill_evidence(
            responses,
            version_skills,
            min_answered=mastery.MIN_ANSWERS,
            skills=state.skill_ids,
        ),
        levels,
    )

    level_of = {
        (int(r), int(s)): int(lv)
        for r, s, lv in levels[[ROLE_ID, SKILL_ID, LEVEL]].itertuples(index=False)
    }
    role_of = dict(
        zip(
            state.people[LEARNER_ID].astype(int),
            state.people[ROLE_ID].astype(int),
            strict=True,
        )
    )
    reference = _reference_evidence(responses, version_skills, mastery.EVIDENCE_WINDOW)
    expected = {
        (learner, skill)
        for learner, skill, answered, right, _ in reference.itertuples(index=False)
        if learner in role_of
        and (role_of[learner], skill) in level_of
        and mastery.is_demonstrated(
            int(right), int(answered), level_of[(role_of[learner], skill)]
        )
    }
    people = state.people[LEARNER_ID].to_numpy()
    got = [
        (int(people[r]), int(state.skill_ids[s]))
        for r, s in zip(shown.attained_row, shown.attained_skill, strict=True)
    ]
    assert set(got) == expected
    assert expected  # the random organisation demonstrates something
    assert any(learner not in role_of for learner in reference[LEARNER_ID])
    # Sorted by (people row, skill), as the coverage functions expect.
    assert got == sorted(got, key=lambda p: (people.tolist().index(p[0]), p[1]))
