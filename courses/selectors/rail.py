"""The course outline beside a lesson (the "rail"): every lesson of the course
with the learner's status in it, the lesson being read, its neighbours and the
time left in the course.

The outline comes from the content cache (``course_outline``); the statuses from
whichever app fills ``LESSON_PROGRESS_HOOK`` (``learners``: one query for the
learner's progress in the course). So the rail costs a lesson page at most that
one query, whatever the number of lessons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wagtail import hooks

from core.hooks import LESSON_PROGRESS_HOOK

from ..data import LessonStatus
from .outlines import course_outline


@dataclass(frozen=True)
class RailLesson:
    id: int
    title: str
    url: str
    estimated_minutes: int
    required: bool
    status: LessonStatus
    current: bool

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class LessonRail:
    course_title: str
    course_url: str
    lessons: tuple[RailLesson, ...]
    #: Whether statuses are known (a learner signed in); without them the rail
    #: shows the outline only.
    tracked: bool

    @property
    def position(self) -> int:
        """The current lesson's place in the course, counting from 1."""
        return next(i for i, lesson in enumerate(self.lessons, 1) if lesson.current)

    @property
    def previous(self) -> RailLesson | None:
        index = self.position - 1
        return self.lessons[index - 1] if index > 0 else None

    @property
    def next(self) -> RailLesson | None:
        index = self.position - 1
        return self.lessons[index + 1] if index + 1 < len(self.lessons) else None

    @property
    def completed_count(self) -> int:
        return sum(1 for ls in self.lessons if ls.status == LessonStatus.COMPLETED)

    @property
    def minutes_left(self) -> int:
        """Minutes of the lessons not completed yet, the current one included."""
        return sum(
            lesson.estimated_minutes
            for lesson in self.lessons
            if lesson.status != LessonStatus.COMPLETED
        )


def lesson_statuses(request, course_id: int) -> Mapping[int, str] | None:
    """The signed-in person's status per lesson of the course, from the first
    ``LESSON_PROGRESS_HOOK`` function that tracks them; ``None`` if none does."""
    for fn in hooks.get_hooks(LESSON_PROGRESS_HOOK):
        statuses = fn(request, course_id)
        if statuses is not None:
            return statuses
    return None


def lesson_rail(request, *, lesson_id: int, course_id: int | None) -> LessonRail | None:
    """The rail for a live lesson of a live course; ``None`` for a lesson the
    published outline does not list (a draft being previewed, say)."""
    if course_id is None:
        return None
    outline = course_outline(course_id)
    if outline is None or lesson_id not in {ls.id for ls in outline.lessons}:
        return None
    statuses = lesson_statuses(request, course_id)
    known = statuses or {}
    return LessonRail(
        course_title=outline.title,
        course_url=outline.url,
        lessons=tuple(
            RailLesson(
                id=lesson.id,
                title=lesson.title,
                url=lesson.url,
                estimated_minutes=lesson.estimated_minutes,
                required=lesson.required,
                status=LessonStatus(known.get(lesson.id, LessonStatus.NOT_STARTED)),
                current=lesson.id == lesson_id,
            )
            for lesson in outline.lessons
        ),
        tracked=statuses is not None,
    )
