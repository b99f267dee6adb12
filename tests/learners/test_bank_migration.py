"""Lessons and attempts from before the question bank keep working after it.

The rows are built in their old shape (inline questions in the lesson body,
attempts keyed by the lesson's own question ids, without versions), then the two
data migrations run over them.
"""

import importlib
import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from courses.models import BankQuestion, QuestionVersion
from learners.models import QuizAttempt, QuizResponse
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import attempt_start, attempt_submit
from tests.factories.courses import (
    multiple_question,
    single_question,
    true_false_question,
)
from tests.learners.checks import right_answers

pytestmark = pytest.mark.django_db

courses_0006 = importlib.import_module(
    "courses.migrations.0006_knowledge_checks_into_the_bank"
)
learners_0009 = importlib.import_module(
    "learners.migrations.0013_past_attempts_into_the_bank"
)

OLD_CHECK = {
    "type": "knowledge_check",
    "id": "8f1c2b9e-0000-4000-8000-000000000001",
    "value": {
        "title": "Check your understanding",
        "questions": [
            single_question("q1"),
            multiple_question("q2"),
            true_false_question("q3"),
        ],
    },
}


def _old_attempt(learner, lesson, answers, correct, when, number):
    right = {"q1": ["a"], "q2": ["a", "b"], "q3": ["false"]}
    attempt = QuizAttempt.objects.create(
        learner=learner,
        lesson=lesson,
        number=number,
        answers=answers,
        feedback=[
            {
                "question_id": qid,
                "correct": correct[qid],
                "selected": answers[qid],
                "correct_option_ids": right[qid],
                "explanation": "Stored at the time.",
            }
            for qid in ("q1", "q2", "q3")
        ],
        score_percent=round(100 * sum(correct.values()) / 3, 1),
        pass_mark=70,
        passed=sum(correct.values()) * 100 >= 70 * 3,
        submitted_at=when,
        started_at=when,
    )
    return attempt


@pytest.fixture
def old_world(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    lesson = world.quiz
    lesson.body = json.dumps([{"type": "heading", "value": "Baselines"}, OLD_CHECK])
    lesson.save(clean=False, update_fields=["body"])
    lesson.save_revision()
    now = timezone.now()
    failed = _old_attempt(
        enrolled,
        lesson,
        {"q1": ["a"], "q2": ["a"], "q3": ["false"]},
        {"q1": True, "q2": False, "q3": True},
        now - timedelta(days=3),
        1,
    )
    passed = _old_attempt(
        enrolled,
        lesson,
        {"q1": ["a"], "q2": ["a", "b"], "q3": ["false"]},
        {"q1": True, "q2": True, "q3": True},
        now - timedelta(days=2),
        2,
    )
    return lesson, enrolled, failed, passed


def _migrate():
    courses_0006.forwards(apps, None)
    learners_0009.attempts_backfill(apps, None)


def test_inline_questions_move_into_the_bank_as_version_one(old_world, world):
    lesson, *_ = old_world
    _migrate()
    prefix = f"{world.course.slug}/{lesson.slug}/"
    questions = BankQuestion.objects.filter(key__startswith=prefix).order_by("key")
    assert [q.key[len(prefix) :] for q in questions] == ["q1", "q2", "q3"]
    assert {(q.status, q.version) for q in questions} == {("live", 1)}
    assert QuestionVersion.objects.filter(question__in=questions).count() == 3
    lesson.refresh_from_db()
    check = lesson.check_settings
    assert check.mode == "practice"
    assert sorted(check.pools[0].question_ids) == sorted(q.pk for q in questions)
    assert check.pools[0].draw == 3
    revision_body = lesson.revisions.order_by("-pk").first().content["body"]
    text = (
        revision_body if isinstance(revision_body, str) else json.dumps(revision_body)
    )
    assert '"pools"' in text
    assert '"questions": [{"id": "q1"' not in text


def test_past_attempts_keep_their_scores_and_gain_versions(old_world):
    lesson, learner, failed, passed = old_world
    before = {
        a.pk: (a.score_percent, a.passed, a.submitted_at)
        for a in QuizAttempt.objects.all()
    }
    _migrate()
    after = {
        a.pk: (a.score_percent, a.passed, a.submitted_at)
        for a in QuizAttempt.objects.all()
    }
    assert after == before
    failed.refresh_from_db()
    passed.refresh_from_db()
    assert (failed.number, passed.number) == (1, 2)
    assert failed.status == passed.status == "submitted"
    assert len(failed.question_versions) == 3
    responses = QuizResponse.objects.filter(attempt=failed).order_by("position")
    assert [r.correct for r in responses] == [True, False, True]
    assert [r.selected for r in responses] == [["a"], ["a"], ["false"]]
    assert sorted(failed.answers) == sorted(str(v) for v in failed.question_versions)


def test_a_past_attempt_reads_as_before(old_world, client):
    lesson, learner, failed, _passed = old_world
    _migrate()
    client.force_login(learner.user)
    html = client.get(
        reverse("learners:attempt", kwargs={"attempt_id": failed.pk})
    ).content.decode()
    assert "67%" in html
    assert "Not passed yet" in html
    assert "Correct answer" in html
    assert "Which are signs of data drift?" in html


def test_running_the_migration_twice_adds_nothing(old_world):
    _migrate()
    counts = (BankQuestion.objects.count(), QuestionVersion.objects.count())
    courses_0006.forwards(apps, None)
    assert (BankQuestion.objects.count(), QuestionVersion.objects.count()) == counts


def test_a_migrated_check_takes_new_attempts(old_world):
    lesson, learner, *_ = old_world
    _migrate()
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    assert attempt.number == 3
    done, _ = attempt_submit(
        learner=learner, attempt_id=attempt.pk, answers=right_answers(attempt)
    )
    assert done.passed
