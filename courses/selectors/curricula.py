"""Curricula as plain data for other apps (through ``courses.api``)."""

from __future__ import annotations

from collections.abc import Iterable

from cms.api import content_cached_many

from ..data import (
    CurriculumCourseData,
    CurriculumData,
)
from ..models import (
    CurriculumCourse,
    CurriculumPage,
)
from .tree import PageUrls, live_curriculum_courses


def _curriculum_data(
    curriculum: CurriculumPage, links, urls: PageUrls | None = None
) -> CurriculumData:
    urls = urls or PageUrls()
    return CurriculumData(
        id=curriculum.pk,
        title=curriculum.title,
        url=urls.url(curriculum),
        role_id=curriculum.role_id,
        role_name=curriculum.role.name,
        validity_months=curriculum.validity_months,
        courses=tuple(
            CurriculumCourseData(
                course_id=link.course_id,
                title=link.course.title,
                url=urls.url(link.course),
                required=link.required,
                due_in_days=link.due_in_days,
            )
            for link in links
            if link.page_id == curriculum.pk
        ),
    )


def curricula_by_ids(curriculum_ids: Iterable[int]) -> dict[int, CurriculumData]:
    """Live curricula by id (missing or unpublished ids are left out); from the
    content cache, those not cached yet in two queries."""
    return content_cached_many("courses:curriculum", curriculum_ids, _curricula_by_ids)


def _curricula_by_ids(curriculum_ids: Iterable[int]) -> dict[int, CurriculumData]:
    curricula = list(
        CurriculumPage.objects.live()
        .filter(pk__in=list(curriculum_ids))
        .select_related("role")
        .defer_streamfields()
    )
    links = list(live_curriculum_courses(curricula))
    urls = PageUrls()
    return {c.pk: _curriculum_data(c, links, urls) for c in curricula}


def curriculum_by_id(curriculum_id: int) -> CurriculumData | None:
    return curricula_by_ids([curriculum_id]).get(curriculum_id)


def curriculum_for_role(role_id: int) -> CurriculumData | None:
    curriculum = (
        CurriculumPage.objects.live()
        .filter(role_id=role_id)
        .select_related("role")
        .first()
    )
    if curriculum is None:
        return None
    return _curriculum_data(curriculum, live_curriculum_courses([curriculum]))


def curricula_with_course(course_id: int) -> list[CurriculumData]:
    curricula = list(
        CurriculumPage.objects.live()
        .filter(
            curriculum_courses__course_id=course_id,
            curriculum_courses__course__live=True,
        )
        .select_related("role")
        .distinct()
        .order_by("title")
    )
    links = list(live_curriculum_courses(curricula))
    urls = PageUrls()
    return [_curriculum_data(curriculum, links, urls) for curriculum in curricula]


def curricula_requiring_course(course_id: int) -> list[int]:
    """Ids of the live curricula in which the course is required."""
    return list(
        CurriculumCourse.objects.filter(
            course_id=course_id, required=True, page__live=True
        )
        .order_by("page_id")
        .values_list("page_id", flat=True)
        .distinct()
    )
