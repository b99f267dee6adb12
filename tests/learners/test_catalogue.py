"""The course catalogue at /courses/: cards, filters, search, pagination, the empty
state, permissions and a flat query count."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail_factories import ImageFactory

from courses.models import RolloutBlocker
from learners import catalogue as catalogue_reads
from learners.models import CourseEnrolment, EnrolmentStatus
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

pytestmark = pytest.mark.django_db

URL = "/courses/"


@pytest.fixture
def shelf(learner):
    """Three courses with different roles, skills, blockers, lengths and progress."""
    engineer = RoleFactory(name="Production engineer", slug="production-engineer")
    manager_role = RoleFactory(name="AI product manager", slug="ai-product-manager")
    drift = CoursePageFactory(
        title="Drift monitoring and retraining",
        slug="drift",
        level="advanced",
        summary="Notice when a model's inputs move and retrain before users do.",
    )
    LessonPageFactory(
        parent=drift,
        title="Population stability index",
        estimated_minutes=40,
        blocks=[("rich_text", "<p>A PSI above 0.2 suggests the cohort moved.</p>")],
    )
    LessonPageFactory(parent=drift, title="Retraining triggers", estimated_minutes=35)
    impact = CoursePageFactory(
        title="Measuring AI impact",
        slug="impact",
        level="practitioner",
        summary="Define KPIs before deployment and report results honestly.",
    )
    LessonPageFactory(
        parent=impact,
        title="Designing the measurement",
        estimated_minutes=20,
        blocks=[("rich_text", "<p>Compare against a holdout group.</p>")],
    )
    governance = CoursePageFactory(
        title="AI governance essentials",
        slug="governance",
        level="foundation",
        summary="Who decides, who signs off and what is written down.",
    )
    LessonPageFactory(parent=governance, title="Decision rights", estimated_minutes=45)
    monitoring = SkillFactory(name="Model monitoring", slug="model-monitoring")
    kpis = SkillFactory(name="KPI frameworks", slug="kpi-frameworks")
    CourseSkillFactory(page=drift, skill=monitoring)
    CourseSkillFactory(page=impact, skill=kpis)
    SkillBlockerFactory(
        skill=monitoring, blocker=RolloutBlocker.objects.get(slug="infrastructure")
    )
    SkillBlockerFactory(skill=kpis, blocker=RolloutBlocker.objects.get(slug="skills"))
    engineering = CurriculumPageFactory(
        title="Production engineer track", role=engineer, slug="engineer-track"
    )
    CurriculumCourseFactory(page=engineering, course=drift)
    product = CurriculumPageFactory(
        title="AI product manager track", role=manager_role, slug="pm-track"
    )
    CurriculumCourseFactory(page=product, course=impact)
    CourseEnrolment.objects.create(
        learner=learner,
        course_id=impact.pk,
        status=EnrolmentStatus.IN_PROGRESS,
        required_lessons_total=2,
        required_lessons_completed=1,
    )
    CourseEnrolment.objects.create(
        learner=learner, course_id=governance.pk, status=EnrolmentStatus.COMPLETED
    )
    return {"drift": drift, "impact": impact, "governance": governance}


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner.user)
    return client


def _titles(client, query: str = "") -> list[str]:
    response = client.get(URL + query)
    assert response.status_code == 200
    return [card.course.title for card in response.context["page_obj"].object_list]


# --- Cards --------------------------------------------------------------------------


def test_catalogue_shows_each_course_with_level_minutes_skills_roles_and_progress(
    signed_in, shelf
):
    response = signed_in.get(URL)
    html = response.content.decode()
    assert _titles(signed_in) == [
        "AI governance essentials",
        "Drift monitoring and retraining",
        "Measuring AI impact",
    ]
    assert "Advanced" in html
    assert "1 h 15 min" in html  # drift: 40 + 35 minutes
    assert "Model monitoring" in html
    assert "For: Production engineer" in html
    assert "1 of 2 required lessons" in html  # impact, in progress
    assert 'aria-label="Measuring AI impact: 50% complete"' in html
    assert "Completed" in html


def test_a_course_without_an_image_shows_the_designed_fallback_not_a_broken_image(
    signed_in, shelf
):
    html = signed_in.get(URL).content.decode()
    assert "catalogue-card__image--fallback" in html
    assert "<img" not in html.split('id="catalogue-results"')[1]


def test_a_course_image_is_shown_with_its_description_as_alt_text(signed_in, shelf):
    image = ImageFactory(description="A control room wall of drift charts")
    drift = shelf["drift"]
    drift.image = image
    drift.save_revision().publish()
    html = signed_in.get(URL).content.decode()
    assert 'alt="A control room wall of drift charts"' in html


def test_the_header_links_to_the_catalogue_and_offers_a_search_box(signed_in, shelf):
    html = signed_in.get("/").content.decode()
    assert f'<a href="{URL}">Courses</a>' in html
    assert f'action="{URL}"' in html
    assert 'id="site-search-q" name="q"' in html


# --- Filters --------------------------------------------------------------------------


def test_filter_by_role(signed_in, shelf):
    assert _titles(signed_in, "?role=production-engineer") == [
        "Drift monitoring and retraining"
    ]


def test_filter_by_skill(signed_in, shelf):
    assert _titles(signed_in, "?skill=kpi-frameworks") == ["Measuring AI impact"]


def test_filter_by_rollout_blocker(signed_in, shelf):
    assert _titles(signed_in, "?blocker=infrastructure") == [
        "Drift monitoring and retraining"
    ]


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        ("short", ["Measuring AI impact"]),
        ("medium", ["AI governance essentials"]),
        ("long", ["Drift monitoring and retraining"]),
    ],
)
def test_filter_by_length(signed_in, shelf, length, expected):
    assert _titles(signed_in, f"?length={length}") == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("not_started", ["Drift monitoring and retraining"]),
        ("in_progress", ["Measuring AI impact"]),
        ("completed", ["AI governance essentials"]),
    ],
)
def test_filter_by_the_learners_own_status(signed_in, shelf, status, expected):
    assert _titles(signed_in, f"?status={status}") == expected


def test_filters_combine(signed_in, shelf):
    assert _titles(signed_in, "?role=ai-product-manager&status=not_started") == []


def test_status_is_the_signed_in_persons_own_not_someone_elses(client, shelf):
    other = LearnerFactory(user__first_name="Jonas", user__last_name="Eriksen")
    client.force_login(other.user)
    assert _titles(client, "?status=completed") == []
    assert len(_titles(client, "?status=not_started")) == 3


@pytest.mark.parametrize(
    "query",
    [
        "?role=astronaut",
        "?skill=%00%3Cscript%3E",
        "?blocker=" + "x" * 5000,
        "?length=forever",
        "?status=done&role=production-engineer",
        "?role=production-engineer&role=bogus",
    ],
)
def test_unknown_filter_values_are_ignored_with_a_clear_message(
    signed_in, shelf, query
):
    response = signed_in.get(URL + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "were not recognised and were ignored" in html
    # The recognised ones still apply.
    if "role=production-engineer" in query and "bogus" not in query:
        assert _titles(signed_in, query) == ["Drift monitoring and retraining"]


def test_filters_without_javascript_are_a_plain_get_form_and_keep_their_values(
    signed_in, shelf
):
    html = signed_in.get(URL + "?skill=kpi-frameworks&length=short").content.decode()
    assert '<form method="get" action="/courses/"' in html
    assert '<option value="kpi-frameworks" selected>' in html
    assert '<option value="short" selected>' in html


def test_an_htmx_request_gets_only_the_results(signed_in, shelf):
    response = signed_in.get(
        URL + "?role=production-engineer",
        headers={"HX-Request": "true", "HX-Target": "catalogue-results"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="catalogue-results"')
    assert "Drift monitoring and retraining" in html
    assert "<header" not in html


# --- Search --------------------------------------------------------------------------


def test_search_finds_a_course_through_a_word_in_a_lesson_body_and_names_the_lesson(
    signed_in, shelf
):
    response = signed_in.get(URL + "?q=holdout")
    assert [c.course.title for c in response.context["page_obj"].object_list] == [
        "Measuring AI impact"
    ]
    html = response.content.decode()
    assert "Matching lesson in this course:" in html
    assert ">Designing the measurement</a>" in html


def test_search_finds_courses_by_title_and_summary(signed_in, shelf):
    assert _titles(signed_in, "?q=governance") == ["AI governance essentials"]
    assert _titles(signed_in, "?q=retrain") != []


def test_search_lists_matching_curricula(signed_in, shelf):
    html = signed_in.get(URL + "?q=track").content.decode()
    assert "Curricula matching" in html
    assert "Production engineer track" in html


def test_search_and_filters_combine(signed_in, shelf):
    assert _titles(signed_in, "?q=holdout&status=completed") == []
    assert _titles(signed_in, "?q=holdout&status=in_progress") == [
        "Measuring AI impact"
    ]


def test_search_leaves_out_unpublished_lessons_and_courses(signed_in, shelf):
    draft = LessonPageFactory(
        parent=shelf["drift"],
        title="Shadow deployments",
        blocks=[("rich_text", "<p>Canary traffic with a quokka dashboard.</p>")],
    )
    draft.unpublish()
    hidden = CoursePageFactory(title="Quokka operations", slug="quokka")
    hidden.unpublish()
    assert _titles(signed_in, "?q=quokka") == []
    assert "Quokka operations" not in signed_in.get(URL).content.decode()


def test_search_and_catalogue_leave_out_private_pages(signed_in, shelf):
    secret = CoursePageFactory(title="Board briefing on AI risk", slug="board")
    LessonPageFactory(
        parent=secret,
        title="Confidential acquisitions",
        blocks=[("rich_text", "<p>The wombat acquisition.</p>")],
    )
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    private_lesson = LessonPageFactory(
        parent=shelf["impact"],
        title="Unreleased figures",
        blocks=[("rich_text", "<p>The wombat numbers.</p>")],
    )
    PageViewRestriction.objects.create(
        page=private_lesson,
        restriction_type=PageViewRestriction.PASSWORD,
        password="s3cret",
    )
    assert _titles(signed_in, "?q=wombat") == []
    assert "Board briefing on AI risk" not in signed_in.get(URL).content.decode()


def test_a_search_with_no_hits_shows_the_empty_state_and_the_next_course(
    signed_in, shelf
):
    response = signed_in.get(URL + "?q=xylophone")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No courses match “xylophone”" in html
    # The learner is part-way through Measuring AI impact: that is their next step.
    assert "Continue where you left off" in html
    assert 'href="/courses/impact/' in html


def test_the_empty_state_suggests_a_course_of_the_learners_role(client, shelf):
    engineer = LearnerFactory(
        user__first_name="Priya",
        user__last_name="Raman",
        role=RoleFactory(slug="production-engineer"),
    )
    client.force_login(engineer.user)
    html = client.get(URL + "?q=xylophone").content.decode()
    assert "Next for your role: " in html
    assert '<a href="/courses/drift/">Drift monitoring and retraining</a>' in html


def test_a_very_long_or_odd_query_never_errors(signed_in, shelf):
    for query in ("?q=" + "drift " * 500, "?q=%22%27%3B--", "?q=%00", "?q=AND+OR+NOT"):
        assert signed_in.get(URL + query).status_code == 200


# --- Pagination -----------------------------------------------------------------------


def test_pages_of_twelve_and_a_huge_page_number_shows_the_last_page(signed_in):
    for n in range(catalogue_reads.PAGE_SIZE + 3):
        CoursePageFactory(title=f"Prompt patterns {n:02d}", slug=f"prompts-{n}")
    first = signed_in.get(URL)
    assert len(first.context["page_obj"].object_list) == catalogue_reads.PAGE_SIZE
    assert "Page 1 of 2" in first.content.decode()
    for page in ("2", "99999999999999999999", "last", "-1", "abc"):
        response = signed_in.get(URL + f"?page={page}")
        assert response.status_code == 200
    assert signed_in.get(URL + "?page=99999").context["page_obj"].number == 2


def test_pagination_links_keep_the_filters(signed_in):
    for n in range(catalogue_reads.PAGE_SIZE + 1):
        CoursePageFactory(title=f"Prompt patterns {n:02d}", slug=f"prompts-{n}")
    html = signed_in.get(URL + "?length=short").content.decode()
    assert "?length=short&amp;page=2" in html


# --- Permissions ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, shelf):
    response = client.get(URL + "?q=drift")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_without_a_learner_profile_see_courses_without_progress(
    client, ld_editor, shelf
):
    client.force_login(ld_editor)
    response = client.get(URL + "?status=completed")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="c-status"' not in html  # no status filter without a profile
    assert len(response.context["page_obj"].object_list) == 3
    assert "Your progress" not in html


def test_only_get_is_allowed(signed_in, shelf):
    assert signed_in.post(URL).status_code == 405


# --- Queries --------------------------------------------------------------------------


def _add_courses(count: int, start: int) -> None:
    role = RoleFactory(name=f"Risk analyst {start}", slug=f"risk-analyst-{start}")
    curriculum = CurriculumPageFactory(role=role, slug=f"risk-track-{start}")
    for n in range(start, start + count):
        course = CoursePageFactory(title=f"Model risk {n:03d}", slug=f"risk-{n}")
        LessonPageFactory(
            parent=course,
            title=f"Backtesting {n}",
            blocks=[("rich_text", "<p>Backtesting a scorecard model.</p>")],
        )
        skill = SkillFactory(name=f"Model validation {n}", slug=f"validation-{n}")
        SkillBlockerFactory(skill=skill)
        CourseSkillFactory(page=course, skill=skill)
        CurriculumCourseFactory(page=curriculum, course=course)


def _query_count(client, url: str) -> int:
    client.get(url)  # warm-up: the cards are built once per content version
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query", ["", "?q=backtesting", "?role=production-engineer&status=in_progress"]
)
def test_catalogue_and_search_queries_do_not_grow_with_courses(signed_in, shelf, query):
    signed_in.get("/")  # the first request creates the site's settings row
    _add_courses(2, 0)
    cache.clear()
    small = _query_count(signed_in, URL + query)
    _add_courses(20, 100)
    cache.clear()
    large = _query_count(signed_in, URL + query)
    assert small == large


def test_a_newly_published_course_appears_at_once_despite_the_cache(signed_in, shelf):
    assert len(_titles(signed_in)) == 3
    CoursePageFactory(title="Securing AI systems", slug="securing")
    assert "Securing AI systems" in _titles(signed_in)
    shelf["drift"].unpublish()
    assert "Drift monitoring and retraining" not in _titles(signed_in)
