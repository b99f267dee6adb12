"""Page types, where they may live, and the rules their fields enforce."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import HomePage, StandardPage
from courses.models import (
    CourseIndexPage,
    CoursePage,
    CurriculumIndexPage,
    CurriculumPage,
    LessonPage,
    RolloutBlocker,
    SkillBlocker,
)
from tests.conftest import AcademyClient, give_totp
from tests.factories import (
    CoursePageFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    SkillFactory,
    UserFactory,
)


class PageTypeRulesTest(WagtailPageTestCase):
    # Signs staff in with their authenticator code, as the login form does.
    client_class = AcademyClient

    def test_indexes_live_directly_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CurriculumIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, StandardPage)

    def test_each_index_holds_only_its_own_pages(self):
        self.assertAllowedSubpageTypes(CurriculumIndexPage, {CurriculumPage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        # A course also holds package lessons (the scorm app's lesson page type).
        self.assertAllowedSubpageTypes(
            CoursePage, {LessonPage, apps.get_model("scorm", "PackageLessonPage")}
        )
        self.assertAllowedSubpageTypes(CurriculumPage, set())
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_lessons_only_under_courses(self):
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(CurriculumIndexPage, CoursePage)
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})

    def test_only_one_of_each_index(self):
        home = HomePage.objects.get()
        assert not CurriculumIndexPage.can_create_at(home)
        assert not CourseIndexPage.can_create_at(home)

    def test_an_editor_can_create_a_course_in_the_admin(self):
        admin = UserFactory(is_superuser=True)
        give_totp(admin)
        self.client.force_login(admin)
        self.assertCanCreate(
            CourseIndexPage.objects.get(),
            CoursePage,
            nested_form_data(
                {
                    "title": "Prompt injection for product managers",
                    "slug": "prompt-injection-for-product-managers",
                    "summary": "What prompt injection is and how to plan for it.",
                    "level": "practitioner",
                    "pass_mark": 80,
                    "course_skills": inline_formset([]),
                    "comments": inline_formset([]),
                }
            ),
        )
        course = CoursePage.objects.get(slug="prompt-injection-for-product-managers")
        assert course.live
        assert course.pass_mark == 80

    def test_an_editor_can_create_a_lesson_in_the_admin(self):
        admin = UserFactory(is_superuser=True)
        give_totp(admin)
        self.client.force_login(admin)
        course = CoursePageFactory()
        self.assertCanCreate(
            course,
            LessonPage,
            nested_form_data(
                {
                    "title": "Spotting an injected instruction",
                    "slug": "spotting-an-injected-instruction",
                    "summary": "Read an email the way the model does.",
                    "estimated_minutes": 12,
                    "required": "on",
                    "body": streamfield([("heading", "Instructions hiding in data")]),
                    "objectives": streamfield(
                        [("objective", "Spot an instruction hidden in an email.")]
                    ),
                    "sources": streamfield([]),
                    "content_owner": "grace.whitfield@example.com",
                    "last_reviewed": "2026-11-30",
                    "comments": inline_formset([]),
                }
            ),
        )
        lesson = LessonPage.objects.get(slug="spotting-an-injected-instruction")
        assert lesson.get_parent().pk == course.pk
        assert lesson.content_owner == "grace.whitfield@example.com"
        assert [item.value for item in lesson.objectives] == [
            "Spot an instruction hidden in an email."
        ]


@pytest.mark.django_db
def test_a_lesson_cannot_be_moved_out_of_its_course():
    lesson = LessonPageFactory()
    other_course = CoursePageFactory()
    assert lesson.can_move_to(other_course)
    assert not lesson.can_move_to(CourseIndexPage.objects.get())
    assert not lesson.can_move_to(HomePage.objects.get())
    assert not lesson.can_move_to(CurriculumIndexPage.objects.get())


@pytest.mark.django_db
def test_admin_refuses_to_move_a_lesson_under_the_wrong_parent(client):
    admin = UserFactory(is_superuser=True)
    give_totp(admin)
    client.force_login(admin)
    lesson = LessonPageFactory()
    course_path = lesson.get_parent().url_path
    response = client.post(
        f"/admin/pages/{lesson.pk}/move/{CourseIndexPage.objects.get().pk}/confirm/"
    )
    # Wagtail answers a refused action with a redirect to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    lesson.refresh_from_db()
    assert lesson.url_path.startswith(course_path)


@pytest.mark.django_db
def test_a_role_has_at_most_one_curriculum():
    first = CurriculumPageFactory()
    second = CurriculumPageFactory.build(role=first.role, title="Another", slug="x")
    with pytest.raises(ValidationError) as error:
        second.clean()
    assert "already has a curriculum" in str(error.value)
    first.clean()  # editing the existing one is fine


@pytest.mark.django_db
def test_every_default_role_is_seeded_by_the_migrations():
    from courses.models import Role
    from courses.roles import DEFAULT_ROLES

    seeded = set(Role.objects.values_list("slug", flat=True))
    assert {role["slug"] for role in DEFAULT_ROLES} <= seeded
    assert "people-manager" in seeded


@pytest.mark.django_db
def test_course_time_adds_up_its_live_lessons():
    course = CoursePageFactory()
    LessonPageFactory(parent=course, estimated_minutes=15)
    LessonPageFactory(parent=course, estimated_minutes=20)
    draft = LessonPageFactory(parent=course, estimated_minutes=45)
    draft.unpublish()
    assert course.total_minutes == 35


@pytest.mark.django_db
def test_lesson_knows_its_check_settings_and_whether_it_has_a_check():
    with_check = LessonPageFactory()
    without = LessonPageFactory(blocks=[("heading", "Reading only")])
    assert with_check.has_knowledge_check
    check = with_check.check_settings
    assert (check.mode, check.question_count) == ("practice", 3)
    assert len(check.pools[0].question_ids) == 3
    assert not without.has_knowledge_check
    assert without.check_settings is None


@pytest.mark.django_db
@pytest.mark.parametrize("weight", ["0", "1.01", "-0.5"])
def test_skill_blocker_weight_is_between_0_and_1(weight):
    link = SkillBlocker(
        skill=SkillFactory(),
        blocker=RolloutBlocker.objects.get(slug="data-readiness"),
        weight=Decimal(weight),
    )
    with pytest.raises(ValidationError):
        link.full_clean()


@pytest.mark.django_db
def test_database_refuses_an_out_of_range_weight():
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillBlocker.objects.create(
            skill=SkillFactory(),
            blocker=RolloutBlocker.objects.get(slug="governance"),
            weight=Decimal("1.5"),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("pass_mark", [0, 101])
def test_pass_mark_is_between_1_and_100(pass_mark):
    course = CoursePageFactory.build(pass_mark=pass_mark, slug="x", path="x", depth=3)
    with pytest.raises(ValidationError) as error:
        course.full_clean(exclude=["path", "depth"])
    assert "pass_mark" in error.value.message_dict


@pytest.mark.django_db
def test_benchmark_is_a_percentage():
    blocker = RolloutBlocker.objects.get(slug="skills")
    blocker.benchmark_percent = 120
    with pytest.raises(ValidationError):
        blocker.full_clean()


@pytest.mark.django_db
def test_the_four_blockers_are_seeded_with_benchmarks():
    benchmarks = dict(RolloutBlocker.objects.values_list("slug", "benchmark_percent"))
    assert benchmarks == {
        "data-readiness": 40,
        "governance": 30,
        "skills": 50,
        "infrastructure": 43,
    }
    # The survey behind the seeded figures is not known: no source is recorded
    # (the dashboards say so) rather than one made up.
    assert not any(
        RolloutBlocker.objects.values_list("benchmark_source_title", flat=True)
    )
    assert {b.benchmark_citation for b in RolloutBlocker.objects.all()} == {""}


@pytest.mark.django_db
def test_index_pages_exist_and_are_live_on_a_fresh_database():
    home = HomePage.objects.get()
    for model, url in (
        (CurriculumIndexPage, "/curricula/"),
        (CourseIndexPage, "/courses/"),
    ):
        page = model.objects.get()
        assert page.live
        assert page.get_parent().pk == home.pk
        assert page.get_url() == url
    assert Page.objects.type(LessonPage).count() == 0


def test_the_free_text_source_l_and_d_wrote_is_carried_into_the_title():
    # courses/migrations/0012_benchmark_sources.py, on rows as they were before it.
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("courses.migrations.0012_benchmark_sources")

    class Row(SimpleNamespace):
        def save(self, update_fields):
            self.saved = update_fields

    rows = [
        Row(benchmark_source="Operations survey 2025", benchmark_source_title=""),
        Row(benchmark_source=migration.SEEDED_TEXT, benchmark_source_title=""),
    ]

    class Rows:
        def exclude(self, **lookup):
            ((field, value),) = lookup.items()
            return [row for row in rows if getattr(row, field) != value]

    model = SimpleNamespace(
        objects=Rows(), _meta=SimpleNamespace(get_field=lambda name: None)
    )
    migration.carry_source_over(SimpleNamespace(get_model=lambda *_: model), None)
    assert rows[0].benchmark_source_title == "Operations survey 2025"
    assert rows[0].saved == ["benchmark_source_title"]
    # The seeded text describes the measure and names no survey: not a source.
    assert rows[1].benchmark_source_title == ""
    # Re-run on today's models (as the test suite's reseed does), it does nothing.
    from django.apps import apps as today

    migration.carry_source_over(today, None)
    migration.carry_source_back(today, None)
