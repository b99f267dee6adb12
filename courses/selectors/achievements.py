"""A course or curriculum as an achievement, for certificates' credentials."""

from __future__ import annotations

from ..data import AchievementData
from ..models import CoursePage, CourseSkill, CurriculumCourse, CurriculumPage


def _path_of(page) -> str:
    """The page's path on its site ("" without one): the caller names the host."""
    parts = page.get_url_parts()
    return parts[2] if parts else ""


def achievement_for(*, kind: str, item_id: int) -> AchievementData | None:
    """The course or curriculum a certificate is for, live or not, with the
    skills it teaches (a curriculum: the skills of its required courses), in two
    queries; ``None`` if the page is gone."""
    if kind == "course":
        page = CoursePage.objects.filter(pk=item_id).first()
        if page is None:
            return None
        skills = CourseSkill.objects.filter(page_id=item_id).order_by("sort_order")
        description, pass_mark = page.summary, page.pass_mark
    elif kind == "curriculum":
        page = CurriculumPage.objects.filter(pk=item_id).defer_streamfields().first()
        if page is None:
            return None
        course_ids = CurriculumCourse.objects.filter(
            page_id=item_id, required=True
        ).values("course_id")
        skills = CourseSkill.objects.filter(page_id__in=course_ids).order_by(
            "skill__name"
        )
        description, pass_mark = page.intro, None
    else:
        return None
    names = list(dict.fromkeys(skills.values_list("skill__name", flat=True)))
    return AchievementData(
        id=page.pk,
        kind=kind,
        title=page.title,
        description=description,
        path=_path_of(page),
        pass_mark=pass_mark,
        skills=tuple(names),
    )
