"""The evidence of demonstrated skill, read from the database into frames."""

from __future__ import annotations

import pytest

from analytics.frames import load_responses, load_version_skills
from analytics.metrics.columns import (
    ANSWERED_AT,
    CORRECT,
    LEARNER_ID,
    SKILL_ID,
    VERSION_ID,
)
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import attempt_start
from tests.factories import CoursePageFactory, LearnerFactory, LessonPageFactory
from tests.factories.courses import (
    SkillFactory,
    bank_questions,
    knowledge_check,
    multiple_question,
    single_question,
)
from tests.learners.checks import quiz_submit

pytestmark = pytest.mark.django_db


def test_answers_and_question_tags_load_as_frames(department):
    evaluation = SkillFactory(name="Output evaluation")
    governance = SkillFactory(name="Model governance")
    tagged = bank_questions(single_question("q1"), skills=[evaluation, governance])
    untagged = bank_questions(multiple_question("q2"))
    lesson = LessonPageFactory(
        parent=CoursePageFactory(title="Reviewing AI output"),
        title="Spotting weak answers",
        blocks=[
            knowledge_check(
                pools=[{"skill": None, "questions": tagged + untagged, "draw": 2}]
            )
        ],
    )
    ana = LearnerFactory(
        user__first_name="Ana", user__last_name="Petrova", department=department
    )
    enrolments_sync_for_learners(learner_ids=[ana.pk])
    quiz_submit(learner=ana, lesson_id=lesson.pk, answers={"q1": ["a"], "q2": ["c"]})
    # An attempt still open has no scored answers yet.
    attempt_start(learner=ana, lesson_id=lesson.pk)

    responses = load_responses()
    assert responses[LEARNER_ID].tolist() == [ana.pk, ana.pk]
    assert sorted(responses[CORRECT].tolist()) == [False, True]
    assert responses[ANSWERED_AT].notna().all()
    assert str(responses[ANSWERED_AT].dtype).startswith("datetime64")

    tags = load_version_skills()
    versions = set(responses[VERSION_ID])
    pairs = set(zip(tags[VERSION_ID], tags[SKILL_ID], strict=True))
    tagged_version = {v for v, _ in pairs if v in versions}
    assert len(tagged_version) == 1
    assert {s for v, s in pairs if v in versions} == {evaluation.pk, governance.pk}


def test_no_answers_load_as_empty_frames(db):
    assert load_responses().empty
    assert list(load_responses().columns) == [
        "response_id",
        LEARNER_ID,
        VERSION_ID,
        CORRECT,
        ANSWERED_AT,
    ]


def test_frames_for_completion_only_leave_the_answers_out(django_assert_num_queries):
    from analytics.frames import LOADERS, load_frames

    with django_assert_num_queries(len(LOADERS) - 2):
        frames = load_frames(answers=False)
    assert frames.responses.empty
    assert frames.version_skills.empty
