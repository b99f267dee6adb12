"""Writes to content and taxonomy: idempotent upserts and the editorial set-up.

Every page change goes through a revision that is then published, exactly as an
editor's work does, so history, the search index and the reference index stay
right. Running any of these twice with the same input changes nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts import api as accounts_api

from .models import (
    BankQuestion,
    CourseIndexPage,
    CoursePage,
    CourseSkill,
    CurriculumCourse,
    CurriculumIndexPage,
    CurriculumPage,
    LessonPage,
    ReviewTask,
    Role,
    RolloutBlocker,
    Skill,
    SkillBlocker,
)

WORKFLOW_NAME = "L&D review"
REVIEW_TASK_NAME = "L&D reviewers approve"
# Editors write and submit; only reviewers publish (through the workflow).
EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock")
REVIEWER_PAGE_PERMISSIONS = ("change", "publish")
EDITOR_IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")
REVIEWER_IMAGE_PERMISSIONS = ("choose_image",)

CURRICULA_INDEX = {
    "title": "Curricula",
    "slug": "curricula",
    "intro": (
        "One learning path per role. Pick yours to see the courses it includes, "
        "which are required and how long they take."
    ),
}
COURSE_INDEX = {
    "title": "Courses",
    "slug": "courses",
    "intro": (
        "Every course in the academy. Courses are shared between curricula: a "
        "course you finish counts wherever it appears."
    ),
}


class Change(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, change: Change) -> None:
        setattr(self, change.value, getattr(self, change.value) + 1)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class EditorialSetup:
    curricula_index: CurriculumIndexPage | None
    course_index: CourseIndexPage | None
    workflow: Workflow
    pages_created: list[str] = field(default_factory=list)


# --- Taxonomy ------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkSource:
    """Where a blocker's benchmark comes from (all blank: not recorded)."""

    title: str = ""
    publisher: str = ""
    year: int | None = None
    url: str = ""


def blocker_ensure(
    *,
    slug: str,
    name: str,
    description: str,
    benchmark_percent: int | None,
    source: BenchmarkSource = BenchmarkSource(),
) -> tuple[RolloutBlocker, Change]:
    """Create the blocker if missing; never overwrite what L&D has since edited."""
    blocker, created = RolloutBlocker.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "description": description,
            "benchmark_percent": benchmark_percent,
            "benchmark_source_title": source.title,
            "benchmark_source_publisher": source.publisher,
            "benchmark_source_year": source.year,
            "benchmark_source_url": source.url,
        },
    )
    if created:
        blocker.full_clean()
    return blocker, Change.CREATED if created else Change.UNCHANGED


def skill_upsert(
    *,
    slug: str,
    name: str,
    category: str,
    description: str,
    blockers: Mapping[str, float | Decimal],
) -> tuple[Skill, Change]:
    """Create or update a skill and its weighted blocker links (by blocker slug)."""
    by_slug = {
        b.slug: b for b in RolloutBlocker.objects.filter(slug__in=list(blockers))
    }
    unknown = sorted(set(blockers) - by_slug.keys())
    if unknown:
        raise ValueError(f"Skill {slug!r} maps to unknown blockers: {unknown}")
    wanted_links = [
        (by_slug[blocker_slug].pk, Decimal(str(weight)).quantize(Decimal("0.01")))
        for blocker_slug, weight in blockers.items()
    ]
    skill = Skill.objects.filter(slug=slug).first()
    change = Change.CREATED if skill is None else Change.UNCHANGED
    if skill is None:
        skill = Skill(slug=slug)
    current = (
        skill.name,
        skill.category,
        skill.description,
        [(link.blocker_id, link.weight) for link in skill.blocker_links.all()]
        if skill.pk
        else [],
    )
    if current == (name, category, description, wanted_links):
        return skill, change
    skill.name, skill.category, skill.description = name, category, description
    skill.blocker_links = [
        SkillBlocker(blocker_id=blocker_id, weight=weight, sort_order=position)
        for position, (blocker_id, weight) in enumerate(wanted_links)
    ]
    skill.full_clean()
    skill.save()
    return skill, Change.CREATED if change == Change.CREATED else Change.UPDATED


# --- Pages ---------------------------------------------------------------------------


def _publish(page: Page) -> None:
    page.save_revision(log_action=True).publish()


def _raw_without_ids(raw):
    """A StreamField's JSON with the generated block ids removed, for comparing."""
    if isinstance(raw, list):
        return [_raw_without_ids(item) for item in raw]
    if isinstance(raw, dict):
        keys = set(raw)
        if {"type", "value"} <= keys <= {"type", "value", "id"}:
            return {"type": raw["type"], "value": _raw_without_ids(raw["value"])}
        return {key: _raw_without_ids(value) for key, value in raw.items()}
    return raw


