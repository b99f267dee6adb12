"""Load the academy's shipped content: blockers, skills, courses, lessons, curricula.

The content lives as data in ``courses/demo_content``; this module only feeds it
through the services, matching everything by slug. A second run finds every item
unchanged and writes nothing (no new revisions either).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from . import services
from .blockers import DEFAULT_BLOCKERS
from .demo_content import business, engineering, product
from .demo_content.curricula import CURRICULA
from .demo_content.schema import CourseSpec
from .demo_content.skills import SKILL_SPECS
from .models import Role
from .services import Counts

COURSE_SPECS: list[CourseSpec] = [
    *business.COURSES,
    *engineering.COURSES,
    *product.COURSES,
]


class DemoContentError(Exception):
    """The shipped content does not fit together (a bug in the content)."""


@dataclass
class DemoContentSummary:
    blockers: Counts = field(default_factory=Counts)
    skills: Counts = field(default_factory=Counts)
    courses: Counts = field(default_factory=Counts)
    lessons: Counts = field(default_factory=Counts)
    curricula: Counts = field(default_factory=Counts)
    skipped: str = ""

    def line(self) -> str:
        if self.skipped:
            return f"Content: not loaded: {self.skipped}"
        parts = []
        changed = {"created": 0, "updated": 0, "unchanged": 0}
        for name in ("blockers", "skills", "courses", "lessons", "curricula"):
            counts = getattr(self, name)
            parts.append(f"{counts.total} {name}")
            for key in changed:
                changed[key] += getattr(counts, key)
        return (
            f"Content: {', '.join(parts)}; items created {changed['created']}, "
            f"updated {changed['updated']}, unchanged {changed['unchanged']}."
        )


def prerequisites_first(specs: Sequence[CourseSpec]) -> list[CourseSpec]:
    """The courses ordered so each comes after its prerequisites."""
    by_slug = {spec.slug: spec for spec in specs}
    ordered: list[CourseSpec] = []
    state: dict[str, str] = {}

    def visit(spec: CourseSpec) -> None:
        if state.get(spec.slug) == "done":
            return
        if state.get(spec.slug) == "visiting":
            raise DemoContentError(f"Prerequisites form a cycle at {spec.slug!r}.")
        state[spec.slug] = "visiting"
        for slug in spec.prerequisites:
            if slug not in by_slug:
                raise DemoContentError(
                    f"{spec.slug!r} needs unknown prerequisite {slug!r}."
                )
            visit(by_slug[slug])
        state[spec.slug] = "done"
        ordered.append(spec)

    for spec in specs:
        visit(spec)
    return ordered


@transaction.atomic
def demo_content_load() -> DemoContentSummary:
    summary = DemoContentSummary()
    setup = services.editorial_setup_ensure()
    if setup.curricula_index is None or setup.course_index is None:
        # Only a database emptied after migrating (as a test flush does) lacks
        # the home page; the rest of the demo does not need the content.
        summary.skipped = "the site has no home page for curricula and courses."
        return summary

    for spec in DEFAULT_BLOCKERS:
        _blocker, change = services.blocker_ensure(**spec)
        summary.blockers.add(change)

    skills = {}
    for spec in SKILL_SPECS:
        skill, change = services.skill_upsert(
            slug=spec.slug,
            name=spec.name,
            category=spec.category,
            description=spec.description,
            blockers=spec.blockers,
        )
        skills[spec.slug] = skill
        summary.skills.add(change)

    courses = {}
    for spec in prerequisites_first(COURSE_SPECS):
        unknown = [slug for slug, _level in spec.skills if slug not in skills]
        if unknown:
            raise DemoContentError(f"{spec.slug!r} teaches unknown skills {unknown}.")
        course, change = services.course_upsert(
            index=setup.course_index,
            slug=spec.slug,
            title=spec.title,
            summary=spec.summary,
            level=spec.level,
            pass_mark=spec.pass_mark,
            skills=[(skills[slug], level) for slug, level in spec.skills],
            prerequisites=[courses[slug] for slug in spec.prerequisites],
        )
        courses[spec.slug] = course
        summary.courses.add(change)
        for lesson_spec in spec.lessons:
            _lesson, change = services.lesson_upsert(
                course=course,
                slug=lesson_spec.slug,
                title=lesson_spec.title,
                summary=lesson_spec.summary,
                estimated_minutes=lesson_spec.minutes,
                required=lesson_spec.required,
                body=lesson_spec.body,
            )
            summary.lessons.add(change)
        services.lessons_order(
            course=course, slugs=[lesson.slug for lesson in spec.lessons]
        )

    roles = {role.slug: role for role in Role.objects.all()}
    for spec in CURRICULA:
        if spec.role_slug not in roles:
            raise DemoContentError(f"No role {spec.role_slug!r} for {spec.slug!r}.")
        missing = [item.course for item in spec.courses if item.course not in courses]
        if missing:
            raise DemoContentError(f"{spec.slug!r} lists unknown courses {missing}.")
        _curriculum, change = services.curriculum_upsert(
            index=setup.curricula_index,
            slug=spec.slug,
            title=spec.title,
            role=roles[spec.role_slug],
            intro=spec.intro,
            outcomes=spec.outcomes,
            courses=[
                (courses[item.course], item.required, item.due_in_days)
                for item in spec.courses
            ],
        )
        summary.curricula.add(change)
    return summary
