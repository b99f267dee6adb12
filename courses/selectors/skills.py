"""The skills each role requires, with the courses that teach them (plain data
for other apps through ``courses.api``; from the content cache).

A role *requires* the skills taught by the required courses of its live
curricula (docs/architecture.md, "Metric definitions"); the level it requires
is the highest level those courses teach. Every live course that teaches such a
skill is listed as a way to close the gap, the role's required courses first.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from cms.api import content_cached_many

from ..data import RequiredSkill, RoleSkills, SkillCourse
from ..models import CourseSkill, CurriculumCourse, SkillLevel
from .tree import PageUrls


def role_skills(role_ids: Iterable[int]) -> dict[int, RoleSkills]:
    """What each role requires, by role id (a role without a live curriculum
    requires nothing: an empty ``RoleSkills``). Two queries for those not cached,
    whatever the number of roles, courses and skills."""
    return content_cached_many("courses:role-skills", role_ids, _role_skills)


def _role_skills(role_ids: Iterable[int]) -> dict[int, RoleSkills]:
    role_ids = list(role_ids)
    links = list(
        CurriculumCourse.objects.filter(
            page__live=True, page__role_id__in=role_ids, course__live=True
        )
        .annotate(role_id=F("page__role_id"))
        .values_list("role_id", "course_id", "required")
        .order_by("page_id", "sort_order", "pk")
    )
    required: dict[int, list[int]] = {role_id: [] for role_id in role_ids}
    for role_id, course_id, is_required in links:
        if is_required and course_id not in required[role_id]:
            required[role_id].append(course_id)
    every_required = {pk for ids in required.values() for pk in ids}
    taught = list(
        CourseSkill.objects.filter(
            page__live=True,
            skill_id__in=CourseSkill.objects.filter(page_id__in=every_required).values(
                "skill_id"
            ),
        )
        .select_related("skill", "page")
        .order_by("page__title", "pk")
    )
    urls = PageUrls()
    courses_by_skill: dict[int, list[CourseSkill]] = {}
    for link in taught:
        courses_by_skill.setdefault(link.skill_id, []).append(link)
    result = {}
    for role_id in role_ids:
        order = {pk: index for index, pk in enumerate(required[role_id])}
        needed = {link.skill_id for link in taught if link.page_id in order}
        skills = []
        for skill_id in needed:
            teaching = sorted(
                courses_by_skill[skill_id],
                key=lambda link, order=order: (
                    link.page_id not in order,
                    order.get(link.page_id, 0),
                ),
            )
            skill = teaching[0].skill
            level = max(ln.level for ln in teaching if ln.page_id in order)
            skills.append(
                RequiredSkill(
                    id=skill_id,
                    name=skill.name,
                    slug=skill.slug,
                    category=skill.category,
                    level=level,
                    level_label=SkillLevel(level).label,
                    courses=tuple(
                        SkillCourse(
                            id=link.page_id,
                            title=link.page.title,
                            url=urls.url(link.page),
                            level=link.level,
                            level_label=SkillLevel(link.level).label,
                            required=link.page_id in order,
                        )
                        for link in teaching
                    ),
                )
            )
        skills.sort(key=lambda s: (s.category, s.name))
        result[role_id] = RoleSkills(role_id=role_id, skills=tuple(skills))
    return result
