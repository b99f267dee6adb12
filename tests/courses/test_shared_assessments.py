"""A lesson's check and the course's assessment in another lesson that draws the
same bank questions (ADR 0023)."""

import pytest

from courses import api as courses_api
from courses.data import CheckSettings, Pool
from courses.models import LessonPage
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    SkillFactory,
)
from tests.factories.courses import (
    bank_questions,
    knowledge_check,
    single_question,
    true_false_question,
)

pytestmark = pytest.mark.django_db


def _check_of(lesson: LessonPage):
    return LessonPage.objects.get(pk=lesson.pk).check_settings


@pytest.fixture
def course_with_assessment():
    skill = SkillFactory(name="Spotting leaked data")
    by_skill = bank_questions(single_question(), skills=[skill])
    other = bank_questions(true_false_question())
    course = CoursePageFactory(title="Handling customer data")
    lesson = LessonPageFactory(
        parent=course,
        title="Redacting case notes",
        blocks=[("heading", "Redaction"), knowledge_check()],
    )
    assessment = LessonPageFactory(
        parent=course,
        title="Course assessment",
        blocks=[
            ("heading", "Final assessment"),
            knowledge_check(
                mode="assessment",
                pools=[{"skill": skill.pk, "questions": [], "draw": 1}],
            ),
        ],
    )
    practice = LessonPageFactory(
        parent=course,
        title="Practice round",
        blocks=[
            ("heading", "Practice"),
            knowledge_check(pools=[{"skill": skill.pk, "questions": [], "draw": 1}]),
        ],
    )
    return lesson, assessment, practice, by_skill, other


def test_a_question_drawn_by_skill_in_the_assessment_re_opens_it(
    course_with_assessment,
):
    lesson, assessment, practice, by_skill, _ = course_with_assessment
    before = _check_of(lesson)
    # The revision makes the lesson's check draw the skill's question instead.
    after = CheckSettings(
        title=before.title,
        mode=before.mode,
        pools=(Pool(draw=1, question_ids=tuple(by_skill)),),
        max_attempts=before.max_attempts,
        cooldown_minutes=before.cooldown_minutes,
    )
    changed = courses_api.changed_question_ids(before, after)
    assert set(by_skill) <= changed
    shared = courses_api.assessments_sharing_questions(lesson.pk, changed)
    # The assessment draws the question by its skill; the practice check is
    # not an assessment, and the lesson itself is not counted.
    assert shared == [assessment.pk]


def test_questions_no_assessment_draws_re_open_nothing(course_with_assessment):
    lesson, _, _, _, other = course_with_assessment
    assert courses_api.assessments_sharing_questions(lesson.pk, other) == []
    assert courses_api.assessments_sharing_questions(lesson.pk, []) == []


def test_an_unchanged_check_changes_no_question(course_with_assessment):
    lesson, *_ = course_with_assessment
    check = _check_of(lesson)
    assert courses_api.changed_question_ids(check, check) == set()
    assert courses_api.changed_question_ids(None, None) == set()