def stream_value(page_model, field_name: str, items: Sequence[tuple[str, object]]):
    """A validated StreamField value from ``(block_type, value)`` pairs."""
    block = page_model._meta.get_field(field_name).stream_block
    value = block.to_python([{"type": kind, "value": data} for kind, data in items])
    return block.clean(value)


def _stream_signature(page_model, field_name: str, value) -> list:
    block = page_model._meta.get_field(field_name).stream_block
    return _raw_without_ids(block.get_prep_value(value))


def _site_root() -> Page | None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific if site is not None else None


def _index_ensure(model, spec: Mapping[str, str]) -> tuple[Page | None, bool]:
    existing = model.objects.first()
    if existing is not None:
        return existing, False
    root = _site_root()
    if root is None or not model.can_create_at(root):
        return None, False
    page = model(live=False, **spec)
    root.add_child(instance=page)
    _publish(page)
    return page, True


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _review_task_upgrade(workflow: Workflow, task: ReviewTask) -> None:
    """A workflow seeded before reviews asked "material or minor?" used a plain
    group approval task under the same name: put the review task in its place
    (same groups) and retire the old one. Reviews already in progress finish on
    the old task; new ones use the review task."""
    old = (
        GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME, reviewtask__isnull=True)
        .order_by("pk")
        .first()
    )
    if old is None:
        return
    if not task.groups.exists():
        task.groups.set(old.groups.all())
    WorkflowTask.objects.filter(workflow=workflow, task_id=old.pk).update(
        task_id=task.pk
    )
    GroupApprovalTask.objects.filter(pk=old.pk).update(
        name=f"{REVIEW_TASK_NAME} (before material changes)", active=False
    )


def editorial_setup_ensure() -> EditorialSetup:
    """The curricula and course indexes, who may edit them and the review workflow.

    Runs after every migrate (on a fresh database too) and from the demo loader.
    Adds what is missing and leaves alone what L&D has changed since: a page given
    another workflow keeps it, a deleted permission on another page stays deleted.
    """
    for label in ("wagtailcore", "wagtailimages"):
        create_permissions(apps.get_app_config(label), verbosity=0)
    with transaction.atomic():
        editors, _ = Group.objects.get_or_create(name=accounts_api.LD_EDITORS)
        reviewers, _ = Group.objects.get_or_create(name=accounts_api.LD_REVIEWERS)
        curricula_index, new_curricula = _index_ensure(
            CurriculumIndexPage, CURRICULA_INDEX
        )
        course_index, new_courses = _index_ensure(CourseIndexPage, COURSE_INDEX)
        indexes = [page for page in (curricula_index, course_index) if page]

        task = ReviewTask.objects.filter(name=REVIEW_TASK_NAME).first()
        if task is None:
            task = ReviewTask.objects.create(name=REVIEW_TASK_NAME)
            task.groups.set([reviewers])
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        if not WorkflowTask.objects.filter(workflow=workflow).exists():
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        _review_task_upgrade(workflow, task)

        for page in indexes:
            WorkflowPage.objects.get_or_create(
                page=page, defaults={"workflow": workflow}
            )
        for group, perms in (
            (editors, EDITOR_PAGE_PERMISSIONS),
            (reviewers, REVIEWER_PAGE_PERMISSIONS),
        ):
            for codename in perms:
                permission = _permission("wagtailcore", f"{codename}_page")
                for page in indexes:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=page, permission=permission
                    )
        root_collection = Collection.get_first_root_node()
        if root_collection is not None:
            for group, perms in (
                (editors, EDITOR_IMAGE_PERMISSIONS),
                (reviewers, REVIEWER_IMAGE_PERMISSIONS),
            ):
                for codename in perms:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_permission("wagtailimages", codename),
                    )
    created = [
        page.title
        for page, new in ((curricula_index, new_curricula), (course_index, new_courses))
        if new
    ]
    return EditorialSetup(
        curricula_index=curricula_index,
        course_index=course_index,
        workflow=workflow,
        pages_created=created,
    )


