import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.api import SubmissionError
from learners.models import (
    Certificate,
    CourseEnrolment,
    CurriculumEnrolment,
    EnrolmentStatus,
    LessonProgress,
    QuizAttempt,
    QuizResponse,
)
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import (
    AttemptRefused,
    LessonUnavailable,
    ProgressError,
    _completion_claim,
    attempt_start,
    attempt_submit,
    lesson_mark_complete,
    lesson_view,
)
from tests.learners.checks import by_version, quiz_submit
from tests.learners.conftest import ALL_RIGHT, ONE_WRONG

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    return enrolled


def _course(learner, world):
    return CourseEnrolment.objects.get(learner=learner, course=world.course)


def test_opening_a_lesson_records_it_and_starts_the_course(world, started):
    lesson_view(learner=started, lesson_id=world.reading.pk)
    lesson_view(learner=started, lesson_id=world.reading.pk)
    assert LessonProgress.objects.filter(learner=started).count() == 1
    enrolment = _course(started, world)
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS
    assert enrolment.started_at is not None


def test_opening_a_lesson_of_another_course_self_enrols(world, learner):
    lesson_view(learner=learner, lesson_id=world.reading.pk)
    assert _course(learner, world).source == "self"


def test_unpublished_lesson_is_unavailable(world, started):
    world.reading.unpublish()
    with pytest.raises(LessonUnavailable):
        lesson_view(learner=started, lesson_id=world.reading.pk)
    with pytest.raises(LessonUnavailable):
        lesson_mark_complete(learner=started, lesson_id=999_999)


def test_mark_complete_counts_once(world, started):
    first = lesson_mark_complete(learner=started, lesson_id=world.reading.pk)
    second = lesson_mark_complete(learner=started, lesson_id=world.reading.pk)
    assert first.lesson_newly_completed
    assert not second.lesson_newly_completed
    enrolment = _course(started, world)
    assert enrolment.required_lessons_completed == 1
    assert enrolment.progress == pytest.approx(0.5)


def test_lesson_with_a_check_cannot_be_marked_complete(world, started):
    with pytest.raises(ProgressError, match="knowledge check"):
        lesson_mark_complete(learner=started, lesson_id=world.quiz.pk)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_optional_lessons_do_not_move_the_required_counter(world, started):
    lesson_mark_complete(learner=started, lesson_id=world.extra.pk)
    assert _course(started, world).required_lessons_completed == 0


def test_failed_check_is_stored_and_does_not_complete(world, started):
    attempt, event = quiz_submit(
        learner=started, lesson_id=world.quiz.pk, answers=ONE_WRONG
    )
    assert not attempt.passed
    assert event is None
    assert attempt.score_percent == pytest.approx(66.7)
    assert not LessonProgress.objects.filter(
        lesson=world.quiz, completed_at__isnull=False
    ).exists()


def test_tampered_submission_stores_nothing(world, started):
    with pytest.raises(SubmissionError):
        quiz_submit(
            learner=started, lesson_id=world.quiz.pk, answers={**ALL_RIGHT, "q9": ["a"]}
        )
    assert not QuizAttempt.objects.filter(status="submitted").exists()
    assert not QuizResponse.objects.exists()
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_course_completes_with_provenance_and_a_certificate(world, started):
    lesson_mark_complete(learner=started, lesson_id=world.reading.pk)
    quiz_submit(learner=started, lesson_id=world.quiz.pk, answers=ONE_WRONG)
    attempt, event = quiz_submit(
        learner=started, lesson_id=world.quiz.pk, answers=ALL_RIGHT
    )
    assert attempt.passed
    assert event.course_completed
    enrolment = _course(started, world)
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.completion_reason == (
        "2 of 2 required lessons complete; knowledge check passed at 100% "
        "(pass mark 70%)."
    )
    certificate = Certificate.objects.get(learner=started, course=world.course)
    assert certificate.item_title == "Judging AI output"
    assert QuizAttempt.objects.filter(learner=started).count() == 2
    # The curriculum moves on by one required course.
    curriculum = CurriculumEnrolment.objects.get(learner=started)
    assert curriculum.required_courses_completed == 1
    assert curriculum.status == EnrolmentStatus.IN_PROGRESS


