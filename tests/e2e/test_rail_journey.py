"""On a phone: a learner opens the course outline drawer beside a lesson, goes on
to the next lesson, then looks at My skills."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import lesson_mark_complete
from tests.e2e.conftest import sign_in
from tests.factories import (
    CoursePageFactory,
    CourseSkillFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LearnerFactory,
    LessonPageFactory,
    RoleFactory,
    SkillFactory,
)
from tests.factories.courses import lesson_body
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def journey():
    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    course = CoursePageFactory(title="Judging AI output", pass_mark=70)
    first = LessonPageFactory(
        parent=course,
        title="Spotting fabricated facts",
        estimated_minutes=10,
        blocks=lesson_body(check=False),
    )
    second = LessonPageFactory(
        parent=course,
        title="Checking sources",
        estimated_minutes=20,
        blocks=lesson_body(check=False),
    )
    LessonPageFactory(
        parent=course,
        title="Bias and leaked data",
        estimated_minutes=25,
        blocks=lesson_body(check=False),
    )
    data_course = CoursePageFactory(title="Handling data safely")
    LessonPageFactory(parent=data_course, title="Data classes")
    CourseSkillFactory(
        page=course,
        skill=SkillFactory(name="Spotting hallucinations", category="Judgement"),
        level=2,
    )
    CourseSkillFactory(
        page=data_course,
        skill=SkillFactory(name="Data classification", category="Data"),
        level=1,
    )
    curriculum = CurriculumPageFactory(title="Claims analyst track", role=role)
    CurriculumCourseFactory(page=curriculum, course=course, due_in_days=14)
    CurriculumCourseFactory(page=curriculum, course=data_course, due_in_days=30)
    curriculum.save_revision().publish()
    learner = LearnerFactory(
        user__email="nadia.haddad@northwind.example",
        user__first_name="Nadia",
        user__last_name="Haddad",
        role=role,
    )
    enrolments_sync_for_learners(learner_ids=[learner.pk])
    lesson_mark_complete(learner=learner, lesson_id=first.pk)
    return first, second


def test_outline_drawer_next_lesson_and_my_skills_on_a_phone(
    live_server, page, journey
):
    first, second = journey
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    sign_in(
        page,
        live_server,
        "nadia.haddad@northwind.example",
        PASSWORD,
        next_path=first.url,
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Spotting fabricated facts"
    )

    # On a narrow screen the outline is a closed drawer above the lesson.
    outline = page.get_by_role("complementary", name="Course outline", exact=True)
    drawer = outline.locator("details")
    expect(drawer).not_to_have_attribute("open", "")
    summary = outline.locator("summary")
    expect(summary).to_contain_text("Lesson 1 of 3")
    expect(summary).to_contain_text("45 min left")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SCREENSHOTS / "rail-lesson-closed.png", full_page=True)

    # Keyboard: focus the summary and open the drawer with Enter.
    summary.focus()
    page.keyboard.press("Enter")
    expect(drawer).to_have_attribute("open", "")
    lessons = outline.get_by_role("navigation", name="Outline of Judging AI output")
    expect(lessons.locator("[aria-current=page]")).to_have_text(
        "Spotting fabricated facts"
    )
    expect(lessons.locator("li").nth(0)).to_contain_text("Completed")
    expect(lessons.locator("li").nth(1)).to_contain_text("Not started")
    page.screenshot(path=SCREENSHOTS / "rail-drawer-open.png", full_page=True)

    # On to the next lesson from the outline.
    lessons.get_by_role("link", name="Checking sources").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Checking sources")
    outline = page.get_by_role("complementary", name="Course outline", exact=True)
    expect(outline.locator("summary")).to_contain_text("Lesson 2 of 3")
    expect(page.locator(".pager a[rel=prev]")).to_contain_text(
        "Spotting fabricated facts"
    )
    expect(page.locator(".pager a[rel=next]")).to_contain_text("Bias and leaked data")
    page.screenshot(path=SCREENSHOTS / "rail-next-lesson.png", full_page=True)

    # My skills, from My learning.
    page.goto(f"{live_server.url}/my-learning/")
    page.get_by_role("link", name="My skills").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My skills")
    table = page.get_by_role("table", name="Skills required by Claims analyst")
    expect(table.get_by_role("row", name="Data classification")).to_contain_text(
        "Not yet"
    )
    expect(table.get_by_role("link", name="Handling data safely")).to_be_visible()
    # The table becomes one card per skill: nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SCREENSHOTS / "rail-my-skills.png", full_page=True)
