"""The course catalogue: every live, public course as a card of plain values, and
full-text search over curricula, courses and lessons.

The cards and the filter choices are built in a fixed number of queries whatever
the number of courses, and kept in the content cache (``cms.api.content_cached``)
until content changes; a search is three queries, one per page type (a lesson's
course is found from the cached cards). Pages behind a view restriction (private pages)
are left out of both: people given access reach them by link (ADR 0019).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from wagtail.images import get_image_model
from wagtail.models import Page

from cms.api import content_cached

from ..models import (
    CoursePage,
    CourseSkill,
    CurriculumCourse,
    CurriculumPage,
    LessonPage,
    Role,
    RolloutBlocker,
    Skill,
    SkillBlocker,
)
from .tree import PageUrls

#: The rendition a card shows: 16:9, twice the card's width on most screens.
CARD_IMAGE_SPEC = "fill-640x360"
#: The longest query searched; longer text is cut rather than refused.
MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+")
#: Hits read per page type: far more than anyone reads, and a bound on the work.
MAX_HITS_PER_TYPE = 500


@dataclass(frozen=True)
class Facet:
    """A role, skill or rollout blocker a learner can filter by."""

    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class CardImage:
    url: str
    width: int
    height: int
    # Empty when the image is decoration: it then has alt="" and no description.
    alt: str


@dataclass(frozen=True)
class CatalogueCourse:
    id: int
    title: str
    url: str
    # The course's place in the page tree: its lessons' paths start with it.
    path: str
    summary: str
    level: str
    level_label: str
    lesson_count: int
    minutes: int
    image: CardImage | None
    skills: tuple[Facet, ...]
    roles: tuple[Facet, ...]
    blockers: tuple[Facet, ...]


@dataclass(frozen=True)
class Catalogue:
    """The courses (by title) and the choices each filter offers."""

    courses: tuple[CatalogueCourse, ...]
    roles: tuple[Facet, ...]
    skills: tuple[Facet, ...]
    blockers: tuple[Facet, ...]


@dataclass(frozen=True)
class LessonHit:
    title: str
    url: str


@dataclass(frozen=True)
class CurriculumHit:
    title: str
    url: str
    role: str


@dataclass(frozen=True)
class SearchHits:
    """What a search found: courses matched themselves, lessons matched under
    their course (both by course id, best first), and curricula."""

    course_ids: tuple[int, ...]
    lessons_by_course: dict[int, tuple[LessonHit, ...]]
    curricula: tuple[CurriculumHit, ...]

    @property
    def matched_course_ids(self) -> tuple[int, ...]:
        """Courses matched themselves or through a lesson, best first."""
        return tuple(dict.fromkeys((*self.course_ids, *self.lessons_by_course)))


def catalogue() -> Catalogue:
    return content_cached("courses:catalogue", _catalogue)


def _catalogue() -> Catalogue:
    courses = list(
        CoursePage.objects.live()
        .public()
        .select_related("image")
        .order_by("title", "pk")
    )
    ids = [course.pk for course in courses]
    stats = _lesson_stats(courses)
    images = _card_images(course.image_id for course in courses)

    skills_by_course: dict[int, list[Facet]] = {pk: [] for pk in ids}
    skill_ids = set()
    for course_id, skill_id, slug, name in (
        CourseSkill.objects.filter(page_id__in=ids)
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "skill_id", "skill__slug", "skill__name")
    ):
        skills_by_course[course_id].append(Facet(skill_id, slug, name))
        skill_ids.add(skill_id)

    blockers_by_skill: dict[int, list[Facet]] = {}
    for skill_id, blocker_id, slug, name in SkillBlocker.objects.order_by(
        "blocker__name"
    ).values_list("skill_id", "blocker_id", "blocker__slug", "blocker__name"):
        blockers_by_skill.setdefault(skill_id, []).append(Facet(blocker_id, slug, name))

    roles_by_course: dict[int, dict[int, Facet]] = {pk: {} for pk in ids}
    for course_id, role_id, slug, name in (
        CurriculumCourse.objects.filter(
            course_id__in=ids, page__live=True, page__role__isnull=False
        )
        .order_by("page__role__name")
        .values_list(
            "course_id", "page__role_id", "page__role__slug", "page__role__name"
        )
    ):
        roles_by_course[course_id].setdefault(role_id, Facet(role_id, slug, name))

    urls = PageUrls()
    cards = []
    for course in courses:
        blockers: dict[int, Facet] = {}
        for skill in skills_by_course[course.pk]:
            for blocker in blockers_by_skill.get(skill.id, ()):
                blockers.setdefault(blocker.id, blocker)
        count, minutes = stats.get(course.pk, (0, 0))
        cards.append(
            CatalogueCourse(
                id=course.pk,
                title=course.title,
                url=urls.url(course),
                path=course.path,
                summary=course.summary,
                level=course.level,
                level_label=course.get_level_display(),
                lesson_count=count,
                minutes=minutes,
                image=images.get(course.image_id),
                skills=tuple(skills_by_course[course.pk]),
                roles=tuple(roles_by_course[course.pk].values()),
                blockers=tuple(sorted(blockers.values(), key=lambda b: b.name)),
            )
        )
    return Catalogue(
        courses=tuple(cards),
        roles=tuple(
            Facet(pk, slug, name)
            for pk, slug, name in Role.objects.order_by("name").values_list(
                "pk", "slug", "name"
            )
        ),
        skills=tuple(
            Facet(pk, slug, name)
            for pk, slug, name in Skill.objects.filter(pk__in=skill_ids)
            .order_by("name")
            .values_list("pk", "slug", "name")
        ),
        blockers=tuple(
            Facet(pk, slug, name)
            for pk, slug, name in RolloutBlocker.objects.order_by("name").values_list(
                "pk", "slug", "name"
            )
        ),
    )


def _lesson_stats(courses: list[CoursePage]) -> dict[int, tuple[int, int]]:
    """Live public lesson count and minutes per course, in one query: a lesson's
    course is the page whose path is the lesson's minus one step."""
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    depths = {course.depth + 1 for course in courses}
    totals: dict[int, list[int]] = {}
    for path, minutes in (
        LessonPage.objects.live()
        .public()
        .filter(depth__in=depths)
        .values_list("path", "estimated_minutes")
    ):
        course_id = by_path.get(path[: -LessonPage.steplen])
        if course_id is not None:
            entry = totals.setdefault(course_id, [0, 0])
            entry[0] += 1
            entry[1] += minutes
    return {pk: (count, minutes) for pk, (count, minutes) in totals.items()}


