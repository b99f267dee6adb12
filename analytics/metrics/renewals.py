"""What suspending some people's completion of one course takes from the
organisation's figures (ADR 0023), from a few counts rather than every frame.

When a material change's renewals are not made, the affected people's
completion of the course is suspended. Only they can lose anything, and only
two things: their curriculum (when the course is one of their role's required
courses and they had completed all of them) and a required skill (when the
course teaches it and no other course they completed does). Both follow from
which of a handful of courses each of them has completed, so the database only
has to count people per (role, set of those courses completed):
``RenewalRule.courses`` names the courses, ``renewal_losses`` turns the counts
into what is lost. The rules are those of ``learner_completion`` and
``skill_state``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analytics.metrics._frames import required_courses, unique_course_skills
from analytics.metrics.columns import COURSE_ID, ROLE_ID, SKILL_ID

#: Column of ``RenewalLosses.skills``: (learner, skill) pairs no longer attained.
LOST = "lost"

#: (role id or None, the courses completed, how many people)
CourseSet = tuple[int | None, frozenset[int], int]


@dataclass(frozen=True)
class RenewalRule:
    """The content facts the losses depend on, for one course."""

    course_id: int
    #: Each role's required courses.
    required: dict[int, frozenset[int]]
    #: Each role's required skills (taught by its required courses).
    role_skills: dict[int, frozenset[int]]
    #: For each required skill the course teaches, every course teaching it.
    teachers: dict[int, frozenset[int]]
    #: Every skill some role requires (``SkillState.skill_ids``).
    required_skill_ids: frozenset[int]

    @property
    def courses(self) -> frozenset[int]:
        """The courses whose completion decides the losses: the course, the
        other required courses of the roles requiring it, and the other courses
        teaching the required skills it teaches."""
        roles = [c for c in self.required.values() if self.course_id in c]
        return frozenset({self.course_id}).union(*roles, *self.teachers.values())


def renewal_rule(
    curriculum_courses: pd.DataFrame, course_skills: pd.DataFrame, *, course_id: int
) -> RenewalRule:
    """Build the ``RenewalRule`` of ``course_id`` from the content frames."""
    pairs = required_courses(curriculum_courses)
    taught = unique_course_skills(course_skills)
    role_skill = pairs.merge(taught, on=COURSE_ID)[[ROLE_ID, SKILL_ID]]
    required_skill_ids = frozenset(int(s) for s in role_skill[SKILL_ID].unique())
    mine = taught.loc[taught[COURSE_ID].to_numpy() == course_id, SKILL_ID]
    mine = [int(s) for s in mine if int(s) in required_skill_ids]
    teaching = taught.loc[taught[SKILL_ID].isin(mine).to_numpy(bool)]
    return RenewalRule(
        course_id=int(course_id),
        required=_sets(pairs, ROLE_ID, COURSE_ID),
        role_skills=_sets(role_skill, ROLE_ID, SKILL_ID),
        teachers=_sets(teaching, SKILL_ID, COURSE_ID),
        required_skill_ids=required_skill_ids,
    )


def _sets(frame: pd.DataFrame, key: str, value: str) -> dict[int, frozenset[int]]:
    grouped = frame.groupby(key)[value].agg(lambda values: frozenset(map(int, values)))
    return {int(k): v for k, v in grouped.items()}


@dataclass(frozen=True)
class RenewalLosses:
    #: People who would no longer have completed their role's curriculum.
    completed: int
    #: [skill_id, lost]: required (learner, skill) pairs no longer attained.
    skills: pd.DataFrame


def renewal_losses(
    rule: RenewalRule, course_sets: Iterable[CourseSet]
) -> RenewalLosses:
    """What suspending these people's completion of ``rule.course_id`` loses.

    ``course_sets`` counts the people concerned (active, having completed the
    course today) per role and per set of ``rule.courses`` they completed, as
    ``learners.api.completed_course_sets`` returns them: a few rows whatever
    the number of people.
    """
    course = rule.course_id
    completed = 0
    lost = dict.fromkeys(rule.teachers, 0)
    for role, done, people in course_sets:
        if role is None or course not in done:
            continue  # no role requires nothing; no completion, nothing to lose
        needed = rule.required.get(role, frozenset())
        if course in needed and needed <= done:
            completed += people
        for skill in rule.role_skills.get(role, frozenset()) & lost.keys():
            if not (rule.teachers[skill] - {course}) & done:
                lost[skill] += people
    skills = pd.DataFrame(
        {
            SKILL_ID: pd.Series(list(lost), dtype="int64"),
            LOST: pd.Series(list(lost.values()), dtype="int64"),
        }
    )
    return RenewalLosses(completed=completed, skills=skills)
