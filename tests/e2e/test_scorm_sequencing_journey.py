"""A learner works through the multi-SCO SCORM 2004 4th Edition golf package, as
published: the outline, Continue, choice, the package's own "Skip to the Test" (a
navigation request), the post-test; its rollup completes the lesson and the
course's certificate is issued.

The package's launch page loads jQuery and jQuery UI from ajax.googleapis.com:
the academy serves its own copies in their place (``scorm/libraries.py``), and no
request leaves the machine.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from learners.models import Certificate, EnrolmentSource, LessonProgress
from learners.services.enrolment import course_enrol
from scorm.models import ScormAttempt
from tests.e2e.conftest import sign_in
from tests.e2e.test_scorm_journey import (
    _answer_quiz,
    _eventually,
    _golf,
    content_origin,  # noqa: F401 - a fixture
)
from tests.factories import CoursePageFactory, LearnerFactory
from tests.factories.people import PASSWORD
from tests.scorm.fixtures import GOLF_2004_4TH
from tests.scorm.lessons import package_lesson

pytestmark = pytest.mark.django_db(transaction=True)


def _open_part(page, title):
    # Moving on waits for the open part to terminate (up to three seconds),
    # then loads the lesson page again: more than expect's default five.
    expect(page.locator('[aria-current="step"]')).to_have_text(title, timeout=15_000)


def _read_to_the_end(page):
    golf = _golf(page)
    next_button = golf.locator("#butNext")
    expect(next_button).to_be_visible()
    for _ in range(20):
        if next_button.is_disabled():
            break
        next_button.click()
    expect(next_button).to_be_disabled()
    # The last page marks the part completed and commits.
    expect(page.get_by_role("status")).to_contain_text("Progress saved")


def _notes_dialog_opens_and_closes(page):
    """The package's notes window is a jQuery UI dialog: it works only if the
    local copies of jQuery and jQuery UI were served and ran."""
    golf = _golf(page)
    golf.locator("#butNotes").click()
    notes = golf.get_by_role("dialog", name="Golf Notes")
    expect(notes).to_be_visible()
    notes.get_by_role("button", name="Save").click()
    expect(notes).to_be_hidden()


def test_learner_navigates_every_sco_and_the_post_test_completes_the_course(
    live_server,
    page,
    content_origin,  # noqa: F811
):
    course = CoursePageFactory(title="Golf explained")
    lesson = package_lesson(course, name=GOLF_2004_4TH, title="Golf explained")
    learner = LearnerFactory(
        user__email="ingrid.solberg@northwind.example",
        user__first_name="Ingrid",
        user__last_name="Solberg",
    )
    course_enrol(learner=learner, course_id=course.pk, source=EnrolmentSource.SELF)
    hosts = {urlsplit(live_server.url).netloc, urlsplit(content_origin).netloc}
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            request.url.startswith("http")
            and urlsplit(request.url).netloc not in hosts
            and elsewhere.append(request.url)
        ),
    )
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, "ingrid.solberg@northwind.example", PASSWORD)
    page.goto(live_server.url + lesson.url)
    outline = page.get_by_role("navigation", name="Parts of this package")
    expect(outline.get_by_role("listitem")).to_have_count(5)
    page.get_by_role("button", name="Start the package").click()

    # Flow: Continue from one part to the next.
    _open_part(page, "Playing the Game")
    _notes_dialog_opens_and_closes(page)
    _read_to_the_end(page)
    page.get_by_role("button", name="Continue").click()
    _open_part(page, "Etiquette")
    expect(outline).to_contain_text("Completed")
    _read_to_the_end(page)
    # Choice: pick a part in the outline.
    outline.get_by_role("button", name="Handicapping").click()
    _open_part(page, "Handicapping")
    _read_to_the_end(page)
    page.get_by_role("button", name="Continue").click()
    _open_part(page, "Having Fun")
    _read_to_the_end(page)
    # The package's own jump to the test (adl.nav.request, then Terminate).
    _golf(page).locator("#butJump").click()
    _open_part(page, "Quiz")

    _answer_quiz(page)
    page.get_by_role("link", name="Close the package").click()
    # The player unloads the quiz, waits for its Terminate, then leaves.
    expect(page).not_to_have_url(re.compile(r"play="), timeout=15_000)

    progress = _eventually(
        lambda: LessonProgress.objects.filter(
            learner=learner, lesson_id=lesson.pk, completed_at__isnull=False
        ).first(),
        what="The lesson's completion",
    )
    assert progress.completion_note == "SCORM 2004: completed, passed, 100%"
    _eventually(
        lambda: Certificate.objects.filter(learner=learner, course=course).exists(),
        what="The course certificate",
    )
    assert set(
        ScormAttempt.objects.filter(learner=learner).values_list(
            "sco_identifier", flat=True
        )
    ) == {
        "playing_item",
        "etuqiette_item",
        "handicapping_item",
        "havingfun_item",
        "assessment_item",
    }
    page.reload()
    expect(page.get_by_text("You completed this lesson")).to_be_visible()
    assert elsewhere == []
