"""What learners see on the curricula, course and lesson pages, and who may see it."""

import pytest
from django.urls import reverse

from courses.models import CourseIndexPage, CurriculumIndexPage, RolloutBlocker
from tests.conftest import PERSONAS
from tests.factories import (
    CoursePageFactory,
    CourseSkillFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    SkillBlockerFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    """A small curriculum: two courses, the second with two lessons and skills."""
    basics = CoursePageFactory(title="Data readiness basics", slug="data-basics")
    course = CoursePageFactory(
        title="Measuring AI impact", slug="measuring-ai-impact", level="practitioner"
    )
    course.prerequisites = [basics]
    course.save_revision().publish()
    first = LessonPageFactory(
        parent=course, title="Operational KPIs", slug="kpis", estimated_minutes=20
    )
    second = LessonPageFactory(
        parent=course,
        title="Designing the measurement",
        slug="design",
        estimated_minutes=45,
        required=False,
        blocks=[("rich_text", "<p>Compare against a <em>holdout group</em>.</p>")],
    )
    LessonPageFactory(parent=basics, estimated_minutes=10)
    skill = SkillFactory(name="KPI measurement frameworks", slug="kpi-frameworks")
    SkillBlockerFactory(skill=skill, blocker=RolloutBlocker.objects.get(slug="skills"))
    CourseSkillFactory(page=course, skill=skill, level=3)
    curriculum = CurriculumPageFactory(
        title="AI product manager track", slug="pm-track"
    )
    CurriculumCourseFactory(page=curriculum, course=basics, required=True)
    CurriculumCourseFactory(
        page=curriculum, course=course, required=False, due_in_days=60
    )
    return {
        "basics": basics,
        "course": course,
        "first": first,
        "second": second,
        "curriculum": curriculum,
        "skill": skill,
    }


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner.user)
    return client


def test_curricula_index_shows_a_card_per_role_with_counts_and_time(signed_in, content):
    html = signed_in.get("/curricula/").content.decode()
    assert "AI product manager track" in html
    assert f"Role: {content['curriculum'].role.name}" in html
    assert "2 (1 required)" in html
    assert "1 h 15 min" in html  # 10 + 20 + 45 minutes of lessons
    assert "10 min" in html  # required time: the basics course only


def test_curriculum_lists_courses_in_order_with_required_and_optional(
    signed_in, content
):
    html = signed_in.get(content["curriculum"].url).content.decode()
    assert html.index("Data readiness basics") < html.index("Measuring AI impact")
    assert 'tag--required">Required' in html
    assert ">Optional<" in html
    assert "1 h 15 min" in html
    assert "KPI measurement frameworks" in html
    assert 'href="/courses/measuring-ai-impact/#skill-kpi-frameworks"' in html


def test_course_page_links_skills_to_the_blockers_they_retire(signed_in, content):
    html = signed_in.get(content["course"].url).content.decode()
    assert 'id="skill-kpi-frameworks"' in html
    assert 'href="#blocker-skills"' in html
    assert 'id="blocker-skills"' in html
    assert "Industry benchmark: 50% of enterprises" in html


def test_course_page_lists_lessons_time_and_prerequisites(signed_in, content):
    html = signed_in.get(content["course"].url).content.decode()
    assert html.index("Operational KPIs") < html.index("Designing the measurement")
    assert "1 h 5 min" in html  # 20 + 45
    assert "Before you start" in html
    assert 'href="/courses/data-basics/"' in html
    assert "Part of these curricula" in html
    assert "optional for" in html


def test_lesson_page_has_breadcrumbs_and_previous_next(signed_in, content):
    html = signed_in.get(content["first"].url).content.decode()
    assert 'aria-label="Breadcrumb"' in html
    assert '<a href="/courses/measuring-ai-impact/">Measuring AI impact</a>' in html
    assert "Lesson 1 of 2" in html
    assert 'rel="next"' in html
    assert 'rel="prev"' not in html
    html = signed_in.get(content["second"].url).content.decode()
    assert 'rel="prev"' in html
    assert 'rel="next"' not in html
    assert "holdout group" in html
    assert "Optional" in html


def test_unpublished_lessons_are_left_out_of_the_course(signed_in, content):
    content["second"].unpublish()
    html = signed_in.get(content["course"].url).content.decode()
    assert "Designing the measurement" not in html
    assert "20 min" in html


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "which", ["curricula", "curriculum", "courses", "course", "lesson"]
)
def test_learning_pages_are_for_signed_in_people(
    client, persona_user, content, persona, which
):
    urls = {
        "curricula": CurriculumIndexPage.objects.get().url,
        "curriculum": content["curriculum"].url,
        "courses": CourseIndexPage.objects.get().url,
        "course": content["course"].url,
        "lesson": content["first"].url,
    }
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    response = client.get(urls[which])
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('account_login')}?next={urls[which]}"
        )
    else:
        assert response.status_code == 200


def test_site_search_finds_a_lesson_by_its_body(signed_in, content):
    response = signed_in.get("/search/", {"q": "holdout"})
    assert response.status_code == 200
    assert "Designing the measurement" in response.content.decode()


def test_site_search_finds_a_course_by_its_summary(signed_in, content):
    response = signed_in.get("/search/", {"q": "honestly"})
    assert "Measuring AI impact" in response.content.decode()


def test_navigation_links_to_the_curricula(signed_in, content):
    html = signed_in.get("/").content.decode()
    assert '<a href="/curricula/">Curricula</a>' in html
