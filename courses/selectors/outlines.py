"""Courses and lessons as plain data for other apps (through ``courses.api``):
outlines, required lessons, a lesson's context and what a publication changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from cms.api import content_cached, content_cached_many

from ..data import (
    CourseChoice,
    CourseOutline,
    LessonData,
    LessonOutline,
)
from ..models import (
    CoursePage,
    CurriculumPage,
    LessonPage,
)
from .pages import lesson_detail
from .tree import PageUrls, course_id_of, live_lessons_of


def course_choices() -> list[CourseChoice]:
    """Every live course, by title: for pickers such as "assign a course"."""
    urls = PageUrls()
    return [
        CourseChoice(
            id=course.pk,
            title=course.title,
            url=urls.url(course),
            level=course.level,
        )
        for course in CoursePage.objects.live().order_by("title")
    ]


def course_outlines(course_ids: Iterable[int]) -> dict[int, CourseOutline]:
    """Outlines of live courses by id: from the content cache, and for those not
    cached yet two queries whatever their number."""
    return content_cached_many("courses:outline", course_ids, _course_outlines)


def _course_outlines(course_ids: Iterable[int]) -> dict[int, CourseOutline]:
    courses = list(CoursePage.objects.live().filter(pk__in=list(course_ids)))
    if not courses:
        return {}
    urls = PageUrls()
    by_path, lessons = live_lessons_of(courses)
    outlines: dict[int, list[LessonOutline]] = {course.pk: [] for course in courses}
    for lesson in lessons:
        course_id = course_id_of(by_path, lesson.path)
        if course_id is not None:
            outlines[course_id].append(
                LessonOutline(
                    id=lesson.pk,
                    title=lesson.title,
                    url=urls.url(lesson),
                    required=lesson.required,
                    has_knowledge_check=lesson.has_knowledge_check,
                    estimated_minutes=lesson.estimated_minutes,
                    has_attestation=lesson.has_attestation,
                )
            )
    return {
        course.pk: CourseOutline(
            id=course.pk,
            title=course.title,
            url=urls.url(course),
            pass_mark=course.pass_mark,
            lessons=tuple(outlines[course.pk]),
            validity_months=course.validity_months,
        )
        for course in courses
    }


def course_outline(course_id: int) -> CourseOutline | None:
    return course_outlines([course_id]).get(course_id)


def course_required_lesson_counts(course_ids: Iterable[int]) -> dict[int, int]:
    """Number of live required lessons per live course (0 when it has none)."""
    courses = list(CoursePage.objects.live().filter(pk__in=list(course_ids)))
    counts = {course.pk: 0 for course in courses}
    if not courses:
        return counts
    by_path, lessons = live_lessons_of(courses)
    for path in lessons.filter(required=True).values_list("path", flat=True):
        course_id = course_id_of(by_path, path)
        if course_id is not None:
            counts[course_id] += 1
    return counts


def course_required_lesson_ids(course_id: int) -> list[int]:
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        return []
    return list(
        LessonPage.objects.child_of(course)
        .live()
        .filter(required=True)
        .values_list("pk", flat=True)
    )


def lesson_with_course(lesson_id: int) -> tuple[LessonPage, CoursePage] | None:
    """A live lesson and its live course, or None when either is not published."""
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None:
        return None
    course = (
        CoursePage.objects.live()
        .filter(path=lesson.path[: -LessonPage.steplen])
        .first()
    )
    if course is None:
        return None
    return lesson, course


def lesson_context(lesson_id: int) -> LessonData | None:
    """A live lesson with its course and neighbours; from the content cache."""
    return content_cached(
        f"courses:lesson-context:{lesson_id}", lambda: _lesson_context(lesson_id)
    )


def _lesson_context(lesson_id: int) -> LessonData | None:
    found = lesson_with_course(lesson_id)
    if found is None:
        return None
    lesson, course = found
    detail = lesson_detail(lesson=lesson)
    urls = PageUrls()
    return LessonData(
        id=lesson.pk,
        title=lesson.title,
        url=urls.url(lesson),
        course_id=course.pk,
        course_title=course.title,
        course_url=urls.url(course),
        pass_mark=course.pass_mark,
        required=lesson.required,
        check=lesson.check_settings,
        attestation=lesson.attestation,
        previous_url=urls.url(detail.previous) if detail.previous else None,
        next_url=urls.url(detail.next) if detail.next else None,
        completed_by_content=getattr(
            lesson.specific_class, "completed_by_content", False
        ),
    )


def published_item(page) -> tuple[str | None, int | None]:
    """What a published or unpublished page means to other apps.

    ``("curriculum", id)`` for a curriculum; ``("course", id)`` for a course and
    also for a lesson, whose publication changes its course's outline (its
    required lessons); ``(None, None)`` for anything else.
    """
    page = getattr(page, "specific", page)
    if isinstance(page, CurriculumPage):
        return "curriculum", page.pk
    if isinstance(page, CoursePage):
        return "course", page.pk
    if isinstance(page, LessonPage):
        course = CoursePage.objects.filter(
            path=page.path[: -LessonPage.steplen]
        ).first()
        return ("course", course.pk) if course is not None else (None, None)
    return None, None
