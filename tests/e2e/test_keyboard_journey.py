"""A learner does their learning with the keyboard alone (WCAG 2.1.1 Keyboard).

Only ``page.keyboard`` moves and acts: Tab and Shift+Tab to move, the arrow keys
inside a radio group, Space to tick, Enter to follow a link or press a button. The
skip link is the first stop on every page, and the focus is always visible.
"""

import pytest
from playwright.sync_api import expect

from learners.services.enrolment import enrolments_sync_for_learners
from tests.e2e.accessibility import (
    axe_violations,
    describe,
    focus_with_keyboard,
    focused_name,
    screenshot,
)
from tests.factories import (
    CoursePageFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LearnerFactory,
    LessonPageFactory,
    RoleFactory,
)
from tests.factories.courses import lesson_body
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "leila.nasser@northwind.example"
RIGHT_ANSWERS = (
    "A baseline for each KPI",
    "Input distributions shift",
    "A new feature appears upstream",
    "False",
)


@pytest.fixture
def journey():
    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    course = CoursePageFactory(title="Judging AI output", pass_mark=70)
    LessonPageFactory(
        parent=course,
        title="Spotting fabricated facts",
        blocks=lesson_body(check=False),
    )
    LessonPageFactory(parent=course, title="Bias and leaked data")
    curriculum = CurriculumPageFactory(title="Claims analyst track", role=role)
    CurriculumCourseFactory(page=curriculum, course=course, due_in_days=14)
    curriculum.save_revision().publish()
    learner = LearnerFactory(
        user__email=EMAIL,
        user__first_name="Leila",
        user__last_name="Nasser",
        role=role,
    )
    enrolments_sync_for_learners(learner_ids=[learner.pk])
    return learner


def _first_tab_is_the_skip_link(page):
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert focused_name(page) == "Skip to main content"
    _focus_is_visible(page)


def _focus_is_visible(page):
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline not in ("", "none"), f"no visible focus on {focused_name(page)!r}"


def _press(page, target, key="Enter"):
    focus_with_keyboard(page, target)
    _focus_is_visible(page)
    page.keyboard.press(key)


def test_a_learner_signs_in_learns_and_passes_a_check_with_the_keyboard(
    live_server, page, journey
):
    page.goto(f"{live_server.url}/accounts/login/")
    _first_tab_is_the_skip_link(page)
    # The skip link takes the focus to the main content: the next stop is in it.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => Boolean(document.activeElement.closest('main'))")
    focus_with_keyboard(page, page.get_by_label("Email"))
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".account-state")).to_contain_text("Signed in as Leila Nasser")

    _first_tab_is_the_skip_link(page)
    main_nav = page.get_by_role("navigation", name="Main")
    _press(page, main_nav.get_by_role("link", name="My learning"))
    expect(page.get_by_role("heading", name="My learning", level=1)).to_be_visible()
    screenshot(page, "learner", "keyboard-my-learning")

    _press(page, page.get_by_role("link", name="Claims analyst track"))
    _press(page, page.get_by_role("link", name="Judging AI output").first)
    expect(page.get_by_role("heading", name="Judging AI output")).to_be_visible()
    _press(page, page.get_by_role("link", name="Spotting fabricated facts").first)
    expect(
        page.get_by_role("heading", name="Spotting fabricated facts")
    ).to_be_visible()

    _press(page, page.get_by_role("button", name="Mark as complete"))
    expect(page.get_by_role("status")).to_contain_text("Lesson complete")
    expect(page.get_by_role("heading", name="Bias and leaked data")).to_be_visible()

    _press(page, page.get_by_role("button", name="Start the check"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Practice check")
    _first_tab_is_the_skip_link(page)
    for answer in RIGHT_ANSWERS:
        option = page.get_by_label(answer, exact=True)
        focus_with_keyboard(page, option)
        _focus_is_visible(page)
        if not option.is_checked():
            page.keyboard.press("Space")
        expect(option).to_be_checked()
    screenshot(page, "learner", "keyboard-knowledge-check")
    _press(page, page.get_by_role("button", name="Submit my answers"))

    expect(page.get_by_role("heading", level=1)).to_contain_text("result: 100%")
    expect(page.get_by_role("status").filter(has_text="Passed")).to_be_visible()
    screenshot(page, "learner", "keyboard-result")
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)
