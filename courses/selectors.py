"""Reads about content and taxonomy.

Page views get everything they show from here in a fixed number of queries,
whatever the number of courses, lessons or skills (tests/courses/test_queries.py).
Only live pages count, everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page

from core.hooks import COURSE_PANELS_HOOK, KNOWLEDGE_CHECK_URL_HOOK, LESSON_PANELS_HOOK

from .data import (
    AnsweredQuestion,
    CourseChoice,
    CourseOutline,
    CurriculumCourseData,
    CurriculumData,
    LessonData,
    LessonOutline,
    Question,
)
from .models import (
    CourseIndexPage,
    CoursePage,
    CourseSkill,
    CurriculumCourse,
    CurriculumIndexPage,
    CurriculumPage,
    LessonPage,
    Role,
    RolloutBlocker,
    Skill,
    SkillBlocker,
    SkillLevel,
)


def role_list() -> QuerySet[Role]:
    return Role.objects.order_by("name")


def curricula_index_page() -> CurriculumIndexPage | None:
    return CurriculumIndexPage.objects.live().first()


def curricula_index_url() -> str | None:
    """URL of the live curricula index, once L&D has published one."""
    index = curricula_index_page()
    return index.get_url() if index is not None else None


def course_index_url() -> str | None:
    index = CourseIndexPage.objects.live().first()
    return index.get_url() if index is not None else None


def knowledge_check_url(lesson_id: int) -> str:
    """Where a lesson's knowledge-check form posts to."""
    for fn in hooks.get_hooks(KNOWLEDGE_CHECK_URL_HOOK):
        url = fn(lesson_id)
        if url:
            return url
    return reverse("courses:lesson_check", kwargs={"lesson_id": lesson_id})


def course_panels(request, course_id: int) -> list[str]:
    """HTML fragments other apps add to a course's header, in hook order."""
    return [
        html
        for fn in hooks.get_hooks(COURSE_PANELS_HOOK)
        if (html := fn(request, course_id))
    ]


def lesson_panels(request, lesson_id: int) -> list[str]:
    """HTML fragments other apps add below a lesson, in hook order."""
    panels = []
    for fn in hooks.get_hooks(LESSON_PANELS_HOOK):
        html = fn(request, lesson_id)
        if html:
            panels.append(html)
    return panels


# --- What the learner-facing pages show ------------------------------------------


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
class SkillTaught:
    skill: Skill
    level: int
    level_label: str
    blockers: list[tuple[RolloutBlocker, Decimal]] = field(default_factory=list)
    # In a curriculum: the courses that teach it, in curriculum order.
    courses: list[CoursePage] = field(default_factory=list)


@dataclass(frozen=True)
class CurriculumDetail:
    entries: list[CurriculumEntry]
    total_minutes: int
    required_minutes: int
    skills: list[SkillTaught]


@dataclass(frozen=True)
class CourseDetail:
    lessons: list[LessonPage]
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


def _live_lessons_of(courses: Sequence[Page]) -> tuple[dict[str, int], QuerySet]:
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


def _course_id(by_path: Mapping[str, int], lesson_path: str) -> int | None:
    return by_path.get(lesson_path[: -LessonPage.steplen])


def lesson_stats(courses: Iterable[Page]) -> dict[int, LessonStats]:
    """Live lesson count and minutes per course, in one query."""
    courses = list(courses)
    if not courses:
        return {}
    by_path, lessons = _live_lessons_of(courses)
    totals = {course.pk: [0, 0] for course in courses}
    for path, minutes in lessons.values_list("path", "estimated_minutes"):
        course_id = _course_id(by_path, path)
        if course_id is not None:
            totals[course_id][0] += 1
            totals[course_id][1] += minutes
    return {pk: LessonStats(count, minutes) for pk, (count, minutes) in totals.items()}


def _live_curriculum_courses(curricula: Iterable[CurriculumPage]):
    return (
        CurriculumCourse.objects.filter(page__in=list(curricula), course__live=True)
        .select_related("course")
        .order_by("page_id", "sort_order", "pk")
    )


def curricula_index_cards(*, index_page: CurriculumIndexPage) -> list[CurriculumCard]:
    curricula = list(
        CurriculumPage.objects.child_of(index_page).live().select_related("role")
    )
    links = list(_live_curriculum_courses(curricula))
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


