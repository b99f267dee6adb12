"""Knowledge checks in the browser: a practice question checked on its own with
htmx, and an assessment failed, waited out, passed and then analysed by L&D."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import personas
from learners.models import QuizAttempt, QuizResponse
from learners.services.enrolment import enrolments_sync_for_learners
from tests.conftest import _in_group, give_totp
from tests.e2e.accessibility import axe_violations, describe
from tests.e2e.conftest import current_totp, sign_in
from tests.factories import (
    CoursePageFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LearnerFactory,
    LessonPageFactory,
    RoleFactory,
)
from tests.factories.courses import (
    knowledge_check,
    multiple_question,
    single_question,
    true_false_question,
)
from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LEARNER = "nadia.haddad@northwind.example"
EDITOR = "grace.whitfield@northwind.example"


def _course(*blocks, title):
    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    course = CoursePageFactory(title="Judging AI output", pass_mark=100)
    lesson = LessonPageFactory(
        parent=course, title=title, blocks=[("heading", "Read first"), *blocks]
    )
    curriculum = CurriculumPageFactory(title="Claims analyst track", role=role)
    CurriculumCourseFactory(page=curriculum, course=course, due_in_days=14)
    curriculum.save_revision().publish()
    learner = LearnerFactory(
        user__email=LEARNER,
        user__first_name="Nadia",
        user__last_name="Haddad",
        role=role,
    )
    enrolments_sync_for_learners(learner_ids=[learner.pk])
    return lesson


def _question(page, label):
    """The fieldset of the question that offers the option ``label``."""
    return page.locator("fieldset.question").filter(has_text=label)


def test_a_practice_question_is_checked_on_its_own_with_htmx(live_server, page):
    lesson = _course(
        knowledge_check(single_question("q1"), multiple_question("q2")),
        title="Spotting fabricated facts",
    )
    sign_in(page, live_server, LEARNER, PASSWORD, next_path=lesson.url)
    page.get_by_role("button", name="Start the check").click()
    attempt_url = page.url
    first = _question(page, "A baseline for each KPI")
    first.get_by_label("The launch party venue").check()
    first.get_by_role("button", name="Check answer").click()

    # Only the question is swapped: the page stays, the result is announced
    # where the focus goes, and the question is locked.
    checked = _question(page, "A baseline for each KPI")
    result = checked.locator("[data-check-result]")
    expect(result).to_contain_text("Not quite.")
    expect(result).to_be_focused()
    expect(checked).to_contain_text("Without a baseline there is nothing to compare")
    expect(checked.get_by_role("radio")).to_have_count(3)
    for radio in checked.get_by_role("radio").all():
        expect(radio).to_be_disabled()
    expect(checked.get_by_text("Your choice")).to_be_visible()
    expect(checked.get_by_role("button", name="Check answer")).to_have_count(0)
    assert page.url == attempt_url
    # The page with a checked question meets WCAG 2.2 AA as the others do.
    violations = axe_violations(page)
    assert not violations, describe("a practice attempt", violations)
    response = QuizResponse.objects.get()
    assert response.selected == ["b"]
    assert response.seconds is not None

    # An empty answer is refused inside the question, which stays answerable.
    second = _question(page, "Input distributions shift")
    second.get_by_role("button", name="Check answer").click()
    expect(second.get_by_role("alert")).to_have_text(
        "Choose an answer before you check it."
    )
    second.get_by_label("Input distributions shift").check()
    second.get_by_label("A new feature appears upstream").check()
    page.get_by_role("button", name="Submit my answers").click()

    # The checked answer counts as stored: one of two right.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Practice check result: 50%"
    )
    assert QuizResponse.objects.count() == 2


def _fail(page):
    page.get_by_role("button", name="Start the check").click()
    page.get_by_label("The launch party venue").check()
    page.get_by_label("True", exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()


def test_an_assessment_is_failed_waited_out_passed_and_analysed(live_server, page):
    lesson = _course(
        knowledge_check(
            single_question("q1"),
            true_false_question("q2"),
            mode="assessment",
            cooldown_minutes=30,
        ),
        title="Bias and leaked data",
    )
    sign_in(page, live_server, LEARNER, PASSWORD, next_path=lesson.url)
    expect(page.get_by_role("button", name="Check answer")).to_have_count(0)
    _fail(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment result: 0%")
    expect(
        page.get_by_text("The right answers are shown once you pass")
    ).to_be_visible()
    skills = page.get_by_role("table")
    expect(skills).to_contain_text("0 of 2")
    expect(page.get_by_text("Correct answer")).to_have_count(0)
    expect(page.get_by_text("Without a baseline")).to_have_count(0)

    # During the cooldown a new attempt is refused, saying from when.
    page.get_by_role("link", name="Back to the lesson").click()
    page.get_by_role("button", name="Start the check").click()
    expect(page.get_by_text("You can try this assessment again from")).to_be_visible()

    # Half an hour later (the attempt's times move back), the learner passes.
    earlier = timezone.now() - timedelta(minutes=31)
    QuizAttempt.objects.update(started_at=earlier, submitted_at=earlier)
    page.goto(f"{live_server.url}{lesson.url}")
    page.get_by_role("button", name="Start the check").click()
    page.get_by_label("A baseline for each KPI").check()
    page.get_by_label("False", exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment result: 100%")
    expect(page.get_by_text("Correct answer").first).to_be_visible()
    page.context.clear_cookies()

    # An L&D editor sees the distractor nobody picked flagged in item analysis.
    editor = _in_group(
        UserFactory(email=EDITOR, first_name="Grace", last_name="Whitfield"),
        personas.LD_EDITORS,
    )
    secret = give_totp(editor)
    sign_in(page, live_server, EDITOR, PASSWORD, next_path="/analytics/items/")
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Item analysis")
    row = page.get_by_role("row").filter(has_text="Which of these should be agreed")
    expect(row).to_contain_text("distractor nobody picks: c")
    expect(row).to_contain_text("Bias and leaked data")
