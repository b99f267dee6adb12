"""What the learner-facing pages show: index cards, curriculum, course and lesson
details, breadcrumbs and the index pages' URLs.

Each page gets everything it shows in a fixed number of queries, whatever the
number of courses, lessons or skills (tests/courses/test_queries.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from wagtail.models import Page, Site

from cms.api import content_cached

from ..models import (
    CourseIndexPage,
    CoursePage,
    CourseSkill,
    CurriculumCourse,
    CurriculumIndexPage,
    CurriculumPage,
    LessonPage,
    RolloutBlocker,
)
from .taxonomy import SkillTaught, skill_taught, skills_taught
from .tree import (
    PageUrls,
    course_id_of,
    live_curriculum_courses,
    live_lessons_of,
)


def curricula_index_page() -> CurriculumIndexPage | None:
    return CurriculumIndexPage.objects.live().first()


def curricula_index_url() -> str | None:
    """URL of the live curricula index, once L&D has published one (asked by
    every page's header: from the content cache)."""
    return content_cached("courses:curricula-index-url", _curricula_index_url)


def _curricula_index_url() -> str | None:
    index = curricula_index_page()
    return index.get_url() if index is not None else None


def course_index_url() -> str | None:
    index = CourseIndexPage.objects.live().first()
    return index.get_url() if index is not None else None


@dataclass(frozen=True)
class LessonStats:
    count: int = 0
    minutes: int = 0


@dataclass(frozen=True)
class CurriculumCard:
    page: CurriculumPage
    course_count: int
    required_count: int
    total_minutes: int
    required_minutes: int


@dataclass(frozen=True)
class CourseCard:
    page: CoursePage
    lesson_count: int
    total_minutes: int


@dataclass(frozen=True)
class CurriculumEntry:
    course: CoursePage
    required: bool
    due_in_days: int
    lesson_count: int
    total_minutes: int


@dataclass(frozen=True)
class CurriculumDetail:
    entries: list[CurriculumEntry]
    total_minutes: int
    required_minutes: int
    skills: list[SkillTaught]


@dataclass(frozen=True)
class LessonCard:
    """A lesson in its course's outline (plain values: kept in the cache)."""

    id: int
    title: str
    url: str
    summary: str
    estimated_minutes: int
    required: bool
    has_knowledge_check: bool


@dataclass(frozen=True)
class CourseDetail:
    lessons: list[LessonCard]
    total_minutes: int
    skills: list[SkillTaught]
    blockers: list[RolloutBlocker]
    prerequisites: list[CoursePage]
    curricula: list[CurriculumCourse]


@dataclass(frozen=True)
class LessonDetail:
    course: CoursePage | None
    previous: LessonPage | None
    next: LessonPage | None
    position: int
    count: int


def lesson_stats(courses: Iterable[Page]) -> dict[int, LessonStats]:
    """Live lesson count and minutes per course, in one query."""
    courses = list(courses)
    if not courses:
        return {}
    by_path, lessons = live_lessons_of(courses)
    totals = {course.pk: [0, 0] for course in courses}
    for path, minutes in lessons.values_list("path", "estimated_minutes"):
        course_id = course_id_of(by_path, path)
        if course_id is not None:
            totals[course_id][0] += 1
            totals[course_id][1] += minutes
    return {pk: LessonStats(count, minutes) for pk, (count, minutes) in totals.items()}


def curricula_index_cards(*, index_page: CurriculumIndexPage) -> list[CurriculumCard]:
    curricula = list(
        CurriculumPage.objects.child_of(index_page).live().select_related("role")
    )
    links = list(live_curriculum_courses(curricula))
    stats = lesson_stats({link.course_id: link.course for link in links}.values())
    cards = []
    for curriculum in curricula:
        own = [link for link in links if link.page_id == curriculum.pk]
        required = [link for link in own if link.required]
        cards.append(
            CurriculumCard(
                page=curriculum,
                course_count=len(own),
                required_count=len(required),
                total_minutes=sum(stats[link.course_id].minutes for link in own),
                required_minutes=sum(
                    stats[link.course_id].minutes for link in required
                ),
            )
        )
    return cards


def course_index_cards(*, index_page: CourseIndexPage) -> list[CourseCard]:
    courses = list(CoursePage.objects.child_of(index_page).live().order_by("title"))
    stats = lesson_stats(courses)
    return [
        CourseCard(
            page=course,
            lesson_count=stats[course.pk].count,
            total_minutes=stats[course.pk].minutes,
        )
        for course in courses
    ]


def curriculum_detail(*, curriculum: CurriculumPage) -> CurriculumDetail:
    links = list(live_curriculum_courses([curriculum]))
    stats = lesson_stats(link.course for link in links)
    entries = [
        CurriculumEntry(
            course=link.course,
            required=link.required,
            due_in_days=link.due_in_days,
            lesson_count=stats[link.course_id].count,
            total_minutes=stats[link.course_id].minutes,
        )
        for link in links
    ]
    # A skill taught by several courses is listed once, at its highest level,
    # with every course that teaches it.
    order = {entry.course.pk: position for position, entry in enumerate(entries)}
    courses = {entry.course.pk: entry.course for entry in entries}
    best: dict[int, CourseSkill] = {}
    teaching: dict[int, list[int]] = {}
    for link in skills_taught(order):
        if link.skill_id not in best or link.level > best[link.skill_id].level:
            best[link.skill_id] = link
        teaching.setdefault(link.skill_id, []).append(link.page_id)
    skills = sorted(
        (
            replace(
                skill_taught(link, link.level),
                courses=[
                    courses[pk] for pk in sorted(teaching[skill_id], key=order.get)
                ],
            )
            for skill_id, link in best.items()
        ),
        key=lambda taught: (taught.skill.category, taught.skill.name),
    )
    return CurriculumDetail(
        entries=entries,
        total_minutes=sum(entry.total_minutes for entry in entries),
        required_minutes=sum(e.total_minutes for e in entries if e.required),
        skills=skills,
    )


def course_detail(*, course: CoursePage) -> CourseDetail:
    urls = PageUrls()
    lessons = [
        LessonCard(
            id=lesson.pk,
            title=lesson.title,
            url=urls.url(lesson),
            summary=lesson.summary,
            estimated_minutes=lesson.estimated_minutes,
            required=lesson.required,
            has_knowledge_check=lesson.has_knowledge_check,
        )
        for lesson in LessonPage.objects.child_of(course).live()
    ]
    skills = [skill_taught(link, link.level) for link in skills_taught([course.pk])]
    blockers: dict[int, RolloutBlocker] = {}
    for taught in skills:
        for blocker, _weight in taught.blockers:
            blockers.setdefault(blocker.pk, blocker)
    prerequisites = (
        list(course.prerequisites.live().order_by("title")) if course.pk else []
    )
    curricula = list(
        CurriculumCourse.objects.filter(course=course, page__live=True)
        .select_related("page", "page__role")
        .defer("page__learning_outcomes")
        .order_by("page__title")
    )
    return CourseDetail(
        lessons=lessons,
        total_minutes=sum(lesson.estimated_minutes for lesson in lessons),
        skills=skills,
        blockers=sorted(blockers.values(), key=lambda blocker: blocker.name),
        prerequisites=prerequisites,
        curricula=curricula,
    )


@dataclass(frozen=True)
class PageParts:
    """What a course or lesson page shows besides the page itself and the
    learner's own state: built from published pages only, so kept in the content
    cache (ADR 0016)."""

    breadcrumbs: list[Page]
    detail: CurriculumDetail | CourseDetail | LessonDetail


def curriculum_page_parts(*, curriculum: CurriculumPage, request=None) -> PageParts:
    def build() -> PageParts:
        return PageParts(
            breadcrumbs(curriculum), curriculum_detail(curriculum=curriculum)
        )

    if curriculum.pk is None or getattr(request, "is_preview", False):
        return build()
    return content_cached(f"courses:curriculum-page:{curriculum.pk}", build)


def course_page_parts(*, course: CoursePage, request=None) -> PageParts:
    def build() -> PageParts:
        return PageParts(breadcrumbs(course), course_detail(course=course))

    if course.pk is None or getattr(request, "is_preview", False):
        return build()  # a draft being previewed: never cached
    return content_cached(f"courses:course-page:{course.pk}", build)


def lesson_page_parts(*, lesson: LessonPage, request=None) -> PageParts:
    def build() -> PageParts:
        return PageParts(breadcrumbs(lesson), lesson_detail(lesson=lesson))

    if lesson.pk is None or getattr(request, "is_preview", False):
        return build()
    return content_cached(f"courses:lesson-page:{lesson.pk}", build)


def breadcrumbs(page: Page) -> list[Page]:
    """The live ancestors of ``page`` below the tree root, home first; one query."""
    paths = [
        page.path[:end] for end in range(2 * Page.steplen, len(page.path), Page.steplen)
    ]
    return list(Page.objects.live().filter(path__in=paths).order_by("path"))


# Stands in for the CSRF token in a cached lesson body: each request puts its own
# token back (a session's token must never reach another person's page).
CSRF_STAND_IN = "academy-csrf-token-stand-in"


def lesson_body(*, lesson: LessonPage, request, context: dict) -> str:
    """The lesson's blocks as HTML, rendered once per content version and site
    (``cms.api.content_cached``): the blocks show content, the organisation's
    profile and the course's pass mark, all of which move the content version,
    and nothing of the person but the form's CSRF token, which is put back for
    each request. Deserialising the body, fetching its choosers and rendering
    each block was a sixth of a lesson page's cost."""
    from django.middleware.csrf import get_token
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    site = Site.find_for_request(request)

    def build() -> str:
        return render_to_string(
            "courses/includes/lesson_body.html",
            {
                **context,
                "page": lesson,
                "request": request,
                "csrf_token": CSRF_STAND_IN,
                "lesson_embeds": lesson_embeds(lesson=lesson),
            },
        )

    if lesson.pk is None or getattr(request, "is_preview", False):
        html = build()  # a draft being previewed: never cached
    else:
        html = content_cached(
            f"courses:lesson-body:{lesson.pk}:{site.pk if site else 0}", build
        )
    token = get_token(request) if CSRF_STAND_IN in html else ""
    return mark_safe(html.replace(CSRF_STAND_IN, token))  # noqa: S308 - our own render


def lesson_embeds(*, lesson: LessonPage) -> dict[str, str]:
    """HTML of the lesson's video embeds already fetched, by URL, in one query.

    Each ``{% embed %}`` looks its URL up on its own; with these prefetched, a
    lesson's query count does not grow with its videos. URLs not fetched yet
    are missing here and go through the embed finders as usual.
    """
    from django.utils import timezone
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    urls = {
        block.value["video"].url
        for block in lesson.body
        if block.block_type == "video" and block.value.get("video")
    }
    if not urls:
        return {}
    by_hash = {get_embed_hash(url): url for url in urls}
    found = (
        Embed.objects.filter(hash__in=by_hash)
        .exclude(cache_until__lte=timezone.now())
        .values_list("hash", "html")
    )
    return {by_hash[digest]: html for digest, html in found}


def lesson_detail(*, lesson: LessonPage) -> LessonDetail:
    parent_path = lesson.path[: -LessonPage.steplen]
    course = CoursePage.objects.filter(path=parent_path).first()
    siblings = list(
        LessonPage.objects.filter(path__startswith=parent_path, depth=lesson.depth)
        .live()
        .defer("body")
        .order_by("path")
    )
    ids = [sibling.pk for sibling in siblings]
    position = ids.index(lesson.pk) if lesson.pk in ids else -1
    return LessonDetail(
        course=course,
        previous=siblings[position - 1] if position > 0 else None,
        next=(siblings[position + 1] if 0 <= position < len(siblings) - 1 else None),
        position=position + 1,
        count=len(siblings),
    )
