"""Learners play SCORM packages in the browser: quiz, close, resume, complete.

The package files come from a second origin (127.0.0.1 while the academy is on
localhost), as ``SCORM_CONTENT_ORIGIN`` sets up in production.
"""

import time

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from learners.models import CourseEnrolment, EnrolmentSource, LessonProgress
from learners.services.enrolment import course_enrol
from scorm.models import ScormAttempt
from tests.e2e.conftest import sign_in
from tests.factories import CoursePageFactory, LearnerFactory
from tests.factories.people import PASSWORD
from tests.scorm.fixtures import GOLF_12, GOLF_2004_3RD
from tests.scorm.lessons import package_lesson

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content_origin(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    origin = live_server.url.replace("localhost", "127.0.0.1")
    settings.SCORM_CONTENT_ORIGIN = origin
    return origin


def _setup(name: str):
    course = CoursePageFactory(title="Golf for beginners")
    lesson = package_lesson(course, name=name, title="Playing golf")
    learner = LearnerFactory(
        user__email="tomasz.nowak@northwind.example",
        user__first_name="Tomasz",
        user__last_name="Nowak",
    )
    course_enrol(learner=learner, course_id=course.pk, source=EnrolmentSource.SELF)
    return course, lesson, learner


def _eventually(read, *, what: str):
    """``read()`` once it is truthy: the Terminate commit is a beacon, sent as
    the package closes, and the server may still be writing (SQLite's shared
    in-memory database reports that as a locked table)."""
    for _ in range(75):
        try:
            value = read()
        except OperationalError:
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} never happened.")


def _terminated(learner, lesson):
    return _eventually(
        lambda: ScormAttempt.objects.filter(
            learner=learner, lesson=lesson, terminated_at__isnull=False
        ).first(),
        what="The package's Terminate commit",
    )


def _golf(page):
    return page.frame_locator(".scorm-player__frame").frame_locator("#sco")


def _content(page):
    return _golf(page).frame_locator("#contentFrame")


def _answer_quiz(page):
    """The golf package's test, answered right (its correct answers are marked
    in its own markup)."""
    quiz = _content(page)
    expect(quiz.get_by_role("button", name="Submit Answers")).to_be_visible()
    for answer in quiz.locator(".correctAnswer").all():
        radio = answer.locator("input[type=radio]")
        if radio.count():
            radio.check()
        else:
            value = answer.inner_text().rsplit("(", 1)[1].rstrip(")").strip()
            answer.locator("input[type=text]").fill(value)
    quiz.get_by_role("button", name="Submit Answers").click()
    expect(quiz.get_by_text("Score: 100")).to_be_visible()


def _package_script_gets_nothing_of_the_academy(page, live_server):
    """Script in the package cannot read the academy's cookies or pages: it runs
    on another origin, the session cookie is HttpOnly and host-only, and the
    content origin serves nothing but package files."""
    sco = next(frame for frame in page.frames if "/scorm/content/" in frame.url)
    seen = sco.evaluate(
        """async (academy) => {
            const out = {cookie: document.cookie};
            try {
                const r = await fetch(
                    academy + "/my-learning/", {credentials: "include"});
                out.academy = "read " + r.status;
            } catch (e) { out.academy = "blocked"; }
            const own = await fetch("/my-learning/", {credentials: "include"});
            out.own = own.status;
            try { out.parent = String(window.top.document.cookie); }
            catch (e) { out.parent = "blocked"; }
            return out;
        }""",
        live_server.url,
    )
    assert seen == {"cookie": "", "academy": "blocked", "own": 404, "parent": "blocked"}


@pytest.mark.parametrize(
    ("name", "family"), [(GOLF_12, "1.2"), (GOLF_2004_3RD, "2004")]
)
def test_learner_runs_a_package_closes_resumes_and_completes(
    live_server, page, content_origin, name, family
):
    course, lesson, learner = _setup(name)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, "tomasz.nowak@northwind.example", PASSWORD)
    page.goto(live_server.url + lesson.url)
    page.get_by_role("button", name="Start the package").click()
    golf = _golf(page)
    expect(golf.locator("#butNext")).to_be_visible()
    _package_script_gets_nothing_of_the_academy(page, live_server)
    for _ in range(3):
        golf.locator("#butNext").click()
    # Close mid-way: the package saves its bookmark and suspends.
    golf.locator("#butExit").click()
    expect(page.get_by_role("status")).to_contain_text("Your progress is saved")
    attempt = _terminated(learner, lesson)
    location = "cmi.core.lesson_location" if family == "1.2" else "cmi.location"
    assert attempt.cmi[location] == "3"
    assert attempt.terminated_at is not None

    page.goto(live_server.url + lesson.url)
    page.get_by_role("button", name="Resume the package").click()
    # Resumed where the learner left (the golf package asks, the dialog is accepted).
    expect(golf.locator("#butPrevious")).to_be_enabled()
    next_button = golf.locator("#butNext")
    for _ in range(20):
        if next_button.is_disabled():
            break
        next_button.click()
    _answer_quiz(page)
    golf.locator("#butExit").click()
    expect(page.get_by_role("status")).to_contain_text("Your progress is saved")

    attempt = _terminated(learner, lesson)
    assert attempt.completion_status == "completed"
    progress = _eventually(
        lambda: LessonProgress.objects.filter(
            learner=learner, lesson_id=lesson.pk, completed_at__isnull=False
        ).first(),
        what="The lesson's completion",
    )
    assert progress.completion_note.startswith(
        "SCORM 1.2: completed" if family == "1.2" else "SCORM 2004: completed"
    )
    # The course rolls up in the same request that wrote the lesson, which may
    # still be finishing when the lesson's row is visible.
    _eventually(
        lambda: CourseEnrolment.objects.filter(
            learner=learner, course_id=course.pk, status="completed"
        ).exists(),
        what="The course's completion",
    )
    page.goto(live_server.url + lesson.url)
    expect(page.get_by_text("You completed this lesson")).to_be_visible()
