"""Live lessons and curriculum links, found through Wagtail's page tree.

Shared by the page, outline and curriculum reads: each finds what it needs in one
query, whatever the number of courses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.db.models import Q, QuerySet
from wagtail.models import Page

from ..models import (
    CurriculumCourse,
    CurriculumPage,
    LessonPage,
)


def live_lessons_of(courses: Sequence[Page]) -> tuple[dict[str, int], QuerySet]:
    """Live lessons directly under any of ``courses``, and course id by path.

    Wagtail keeps the tree in materialised paths: a lesson's course is the page
    whose path is the lesson's path minus one step.
    """
    by_path = {course.path: course.pk for course in courses}
    under_any = Q()
    for path in by_path:
        under_any |= Q(path__startswith=path)
    lessons = LessonPage.objects.live().filter(
        under_any, depth__in={course.depth + 1 for course in courses}
    )
    return by_path, lessons.order_by("path")


def course_id_of(by_path: Mapping[str, int], lesson_path: str) -> int | None:
    return by_path.get(lesson_path[: -LessonPage.steplen])


def live_curriculum_courses(curricula: Iterable[CurriculumPage]):
    return (
        CurriculumCourse.objects.filter(page__in=list(curricula), course__live=True)
        .select_related("course")
        .order_by("page_id", "sort_order", "pk")
    )