def _child_by_slug(model, parent: Page, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def course_upsert(
    *,
    index: CourseIndexPage,
    slug: str,
    title: str,
    summary: str,
    level: str,
    pass_mark: int = 70,
    skills: Sequence[tuple[Skill, int]] = (),
    prerequisites: Iterable[CoursePage] = (),
    validity_months: int | None = None,
) -> tuple[CoursePage, Change]:
    """Create or update a course under ``index`` and publish it if it changed."""
    prerequisite_ids = sorted({course.pk for course in prerequisites})
    wanted = (
        title,
        summary,
        level,
        pass_mark,
        validity_months,
        summary,
        [(skill.pk, level_taught) for skill, level_taught in skills],
        prerequisite_ids,
    )
    course = _child_by_slug(CoursePage, index, slug)
    if course is not None and course.live and not course.has_unpublished_changes:
        current = (
            course.title,
            course.summary,
            course.level,
            course.pass_mark,
            course.validity_months,
            course.search_description,
            [(link.skill_id, link.level) for link in course.course_skills.all()],
            sorted(course.prerequisites.values_list("pk", flat=True)),
        )
        if current == wanted:
            return course, Change.UNCHANGED
    change = Change.UPDATED
    if course is None:
        course = CoursePage(slug=slug, title=title, summary=summary, live=False)
        index.add_child(instance=course)
        change = Change.CREATED
    course.title = title
    course.summary = summary
    course.search_description = summary
    course.level = level
    course.pass_mark = pass_mark
    course.validity_months = validity_months
    course.course_skills = [
        CourseSkill(skill=skill, level=level_taught, sort_order=position)
        for position, (skill, level_taught) in enumerate(skills)
    ]
    course.prerequisites = prerequisite_ids
    _publish(course)
    return course, change


def lesson_upsert(
    *,
    course: CoursePage,
    slug: str,
    title: str,
    summary: str,
    estimated_minutes: int,
    required: bool,
    body: Sequence[tuple[str, object]],
    objectives: Sequence[str] = (),
    owner: str = "",
    last_reviewed: date | None = None,
    sources: Sequence[Mapping] = (),
) -> tuple[LessonPage, Change]:
    """Create or update a lesson under ``course`` and publish it if it changed."""
    new_body = stream_value(LessonPage, "body", body)
    new_objectives = stream_value(
        LessonPage, "objectives", [("objective", text) for text in objectives]
    )
    new_sources = stream_value(
        LessonPage,
        "sources",
        [
            (
                "source",
                {
                    "id": source["id"],
                    "title": source["title"],
                    "publisher": source["publisher"],
                    "year": source["year"],
                    "url": source.get("url", ""),
                },
            )
            for source in sources
        ],
    )
    wanted = (
        title,
        summary,
        summary,
        estimated_minutes,
        required,
        _stream_signature(LessonPage, "body", new_body),
        _stream_signature(LessonPage, "objectives", new_objectives),
        owner,
        last_reviewed,
        _stream_signature(LessonPage, "sources", new_sources),
    )
    lesson = _child_by_slug(LessonPage, course, slug)
    if lesson is not None and lesson.live and not lesson.has_unpublished_changes:
        current = (
            lesson.title,
            lesson.summary,
            lesson.search_description,
            lesson.estimated_minutes,
            lesson.required,
            _stream_signature(LessonPage, "body", lesson.body),
            _stream_signature(LessonPage, "objectives", lesson.objectives),
            lesson.content_owner,
            lesson.last_reviewed,
            _stream_signature(LessonPage, "sources", lesson.sources),
        )
        if current == wanted:
            return lesson, Change.UNCHANGED
    change = Change.UPDATED
    if lesson is None:
        lesson = LessonPage(slug=slug, title=title, body=new_body, live=False)
        course.add_child(instance=lesson)
        change = Change.CREATED
    lesson.title = title
    lesson.summary = summary
    lesson.search_description = summary
    lesson.estimated_minutes = estimated_minutes
    lesson.required = required
    lesson.body = new_body
    lesson.objectives = new_objectives
    lesson.content_owner = owner
    lesson.last_reviewed = last_reviewed
    lesson.sources = new_sources
    _publish(lesson)
    return lesson, change


def lessons_order(*, course: CoursePage, slugs: Sequence[str]) -> bool:
    """Put the course's lessons in the order of ``slugs``; True when it moved any."""
    lessons = {lesson.slug: lesson for lesson in LessonPage.objects.child_of(course)}
    current = [slug for slug in lessons if slug in slugs]
    wanted = [slug for slug in slugs if slug in lessons]
    if current == wanted:
        return False
    for slug in wanted:
        # Re-read: every move renumbers the paths of the siblings.
        LessonPage.objects.get(pk=lessons[slug].pk).move(course, pos="last-child")
    return True


def curriculum_upsert(
    *,
    index: CurriculumIndexPage,
    slug: str,
    title: str,
    role: Role,
    intro: str,
    outcomes: Sequence[str],
    courses: Sequence[tuple[CoursePage, bool, int]],
    validity_months: int | None = None,
) -> tuple[CurriculumPage, Change]:
    """Create or update a role's curriculum and publish it if it changed."""
    new_outcomes = stream_value(
        CurriculumPage, "learning_outcomes", [("outcome", text) for text in outcomes]
    )
    wanted = (
        title,
        role.pk,
        intro,
        intro,
        validity_months,
        _stream_signature(CurriculumPage, "learning_outcomes", new_outcomes),
        [(course.pk, required, due) for course, required, due in courses],
    )
    curriculum = _child_by_slug(CurriculumPage, index, slug)
    if (
        curriculum is not None
        and curriculum.live
        and not curriculum.has_unpublished_changes
    ):
        current = (
            curriculum.title,
            curriculum.role_id,
            curriculum.intro,
            curriculum.search_description,
            curriculum.validity_months,
            _stream_signature(
                CurriculumPage, "learning_outcomes", curriculum.learning_outcomes
            ),
            [
                (link.course_id, link.required, link.due_in_days)
                for link in curriculum.curriculum_courses.all()
            ],
        )
        if current == wanted:
            return curriculum, Change.UNCHANGED
    change = Change.UPDATED
    if curriculum is None:
        curriculum = CurriculumPage(
            slug=slug, title=title, role=role, intro=intro, live=False
        )
        index.add_child(instance=curriculum)
        change = Change.CREATED
    curriculum.title = title
    curriculum.role = role
    curriculum.intro = intro
    curriculum.search_description = intro
    curriculum.validity_months = validity_months
    curriculum.learning_outcomes = new_outcomes
    curriculum.curriculum_courses = [
        CurriculumCourse(
            course=course, required=required, due_in_days=due, sort_order=position
        )
        for position, (course, required, due) in enumerate(courses)
    ]
    _publish(curriculum)
    return curriculum, change


# --- The question bank ---------------------------------------------------------------


@dataclass(frozen=True)
class BankQuestionSpec:
    key: str
    kind: str
    prompt: str
    explanation: str
    options: tuple[Mapping, ...]
    ai_prompt: str = ""
    ai_answer: str = ""
    skill_ids: tuple[int, ...] = ()
    difficulty: str = "medium"
    status: str = "live"


def _bank_fields(spec: BankQuestionSpec) -> dict:
    return {
        "kind": spec.kind,
        "stem": spec.prompt,
        "ai_prompt": spec.ai_prompt,
        "ai_answer": spec.ai_answer,
        "explanation": spec.explanation,
        "difficulty": spec.difficulty,
        "status": spec.status,
    }


def _bank_options(spec: BankQuestionSpec) -> list[dict]:
    return [
        {
            "id": str(option["id"]),
            "text": option["text"],
            "correct": bool(option.get("correct")),
            "feedback": option.get("feedback") or "",
        }
        for option in spec.options
    ]


def bank_questions_upsert(
    specs: Sequence[BankQuestionSpec],
) -> dict[str, tuple[int, Change]]:
    """Create or update bank questions by key; key -> (id, change).

    Unchanged questions cost no write (two queries for the lot), so loading the
    same files twice writes nothing. A changed question gets its next version.
    """
    from .bank_store import question_versions_ensure

    existing = {
        question.key: question
        for question in BankQuestion.objects.filter(
            key__in=[spec.key for spec in specs]
        ).prefetch_related("skills")
    }
    result = {}
    touched = []
    for spec in specs:
        question = existing.get(spec.key)
        fields = _bank_fields(spec)
        options = _bank_options(spec)
        if question is not None:
            same = (
                all(getattr(question, name) == value for name, value in fields.items())
                and question.content()["options"] == options
                and sorted(s.pk for s in question.skills.all())
                == sorted(spec.skill_ids)
            )
            if same:
                result[spec.key] = (question.pk, Change.UNCHANGED)
                continue
            change = Change.UPDATED
        else:
            question = BankQuestion(key=spec.key)
            change = Change.CREATED
        for name, value in fields.items():
            setattr(question, name, value)
        question.options = [("option", option) for option in options]
        question.save()
        question.skills.set(spec.skill_ids)
        touched.append(question.pk)
        result[spec.key] = (question.pk, change)
    if touched:
        question_versions_ensure(
            list(BankQuestion.objects.filter(pk__in=touched).prefetch_related("skills"))
        )
    return result
