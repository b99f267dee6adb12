"""Reads other apps use through ``courses.api``: only live pages, plain data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from core.hooks import KNOWLEDGE_CHECK_URL_HOOK, LESSON_PANELS_HOOK
from courses import api
from courses.models import RolloutBlocker
from courses.selectors.knowledge_checks import knowledge_check_url
from tests.factories import (
    CoursePageFactory,
    CourseSkillFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    SkillBlockerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def track():
    governance = CoursePageFactory(title="AI governance essentials", pass_mark=80)
    drift = CoursePageFactory(title="Drift monitoring")
    hidden = CoursePageFactory(title="Withdrawn course")
    first = LessonPageFactory(parent=governance, title="Why governance")
    second = LessonPageFactory(
        parent=governance,
        title="Risk tiers",
        required=False,
        blocks=[("heading", "Tiers")],
        estimated_minutes=25,
    )
    curriculum = CurriculumPageFactory(title="Production engineer track")
    CurriculumCourseFactory(page=curriculum, course=governance, due_in_days=14)
    CurriculumCourseFactory(page=curriculum, course=drift, required=False)
    CurriculumCourseFactory(page=curriculum, course=hidden)
    hidden.unpublish()
    return {
        "governance": governance,
        "drift": drift,
        "hidden": hidden,
        "first": first,
        "second": second,
        "curriculum": curriculum,
    }


def test_curriculum_for_role_lists_live_courses_in_order(track):
    curriculum = track["curriculum"]
    data = api.curriculum_for_role(curriculum.role_id)
    assert (data.id, data.title, data.url) == (
        curriculum.pk,
        "Production engineer track",
        curriculum.url,
    )
    assert [(c.title, c.required, c.due_in_days) for c in data.courses] == [
        ("AI governance essentials", True, 14),
        ("Drift monitoring", False, 30),
    ]
    assert data.required_course_ids == (track["governance"].pk,)


def test_a_role_without_a_live_curriculum_has_none(track):
    role_id = track["curriculum"].role_id
    track["curriculum"].unpublish()
    assert api.curriculum_for_role(role_id) is None
    assert api.curriculum_by_id(track["curriculum"].pk) is None


def test_curricula_with_a_course(track):
    other = CurriculumPageFactory(title="AI product manager track")
    CurriculumCourseFactory(page=other, course=track["governance"], required=False)
    found = api.curricula_with_course(track["governance"].pk)
    assert [c.title for c in found] == [
        "AI product manager track",
        "Production engineer track",
    ]
    assert api.curricula_requiring_course(track["governance"].pk) == [
        track["curriculum"].pk
    ]
    assert api.curricula_with_course(track["hidden"].pk) == []


def test_course_outline_has_ordered_lessons_and_pass_mark(track):
    outline = api.course_outline(track["governance"].pk)
    assert outline.pass_mark == 80
    assert [lesson.title for lesson in outline.lessons] == [
        "Why governance",
        "Risk tiers",
    ]
    assert [lesson.has_knowledge_check for lesson in outline.lessons] == [True, False]
    assert [lesson.required for lesson in outline.lessons] == [True, False]
    assert outline.total_minutes == 15 + 25
    assert api.course_outline(track["hidden"].pk) is None
    assert api.course_required_lesson_counts(
        [track["governance"].pk, track["drift"].pk, track["hidden"].pk]
    ) == {track["governance"].pk: 1, track["drift"].pk: 0}
    assert api.course_required_lesson_ids(track["governance"].pk) == [track["first"].pk]


def test_lesson_context_carries_what_scoring_needs(track):
    lesson = api.lesson_context(track["first"].pk)
    assert lesson.course_id == track["governance"].pk
    assert lesson.pass_mark == 80
    assert lesson.check.mode == "practice"
    assert lesson.check.question_count == 3
    assert lesson.next_url == track["second"].url
    assert lesson.previous_url is None
    versions = api.check_draw(check=lesson.check, seed=7)
    questions = api.questions_by_version(versions)
    result = api.score_submission(
        questions=[questions[v] for v in versions],
        answers={q.id: list(q.correct_option_ids) for q in questions.values()},
        pass_mark=lesson.pass_mark,
    )
    assert result.passed
    track["first"].unpublish()
    assert api.lesson_context(track["first"].pk) is None


def test_a_drawer_draws_what_check_draw_draws_for_every_seed(
    track, django_assert_max_num_queries
):
    check = api.lesson_context(track["first"].pk).check
    with django_assert_max_num_queries(10):
        draw = api.check_drawer(check)
    expected = {seed: api.check_draw(check=check, seed=seed) for seed in range(40)}
    with django_assert_max_num_queries(0):
        drawn = {seed: draw(seed) for seed in range(40)}
    assert drawn == expected
    assert len({tuple(versions) for versions in drawn.values()}) > 1


def test_published_item_names_what_changed(track):
    assert api.published_item(track["curriculum"]) == (
        "curriculum",
        track["curriculum"].pk,
    )
    assert api.published_item(track["governance"]) == ("course", track["governance"].pk)
    assert api.published_item(track["first"]) == ("course", track["governance"].pk)
    assert api.published_item(track["curriculum"].get_parent()) == (None, None)


def test_curricula_index_url_is_the_live_index():
    assert api.curricula_index_url() == "/curricula/"
    assert api.course_index_url() == "/courses/"


def test_another_app_can_receive_the_knowledge_check(signed_in_client, track):
    def learners_url(lesson_id):
        return f"/elsewhere/lessons/{lesson_id}/check/"

    with hooks.register_temporarily(KNOWLEDGE_CHECK_URL_HOOK, learners_url, order=-100):
        html = signed_in_client.get(track["first"].url).content.decode()
    assert f'action="/elsewhere/lessons/{track["first"].pk}/check/"' in html


def test_another_app_can_add_a_panel_below_the_lesson(signed_in_client, track):
    def mark_complete(request, lesson_id):
        return f'<p class="mark-complete">Mark lesson {lesson_id} complete</p>'

    with hooks.register_temporarily(LESSON_PANELS_HOOK, mark_complete):
        html = signed_in_client.get(track["first"].url).content.decode()
    assert f"Mark lesson {track['first'].pk} complete" in html


@pytest.fixture
def signed_in_client(client, learner):
    client.force_login(learner.user)
    return client


@pytest.fixture
def mapped(track):
    skill = CourseSkillFactory(page=track["governance"], level=3).skill
    SkillBlockerFactory(
        skill=skill, blocker=RolloutBlocker.objects.get(slug="governance")
    )
    CourseSkillFactory(page=track["hidden"], skill=skill)
    return skill


@pytest.mark.parametrize(
    "reader",
    [
        api.course_skill_rows,
        api.skill_blocker_rows,
        api.blocker_rows,
        api.curriculum_course_rows,
        api.course_rows,
        api.skill_rows,
    ],
)
def test_bulk_rows_take_one_query(mapped, reader):
    with CaptureQueriesContext(connection) as captured:
        rows = reader()
    assert len(captured) == 1
    assert rows


def test_bulk_rows_use_analytics_column_names_and_live_pages(track, mapped):
    assert api.course_skill_rows() == [
        {"course_id": track["governance"].pk, "skill_id": mapped.pk, "level": 3}
    ]
    assert api.skill_blocker_rows() == [
        {
            "skill_id": mapped.pk,
            "blocker_id": RolloutBlocker.objects.get(slug="governance").pk,
            "weight": 1.0,
        }
    ]
    governance = next(r for r in api.blocker_rows() if r["slug"] == "governance")
    assert governance["benchmark"] == pytest.approx(0.30)
    assert governance["benchmark_percent"] == 30
    rows = api.curriculum_course_rows()
    assert [(r["course_id"], r["required"]) for r in rows] == [
        (track["governance"].pk, True),
        (track["drift"].pk, False),
    ]
    assert {r["role_id"] for r in rows} == {track["curriculum"].role_id}


def test_without_a_receiver_a_check_cannot_be_started(monkeypatch):
    monkeypatch.setattr(
        "courses.selectors.knowledge_checks.hooks.get_hooks", lambda name: []
    )
    assert knowledge_check_url(42) is None
