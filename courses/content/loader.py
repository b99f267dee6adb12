"""Load validated content through the ``courses`` services, idempotently.

Before writing, every slug the content refers to outside itself (blockers,
skills, prerequisite courses, curricula's courses and roles) is checked against
the academy; one problem and nothing is written. A dry run does all the work in a
transaction that is then rolled back, so its counts are exactly what a real load
would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from courses import services
from courses.models import CoursePage, Role, RolloutBlocker, Skill
from courses.services import Change, Counts

from .reader import ContentError, ContentSet, Ref
from .schema import Problems

KINDS = ("blockers", "skills", "courses", "lessons", "questions", "curricula")
SINGULAR = {
    "blockers": "blocker",
    "skills": "skill",
    "courses": "course",
    "lessons": "lesson",
    "questions": "bank question",
    "curricula": "curriculum",
}


@dataclass(frozen=True)
class ItemChange:
    kind: str
    slug: str
    change: Change

    def line(self, *, dry_run: bool = False) -> str:
        verb = self.change.value
        if dry_run and self.change != Change.UNCHANGED:
            verb = f"would be {verb}"
        return f"{verb}: {SINGULAR[self.kind]} {self.slug}"


@dataclass
class ContentSummary:
    blockers: Counts = field(default_factory=Counts)
    skills: Counts = field(default_factory=Counts)
    courses: Counts = field(default_factory=Counts)
    lessons: Counts = field(default_factory=Counts)
    questions: Counts = field(default_factory=Counts)
    curricula: Counts = field(default_factory=Counts)
    items: list[ItemChange] = field(default_factory=list)
    skipped: str = ""
    dry_run: bool = False

    def add(self, kind: str, slug: str, change: Change) -> None:
        getattr(self, kind).add(change)
        self.items.append(ItemChange(kind=kind, slug=slug, change=change))

    def line(self) -> str:
        if self.skipped:
            return f"Content: not loaded: {self.skipped}"
        parts = []
        changed = {"created": 0, "updated": 0, "unchanged": 0}
        for name in KINDS:
            counts = getattr(self, name)
            parts.append(f"{counts.total} {name}")
            for key in changed:
                changed[key] += getattr(counts, key)
        verb = "would be " if self.dry_run else ""
        return (
            f"Content: {', '.join(parts)}; items {verb}created {changed['created']}, "
            f"{verb}updated {changed['updated']}, unchanged {changed['unchanged']}."
        )


def _missing(refs: list[Ref], known: set[str], what: str, problems: Problems) -> None:
    for ref in refs:
        if ref.slug not in known:
            problems.add(ref.path, ref.line, f"unknown {what} {ref.slug!r}.")


def content_references_check(*, content: ContentSet) -> None:
    """Raise :class:`ContentError` if the content names anything that does not exist.

    A slug is known when the content defines it or the academy already has it.
    """
    problems = Problems()
    blocker_refs = [ref for skill in content.skills for ref in skill.blocker_refs]
    skill_refs = [ref for course in content.courses for ref in course.skill_refs]
    course_refs = [
        ref for course in content.courses for ref in course.prerequisite_refs
    ]
    course_refs += [
        ref for curriculum in content.curricula for ref in curriculum.course_refs
    ]
    role_refs = [curriculum.role_ref for curriculum in content.curricula]

    blockers = {spec.slug for spec in content.blockers} | set(
        RolloutBlocker.objects.filter(
            slug__in={ref.slug for ref in blocker_refs}
        ).values_list("slug", flat=True)
    )
    skills = {spec.slug for spec in content.skills} | set(
        Skill.objects.filter(slug__in={ref.slug for ref in skill_refs}).values_list(
            "slug", flat=True
        )
    )
    courses = {spec.slug for spec in content.courses} | set(
        CoursePage.objects.filter(
            slug__in={ref.slug for ref in course_refs}
        ).values_list("slug", flat=True)
    )
    roles = set(
        Role.objects.filter(slug__in={ref.slug for ref in role_refs}).values_list(
            "slug", flat=True
        )
    )
    _missing(blocker_refs, blockers, "blocker", problems)
    _missing(skill_refs, skills, "skill", problems)
    _missing(course_refs, courses, "course", problems)
    _missing(role_refs, roles, "role", problems)
    if problems:
        raise ContentError(problems)


class _DryRun(Exception):
    """Raised to roll a dry run's transaction back."""