def test_curriculum_completes_when_every_required_course_does(world, started):
    lesson_mark_complete(learner=started, lesson_id=world.reading.pk)
    quiz_submit(learner=started, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    lesson_mark_complete(learner=started, lesson_id=world.second_lesson.pk)
    curriculum = CurriculumEnrolment.objects.get(learner=started)
    assert curriculum.status == EnrolmentStatus.COMPLETED
    assert curriculum.completion_reason == (
        "2 of 2 required courses complete: Judging AI output, Handling data safely."
    )
    assert Certificate.objects.filter(learner=started, kind="curriculum").count() == 1


def test_retaking_after_completion_changes_no_counters(world, started):
    lesson_mark_complete(learner=started, lesson_id=world.reading.pk)
    quiz_submit(learner=started, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    quiz_submit(learner=started, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    enrolment = _course(started, world)
    assert enrolment.required_lessons_completed == 2
    assert Certificate.objects.filter(learner=started).count() == 1


def test_a_progress_event_costs_a_fixed_number_of_statements(world, started):
    lesson_view(learner=started, lesson_id=world.reading.pk)
    with CaptureQueriesContext(connection) as first:
        lesson_mark_complete(learner=started, lesson_id=world.reading.pk)
    with CaptureQueriesContext(connection) as repeat:
        lesson_mark_complete(learner=started, lesson_id=world.reading.pk)
    assert len(first) <= 14
    assert len(repeat) <= 11


@pytest.mark.parametrize("model", [CourseEnrolment, CurriculumEnrolment])
def test_only_the_first_completion_claim_wins(world, started, model):
    enrolment = model.objects.filter(learner=started).first()
    first = timezone.now()
    assert _completion_claim(model, pk=enrolment.pk, reason="All done.", now=first)
    later = timezone.now()
    assert not _completion_claim(model, pk=enrolment.pk, reason="Again.", now=later)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.completion_reason == "All done."
    assert enrolment.completed_at == first
    assert enrolment.last_activity_at == first
    assert enrolment.progress == 1.0


@pytest.mark.postgres  # row locking is only meaningful on PostgreSQL
@pytest.mark.django_db(transaction=True)
def test_simultaneous_completions_leave_one_row_and_right_counters(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    lesson_mark_complete(learner=enrolled, lesson_id=world.reading.pk)
    errors = []
    starting = threading.Barrier(8)
    submitting = threading.Barrier(8)

    def submit():
        try:
            # Every start lands before any submit, as when one learner's
            # double clicks and retried requests arrive together; a start
            # after a submit would be a retake, which a practice check allows.
            starting.wait(timeout=10)
            attempt = attempt_start(learner=enrolled, lesson_id=world.quiz.pk)
            submitting.wait(timeout=10)
            attempt_submit(
                learner=enrolled,
                attempt_id=attempt.pk,
                answers=by_version(attempt, ALL_RIGHT),
            )
        except AttemptRefused:
            pass  # the loser of a race for one attempt: refused, nothing written
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert (
        LessonProgress.objects.filter(learner=enrolled, lesson=world.quiz).count() == 1
    )
    enrolment = _course(enrolled, world)
    assert enrolment.required_lessons_completed == 2
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert Certificate.objects.filter(learner=enrolled, kind="course").count() == 1
    # Racing starts share the one open attempt; racing submits count it once.
    assert QuizAttempt.objects.filter(learner=enrolled).count() == 1
    assert (
        CurriculumEnrolment.objects.get(learner=enrolled).required_courses_completed
        == 1
    )
