"""A learner searches the catalogue from the header, filters it and opens a course."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from courses.models import RolloutBlocker
from tests.e2e.conftest import sign_in
from tests.factories import (
    CoursePageFactory,
    CourseSkillFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LearnerFactory,
    LessonPageFactory,
    RoleFactory,
    SkillBlockerFactory,
    SkillFactory,
)
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".artifacts" / "screenshots"


@pytest.fixture
def shelf():
    engineer = RoleFactory(name="Production engineer", slug="production-engineer")
    drift = CoursePageFactory(
        title="Drift monitoring and retraining",
        slug="drift",
        level="advanced",
        summary="Notice when a model's inputs move and retrain before users do.",
    )
    LessonPageFactory(
        parent=drift,
        title="Population stability index",
        estimated_minutes=25,
        blocks=[("rich_text", "<p>The scorecard cohort moved: check the PSI.</p>")],
    )
    scoring = CoursePageFactory(
        title="Explaining scorecard decisions",
        slug="scorecards",
        level="foundation",
        summary="Tell a customer why the model said no, in plain words.",
    )
    LessonPageFactory(parent=scoring, title="Reason codes", estimated_minutes=50)
    CoursePageFactory(
        title="AI governance essentials",
        slug="governance",
        level="foundation",
        summary="Who decides, who signs off and what is written down.",
    )
    skill = SkillFactory(name="Model monitoring", slug="model-monitoring")
    CourseSkillFactory(page=drift, skill=skill)
    SkillBlockerFactory(
        skill=skill, blocker=RolloutBlocker.objects.get(slug="infrastructure")
    )
    curriculum = CurriculumPageFactory(title="Production engineer track", role=engineer)
    CurriculumCourseFactory(page=curriculum, course=drift)
    curriculum.save_revision().publish()
    return LearnerFactory(
        user__email="mei.tanaka@northwind.example",
        user__first_name="Mei",
        user__last_name="Tanaka",
        role=engineer,
    )


def test_learner_searches_from_the_header_filters_and_opens_a_course(
    live_server, page, shelf
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server, "mei.tanaka@northwind.example", PASSWORD)

    header_search = page.get_by_role("search", name="Courses")
    header_search.get_by_label("Search courses and lessons").fill("scorecard")
    header_search.get_by_role("button", name="Search").click()

    expect(page).to_have_url(f"{live_server.url}/courses/?q=scorecard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    results = page.locator("#catalogue-results")
    # One course by its title, one through a lesson's text.
    expect(
        results.get_by_role("link", name="Explaining scorecard decisions")
    ).to_be_visible()
    expect(
        results.get_by_role("link", name="Drift monitoring and retraining")
    ).to_be_visible()
    expect(
        results.get_by_role("link", name="Population stability index")
    ).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "catalogue-search.png"), full_page=True)

    filters = page.get_by_role("search", name="Search and filter courses")
    filters.get_by_label("Rollout blocker").select_option("infrastructure")
    filters.get_by_role("button", name="Show courses").click()
    expect(
        results.get_by_role("link", name="Explaining scorecard decisions")
    ).to_have_count(0)
    expect(page.locator(".catalogue-card")).to_have_count(1)
    expect(page).to_have_url(
        f"{live_server.url}/courses/?q=scorecard&role=&skill=&blocker=infrastructure"
        "&length=&status="
    )
    page.screenshot(path=str(SCREENSHOTS / "catalogue-filtered.png"), full_page=True)

    # A search with no hits: the empty state points to the next course for the role.
    page.goto(f"{live_server.url}/courses/?q=xylophone")
    expect(page.get_by_text("No courses match “xylophone”")).to_be_visible()
    expect(page.get_by_text("Next for your role:")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "catalogue-empty.png"), full_page=True)

    page.goto(f"{live_server.url}/courses/?blocker=infrastructure")
    page.locator("#catalogue-results").get_by_role(
        "link", name="Drift monitoring and retraining"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/courses/drift/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Drift monitoring and retraining"
    )


def test_filters_work_without_javascript(live_server, browser, shelf):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server, "mei.tanaka@northwind.example", PASSWORD)
        page.goto(f"{live_server.url}/courses/")
        filters = page.get_by_role("search", name="Search and filter courses")
        filters.get_by_label("Length").select_option("medium")
        filters.get_by_role("button", name="Show courses").click()
        expect(page.locator(".catalogue-card")).to_have_count(1)
        expect(
            page.get_by_role("link", name="Explaining scorecard decisions")
        ).to_be_visible()
    finally:
        context.close()
