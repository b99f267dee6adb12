"""The run-time on the server: launch, commit, validation, resume, progress."""

import json

import pytest
from django.urls import reverse

from learners.models import CourseEnrolment, EnrolmentSource, LessonProgress
from learners.services.enrolment import course_enrol
from scorm import cmi
from scorm.models import ScormAttempt
from scorm.runtime import attempt_commit, attempt_launch, launch_values
from scorm.serving import commit_token
from tests.factories import CoursePageFactory, LearnerFactory

from .fixtures import GOLF_12, GOLF_2004_3RD
from .lessons import package_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(media):
    return CoursePageFactory(title="Golf for beginners")


def _lesson(course, name=GOLF_12):
    return package_lesson(course, name=name, title="Playing golf")


@pytest.fixture
def learner(course):
    person = LearnerFactory(user__first_name="Amara", user__last_name="Okafor")
    course_enrol(learner=person, course_id=course.pk, source=EnrolmentSource.SELF)
    return person


def _commit(client, attempt, values, *, terminate=False, user=None, session=None):
    user = user or attempt.learner.user
    token = commit_token(
        attempt_id=attempt.pk, session=session or attempt.session, user_id=user.pk
    )
    client.force_login(user)
    return client.post(
        reverse("scorm:commit", args=[attempt.pk]),
        data=json.dumps({"token": token, "terminate": terminate, "cmi": values}),
        content_type="text/plain;charset=UTF-8",
    )


