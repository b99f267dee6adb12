"""My skills and the team's skills: the skills a role requires, which the
learner has reached by completing a course, and the courses that close each gap.

Definitions are those of the analytics metrics (docs/architecture.md, "Metric
definitions"): a learner's *required* skills are those their role requires
(``courses.api.role_skills``); a skill is *completed* when they completed any
live course teaching it. Analytics computes the same figures for the whole
organisation from its frames; these pages need one person or one reporting line
at a time, in a fixed number of queries, so they read just those rows.

Beside *completed*, each row says whether the skill is *demonstrated* in
knowledge checks (ADR 0025, the rule in ``core.mastery``): the learner's latest
answers to questions tagged with the skill, read in one more query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core import mastery
from courses import api as courses_api

from .models import (
    ACTIVE_STATUSES,
    AttemptStatus,
    CourseEnrolment,
    EnrolmentStatus,
    Learner,
    QuizResponse,
)
from .selectors import learner_reporting_subtree_sql


@dataclass(frozen=True)
class SkillRow:
    skill: courses_api.RequiredSkill
    #: The highest level taught by a course the learner completed; None if none.
    completed_level: int | None
    completed_level_label: str
    #: Courses teaching the skill that the learner has not completed.
    gap_courses: tuple[courses_api.SkillCourse, ...]
    #: The evidence window on the skill: answers counted and right among them.
    answered: int = 0
    right: int = 0

    @property
    def completed(self) -> bool:
        return self.completed_level is not None

    @property
    def demonstrated_state(self) -> mastery.State:
        """ "demonstrated", "not_yet" or "no_evidence" at the required level."""
        return mastery.skill_state(self.right, self.answered, self.skill.level)

    @property
    def demonstrated(self) -> bool:
        return self.demonstrated_state == mastery.DEMONSTRATED

    @property
    def estimate_percent(self) -> int:
        return round(100 * mastery.estimate(self.right, self.answered))


@dataclass(frozen=True)
class MySkills:
    #: Why there is nothing to show: "no_role", "no_skills", or "" when rows exist.
    empty_reason: str
    role_name: str
    rows: tuple[SkillRow, ...]

    @property
    def completed_count(self) -> int:
        return sum(1 for row in self.rows if row.completed)


Evidence = Mapping[tuple[int, int], tuple[int, int]]


def evidence_windows(
    answers: Iterable[tuple[int, Iterable[int] | None, bool, object, int]],
) -> dict[tuple[int, int], tuple[int, int]]:
    """(learner id, skill id) -> (answered, right) over the latest
    ``EVIDENCE_WINDOW`` answers, from (learner id, skill ids, correct, answered
    at, response id) rows; an answer counts for each of its skills."""
    per_pair: dict[tuple[int, int], list[tuple[object, int, bool]]] = {}
    for learner_id, skill_ids, correct, answered_at, response_id in answers:
        for skill_id in skill_ids or ():
            per_pair.setdefault((learner_id, int(skill_id)), []).append(
                (answered_at, response_id, bool(correct))
            )
    windows = {}
    for pair, found in per_pair.items():
        latest = sorted(found, key=lambda a: (a[0], a[1]), reverse=True)
        latest = latest[: mastery.EVIDENCE_WINDOW]
        windows[pair] = (len(latest), sum(1 for a in latest if a[2]))
    return windows


def _answers(learners) -> Iterable[tuple]:
    """The scored answers of ``learners`` (a QuerySet of learners), one query."""
    return QuizResponse.objects.filter(
        attempt__learner__in=learners, attempt__status=AttemptStatus.SUBMITTED
    ).values_list(
        "attempt__learner_id",
        "question_version__content__skills",
        "correct",
        "attempt__submitted_at",
        "id",
    )


def skill_rows(
    role: courses_api.RoleSkills,
    completed_course_ids: Iterable[int],
    evidence: Mapping[int, tuple[int, int]] | None = None,
) -> tuple[SkillRow, ...]:
    """One row per skill the role requires, given the courses completed and the
    evidence per skill id ((answered, right); none when missing)."""
    done = set(completed_course_ids)
    evidence = evidence or {}
    rows = []
    for skill in role.skills:
        answered, right = evidence.get(skill.id, (0, 0))
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
                answered=answered,
                right=right,
            )
        )
    return tuple(rows)


def my_skills(*, learner: Learner) -> MySkills:
    """The learner's required skills: two queries (their completed courses and
    their answers), the role's skills from the content cache."""
    if learner.role_id is None:
        return MySkills("no_role", "", ())
    role = courses_api.role_skills([learner.role_id]).get(learner.role_id)
    if role is None or not role.skills:
        return MySkills("no_skills", learner.role.name, ())
    completed = CourseEnrolment.objects.filter(
        learner=learner, status=EnrolmentStatus.COMPLETED
    ).values_list("course_id", flat=True)
    windows = evidence_windows(_answers(Learner.objects.filter(pk=learner.pk)))
    evidence = {skill: counts for (_, skill), counts in windows.items()}
    return MySkills("", learner.role.name, skill_rows(role, completed, evidence))


# --- A manager's reporting line --------------------------------------------------


@dataclass(frozen=True)
class TeamSkillRow:
    skill: courses_api.RequiredSkill
    #: Active people in the line whose role requires the skill.
    required: int
    #: Of those, the people who completed a course teaching it.
    completed: int
    #: Of those, the people who demonstrated it in knowledge checks.
    demonstrated: int = 0

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
    evidence: Evidence | None = None,
) -> tuple[TeamSkillRow, ...]:
    """Per skill any of ``people`` (learner id, role id) requires: how many
    require it, how many of them completed a course teaching it, given
    ``completed`` (learner id, course id) pairs, and how many demonstrated it at
    the level their role requires, given ``evidence`` ((learner id, skill id) ->
    (answered, right))."""
    evidence = evidence or {}
    shown: dict[int, int] = {}
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
            answered, right = evidence.get((learner_id, skill.id), (0, 0))
            if answered and mastery.is_demonstrated(right, answered, skill.level):
                shown[skill.id] = shown.get(skill.id, 0) + 1
    ordered = sorted(skills.values(), key=lambda s: (s.category, s.name))
    return tuple(
        TeamSkillRow(
            skill,
            required[skill.id],
            attained.get(skill.id, 0),
            shown.get(skill.id, 0),
        )
        for skill in ordered
    )


def team_skills(*, manager: Learner) -> TeamSkills:
    """The skills the manager's whole reporting line requires (active people):
    three queries, the roles' skills from the content cache."""
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
    evidence = (
        evidence_windows(_answers(line.filter(role__isnull=False))) if with_role else {}
    )
    return TeamSkills(
        people=len(people),
        without_role=len(people) - len(with_role),
        rows=team_skill_rows(
            with_role, completed if with_role else (), roles, evidence
        ),
    )
