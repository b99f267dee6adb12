"""Checking practice questions one at a time: stored, locked, revealed; and the
time spent on each question (ADR 0026)."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import api as courses_api
from learners.models import AttemptStatus, QuizAttempt, QuizResponse
from learners.services import progress as progress_services
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import (
    AttemptRefused,
    attempt_check,
    attempt_start,
    attempt_submit,
)
from tests.factories import LessonPageFactory
from tests.factories.courses import knowledge_check, single_question
from tests.learners.checks import right_answers

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TITLES = iter(f"Checking an AI summary, part {n}" for n in range(1, 1000))


@pytest.fixture
def learner(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    return enrolled


def _lesson(world, count=3, **check):
    questions = [single_question(f"q{n}") for n in range(1, count + 1)]
    return LessonPageFactory(
        parent=world.course,
        title=next(TITLES),
        blocks=[
            ("heading", "Before you trust it"),
            knowledge_check(*questions, **check),
        ],
    )


def _started(world, learner, count=3, **check):
    lesson = _lesson(world, count, **check)
    return attempt_start(learner=learner, lesson_id=lesson.pk)


def _wrong_option(attempt, version):
    question = courses_api.questions_by_version([version])[version]
    return next(o.id for o in question.options if not o.correct)


def _url(attempt, version):
    return reverse(
        "learners:attempt_check",
        kwargs={"attempt_id": attempt.pk, "question_id": version},
    )


def _post(client, attempt, version, answer, **extra):
    data = {f"q-{version}": answer} if answer else {}
    return client.post(
        _url(attempt, version), {**data, **extra.pop("data", {})}, **extra
    )


# --- Checking one question -----------------------------------------------------------


def test_checking_a_question_stores_locks_and_reveals_only_that_question(
    client, world, learner
):
    attempt = _started(world, learner)
    client.force_login(learner.user)
    first, second = attempt.question_versions[:2]
    wrong = _wrong_option(attempt, first)
    response = _post(client, attempt, first, wrong, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    # The fragment is the one question, locked and revealed.
    assert page.lstrip().startswith("<fieldset")
    assert f'id="question-{first}"' in page
    assert f'id="question-{second}"' not in page
    assert "Not quite." in page
    assert "Without a baseline there is nothing to compare results to." in page
    assert "Correct answer" in page
    assert page.count("disabled") == 3
    assert "Check answer" not in page
    stored = QuizResponse.objects.get(attempt=attempt)
    assert stored.question_version_id == first
    assert stored.selected == [wrong]
    assert stored.correct is False
    assert stored.position == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.OPEN


def test_without_javascript_the_page_comes_back_at_the_question_with_answers_kept(
    client, world, learner
):
    attempt = _started(world, learner)
    client.force_login(learner.user)
    first, second, third = attempt.question_versions
    response = client.post(
        _url(attempt, first), {f"q-{first}": "a", f"q-{second}": "b"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page
    assert page.count("Check answer") == 2  # the two questions not yet checked
    assert f'id="q-{second}-b" value="b" aria-describedby="hint-{second}" checked' in (
        page
    )
    assert "Correct." in page
    # The button posts the whole form to the check URL, which ends at the question.
    assert f'formaction="{_url(attempt, second)}#question-{second}"' in page
    assert "formnovalidate" in page


def test_the_attempt_page_shows_checked_questions_locked_after_a_reload(
    client, world, learner
):
    attempt = _started(world, learner)
    client.force_login(learner.user)
    first = attempt.question_versions[0]
    _post(client, attempt, first, "a")
    page = client.get(reverse("learners:attempt", args=[attempt.pk])).content.decode()
    assert page.count("Check answer") == 2
    assert f'id="q-{first}-a" value="a" aria-describedby="hint-{first}" checked' in page
    assert "Your checked answer is kept" in page


def test_submission_scores_checked_and_unchecked_questions_together(world, learner):
    attempt = _started(world, learner)
    first, second, third = attempt.question_versions
    wrong = _wrong_option(attempt, first)
    attempt_check(
        learner=learner,
        attempt_id=attempt.pk,
        question_id=first,
        answers={str(first): [wrong]},
    )
    # The form cannot change a checked answer: the stored one is scored.
    answers = right_answers(attempt)
    done, _event = attempt_submit(
        learner=learner, attempt_id=attempt.pk, answers=answers
    )
    assert done.score_percent == pytest.approx(66.7)
    assert done.answers[str(first)] == [wrong]
    rows = {r.question_version_id: r for r in QuizResponse.objects.filter(attempt=done)}
    assert set(rows) == {first, second, third}
    assert [rows[v].position for v in (first, second, third)] == [1, 2, 3]
    assert rows[first].correct is False
    assert rows[second].correct
    assert rows[third].correct


def test_a_submission_may_leave_out_the_checked_questions(world, learner):
    attempt = _started(world, learner, count=2)
    first, second = attempt.question_versions
    attempt_check(
        learner=learner,
        attempt_id=attempt.pk,
        question_id=first,
        answers={str(first): ["a"]},
    )
    done, _ = attempt_submit(
        learner=learner, attempt_id=attempt.pk, answers={str(second): ["a"]}
    )
    assert done.passed
    assert QuizResponse.objects.filter(attempt=done).count() == 2


# --- Refusals ------------------------------------------------------------------------


def test_an_assessment_question_cannot_be_checked(client, world, learner):
    attempt = _started(world, learner, mode="assessment")
    client.force_login(learner.user)
    version = attempt.question_versions[0]
    page = client.get(reverse("learners:attempt", args=[attempt.pk])).content.decode()
    assert "Check answer" not in page
    response = _post(client, attempt, version, "a")
    assert response.status_code == 400
    assert "feedback per skill" in response.content.decode()
    htmx = _post(client, attempt, version, "a", **HTMX)
    assert htmx.status_code == 400
    assert "feedback per skill" in htmx.content.decode()
    assert not QuizResponse.objects.filter(attempt=attempt).exists()


def test_a_question_not_drawn_or_another_persons_attempt_is_not_found(
    client, world, learner, other_learner
):
    mine = _started(world, learner, count=4)
    lesson = _lesson(world, 8, draw=2)
    drawn = attempt_start(learner=learner, lesson_id=lesson.pk)
    client.force_login(learner.user)
    other_version = next(v for v in mine.question_versions)
    assert _post(client, drawn, other_version, "a").status_code == 404
    client.force_login(other_learner.user)
    assert _post(client, mine, mine.question_versions[0], "a").status_code == 404
    assert not QuizResponse.objects.exists()


def test_a_submitted_attempt_or_a_checked_question_is_refused(client, world, learner):
    attempt = _started(world, learner)
    client.force_login(learner.user)
    first, second, _third = attempt.question_versions
    assert _post(client, attempt, first, "a").status_code == 200
    again = _post(client, attempt, first, "b", **HTMX)
    assert again.status_code == 409
    assert "checked this question already" in again.content.decode()
    assert QuizResponse.objects.get(attempt=attempt).selected == ["a"]
    attempt_submit(
        learner=learner, attempt_id=attempt.pk, answers=right_answers(attempt)
    )
    late = _post(client, attempt, second, "a")
    assert late.status_code == 409
    assert "already submitted" in late.content.decode()
    late_htmx = _post(client, attempt, second, "a", **HTMX)
    assert late_htmx.status_code == 409
    assert f'id="question-{second}"' in late_htmx.content.decode()
    assert QuizResponse.objects.get(
        attempt=attempt, question_version_id=second
    ).selected == ["a"]


def test_an_empty_or_foreign_answer_is_refused_and_nothing_is_stored(
    client, world, learner
):
    attempt = _started(world, learner)
    client.force_login(learner.user)
    first = attempt.question_versions[0]
    empty = _post(client, attempt, first, "", **HTMX)
    assert empty.status_code == 400
    assert "Choose an answer before you check it." in empty.content.decode()
    assert "Check answer" in empty.content.decode()
    plain = _post(client, attempt, first, "")
    assert plain.status_code == 400
    assert "Choose an answer before you check it." in plain.content.decode()
    assert _post(client, attempt, first, "zz").status_code == 400
    assert not QuizResponse.objects.filter(attempt=attempt).exists()


def test_checking_answers_only_to_post(client, world, learner):
    attempt = _started(world, learner)
    client.force_login(learner.user)
    assert client.get(_url(attempt, attempt.question_versions[0])).status_code == 405


def test_a_check_that_loses_a_race_is_refused_and_one_response_stays(world, learner):
    attempt = _started(world, learner)
    first = attempt.question_versions[0]
    real = progress_services.question_seconds

    def racing(**kwargs):
        # Another check of the same question lands between the read and the write.
        QuizResponse.objects.create(
            attempt=attempt,
            question_version_id=first,
            position=1,
            selected=["b"],
            correct=False,
        )
        return real(**kwargs)

    with (
        mock.patch.object(progress_services, "question_seconds", side_effect=racing),
        pytest.raises(AttemptRefused, match="checked this question already"),
    ):
        attempt_check(
            learner=learner,
            attempt_id=attempt.pk,
            question_id=first,
            answers={str(first): ["a"]},
        )
    assert QuizResponse.objects.get(attempt=attempt).selected == ["b"]


@pytest.mark.postgres  # racing transactions are only meaningful on PostgreSQL
@pytest.mark.django_db(transaction=True)
def test_racing_checks_store_one_response(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    attempt = _started(world, enrolled)
    first = attempt.question_versions[0]
    outcomes = []
    barrier = threading.Barrier(4)

    def check():
        try:
            barrier.wait(timeout=10)
            attempt_check(
                learner=enrolled,
                attempt_id=attempt.pk,
                question_id=first,
                answers={str(first): ["a"]},
            )
            outcomes.append("ok")
        except AttemptRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ok"] + ["refused"] * 3
    assert QuizResponse.objects.filter(attempt=attempt).count() == 1


def _check_queries(client, attempt, **extra) -> int:
    version = attempt.question_versions[-1]
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, attempt, version, "a", **extra)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("extra", [HTMX, {}], ids=["htmx", "form"])
def test_a_check_costs_the_same_queries_whatever_the_question_count(
    client, world, learner, extra
):
    client.force_login(learner.user)
    # Publishing the lessons moves the content cache: make them all first.
    warm, few, many = (_started(world, learner, count=n) for n in (2, 2, 12))
    for attempt in (warm, few, many):  # each lesson's cached parts are built once
        client.get(reverse("learners:attempt", args=[attempt.pk]))
    _check_queries(client, warm, **extra)
    counts = [_check_queries(client, attempt, **extra) for attempt in (few, many)]
    assert counts[0] == counts[1]


# --- Time per question ---------------------------------------------------------------


def _age(attempt, seconds):
    started = timezone.now() - timedelta(seconds=seconds)
    QuizAttempt.objects.filter(pk=attempt.pk).update(started_at=started)


def test_without_javascript_the_attempt_time_is_split_evenly(world, learner):
    attempt = _started(world, learner)
    _age(attempt, 120)
    attempt_submit(
        learner=learner, attempt_id=attempt.pk, answers=right_answers(attempt)
    )
    seconds = sorted(
        QuizResponse.objects.filter(attempt=attempt).values_list("seconds", flat=True)
    )
    # 120 s over 3 questions; the clock ran a moment longer than 120 s.
    assert seconds == [pytest.approx(40.0, abs=0.2)] * 3


def test_measured_seconds_are_stored_clamped_and_junk_shares_what_is_left(
    world, learner
):
    attempt = _started(world, learner)
    first, second, third = attempt.question_versions
    _age(attempt, 100)
    attempt_check(
        learner=learner,
        attempt_id=attempt.pk,
        question_id=first,
        answers={str(first): ["a"]},
        timing={f"t-{first}": "30"},
    )
    attempt_submit(
        learner=learner,
        attempt_id=attempt.pk,
        answers=right_answers(attempt),
        # 5000 s is clamped to the attempt's 100 s; "soon" is junk and ignored.
        timing={f"t-{second}": "5000", f"t-{third}": "soon", f"t-{first}": "90"},
    )
    rows = dict(
        QuizResponse.objects.filter(attempt=attempt).values_list(
            "question_version_id", "seconds"
        )
    )
    assert rows[first] == 30.0  # measured when checked; the submission keeps it
    assert rows[second] == pytest.approx(100.0, abs=0.2)
    # 100 s - 30 s (checked) - 100 s (measured) leaves nothing for the third.
    assert rows[third] == 0.0


def test_a_check_without_javascript_shares_the_time_so_far_over_open_questions(
    world, learner
):
    attempt = _started(world, learner, count=4)
    first = attempt.question_versions[0]
    _age(attempt, 60)
    response = attempt_check(
        learner=learner,
        attempt_id=attempt.pk,
        question_id=first,
        answers={str(first): ["a"]},
    )
    assert response.seconds == pytest.approx(15.0, abs=0.1)
