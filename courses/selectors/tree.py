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


class PageUrls:
    """Page URLs for a batch of pages from one read of the sites' root paths.

    ``page.get_url()`` without a request reads the root paths from the cache for
    every page (a Redis round trip each in production); Wagtail keeps them on the
    object passed as ``request`` instead, so one of these serves a whole list. It
    is no ``HttpRequest``: with one site the URL is the local path, as
    ``get_url()`` gives it.
    """

    _wagtail_site = None  # no current site: Site.find_for_request reads this

    def url(self, page: Page) -> str:
        return page.get_url(request=self) or ""


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