def _skills_taught(course_ids: Iterable[int]) -> list[CourseSkill]:
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


def _skill_taught(link: CourseSkill, level: int) -> SkillTaught:
    return SkillTaught(
        skill=link.skill,
        level=level,
        level_label=SkillLevel(level).label,
        blockers=[(b.blocker, b.weight) for b in link.skill.blocker_links.all()],
    )


def curriculum_detail(*, curriculum: CurriculumPage) -> CurriculumDetail:
    links = list(_live_curriculum_courses([curriculum]))
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
    for link in _skills_taught(order):
        if link.skill_id not in best or link.level > best[link.skill_id].level:
            best[link.skill_id] = link
        teaching.setdefault(link.skill_id, []).append(link.page_id)
    skills = sorted(
        (
            replace(
                _skill_taught(link, link.level),
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
    lessons = list(LessonPage.objects.child_of(course).live())
    skills = [_skill_taught(link, link.level) for link in _skills_taught([course.pk])]
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


def breadcrumbs(page: Page) -> list[Page]:
    """The live ancestors of ``page`` below the tree root, home first; one query."""
    paths = [
        page.path[:end] for end in range(2 * Page.steplen, len(page.path), Page.steplen)
    ]
    return list(Page.objects.live().filter(path__in=paths).order_by("path"))


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


# --- Reads for other apps (through courses.api) ------------------------------------


def _curriculum_data(curriculum: CurriculumPage, links) -> CurriculumData:
    return CurriculumData(
        id=curriculum.pk,
        title=curriculum.title,
        url=curriculum.get_url() or "",
        role_id=curriculum.role_id,
        role_name=curriculum.role.name,
        courses=tuple(
            CurriculumCourseData(
                course_id=link.course_id,
                title=link.course.title,
                url=link.course.get_url() or "",
                required=link.required,
                due_in_days=link.due_in_days,
            )
            for link in links
            if link.page_id == curriculum.pk
        ),
    )


def curricula_by_ids(curriculum_ids: Iterable[int]) -> dict[int, CurriculumData]:
    """Live curricula by id (missing or unpublished ids are left out)."""
    curricula = list(
        CurriculumPage.objects.live()
        .filter(pk__in=list(curriculum_ids))
        .select_related("role")
    )
    links = list(_live_curriculum_courses(curricula))
    return {c.pk: _curriculum_data(c, links) for c in curricula}


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
    return _curriculum_data(curriculum, _live_curriculum_courses([curriculum]))


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
    links = list(_live_curriculum_courses(curricula))
    return [_curriculum_data(curriculum, links) for curriculum in curricula]


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


def course_choices() -> list[CourseChoice]:
    """Every live course, by title: for pickers such as "assign a course"."""
    return [
        CourseChoice(
            id=course.pk,
            title=course.title,
            url=course.get_url() or "",
            level=course.level,
        )
        for course in CoursePage.objects.live().order_by("title")
    ]


def course_outlines(course_ids: Iterable[int]) -> dict[int, CourseOutline]:
    """Outlines of live courses by id, in two queries whatever their number."""
    courses = list(CoursePage.objects.live().filter(pk__in=list(course_ids)))
    if not courses:
        return {}
    by_path, lessons = _live_lessons_of(courses)
    outlines: dict[int, list[LessonOutline]] = {course.pk: [] for course in courses}
    for lesson in lessons:
        course_id = _course_id(by_path, lesson.path)
        if course_id is not None:
            outlines[course_id].append(
                LessonOutline(
                    id=lesson.pk,
                    title=lesson.title,
                    url=lesson.get_url() or "",
                    required=lesson.required,
                    has_knowledge_check=lesson.has_knowledge_check,
                    estimated_minutes=lesson.estimated_minutes,
                )
            )
    return {
        course.pk: CourseOutline(
            id=course.pk,
            title=course.title,
            url=course.get_url() or "",
            pass_mark=course.pass_mark,
            lessons=tuple(outlines[course.pk]),
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
    by_path, lessons = _live_lessons_of(courses)
    for path in lessons.filter(required=True).values_list("path", flat=True):
        course_id = _course_id(by_path, path)
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
    found = lesson_with_course(lesson_id)
    if found is None:
        return None
    lesson, course = found
    detail = lesson_detail(lesson=lesson)
    return LessonData(
        id=lesson.pk,
        title=lesson.title,
        url=lesson.get_url() or "",
        course_id=course.pk,
        course_title=course.title,
        course_url=course.get_url() or "",
        pass_mark=course.pass_mark,
        required=lesson.required,
        questions=lesson.questions,
        previous_url=detail.previous.get_url() if detail.previous else None,
        next_url=detail.next.get_url() if detail.next else None,
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


def feedback_with_questions(
    *, questions: Sequence[Question | Mapping], feedback: Sequence[Mapping | object]
) -> list[AnsweredQuestion]:
    """Stored feedback (dicts or ``QuestionFeedback``) joined to the questions.

    Feedback for a question L&D has since removed is left out; an option removed
    since is shown by its id.
    """
    parsed = [Question.from_value(question) for question in questions]
    by_id = {question.id: question for question in parsed}
    answered = []
    for item in feedback:

        def get(name, item=item):
            return item.get(name) if isinstance(item, Mapping) else getattr(item, name)

        question = by_id.get(get("question_id"))
        if question is None:
            continue
        texts = {option.id: option.text for option in question.options}
        answered.append(
            AnsweredQuestion(
                question_id=question.id,
                kind=question.kind.value,
                prompt=question.prompt,
                ai_prompt=question.ai_prompt,
                ai_answer=question.ai_answer,
                correct=bool(get("correct")),
                selected_options=tuple(
                    texts.get(option_id, option_id) for option_id in get("selected")
                ),
                correct_options=tuple(
                    texts.get(option_id, option_id)
                    for option_id in get("correct_option_ids")
                ),
                explanation=get("explanation") or question.explanation,
            )
        )
    return answered


# Bulk rows for analytics: one query each; keys follow analytics' column names.


def course_rows() -> list[dict]:
    return [
        {"course_id": pk, "title": title, "slug": slug, "level": level}
        for pk, title, slug, level in CoursePage.objects.live()
        .order_by("title")
        .values_list("pk", "title", "slug", "level")
    ]


def skill_rows() -> list[dict]:
    return [
        {"skill_id": pk, "slug": slug, "name": name, "category": category}
        for pk, slug, name, category in Skill.objects.order_by(
            "category", "name"
        ).values_list("pk", "slug", "name", "category")
    ]


def course_skill_rows() -> list[dict]:
    return [
        {"course_id": course_id, "skill_id": skill_id, "level": level}
        for course_id, skill_id, level in CourseSkill.objects.filter(page__live=True)
        .order_by("page_id", "sort_order")
        .values_list("page_id", "skill_id", "level")
    ]


def skill_blocker_rows() -> list[dict]:
    return [
        {"skill_id": skill_id, "blocker_id": blocker_id, "weight": float(weight)}
        for skill_id, blocker_id, weight in SkillBlocker.objects.order_by(
            "skill_id", "sort_order"
        ).values_list("skill_id", "blocker_id", "weight")
    ]


def blocker_rows() -> list[dict]:
    return [
        {
            "blocker_id": pk,
            "slug": slug,
            "name": name,
            "benchmark_percent": percent,
            # Analytics works in shares (0..1); None when L&D has no benchmark.
            "benchmark": None if percent is None else percent / 100,
            "benchmark_source": source,
        }
        for pk, slug, name, percent, source in RolloutBlocker.objects.order_by(
            "name"
        ).values_list("pk", "slug", "name", "benchmark_percent", "benchmark_source")
    ]


def curriculum_course_rows() -> list[dict]:
    return [
        {
            "role_id": role_id,
            "curriculum_id": curriculum_id,
            "course_id": course_id,
            "required": required,
            "due_in_days": due_in_days,
            "sort_order": sort_order,
        }
        for role_id, curriculum_id, course_id, required, due_in_days, sort_order in (
            CurriculumCourse.objects.filter(page__live=True, course__live=True)
            .order_by("page_id", "sort_order", "pk")
            .values_list(
                "page__role_id",
                "page_id",
                "course_id",
                "required",
                "due_in_days",
                "sort_order",
            )
        )
    ]
