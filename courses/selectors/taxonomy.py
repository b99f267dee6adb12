"""Roles, and the skills a course teaches with the rollout blockers they unblock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from ..models import (
    CoursePage,
    CourseSkill,
    Role,
    RolloutBlocker,
    Skill,
    SkillBlocker,
    SkillLevel,
)


def role_list() -> QuerySet[Role]:
    return Role.objects.order_by("name")


@dataclass(frozen=True)
class SkillTaught:
    skill: Skill
    level: int
    level_label: str
    blockers: list[tuple[RolloutBlocker, Decimal]] = field(default_factory=list)
    # In a curriculum: the courses that teach it, in curriculum order.
    courses: list[CoursePage] = field(default_factory=list)


def skills_taught(course_ids: Iterable[int]) -> list[CourseSkill]:
    return list(
        CourseSkill.objects.filter(page_id__in=list(course_ids))
        .select_related("skill")
        .prefetch_related(
            Prefetch(
                "skill__blocker_links",
                queryset=SkillBlocker.objects.select_related("blocker").order_by(
                    "-weight", "sort_order"
                ),
            )
        )
        .order_by("sort_order", "pk")
    )


def skill_taught(link: CourseSkill, level: int) -> SkillTaught:
    return SkillTaught(
        skill=link.skill,
        level=level,
        level_label=SkillLevel(level).label,
        blockers=[(b.blocker, b.weight) for b in link.skill.blocker_links.all()],
    )
