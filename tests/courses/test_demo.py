"""The shipped content: enough of it, well formed, loaded idempotently, rendering."""

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from courses.demo import content_dir, demo_content_load
from courses.models import (
    BankQuestion,
    CoursePage,
    CurriculumPage,
    LessonPage,
    RolloutBlocker,
    Skill,
    SkillBlocker,
)
from learners.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

# The page tree, skills, courses and curricula the demo content built when it
# still lived in Python modules; the content files must build exactly the same.
EXPECTED_TREE = Path(__file__).parent / "data" / "demo_content_tree.json"


def _state():
    return (
        Revision.objects.count(),
        sorted(Page.objects.values_list("url_path", "live", "latest_revision_id")),
        sorted(
            SkillBlocker.objects.values_list("skill__slug", "blocker__slug", "weight")
        ),
    )


def test_demo_content_has_what_the_academy_promises():
    summary = demo_content_load()
    assert summary.courses.created >= 12
    assert summary.lessons.created >= 40
    assert CurriculumPage.objects.live().count() == 4
    assert CoursePage.objects.live().count() >= 18
    assert LessonPage.objects.live().count() >= 58
    assert Skill.objects.count() >= 20
    per_blocker = Counter(SkillBlocker.objects.values_list("blocker__slug", flat=True))
    assert set(per_blocker) == set(
        RolloutBlocker.objects.values_list("slug", flat=True)
    )
    assert min(per_blocker.values()) >= 4
    # One curriculum per default role, and courses shared between them.
    assert {c.role.slug for c in CurriculumPage.objects.select_related("role")} == {
        "production-engineer",
        "ai-product-manager",
        "critical-business-user",
        "people-manager",
    }
    governance = CoursePage.objects.get(slug="ai-governance-essentials")
    literacy = CoursePage.objects.get(slug="ai-literacy-for-everyone")
    for curriculum in CurriculumPage.objects.all():
        link = curriculum.curriculum_courses.get(course=governance)
        assert link.required
        # AI literacy is the course everyone takes first.
        first = curriculum.curriculum_courses.order_by("sort_order").first()
        assert (first.course_id, first.required) == (literacy.pk, True)


def test_every_course_has_a_check_and_business_courses_judge_output():
    demo_content_load()
    business = {
        link.course_id
        for link in CurriculumPage.objects.get(
            role__slug="critical-business-user"
        ).curriculum_courses.all()
    }
    for course in CoursePage.objects.live():
        ids = [
            qid
            for lesson in LessonPage.objects.child_of(course)
            if lesson.check_settings
            for pool in lesson.check_settings.pools
            for qid in pool.question_ids
        ]
        questions = list(BankQuestion.objects.filter(pk__in=ids, status="live"))
        assert len(questions) >= 3, course.title
        assert course.course_skills.exists(), course.title
        if course.pk in business:
            assert any(q.kind == "judge_output" for q in questions), course.title


def test_prerequisites_are_informational_links():
    demo_content_load()
    judging = CoursePage.objects.get(slug="judging-ai-output")
    assert list(judging.prerequisites.values_list("slug", flat=True)) == [
        "when-to-use-ai"
    ]


def test_loading_twice_changes_nothing():
    demo_content_load()
    before = _state()
    summary = demo_content_load()
    assert _state() == before
    for counts in (summary.skills, summary.courses, summary.lessons, summary.curricula):
        assert counts.created == counts.updated == 0
    assert "created 0, updated 0" in summary.line()


def test_a_changed_lesson_is_updated_and_republished(tmp_path, settings):
    demo_content_load()
    folder = shutil.copytree(content_dir(), tmp_path / "content")
    lesson_file = next(
        (folder / "courses" / "ai-governance-essentials").glob("01-*.md")
    )
    text = lesson_file.read_text()
    assert "\nminutes: 10\n" in text
    lesson_file.write_text(text.replace("\nminutes: 10\n", "\nminutes: 17\n", 1))
    settings.ACADEMY_CONTENT_DIR = folder
    summary = demo_content_load()
    assert (summary.lessons.updated, summary.lessons.created) == (1, 0)
    lesson = LessonPage.objects.get(slug="governance-gets-pilots-into-production")
    assert lesson.estimated_minutes == 17
    assert lesson.revisions.count() == 2


def test_every_demo_page_renders_for_a_signed_in_learner(client, capsys):
    call_command("load_demo_data", learners=60)
    assert "Content: 4 blockers, 35 skills, 19 courses" in capsys.readouterr().out
    assert client.login(email="priya.raman@northwind.example", password=DEMO_PASSWORD)
    pages = Page.objects.live().filter(depth__gt=2).specific()
    assert pages.count() >= 2 + 4 + 18 + 58
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_without_a_home_page_the_content_is_skipped_with_a_reason():
    Page.objects.filter(depth__gt=1).delete()
    summary = demo_content_load()
    assert summary.line() == (
        "Content: not loaded: the site has no home page for curricula and courses."
    )
    assert not CoursePage.objects.exists()


def test_the_content_files_build_the_same_site_as_before():
    demo_content_load()
    expected = json.loads(EXPECTED_TREE.read_text())
    pages = [
        [page.depth, page.slug, page.title, page.specific_class.__name__]
        for page in Page.objects.filter(depth__gt=2).order_by("path")
    ]
    skills = [
        [
            skill.slug,
            skill.name,
            skill.category,
            [
                [link.blocker.slug, str(link.weight)]
                for link in skill.blocker_links.all()
            ],
        ]
        for skill in Skill.objects.order_by("slug")
    ]
    courses = [
        [
            course.slug,
            course.level,
            course.pass_mark,
            [[link.skill.slug, link.level] for link in course.course_skills.all()],
            sorted(course.prerequisites.values_list("slug", flat=True)),
        ]
        for course in CoursePage.objects.order_by("path")
    ]
    curricula = [
        [
            curriculum.slug,
            curriculum.role.slug,
            [
                [link.course.slug, link.required, link.due_in_days]
                for link in curriculum.curriculum_courses.all()
            ],
        ]
        for curriculum in CurriculumPage.objects.order_by("path")
    ]
    assert pages == expected["pages"]
    assert skills == expected["skills"]
    assert courses == expected["courses"]
    assert curricula == expected["curricula"]
