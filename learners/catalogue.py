"""The course catalogue (``/courses/``): every published course with the signed-in
person's progress, filters, pagination and search.

The cards, filter choices and search hits come from ``courses.api`` (the cards
from the content cache); this module adds the person's enrolments (one query)
and filters in memory, so a page costs the same number of queries whatever the
number of courses (tests/learners/test_catalogue.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from courses import api as courses_api

from .models import CourseEnrolment, EnrolmentStatus, Learner
from .selectors import my_learning

PAGE_SIZE = 12
MAX_QUERY_LENGTH = 200

#: Course length buckets: (value, label, shortest minutes, longest minutes).
LENGTHS = (
    ("short", "Under 30 minutes", 0, 29),
    ("medium", "30 to 60 minutes", 30, 60),
    ("long", "Over an hour", 61, None),
)
STATUSES = (
    (EnrolmentStatus.NOT_STARTED.value, "Not started"),
    (EnrolmentStatus.IN_PROGRESS.value, "In progress"),
    (EnrolmentStatus.COMPLETED.value, "Completed"),
)
#: The filters a person can set, with the label a message names them by.
FILTER_LABELS = {
    "role": "role",
    "skill": "skill",
    "blocker": "rollout blocker",
    "length": "length",
    "status": "status",
}


@dataclass(frozen=True)
class CatalogueFilters:
    """What the GET form asked for, with values it did not recognise set aside."""

    query: str = ""
    role: str = ""
    skill: str = ""
    blocker: str = ""
    length: str = ""
    status: str = ""
    ignored: tuple[str, ...] = field(default=())

    @classmethod
    def from_query(cls, data, *, catalogue) -> CatalogueFilters:
        """Read the form; an unknown value is dropped and named in ``ignored``."""
        allowed = {
            "role": {facet.slug for facet in catalogue.roles},
            "skill": {facet.slug for facet in catalogue.skills},
            "blocker": {facet.slug for facet in catalogue.blockers},
            "length": {value for value, *_ in LENGTHS},
            "status": {value for value, _ in STATUSES},
        }
        values = {}
        ignored = []
        for name, choices in allowed.items():
            value = str(data.get(name, "")).strip()
            if value and value not in choices:
                ignored.append(FILTER_LABELS[name])
                value = ""
            values[name] = value
        query = " ".join(str(data.get("q", "")).split())[:MAX_QUERY_LENGTH]
        return cls(query=query, ignored=tuple(ignored), **values)

    @property
    def is_filtered(self) -> bool:
        return any((self.role, self.skill, self.blocker, self.length, self.status))

    @property
    def is_active(self) -> bool:
        return bool(self.query) or self.is_filtered


@dataclass(frozen=True)
class CourseProgress:
    status: str
    status_label: str
    lessons_done: int
    lessons_total: int

    @property
    def percent(self) -> int:
        if not self.lessons_total:
            return 100 if self.status == EnrolmentStatus.COMPLETED else 0
        return round(100 * self.lessons_done / self.lessons_total)


NOT_STARTED = CourseProgress(EnrolmentStatus.NOT_STARTED, "Not started", 0, 0)


@dataclass(frozen=True)
class CatalogueCard:
    course: courses_api.CatalogueCourse
    progress: CourseProgress
    # Lessons of this course that matched the search.
    lesson_hits: tuple = ()


@dataclass(frozen=True)
class CatalogueResults:
    cards: list[CatalogueCard]
    curricula: tuple
    total_courses: int


def course_progress(*, learner: Learner | None) -> dict[int, CourseProgress]:
    """The learner's enrolments by course id, in one query."""
    if learner is None:
        return {}
    labels = dict(STATUSES)
    progress = {}
    for course_id, status, done, total in CourseEnrolment.objects.filter(
        learner=learner
    ).values_list(
        "course_id", "status", "required_lessons_completed", "required_lessons_total"
    ):
        if status == EnrolmentStatus.NOT_STARTED and done:
            status = EnrolmentStatus.IN_PROGRESS
        progress[course_id] = CourseProgress(status, labels[status], done, total)
    return progress


def _length_matches(minutes: int, bucket: str) -> bool:
    for value, _label, shortest, longest in LENGTHS:
        if value == bucket:
            return minutes >= shortest and (longest is None or minutes <= longest)
    return True


def catalogue_results(
    *, catalogue, filters: CatalogueFilters, learner: Learner | None
) -> CatalogueResults:
    """The cards the filters and the search keep: by relevance when searching,
    else by title."""
    progress = course_progress(learner=learner)
    courses = list(catalogue.courses)
    lesson_hits: dict[int, tuple] = {}
    curricula: tuple = ()
    if filters.query:
        hits = courses_api.catalogue_search(filters.query)
        by_id = {course.id: course for course in courses}
        courses = [by_id[pk] for pk in hits.matched_course_ids if pk in by_id]
        lesson_hits = hits.lessons_by_course
        curricula = hits.curricula

    def keep(course) -> bool:
        state = progress.get(course.id, NOT_STARTED)
        return (
            (not filters.role or any(r.slug == filters.role for r in course.roles))
            and (
                not filters.skill or any(s.slug == filters.skill for s in course.skills)
            )
            and (
                not filters.blocker
                or any(b.slug == filters.blocker for b in course.blockers)
            )
            and (not filters.length or _length_matches(course.minutes, filters.length))
            and (
                not filters.status
                or learner is None  # no profile, no progress to filter by
                or state.status == filters.status
            )
        )

    cards = [
        CatalogueCard(
            course=course,
            progress=progress.get(course.id, NOT_STARTED),
            lesson_hits=lesson_hits.get(course.id, ()),
        )
        for course in courses
        if keep(course)
    ]
    return CatalogueResults(
        cards=cards, curricula=curricula, total_courses=len(catalogue.courses)
    )


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str
    reason: str


def next_course_suggestion(*, learner: Learner | None, catalogue) -> Suggestion | None:
    """Where to go when nothing matches: the course the learner is part-way
    through (as on the home page and My learning), else the first course of
    their role they have not completed, else the first course not started."""
    if learner is None:
        return None
    dashboard = my_learning(learner=learner)
    next_up = next((row for row in dashboard.in_progress if row.resume_url), None)
    if next_up is not None:
        return Suggestion(next_up.title, next_up.url, "Continue where you left off")
    progress = course_progress(learner=learner)
    open_courses = [
        course
        for course in catalogue.courses
        if progress.get(course.id, NOT_STARTED).status != EnrolmentStatus.COMPLETED
    ]
    for_role = next(
        (
            course
            for course in open_courses
            if any(role.id == learner.role_id for role in course.roles)
        ),
        None,
    )
    if for_role is not None:
        return Suggestion(for_role.title, for_role.url, "Next for your role")
    if open_courses:
        return Suggestion(open_courses[0].title, open_courses[0].url, "Try")
    return None
