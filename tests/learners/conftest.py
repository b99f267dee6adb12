"""A small course world for the learner journey: one role, its curriculum, a course."""

from dataclasses import dataclass

import pytest

from courses.models import LessonPage
from tests.factories import (
    CoursePageFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LearnerFactory,
    LessonPageFactory,
    RoleFactory,
)
from tests.factories.courses import lesson_body

ALL_RIGHT = {"q1": ["a"], "q2": ["a", "b"], "q3": ["false"]}
ONE_WRONG = {"q1": ["a"], "q2": ["a"], "q3": ["false"]}


@dataclass
class World:
    role: object
    curriculum: object
    course: object
    reading: LessonPage  # required, no knowledge check
    quiz: LessonPage  # required, ends with a three-question check
    extra: LessonPage  # optional
    second_course: object
    second_lesson: LessonPage


@pytest.fixture
def world(db):
    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    course = CoursePageFactory(title="Judging AI output", pass_mark=70)
    reading = LessonPageFactory(
        parent=course,
        title="Spotting fabricated facts",
        blocks=lesson_body(check=False),
    )
    quiz = LessonPageFactory(parent=course, title="Bias and leaked data")
    extra = LessonPageFactory(
        parent=course,
        title="Further reading",
        required=False,
        blocks=lesson_body(check=False),
    )
    second = CoursePageFactory(title="Handling data safely", pass_mark=70)
    second_lesson = LessonPageFactory(
        parent=second, title="Data classes", blocks=lesson_body(check=False)
    )
    curriculum = CurriculumPageFactory(title="Claims analyst track", role=role)
    CurriculumCourseFactory(
        page=curriculum, course=course, required=True, due_in_days=14
    )
    CurriculumCourseFactory(
        page=curriculum, course=second, required=True, due_in_days=30
    )
    curriculum.save_revision().publish()
    return World(role, curriculum, course, reading, quiz, extra, second, second_lesson)


@pytest.fixture
def enrolled(world, department, manager):
    return LearnerFactory(
        user__first_name="Amara",
        user__last_name="Okafor",
        department=department,
        manager=manager,
        role=world.role,
    )