def content_load(*, content: ContentSet, dry_run: bool = False) -> ContentSummary:
    """Create or update everything in ``content``; with ``dry_run``, write nothing.

    Raises :class:`ContentError` (having written nothing) when the content names a
    blocker, skill, course or role the academy does not have.
    """
    summary = ContentSummary(dry_run=dry_run)
    try:
        with transaction.atomic():
            _load(content=content, summary=summary)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _load(*, content: ContentSet, summary: ContentSummary) -> None:
    content_references_check(content=content)
    setup = services.editorial_setup_ensure()
    if setup.curricula_index is None or setup.course_index is None:
        # Only a database emptied after migrating (as a test flush does) lacks
        # the home page; the rest of the demo does not need the content.
        summary.skipped = "the site has no home page for curricula and courses."
        return

    for spec in content.blockers:
        _blocker, change = services.blocker_ensure(
            slug=spec.slug,
            name=spec.name,
            description=spec.description,
            benchmark_percent=spec.benchmark_percent,
            source=services.BenchmarkSource(
                title=spec.benchmark_source_title,
                publisher=spec.benchmark_source_publisher,
                year=spec.benchmark_source_year,
                url=spec.benchmark_source_url,
            ),
        )
        summary.add("blockers", spec.slug, change)

    skills = {}
    for spec in content.skills:
        skill, change = services.skill_upsert(
            slug=spec.slug,
            name=spec.name,
            category=spec.category,
            description=spec.description,
            blockers=spec.blockers,
        )
        skills[spec.slug] = skill
        summary.add("skills", spec.slug, change)
    skill_slugs = {slug for course in content.courses for slug, _level in course.skills}
    skills.update(
        {
            skill.slug: skill
            for skill in Skill.objects.filter(slug__in=skill_slugs - skills.keys())
        }
    )

    courses = _existing_courses(content=content)
    for spec in content.courses:
        course, change = services.course_upsert(
            index=setup.course_index,
            slug=spec.slug,
            title=spec.title,
            summary=spec.summary,
            level=spec.level,
            pass_mark=spec.pass_mark,
            validity_months=spec.validity_months,
            skills=[(skills[slug], level) for slug, level in spec.skills],
            prerequisites=[courses[slug] for slug in spec.prerequisites],
        )
        courses[spec.slug] = course
        summary.add("courses", spec.slug, change)
        for lesson_spec in spec.lessons:
            _lesson, change = services.lesson_upsert(
                course=course,
                slug=lesson_spec.slug,
                title=lesson_spec.title,
                summary=lesson_spec.summary,
                estimated_minutes=lesson_spec.minutes,
                required=lesson_spec.required,
                objectives=lesson_spec.objectives,
                owner=lesson_spec.owner,
                last_reviewed=lesson_spec.last_reviewed,
                sources=lesson_spec.sources,
                body=_body_with_bank(
                    summary,
                    lesson_spec.body,
                    prefix=f"{spec.slug}/{lesson_spec.slug}/",
                    course_skills=[skills[slug].pk for slug, _level in spec.skills],
                ),
            )
            summary.add("lessons", f"{spec.slug}/{lesson_spec.slug}", change)
        services.lessons_order(
            course=course, slugs=[lesson.slug for lesson in spec.lessons]
        )

    roles = {
        role.slug: role
        for role in Role.objects.filter(slug__in={c.role for c in content.curricula})
    }
    for spec in content.curricula:
        _curriculum, change = services.curriculum_upsert(
            index=setup.curricula_index,
            slug=spec.slug,
            title=spec.title,
            role=roles[spec.role],
            intro=spec.intro,
            outcomes=spec.outcomes,
            validity_months=spec.validity_months,
            courses=[
                (courses[item.course], item.required, item.due_in_days)
                for item in spec.courses
            ],
        )
        summary.add("curricula", spec.slug, change)


def _existing_courses(*, content: ContentSet) -> dict[str, CoursePage]:
    """Courses the content refers to but does not define, from the academy."""
    defined = {spec.slug for spec in content.courses}
    wanted = {slug for spec in content.courses for slug in spec.prerequisites}
    wanted |= {item.course for spec in content.curricula for item in spec.courses}
    return {
        course.slug: course
        for course in CoursePage.objects.filter(slug__in=wanted - defined)
    }


def _body_with_bank(
    summary, body, *, prefix: str, course_skills: list[int]
) -> list[tuple[str, object]]:
    """The body with its check's questions in the bank and pools pointing there.

    A question's bank key is ``<course>/<lesson>/<id>``; it has the skills it
    lists, else the course's.
    """
    items = []
    for kind, value in body:
        if kind != "knowledge_check":
            items.append((kind, value))
            continue
        slugs = {slug for q in value["questions"] for slug in q["skills"]}
        slugs |= {pool["skill"] for pool in value["pools"] if pool["skill"]}
        skill_ids = dict(
            Skill.objects.filter(slug__in=slugs).values_list("slug", "pk")
        )
        upserted = services.bank_questions_upsert(
            [
                services.BankQuestionSpec(
                    key=prefix + q["id"],
                    kind=q["kind"],
                    prompt=q["prompt"],
                    explanation=q["explanation"],
                    options=tuple(q["options"]),
                    ai_prompt=q["ai_prompt"],
                    ai_answer=q["ai_answer"],
                    skill_ids=tuple(
                        sorted(skill_ids[s] for s in q["skills"])
                        if q["skills"]
                        else sorted(course_skills)
                    ),
                    difficulty=q["difficulty"],
                    status=q["status"],
                )
                for q in value["questions"]
            ]
        )
        for key, (_pk, change) in upserted.items():
            summary.add("questions", key, change)
        items.append(
            (
                kind,
                {
                    "title": value["title"],
                    "mode": value["mode"],
                    "max_attempts": value["max_attempts"],
                    "cooldown_minutes": value["cooldown_minutes"],
                    "pools": [
                        {
                            "skill": skill_ids.get(pool["skill"]),
                            "questions": [
                                upserted[prefix + qid][0] for qid in pool["questions"]
                            ],
                            "draw": pool["draw"],
                        }
                        for pool in value["pools"]
                    ],
                },
            )
        )
    return items
