"""Delivering knowledge checks: drawn and shuffled per attempt, scored by stored
ids, practice or assessment, tamper-proof (ADR 0018)."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import api as courses_api
from courses.bank_store import question_version_refresh
from courses.models import BankQuestion, QuestionStatus
from courses.services import stream_value
from learners.models import AttemptStatus, QuizAttempt, QuizResponse
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import (
    AttemptNotFound,
    AttemptRefused,
    attempt_start,
    attempt_submit,
)
from tests.factories import LessonPageFactory, SkillFactory
from tests.factories.courses import (
    bank_questions,
    judge_question,
    knowledge_check,
    multiple_question,
    single_question,
    true_false_question,
)
from tests.learners.checks import by_version, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    return enrolled


TITLES = iter(f"Reviewing an AI answer, part {n}" for n in range(1, 1000))


def _lesson(world, *questions, **check):
    return LessonPageFactory(
        parent=world.course,
        title=next(TITLES),
        blocks=[
            ("heading", "Read before you send"),
            knowledge_check(*questions, **check),
        ],
    )


def _many(count):
    return [single_question(f"q{n}") for n in range(1, count + 1)]


def _wrong(attempt):
    questions = courses_api.questions_by_version(attempt.question_versions)
    answers = {}
    for q in questions.values():
        wrong = [o.id for o in q.options if not o.correct]
        answers[q.id] = wrong[:1] if wrong else [courses_api.ACCEPTABLE_ID]
    return answers


def _form(answers):
    return {f"q-{k}": v for k, v in answers.items()}


# --- Drawing, shuffling and scoring by ids -------------------------------------------


def test_an_attempt_draws_from_the_pool_and_a_reload_shows_the_same_attempt(
    world, learner
):
    lesson = _lesson(world, *_many(8), draw=3)
    first = attempt_start(learner=learner, lesson_id=lesson.pk)
    again = attempt_start(learner=learner, lesson_id=lesson.pk)
    assert again.pk == first.pk
    assert len(first.question_versions) == 3
    assert len(set(first.question_versions)) == 3


def test_attempts_shuffle_questions_and_options_and_score_by_ids(world, learner):
    lesson = _lesson(world, *_many(8), draw=8)
    orders, option_orders = set(), set()
    for _ in range(6):
        attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
        questions = courses_api.questions_by_version(attempt.question_versions)
        first = questions[attempt.question_versions[0]]
        orders.add(tuple(attempt.question_versions))
        option_orders.add(tuple(courses_api.option_order(first, attempt.seed)))
        # Answers in a different order from the one shown still score by id.
        answers = dict(reversed(list(right_answers(attempt).items())))
        done, _event = attempt_submit(
            learner=learner, attempt_id=attempt.pk, answers=answers
        )
        assert done.score_percent == 100.0
        assert done.passed
    assert len(orders) > 1
    assert len(option_orders) > 1


def test_the_attempt_page_shows_the_stored_order_on_every_reload(
    client, world, learner
):
    lesson = _lesson(world, *_many(6), draw=6)
    client.force_login(learner.user)
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    url = reverse("learners:attempt", kwargs={"attempt_id": attempt.pk})
    pages = [client.get(url).content.decode() for _ in range(2)]
    fields = [re.findall(r'id="[qo]-[^"]+"', page) for page in pages]
    assert fields[0] == fields[1]
    shown = [pages[0].index(f'name="q-{v}"') for v in attempt.question_versions]
    assert shown == sorted(shown)
    question = courses_api.questions_by_version([attempt.question_versions[0]])
    order = courses_api.option_order(
        question[attempt.question_versions[0]], attempt.seed
    )
    first_id = attempt.question_versions[0]
    positions = [pages[0].index(f'id="q-{first_id}-{o}"') for o in order]
    assert positions == sorted(positions)


def test_only_live_questions_are_drawn(world, learner):
    lesson = _lesson(world, *_many(4), draw=4)
    ids = attempt_start(learner=learner, lesson_id=lesson.pk).question_versions
    keys = [q.key for q in courses_api.questions_by_version(ids).values()]
    BankQuestion.objects.filter(key=keys[0]).update(status=QuestionStatus.RETIRED)
    BankQuestion.objects.filter(key=keys[1]).update(status=QuestionStatus.DRAFT)
    QuizAttempt.objects.filter(learner=learner).delete()
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    drawn = {
        q.key
        for q in courses_api.questions_by_version(attempt.question_versions).values()
    }
    assert drawn == set(keys[2:])


def test_a_skill_pool_draws_that_skills_questions(world, learner):
    prompting = SkillFactory(name="Prompt writing", slug="prompt-writing")
    checking = SkillFactory(name="Checking answers", slug="checking-answers")
    ours = bank_questions(*_many(3), skills=[prompting])
    bank_questions(single_question("q9"), skills=[checking])
    lesson = _lesson(
        world,
        pools=[{"skill": prompting.pk, "questions": [], "draw": 10}],
    )
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    drawn = courses_api.questions_by_version(attempt.question_versions).values()
    keys = {q.key for q in drawn}
    assert keys == {BankQuestion.objects.get(pk=pk).key for pk in ours}


# --- Bad input -----------------------------------------------------------------------


def test_foreign_question_ids_are_refused_and_change_nothing(world, learner):
    lesson = _lesson(world, *_many(2))
    other = _lesson(world, single_question("q7"))
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    foreign = attempt_start(learner=learner, lesson_id=other.pk)
    answers = {**right_answers(attempt), **right_answers(foreign)}
    with pytest.raises(courses_api.SubmissionError, match="Unknown question"):
        attempt_submit(learner=learner, attempt_id=attempt.pk, answers=answers)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.OPEN
    assert not QuizResponse.objects.exists()


def test_options_of_another_question_are_refused(world, learner):
    lesson = _lesson(world, single_question("q1"), multiple_question("q2"))
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    answers = by_version(attempt, {"q1": ["a"], "q2": ["true"]})
    with pytest.raises(courses_api.SubmissionError, match="has no option true"):
        attempt_submit(learner=learner, attempt_id=attempt.pk, answers=answers)
    assert QuizAttempt.objects.get(pk=attempt.pk).status == AttemptStatus.OPEN


def test_a_replayed_submit_is_a_409_and_changes_nothing(client, world, learner):
    lesson = _lesson(world, *_many(2))
    client.force_login(learner.user)
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    url = reverse("learners:attempt_submit", kwargs={"attempt_id": attempt.pk})
    assert client.post(url, _form(right_answers(attempt))).status_code == 302
    stored = QuizAttempt.objects.get(pk=attempt.pk)
    response = client.post(url, _form(_wrong(attempt)))
    assert response.status_code == 409
    assert "already submitted" in response.content.decode()
    again = QuizAttempt.objects.get(pk=attempt.pk)
    assert (again.score_percent, again.answers) == (
        stored.score_percent,
        stored.answers,
    )
    assert QuizResponse.objects.filter(attempt=attempt).count() == 2


def test_someone_elses_attempt_is_404(client, world, learner, other_learner):
    lesson = _lesson(world, *_many(2))
    theirs = attempt_start(learner=other_learner, lesson_id=lesson.pk)
    client.force_login(learner.user)
    for name in ("learners:attempt", "learners:attempt_submit"):
        url = reverse(name, kwargs={"attempt_id": theirs.pk})
        method = client.get if name == "learners:attempt" else client.post
        assert method(url).status_code == 404
    with pytest.raises(AttemptNotFound):
        attempt_submit(learner=learner, attempt_id=theirs.pk, answers={})


def test_a_bad_form_redisplays_the_attempt_with_a_400(client, world, learner):
    lesson = _lesson(world, *_many(2))
    client.force_login(learner.user)
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    url = reverse("learners:attempt_submit", kwargs={"attempt_id": attempt.pk})
    answers = right_answers(attempt)
    answers.pop(next(iter(answers)))
    response = client.post(url, _form(answers))
    assert response.status_code == 400
    assert "answer every question" in response.content.decode()
    assert QuizAttempt.objects.get(pk=attempt.pk).status == AttemptStatus.OPEN


def test_a_question_edited_mid_attempt_scores_against_the_version_seen(world, learner):
    lesson = _lesson(world, single_question("q1", correct="a"))
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    seen = attempt.question_versions[0]
    question = BankQuestion.objects.get(versions__pk=seen)
    question.options = [
        ("option", {**item.value, "correct": item.value["id"] == "b"})
        for item in question.options
    ]
    question.status = QuestionStatus.RETIRED
    question.save()
    assert question_version_refresh(question_id=question.pk) == 2
    done, _ = attempt_submit(
        learner=learner, attempt_id=attempt.pk, answers={str(seen): ["a"]}
    )
    assert done.passed
    response = QuizResponse.objects.get(attempt=attempt)
    assert response.question_version_id == seen


@pytest.mark.postgres  # racing transactions are only meaningful on PostgreSQL
@pytest.mark.django_db(transaction=True)
def test_racing_submits_count_once(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    lesson = _lesson(world, *_many(3))
    attempt = attempt_start(learner=enrolled, lesson_id=lesson.pk)
    answers = right_answers(attempt)
    outcomes = []
    barrier = threading.Barrier(6)

    def submit():
        try:
            barrier.wait(timeout=10)
            attempt_submit(learner=enrolled, attempt_id=attempt.pk, answers=answers)
            outcomes.append("ok")
        except AttemptRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ok"] + ["refused"] * 5
    assert QuizResponse.objects.filter(attempt=attempt).count() == 3


# --- Judge the output and ordering ---------------------------------------------------


def test_a_judge_item_with_no_flaw_is_answered_acceptable_as_written(world, learner):
    clean = {
        **judge_question("q1"),
        "options": [
            {"id": "a", "text": "It invents a regulation.", "correct": False},
            {"id": "b", "text": "It leaks an address.", "correct": False},
        ],
    }
    lesson = _lesson(world, clean, judge_question("q2"))
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    with pytest.raises(courses_api.SubmissionError, match="acceptable as written"):
        attempt_submit(
            learner=learner,
            attempt_id=attempt.pk,
            answers=by_version(attempt, {"q1": ["acceptable", "a"], "q2": ["a", "b"]}),
        )
    done, _ = attempt_submit(
        learner=learner,
        attempt_id=attempt.pk,
        answers=by_version(attempt, {"q1": ["acceptable"], "q2": ["a", "b"]}),
    )
    assert done.score_percent == 100.0


def test_judge_flaws_are_shuffled_with_acceptable_last(world, learner):
    lesson = _lesson(world, judge_question("q1"))
    orders = set()
    for _ in range(8):
        attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
        question = courses_api.questions_by_version(attempt.question_versions)
        order = courses_api.option_order(
            question[attempt.question_versions[0]], attempt.seed
        )
        assert order[-1] == "acceptable"
        orders.add(tuple(order))
        attempt_submit(
            learner=learner, attempt_id=attempt.pk, answers=right_answers(attempt)
        )
    assert len(orders) > 1


def test_an_ordering_question_is_answered_with_positions(client, world, learner):
    steps = {
        "id": "q1",
        "kind": "ordering",
        "prompt": "Put the rollout steps in order.",
        "options": [
            {"id": "baseline", "text": "Record the baseline"},
            {"id": "pilot", "text": "Run the pilot"},
            {"id": "review", "text": "Review against the baseline"},
        ],
        "explanation": "Without a baseline the review has nothing to compare.",
    }
    lesson = _lesson(world, steps)
    client.force_login(learner.user)
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    qid = attempt.question_versions[0]
    url = reverse("learners:attempt_submit", kwargs={"attempt_id": attempt.pk})
    same = {f"o-{qid}-baseline": "1", f"o-{qid}-pilot": "1", f"o-{qid}-review": "3"}
    assert client.post(url, same).status_code == 400
    right = {f"o-{qid}-baseline": "1", f"o-{qid}-pilot": "2", f"o-{qid}-review": "3"}
    assert client.post(url, right).status_code == 302
    assert QuizAttempt.objects.get(pk=attempt.pk).score_percent == 100.0


# --- Practice and assessment ---------------------------------------------------------


def test_practice_shows_the_right_answers_after_submitting(client, world, learner):
    lesson = _lesson(world, single_question("q1"), true_false_question("q2"))
    client.force_login(learner.user)
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    attempt_submit(learner=learner, attempt_id=attempt.pk, answers=_wrong(attempt))
    url = reverse("learners:attempt", kwargs={"attempt_id": attempt.pk})
    html = client.get(url).content.decode()
    assert "Correct answer" in html
    assert "Without a baseline there is nothing to compare" in html


def test_a_failed_assessment_shows_skills_but_no_answers_until_passed(
    client, world, learner
):
    lesson = _lesson(
        world, single_question("q1"), true_false_question("q2"), mode="assessment"
    )
    skill = SkillFactory(name="Baselines and KPIs", slug="baselines-and-kpis")
    BankQuestion.objects.filter(versions__pk__isnull=False).first().skills.add(skill)
    client.force_login(learner.user)
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    attempt_submit(learner=learner, attempt_id=attempt.pk, answers=_wrong(attempt))
    url = reverse("learners:attempt", kwargs={"attempt_id": attempt.pk})
    html = client.get(url).content.decode()
    assert "Not passed yet" in html
    assert "By skill" in html
    assert "0 of" in html
    assert "Correct answer" not in html
    assert "Without a baseline there is nothing to compare" not in html
    assert "Models are fluent" not in html

    second = attempt_start(learner=learner, lesson_id=lesson.pk)
    attempt_submit(learner=learner, attempt_id=second.pk, answers=right_answers(second))
    html = client.get(url).content.decode()
    assert "Correct answer" in html  # passed once: earlier attempts reveal too


def test_an_assessment_limits_attempts(world, learner):
    lesson = _lesson(world, *_many(2), mode="assessment", max_attempts=2)
    for _ in range(2):
        attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
        attempt_submit(learner=learner, attempt_id=attempt.pk, answers=_wrong(attempt))
    with pytest.raises(AttemptRefused, match="used all 2 attempts"):
        attempt_start(learner=learner, lesson_id=lesson.pk)
    assert QuizAttempt.objects.filter(learner=learner, lesson=lesson).count() == 2


def test_an_assessment_waits_out_its_cooldown_and_refuses_after_a_pass(
    client, world, learner
):
    lesson = _lesson(world, *_many(2), mode="assessment", cooldown_minutes=30)
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    attempt_submit(learner=learner, attempt_id=attempt.pk, answers=_wrong(attempt))
    client.force_login(learner.user)
    start = reverse("learners:lesson_check", kwargs={"lesson_id": lesson.pk})
    response = client.post(start)
    assert response.status_code == 409
    assert "try this assessment again from" in response.content.decode()
    attempt.refresh_from_db()
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        submitted_at=attempt.submitted_at - timedelta(minutes=31)
    )
    second = attempt_start(learner=learner, lesson_id=lesson.pk)
    attempt_submit(learner=learner, attempt_id=second.pk, answers=right_answers(second))
    with pytest.raises(AttemptRefused, match="passed this assessment"):
        attempt_start(learner=learner, lesson_id=lesson.pk)


def test_practice_has_no_limit_or_cooldown(world, learner):
    lesson = _lesson(world, *_many(2), max_attempts=1, cooldown_minutes=600)
    for _ in range(3):
        attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
        attempt_submit(learner=learner, attempt_id=attempt.pk, answers=_wrong(attempt))
    assert QuizAttempt.objects.filter(learner=learner, lesson=lesson).count() == 3


@pytest.mark.postgres  # racing transactions are only meaningful on PostgreSQL
@pytest.mark.django_db(transaction=True)
def test_racing_starts_keep_the_attempt_limit(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    lesson = _lesson(world, *_many(2), mode="assessment", max_attempts=2)
    first = attempt_start(learner=enrolled, lesson_id=lesson.pk)
    attempt_submit(learner=enrolled, attempt_id=first.pk, answers=_wrong(first))
    started, refused = [], []
    barrier = threading.Barrier(6)

    def start():
        try:
            barrier.wait(timeout=10)
            started.append(attempt_start(learner=enrolled, lesson_id=lesson.pk).pk)
        except AttemptRefused:
            refused.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(set(started)) == 1
    assert QuizAttempt.objects.filter(learner=enrolled, lesson=lesson).count() == 2
    second = QuizAttempt.objects.get(pk=started[0])
    attempt_submit(learner=enrolled, attempt_id=second.pk, answers=_wrong(second))
    with pytest.raises(AttemptRefused, match="used all 2 attempts"):
        attempt_start(learner=enrolled, lesson_id=lesson.pk)


# --- Query counts --------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)  # warm the caches a first request fills (site, settings)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_attempt_pages_cost_the_same_queries_whatever_the_question_count(
    client, world, learner
):
    client.force_login(learner.user)
    counts = []
    for size in (2, 12):
        lesson = _lesson(world, *_many(size))
        attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
        url = reverse("learners:attempt", kwargs={"attempt_id": attempt.pk})
        client.get(url)  # the site's shared, cached parts are built once
        open_count = _queries(client, url)
        attempt_submit(learner=learner, attempt_id=attempt.pk, answers=_wrong(attempt))
        counts.append((open_count, _queries(client, url)))
    assert counts[0] == counts[1]


def test_the_lesson_page_check_costs_the_same_whatever_the_pool(client, world, learner):
    client.force_login(learner.user)
    small = _lesson(world, *_many(2))
    large = _lesson(world, *_many(15))
    client.get(small.url)
    client.get(large.url)  # both viewed once, so both pages do the same work
    assert _queries(client, small.url) == _queries(client, large.url)


def test_stream_value_of_a_check_is_valid(world):
    check = knowledge_check(single_question("q1"))
    stream_value(type(world.quiz), "body", [check])


def test_question_text_is_filled_from_the_organisation_profile(client, world, learner):
    question = single_question(
        "q1",
        prompt="Who at {{org.name}} hears about an incident first?",
        explanation="Tell {{org.incident_contact}} at once.",
    )
    lesson = _lesson(world, question)
    client.force_login(learner.user)
    attempt = attempt_start(learner=learner, lesson_id=lesson.pk)
    url = reverse("learners:attempt", kwargs={"attempt_id": attempt.pk})
    html = client.get(url).content.decode()
    assert "Who at your organisation hears about an incident first?" in html
    attempt_submit(learner=learner, attempt_id=attempt.pk, answers=_wrong(attempt))
    html = client.get(url).content.decode()
    assert "Tell your line manager and the IT service desk" in html