def _card_images(image_ids: Iterable[int | None]) -> dict[int, CardImage]:
    ids = {pk for pk in image_ids if pk is not None}
    if not ids:
        return {}
    images = get_image_model().objects.filter(pk__in=ids)
    cards = {}
    for image in images.prefetch_renditions(CARD_IMAGE_SPEC):
        try:
            rendition = image.get_rendition(CARD_IMAGE_SPEC)
        except (OSError, ValueError):
            # The original file is missing or unreadable: the card shows its
            # designed fallback rather than a broken image.
            continue
        cards[image.pk] = CardImage(
            url=rendition.url,
            width=rendition.width,
            height=rendition.height,
            alt=(getattr(image, "description", "") or "").strip(),
        )
    return cards


def catalogue_search(query: str) -> SearchHits:
    """Live, public curricula, courses and lessons matching ``query`` (Wagtail
    search), best first; a lesson is reported under its course."""
    # Words only: punctuation and operator words are no search syntax here, and
    # some backends (SQLite's FTS5) would reject them.
    query = " ".join(_WORD.findall(query[:MAX_QUERY_LENGTH].lower()))
    if not query:
        return SearchHits((), {}, ())
    course_ids = tuple(
        page.pk for page in _search(CoursePage.objects.live().public(), query)
    )
    lessons = list(_search(LessonPage.objects.live().public(), query))
    # A lesson's course is the page whose path is the lesson's minus one step;
    # the cached cards know every catalogue course's path.
    course_by_path = {course.path: course.id for course in catalogue().courses}
    urls = PageUrls()
    lessons_by_course: dict[int, list[LessonHit]] = {}
    for lesson in lessons:
        course_id = course_by_path.get(lesson.path[: -LessonPage.steplen])
        if course_id is not None:
            lessons_by_course.setdefault(course_id, []).append(
                LessonHit(title=lesson.title, url=urls.url(lesson))
            )
    curricula = tuple(
        CurriculumHit(
            title=page.title,
            url=urls.url(page),
            role=page.role.name if page.role_id else "",
        )
        for page in _search(
            CurriculumPage.objects.live().public().select_related("role"), query
        )
    )
    return SearchHits(
        course_ids=course_ids,
        lessons_by_course={pk: tuple(hits) for pk, hits in lessons_by_course.items()},
        curricula=curricula,
    )


def _search(queryset, query: str) -> list[Page]:
    return list(queryset.search(query, operator="and")[:MAX_HITS_PER_TYPE])
