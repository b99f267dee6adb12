"""The taxonomy and course listings in the admin flag gaps instead of refusing them."""

import pytest
from django.urls import reverse

from courses.models import RolloutBlocker
from tests.factories import (
    CoursePageFactory,
    CourseSkillFactory,
    SkillBlockerFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

SKILLS = "/admin/snippets/courses/skill/"
BLOCKERS = "/admin/snippets/courses/rolloutblocker/"
COURSES = "/admin/course_list/"


@pytest.fixture
def editor_client(client, ld_editor):
    client.force_login(ld_editor)
    return client


@pytest.fixture
def skills():
    mapped = SkillFactory(name="Drift detection", slug="drift-detection")
    SkillBlockerFactory(
        skill=mapped, blocker=RolloutBlocker.objects.get(slug="infrastructure")
    )
    orphan = SkillFactory(name="Meeting facilitation", slug="meeting-facilitation")
    return mapped, orphan


def test_skill_listing_flags_skills_without_a_blocker(editor_client, skills):
    html = editor_client.get(SKILLS).content.decode()
    assert "Infrastructure (1.00)" in html
    assert "⚠ none" in html


def test_skill_listing_filters_unmapped_skills(editor_client, skills):
    html = editor_client.get(SKILLS, {"has_blocker": "false"}).content.decode()
    assert "Meeting facilitation" in html
    assert "Drift detection" not in html


def test_skill_listing_searches(editor_client, skills):
    html = editor_client.get(SKILLS, {"q": "drift"}).content.decode()
    assert "Drift detection" in html
    assert "Meeting facilitation" not in html


def test_blocker_listing_shows_benchmarks_and_mapped_skills(editor_client, skills):
    response = editor_client.get(BLOCKERS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Data readiness" in html
    # The seeded benchmarks' survey is not known: no source is made up for them.
    assert "Not recorded" in html


def _blocker_form(blocker, **source):
    return {
        "name": blocker.name,
        "slug": blocker.slug,
        "description": blocker.description,
        "benchmark_percent": "30",
        "benchmark_source_title": "",
        "benchmark_source_publisher": "",
        "benchmark_source_year": "",
        "benchmark_source_url": "",
        **source,
    }


def test_ld_record_a_benchmarks_source_in_the_blocker_snippet(editor_client):
    blocker = RolloutBlocker.objects.get(slug="governance")
    url = reverse("wagtailsnippets_courses_rolloutblocker:edit", args=[blocker.pk])
    form = editor_client.get(url).content.decode()
    for field in ("title", "publisher", "year", "url"):
        assert f'name="benchmark_source_{field}"' in form
    response = editor_client.post(
        url,
        _blocker_form(
            blocker,
            benchmark_source_title="State of AI governance",
            benchmark_source_publisher="Northwind Research",
            benchmark_source_year="2025",
            benchmark_source_url="https://research.example.org/ai-governance-2025",
        ),
    )
    assert response.status_code == 302
    blocker.refresh_from_db()
    assert blocker.benchmark_citation == (
        "State of AI governance. Northwind Research, 2025."
    )
    assert blocker.benchmark_source_url.endswith("/ai-governance-2025")
    listing = editor_client.get(BLOCKERS).content.decode()
    assert "State of AI governance. Northwind Research, 2025." in listing


@pytest.mark.parametrize(
    ("source", "field"),
    [
        ({"benchmark_source_publisher": "Northwind Research"}, "title"),
        (
            {"benchmark_source_title": "A survey", "benchmark_source_year": "1850"},
            "year",
        ),
        (
            {"benchmark_source_title": "A survey", "benchmark_source_url": "later"},
            "url",
        ),
    ],
)
def test_a_source_l_and_d_cannot_cite_is_refused_and_nothing_changes(
    editor_client, source, field
):
    blocker = RolloutBlocker.objects.get(slug="governance")
    url = reverse("wagtailsnippets_courses_rolloutblocker:edit", args=[blocker.pk])
    response = editor_client.post(url, _blocker_form(blocker, **source))
    assert response.status_code == 200
    assert f"benchmark_source_{field}" in response.context["form"].errors
    blocker.refresh_from_db()
    assert (blocker.benchmark_percent, blocker.benchmark_citation) == (30, "")
    assert not blocker.benchmark_source_publisher


def test_course_listing_flags_courses_without_skills(editor_client):
    taught = CoursePageFactory(title="Securing AI systems")
    CourseSkillFactory(page=taught)
    CoursePageFactory(title="Untagged draft course")
    html = editor_client.get(COURSES).content.decode()
    assert "Securing AI systems" in html
    assert "⚠ none" in html
    found = editor_client.get(COURSES, {"q": "securing"}).content.decode()
    assert "Securing AI systems" in found
    assert "Untagged draft course" not in found
    only_gaps = editor_client.get(COURSES, {"has_skills": "false"}).content.decode()
    assert "Untagged draft course" in only_gaps
    assert "Securing AI systems" not in only_gaps


def test_editor_may_add_a_skill_and_reviewer_may_only_look(
    client, ld_editor, ld_reviewer
):
    add_url = reverse("wagtailsnippets_courses_skill:add")
    client.force_login(ld_editor)
    assert client.get(add_url).status_code == 200
    client.force_login(ld_reviewer)
    assert client.get(SKILLS).status_code == 200
    response = client.get(add_url)
    assert response.status_code == 302  # Wagtail's "no permission" redirect
