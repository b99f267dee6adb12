"""Content cached by version: a change to published content shows at once (ADR 0016).

Each test first views a page (filling the cache), then changes what it shows as an
editor would, and views it again.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks
from wagtail.models import PageViewRestriction, Site

from accounts.access import can_access_admin
from cms.fragments import content_cached, content_cached_many, content_version
from cms.models import AcademySettings
from core.hooks import NAVIGATION_HOOK
from courses import api as courses_api
from learners.models import EnrolmentSource
from learners.services.enrolment import course_enrol
from tests.factories import CoursePageFactory, LessonPageFactory, UserFactory
from tests.factories.courses import lesson_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = CoursePageFactory(title="Judging AI output")
    LessonPageFactory(
        parent=course,
        title="Spotting fabricated facts",
        blocks=lesson_body(check=False),
    )
    LessonPageFactory(
        parent=course, title="Bias and leaked data", blocks=lesson_body(check=False)
    )
    return course


def _publish(page):
    page.save_revision().publish()


def test_content_cached_builds_once_per_version():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert content_cached("answer", build) == 1
    assert content_cached("answer", build) == 1
    before = content_version()
    CoursePageFactory()  # any page saved moves the version
    assert content_version() != before
    assert content_cached("answer", build) == 2


def test_content_cached_many_builds_only_the_missing_ids_and_remembers_absence():
    asked = []

    def build(ids):
        asked.append(sorted(ids))
        return {pk: pk * 10 for pk in ids if pk != 3}

    assert content_cached_many("tens", [1, 2, 3], build) == {1: 10, 2: 20}
    assert content_cached_many("tens", [2, 3, 4], build) == {2: 20, 4: 40}
    assert asked == [[1, 2, 3], [4]]


@override_settings(ACADEMY_CONTENT_CACHE=False)
def test_without_a_shared_cache_nothing_is_kept():
    calls = []
    content_cached("x", lambda: calls.append(1))
    content_cached("x", lambda: calls.append(1))
    assert len(calls) == 2


def test_a_lesson_published_later_appears_on_its_course_page(client, learner, course):
    client.force_login(learner.user)
    assert "Drift in production" not in client.get(course.url).content.decode()
    lesson = LessonPageFactory(
        parent=course, title="Drift in production", blocks=lesson_body(check=False)
    )
    _publish(lesson)
    assert "Drift in production" in client.get(course.url).content.decode()


def test_a_renamed_lesson_shows_in_its_neighbours_pager_and_in_my_learning(
    client, learner, course
):
    first, second = course.get_children().specific().order_by("path")
    course_enrol(learner=learner, course_id=course.pk, source=EnrolmentSource.SELF)
    client.force_login(learner.user)
    assert "Spotting fabricated facts" in client.get(second.url).content.decode()
    client.get(reverse("learners:my_learning"))
    first.title = "Spotting invented facts"
    _publish(first)
    assert "Spotting invented facts" in client.get(second.url).content.decode()
    assert courses_api.lesson_context(first.pk).title == "Spotting invented facts"
    # My learning's "resume" link names the first lesson not completed.
    my_learning = client.get(reverse("learners:my_learning")).content.decode()
    assert "Spotting invented facts" in my_learning


def test_an_unpublished_course_leaves_my_learning_and_its_lessons_404(
    client, learner, course
):
    lesson = course.get_children().first().specific
    course_enrol(learner=learner, course_id=course.pk, source=EnrolmentSource.SELF)
    client.force_login(learner.user)
    assert (
        "Judging AI output"
        in client.get(reverse("learners:my_learning")).content.decode()
    )
    assert client.get(lesson.url).status_code == 200
    course.unpublish()
    lesson.refresh_from_db()
    assert courses_api.lesson_context(lesson.pk) is None
    assert courses_api.course_outlines([course.pk]) == {}
    html = client.get(reverse("learners:my_learning")).content.decode()
    assert "Judging AI output" not in html
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404


def test_a_moved_page_answers_at_its_new_url(client, learner, course):
    lesson = course.get_children().first().specific
    other = CoursePageFactory(title="Handling data safely")
    client.force_login(learner.user)
    old_url = lesson.url
    assert client.get(old_url).status_code == 200
    lesson.move(other, pos="last-child")
    lesson.refresh_from_db()
    assert lesson.url != old_url
    assert "Handling data safely" in client.get(lesson.url).content.decode()
    # Wagtail's redirects app sends the old address on to the new one.
    assert client.get(old_url).get("Location") == lesson.url


def test_new_organisation_name_shows_in_the_header_at_once(client):
    client.get("/")
    site = Site.objects.get(is_default_site=True)
    settings = AcademySettings.for_site(site)
    settings.organisation_name = "Northwind Group"
    settings.save()
    assert "Northwind Group" in client.get("/").content.decode()


def test_a_privacy_restriction_added_later_applies_at_once(client, learner, course):
    client.force_login(learner.user)
    assert client.get(course.url).status_code == 200
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get(course.url)
    assert response.status_code == 200
    assert "password" in response.content.decode().lower()
    assert "Spotting fabricated facts" not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/courses/nowhere/", "/courses/judging-ai-output/nowhere/", "/x/y/z/w/"]
)
def test_unknown_urls_are_404(client, course, path):
    assert client.get(path).status_code == 404


def test_a_draft_below_a_live_course_is_404(client, learner, course):
    draft = LessonPageFactory(parent=course, title="Not yet", live=False)
    client.force_login(learner.user)
    assert client.get(f"{course.url}{draft.slug}/").status_code == 404


def test_deep_pages_are_found_in_a_fixed_number_of_routing_queries(client, course):
    lesson = course.get_children().first()
    with CaptureQueriesContext(connection) as captured:
        client.get(lesson.url)
    routing = [q for q in captured if '"wagtailcore_page"."url_path" =' in q["sql"]]
    assert len(routing) == 1


def test_the_navigation_is_built_once_per_request(client, learner, course):
    calls = []

    def counting(request):
        calls.append(request.path)
        return []

    lesson = course.get_children().first()
    client.force_login(learner.user)
    with hooks.register_temporarily(NAVIGATION_HOOK, counting):
        client.get(lesson.url)  # the lesson's progress panel renders with a request
    assert calls == [lesson.url]


def test_admin_access_matches_the_model_backend():
    perm = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    plain = UserFactory()
    direct = UserFactory()
    direct.user_permissions.add(perm)
    grouped = UserFactory()
    group = Group.objects.create(name="Helpdesk")
    group.permissions.add(perm)
    grouped.groups.add(group)
    inactive = UserFactory(is_active=False)
    inactive.user_permissions.add(perm)
    superuser = UserFactory(is_superuser=True)
    for user, expected in (
        (plain, False),
        (direct, True),
        (grouped, True),
        (inactive, False),
        (superuser, True),
    ):
        fresh = type(user).objects.get(pk=user.pk)
        assert can_access_admin(fresh) is expected
        assert fresh.has_perm("wagtailadmin.access_admin") is expected


def test_a_request_reads_the_content_version_once(client, learner, course):
    from django.core.cache import cache

    from cms.fragments import VERSION_KEY

    client.force_login(learner.user)
    lesson = course.get_children().first()
    client.get(lesson.url)  # fills the fragments
    reads = []
    original = cache.get

    def counting(key, *args, **kwargs):
        if key == VERSION_KEY:
            reads.append(key)
        return original(key, *args, **kwargs)

    cache.get = counting
    try:
        response = client.get(lesson.url)
    finally:
        del cache.get
    assert response.status_code == 200
    assert len(reads) == 1


def test_a_request_that_changes_content_reads_the_new_version_after():
    from cms.fragments import content_changed, request_scope

    with request_scope():
        before = content_version()
        assert content_version() == before  # read once, remembered
        content_changed()
        after = content_version()
        assert after != before
    # Outside a request nothing is remembered.
    assert content_version() == content_version()


def test_a_renamed_page_is_found_at_its_new_url_and_not_at_the_old(
    client, learner, course
):
    client.force_login(learner.user)
    lesson = course.get_children().first().specific
    old_url = lesson.url
    client.get(old_url)
    assert client.get(old_url).status_code == 200  # the route is cached now
    lesson.slug = "spotting-invented-facts"
    _publish(lesson)
    lesson.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(lesson.url).status_code == 200


def test_a_lesson_is_routed_with_one_query_once_its_url_is_known(
    client, learner, course
):
    client.force_login(learner.user)
    lesson = course.get_children().first()
    client.get(lesson.url)  # also makes the site's settings, which moves the version
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson.url).status_code == 200
    routing = [q["sql"] for q in queries if '"url_path" =' in q["sql"]]
    assert routing == []
    page = [
        q["sql"] for q in queries if '"courses_lessonpage"."page_ptr_id" =' in q["sql"]
    ]
    assert len(page) == 1


def test_the_home_page_is_cached_with_the_site(client, learner, course):
    """Wagtail routes every request from the site's home page: it comes from the
    content cache with the site, so a lesson reads only its own page."""
    client.force_login(learner.user)
    lesson = course.get_children().first()
    client.get(lesson.url)
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson.url).status_code == 200
    pages = [q["sql"] for q in queries if '"wagtailcore_page"' in q["sql"]]
    assert len(pages) == 1
    assert 'FROM "courses_lessonpage"' in pages[0]


def test_an_unpublished_lesson_is_404_even_with_its_route_cached(
    client, learner, course
):
    client.force_login(learner.user)
    lesson = course.get_children().first()
    assert client.get(lesson.url).status_code == 200
    lesson.specific.unpublish()
    assert client.get(lesson.url).status_code == 404


def test_a_process_keeps_its_own_copy_of_the_current_versions_entries():
    from unittest import mock

    from cms import fragments

    fragments.local_clear()
    built = content_cached("outline", lambda: {"lessons": [1, 2]})
    real_get = fragments.cache.get

    def only_the_version(key, *args):
        assert key == fragments.VERSION_KEY, f"asked the shared cache for {key}"
        return real_get(key, *args)

    with mock.patch.object(fragments.cache, "get", side_effect=only_the_version):
        first = content_cached("outline", lambda: {"lessons": "rebuilt"})
        second = content_cached("outline", lambda: {"lessons": "rebuilt"})
    # Equal, and each read its own copy, as from the shared cache.
    assert first == second == built
    assert first is not second
    first["lessons"].append(3)
    assert content_cached("outline", lambda: None) == {"lessons": [1, 2]}
    # A new version is a new key: built again, never the old copy.
    fragments.content_changed()
    assert content_cached("outline", lambda: {"lessons": [4]}) == {"lessons": [4]}


def test_the_local_copy_is_bounded_in_bytes(monkeypatch):
    from cms import fragments

    fragments.local_clear()
    monkeypatch.setattr(fragments, "LOCAL_BYTES", 64 * 1024)
    for i in range(40):
        content_cached(f"big:{i}", lambda: "x" * 4000)
    assert fragments._local_size[0] <= 64 * 1024
    assert len(fragments._local) < 40
    # The most recent entries stay; the oldest went first.
    assert any(key.endswith(":big:39") for key in fragments._local)
    assert not any(key.endswith(":big:0") for key in fragments._local)


def test_content_cached_many_reads_this_process_first():
    from unittest import mock

    from cms import fragments

    fragments.local_clear()
    content_cached_many("course", [1, 2], lambda ids: {1: "one"})
    with mock.patch.object(
        fragments.cache, "get_many", side_effect=AssertionError("asked Redis")
    ):
        assert content_cached_many("course", [1, 2], lambda ids: {}) == {1: "one"}