def test_a_commit_stores_checked_values_and_a_passed_12_package_completes_the_lesson(
    client, course, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lesson = _lesson(course)  # publishing counts the course's required lessons
    attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
    response = _commit(
        client,
        attempt,
        {
            "cmi.core.lesson_location": "15",
            "cmi.core.lesson_status": "passed",
            "cmi.core.score.raw": "85",
            "cmi.core.score.max": "100",
            "cmi.core.score.min": "0",
            "cmi.core.student_id": "forged",  # read-only: never stored
            "cmi.objectives": [],
            "cmi.core.session_time": "0000:05:00.00",
        },
        terminate=True,
    )
    assert response.json() == {"result": "true", "errorCode": 0}
    attempt.refresh_from_db()
    assert attempt.cmi["cmi.core.lesson_location"] == "15"
    assert "cmi.core.student_id" not in attempt.cmi
    assert attempt.completion_status == "completed"
    assert attempt.success_status == "passed"
    assert attempt.score_scaled == pytest.approx(0.85)
    assert attempt.total_time.total_seconds() == 300
    progress = LessonProgress.objects.get(learner=learner, lesson_id=lesson.pk)
    assert progress.completed_at is not None
    assert progress.completion_note == "SCORM 1.2: completed, passed, 85%"
    enrolment = CourseEnrolment.objects.get(learner=learner, course_id=course.pk)
    assert enrolment.status == "completed"
    assert "SCORM 1.2: completed, passed, 85%" in enrolment.completion_reason


def test_a_2004_package_reports_completion_success_and_scaled_score(
    client, course, learner
):
    lesson = _lesson(course, GOLF_2004_3RD)
    attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
    response = _commit(
        client,
        attempt,
        {
            "cmi.completion_status": "completed",
            "cmi.success_status": "passed",
            "cmi.score.scaled": "0.85",
        },
    )
    assert response.json()["errorCode"] == 0
    progress = LessonProgress.objects.get(learner=learner, lesson_id=lesson.pk)
    assert progress.completion_note == "SCORM 2004: completed, passed, 85%"


def test_a_failed_package_does_not_complete_the_lesson(client, course, learner):
    lesson = _lesson(course)
    attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
    _commit(client, attempt, {"cmi.core.lesson_status": "failed"})
    attempt.refresh_from_db()
    assert attempt.success_status == "failed"
    assert not LessonProgress.objects.filter(
        learner=learner, completed_at__isnull=False
    ).exists()


def test_the_mastery_score_decides_pass_or_fail_in_12():
    sco = {"mastery_score": 80}
    result = __import__("scorm.runtime", fromlist=["outcome"]).outcome(
        "1.2",
        {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "70"},
        sco,
    )
    assert result.success == "failed"
    assert not result.completes_lesson


@pytest.mark.parametrize(
    ("schema", "values", "code"),
    [
        ("1.2", {"cmi.core.lesson_status": "finished"}, 405),
        ("1.2", {"cmi.core.score.raw": "101"}, 405),
        ("1.2", {"cmi.core.exit": "later"}, 405),
        ("1.2", {"cmi.suspend_data": "x" * 4097}, 405),
        ("1.2", {"cmi.core.lesson_location": "x" * 256}, 405),
        ("1.2", {"cmi.core.no_such_thing": "1"}, 401),
        ("1.2", {"cmi.core.session_time": "five minutes"}, 405),
        ("2004", {"cmi.completion_status": "done"}, 406),
        ("2004", {"cmi.score.scaled": "1.5"}, 407),
        ("2004", {"cmi.suspend_data": "x" * 64001}, 406),
        ("2004", {"cmi.session_time": "PT"}, 406),
        ("2004", {"cmi.interactions.0.type": "essay"}, 406),
        ("2004", {"adl.nav.request": "jump anywhere"}, 406),
        ("2004", {"cmi.nothing": "1"}, 401),
    ],
)
def test_out_of_vocabulary_and_oversized_values_get_the_standards_code(
    schema, values, code
):
    with pytest.raises(cmi.CmiError) as refused:
        cmi.clean_commit(schema, values)
    assert refused.value.code == code


def test_values_at_the_standards_limits_are_accepted():
    assert cmi.clean_commit("1.2", {"cmi.suspend_data": "x" * 4096})
    assert cmi.clean_commit(
        "2004",
        {
            "cmi.suspend_data": "x" * 64000,
            "cmi.session_time": "PT1H2M3.5S",
            "cmi.interactions.0.result": "0.5",
            "adl.nav.request": "{target=sco_2}choice",
        },
    )


def test_a_bad_value_refuses_the_whole_commit_and_stores_nothing(
    client, course, learner
):
    lesson = _lesson(course)
    attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
    _commit(client, attempt, {"cmi.core.lesson_location": "3"})
    response = _commit(
        client,
        attempt,
        {"cmi.core.lesson_location": "9", "cmi.suspend_data": "x" * 5000},
    )
    assert response.json() == {"result": "false", "errorCode": 405}
    attempt.refresh_from_db()
    assert attempt.cmi == {"cmi.core.lesson_location": "3"}


def test_a_foreign_attempt_is_refused(client, course, learner):
    lesson = _lesson(course)
    attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
    other = LearnerFactory(user__first_name="Jonas", user__last_name="Berg")
    # Another person with their own token for this attempt id: not theirs.
    response = _commit(
        client, attempt, {"cmi.core.lesson_location": "3"}, user=other.user
    )
    assert response.json()["errorCode"] == 101
    # A token for this attempt, sent by someone else's session: refused.
    token = commit_token(
        attempt_id=attempt.pk, session=attempt.session, user_id=learner.user.pk
    )
    client.force_login(other.user)
    response = client.post(
        reverse("scorm:commit", args=[attempt.pk]),
        data=json.dumps({"token": token, "cmi": {"cmi.core.lesson_location": "3"}}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["errorCode"] == 101
    attempt.refresh_from_db()
    assert attempt.cmi == {}


def test_a_commit_without_a_valid_token_or_sign_in_is_refused(client, course, learner):
    lesson = _lesson(course)
    attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
    url = reverse("scorm:commit", args=[attempt.pk])
    body = json.dumps({"token": "forged", "cmi": {}})
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(learner.user)
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert client.post(url, "{not json", content_type="text/plain").status_code == 400


def test_commits_after_terminate_or_from_an_old_session_are_refused(
    client, course, learner
):
    lesson = _lesson(course, GOLF_2004_3RD)
    attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
    _commit(client, attempt, {"cmi.location": "2"}, terminate=True)
    response = _commit(client, attempt, {"cmi.location": "5"})
    assert response.json() == {"result": "false", "errorCode": 143}
    attempt.refresh_from_db()
    assert attempt.cmi["cmi.location"] == "2"
    # Left without suspending: the next launch is a new attempt.
    again = attempt_launch(learner_id=learner.pk, lesson=lesson)
    assert again.number == 2
    old = _commit(client, attempt, {"cmi.location": "7"}, session=attempt.session)
    assert old.json()["errorCode"] == 143


def test_a_suspended_attempt_resumes_with_its_bookmark_and_suspend_data(
    client, course, learner
):
    lesson = _lesson(course)
    attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
    _commit(
        client,
        attempt,
        {
            "cmi.core.lesson_location": "4",
            "cmi.suspend_data": "page=4;answers=ab",
            "cmi.core.exit": "suspend",
            "cmi.core.lesson_status": "incomplete",
        },
        terminate=True,
    )
    resumed = attempt_launch(learner_id=learner.pk, lesson=lesson)
    assert resumed.pk == attempt.pk
    assert resumed.session == attempt.session + 1
    assert resumed.terminated_at is None
    values = launch_values(
        attempt=resumed, learner_name="Okafor, Amara", learner_key="E1"
    )
    assert values["cmi.core.entry"] == "resume"
    assert values["cmi.core.lesson_location"] == "4"
    assert values["cmi.suspend_data"] == "page=4;answers=ab"
    assert values["cmi.core.student_name"] == "Okafor, Amara"
    assert "cmi.core.exit" not in values
    # The old session's token no longer writes.
    stale = _commit(client, attempt, {"cmi.core.lesson_location": "1"})
    assert stale.json()["errorCode"] == 101


def test_a_first_launch_starts_ab_initio(course, learner):
    attempt = attempt_launch(learner_id=learner.pk, lesson=_lesson(course))
    values = launch_values(
        attempt=attempt, learner_name="Okafor, Amara", learner_key="E1"
    )
    assert values["cmi.core.entry"] == "ab-initio"
    assert values["cmi.core.lesson_status"] == "not attempted"


def test_a_runtime_commit_is_a_fixed_small_number_of_queries(
    client, course, learner, django_assert_max_num_queries
):
    lesson = _lesson(course)
    attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
    many = {f"cmi.interactions.{n}.id": f"q{n}" for n in range(100)}
    # One locking read and one UPDATE, in a transaction (two savepoint statements
    # here, inside the test's own transaction).
    with django_assert_max_num_queries(4):
        result = attempt_commit(
            attempt_id=attempt.pk,
            session=attempt.session,
            user_id=learner.user_id,
            values={"cmi.core.lesson_location": "2", **many},
            terminate=False,
        )
    assert result.ok


def test_learners_cannot_mark_a_package_lesson_complete_by_hand(
    client, course, learner
):
    lesson = _lesson(course)
    client.force_login(learner.user)
    response = client.post(reverse("learners:lesson_complete", args=[lesson.pk]))
    assert response.status_code == 400
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_the_lesson_page_offers_start_then_plays_the_launched_attempt(
    client, course, learner, settings
):
    settings.SCORM_CONTENT_ORIGIN = "http://scorm-content.test"
    lesson = _lesson(course)
    client.force_login(learner.user)
    html = client.get(lesson.url).content.decode()
    assert "Start the package" in html
    assert "scorm-player-config" not in html
    response = client.post(reverse("scorm:launch", args=[lesson.pk]))
    assert response.status_code == 302
    attempt = ScormAttempt.objects.get(learner=learner)
    html = client.get(response["Location"]).content.decode()
    assert 'data-src="http://scorm-content.test/scorm/runtime/' in html
    assert 'sandbox="allow-scripts' in html
    assert "scorm-player-config" in html
    # Someone else's attempt id in the address plays nothing.
    other = LearnerFactory(user__first_name="Jonas", user__last_name="Berg")
    client.force_login(other.user)
    html = client.get(f"{lesson.url}?play={attempt.pk}.{attempt.session}").content
    assert b"scorm-player-config" not in html


def test_the_content_origin_serves_package_files_and_nothing_else(
    client, course, learner, settings
):
    settings.SCORM_CONTENT_ORIGIN = "http://scorm-content.test"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "scorm-content.test"]
    client.force_login(learner.user)
    # An academy page asked for on the content host, even signed in: 404.
    assert (
        client.get("/my-learning/", HTTP_HOST="scorm-content.test").status_code == 404
    )
    assert client.get("/admin/", HTTP_HOST="scorm-content.test").status_code == 404
    # Package files are never served on the academy's host.
    assert client.get("/scorm/content/x/index.html").status_code == 404
    lesson = _lesson(course)
    client.post(reverse("scorm:launch", args=[lesson.pk]))
    attempt = ScormAttempt.objects.get(learner=learner)
    page = client.get(f"{lesson.url}?play={attempt.pk}.{attempt.session}")
    src = page.content.decode().split('data-src="http://scorm-content.test', 1)[1]
    launcher = src.split('"', 1)[0]
    client.logout()  # the content origin never has the academy's session
    response = client.get(launcher, HTTP_HOST="scorm-content.test")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox allow-scripts allow-same-origin")
    assert "frame-ancestors 'self' http://testserver" in csp
    html = response.content.decode()
    assert '<iframe id="sco"' in html
    script = html.split('<script src="', 1)[1].split('"', 1)[0]
    runtime = client.get(script, HTTP_HOST="scorm-content.test")
    assert runtime.status_code == 200
    body = runtime.content.decode()
    assert "CrossFrameAPI" in body
    assert '"cmi.core.entry": "ab-initio"' in body


def test_the_session_cookie_is_http_only_and_same_site(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")


def test_a_package_lesson_shows_the_course_outline_with_statuses_like_any_lesson(
    client, course, learner
):
    from bs4 import BeautifulSoup

    from learners.services.progress import lesson_mark_complete
    from tests.factories import LessonPageFactory
    from tests.factories.courses import lesson_body

    reading = LessonPageFactory(
        parent=course, title="The rules of golf", blocks=lesson_body(check=False)
    )
    lesson = _lesson(course)
    lesson_mark_complete(learner=learner, lesson_id=reading.pk)
    client.force_login(learner.user)
    html = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    rail = html.select_one("aside.lesson-rail details[data-lesson-rail]")
    assert rail is not None
    items = [
        (li.a.get_text(strip=True), li["data-status"])
        for li in rail.select(".lesson-rail__lesson")
    ]
    assert items == [
        ("The rules of golf", "completed"),
        ("Playing golf", "not_started"),
    ]
    assert rail.select_one('[aria-current="page"]')["href"] == lesson.url
    # 20 minutes of package left; the reading's 15 are done.
    assert rail.select_one("[data-minutes-left]").get_text(strip=True) == "20 min left"
