"""My skills and the team's skills: the skills a role requires, which the
learner has reached by completing a course, and the courses that close each gap.

Definitions are those of the analytics metrics (docs/architecture.md, "Metric
definitions"): a learner's *required* skills are those their role requires
(``courses.api.role_skills``); a skill is *completed* when they completed any
live course teaching it. Analytics computes the same figures for the whole
organisation from its frames; these pages need one person or one reporting line
at a time, in a fixed number of queries, so they read just those rows.

Each row is laid out so that a further level (such as "demonstrated" in
knowledge checks, once such a measure exists) is one more field and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from courses import api as courses_api

from .models import ACTIVE_STATUSES, CourseEnrolment, EnrolmentStatus, Learner
from .selectors import learner_reporting_subtree_sql


@dataclass(frozen=True)
class SkillRow:
    skill: courses_api.RequiredSkill
    #: The highest level taught by a course the learner completed; None if none.
    completed_level: int | None
    completed_level_label: str
    #: Courses teaching the skill that the learner has not completed.
    gap_courses: tuple[courses_api.SkillCourse, ...]

    @property
    def completed(self) -> bool:
        return self.completed_level is not None


@dataclass(frozen=True)
class MySkills:
    #: Why there is nothing to show: "no_role", "no_skills", or "" when rows exist.
    empty_reason: str
    role_name: str
    rows: tuple[SkillRow, ...]

    @property
    def completed_count(self) -> int:
        return sum(1 for row in self.rows if row.completed)


def skill_rows(
    role: courses_api.RoleSkills, completed_course_ids: Iterable[int]
) -> tuple[SkillRow, ...]:
    """One row per skill the role requires, given the courses completed."""
    done = set(completed_course_ids)
    rows = []
    for skill in role.skills:
        reached = [course for course in skill.courses if course.id in done]
        best = max(reached, key=lambda course: course.level, default=None)
        rows.append(
            SkillRow(
                skill=skill,
                completed_level=best.level if best else None,
                completed_level_label=best.level_label if best else "",
                gap_courses=()
                if best
                else tuple(c for c in skill.courses if c.id not in done),
            )
        )
    return tuple(rows)


def my_skills(*, learner: Learner) -> MySkills:
    """The learner's required skills: one query (their completed courses), the
    role's skills from the content cache."""
    if learner.role_id is None:
        return MySkills("no_role", "", ())
    role = courses_api.role_skills([learner.role_id]).get(learner.role_id)
    if role is None or not role.skills:
        return MySkills("no_skills", learner.role.name, ())
    completed = CourseEnrolment.objects.filter(
        learner=learner, status=EnrolmentStatus.COMPLETED
    ).values_list("course_id", flat=True)
    return MySkills("", learner.role.name, skill_rows(role, completed))


# --- A manager's reporting line --------------------------------------------------


@dataclass(frozen=True)
class TeamSkillRow:
    skill: courses_api.RequiredSkill
    #: Active people in the line whose role requires the skill.
    required: int
    #: Of those, the people who completed a course teaching it.
    completed: int

    @property
    def gap(self) -> int:
        return self.required - self.completed

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.required) if self.required else 0


@dataclass(frozen=True)
class TeamSkills:
    people: int
    without_role: int
    rows: tuple[TeamSkillRow, ...]

    @property
    def empty_reason(self) -> str:
        if not self.people:
            return "no_people"
        if not self.rows:
            return "no_skills"
        return ""


def team_skill_rows(
    people: Iterable[tuple[int, int]],
    completed: Iterable[tuple[int, int]],
    roles: Mapping[int, courses_api.RoleSkills],
) -> tuple[TeamSkillRow, ...]:
    """Per skill any of ``people`` (learner id, role id) requires: how many
    require it and how many of them completed a course teaching it, given
    ``completed`` (learner id, course id) pairs."""
    done: dict[int, set[int]] = {}
    for learner_id, course_id in completed:
        done.setdefault(learner_id, set()).add(course_id)
    skills: dict[int, courses_api.RequiredSkill] = {}
    required: dict[int, int] = {}
    attained: dict[int, int] = {}
    for learner_id, role_id in people:
        role = roles.get(role_id)
        if role is None:
            continue
        mine = done.get(learner_id, set())
        for skill in role.skills:
            skills.setdefault(skill.id, skill)
            required[skill.id] = required.get(skill.id, 0) + 1
            if any(course.id in mine for course in skill.courses):
                attained[skill.id] = attained.get(skill.id, 0) + 1
    ordered = sorted(skills.values(), key=lambda s: (s.category, s.name))
    return tuple(
        TeamSkillRow(skill, required[skill.id], attained.get(skill.id, 0))
        for skill in ordered
    )


def team_skills(*, manager: Learner) -> TeamSkills:
    """The skills the manager's whole reporting line requires (active people):
    two queries, the roles' skills from the content cache."""
    line = Learner.objects.filter(
        id__in=learner_reporting_subtree_sql(manager_id=manager.pk),
        status__in=ACTIVE_STATUSES,
    )
    people = list(line.values_list("id", "role_id"))
    with_role = [(pk, role_id) for pk, role_id in people if role_id is not None]
    completed = CourseEnrolment.objects.filter(
        learner__in=line.filter(role__isnull=False),
        status=EnrolmentStatus.COMPLETED,
    ).values_list("learner_id", "course_id")
    roles = courses_api.role_skills({role_id for _, role_id in with_role})
    return TeamSkills(
        people=len(people),
        without_role=len(people) - len(with_role),
        rows=team_skill_rows(with_role, completed if with_role else (), roles),
    )
