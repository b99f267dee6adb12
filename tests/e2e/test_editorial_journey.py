"""An editor writes and submits a lesson, a reviewer approves it, a learner reads it."""

import re
import time
from importlib import import_module

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from accounts import personas
from cms.models import HomePage
from courses.blockers import DEFAULT_BLOCKERS
from courses.models import LessonPage, Role, RolloutBlocker
from courses.roles import DEFAULT_ROLES
from courses.services import editorial_setup_ensure
from tests.conftest import give_totp
from tests.e2e.conftest import current_totp, sign_in
from tests.factories import CoursePageFactory, LearnerFactory, UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

LESSON_TITLE = "Reading a drift alert"
LESSON_TEXT = "Start with the population stability index"
HOME_INTRO = import_module("cms.migrations.0002_create_homepage").INTRO


def site_tree_ensure() -> None:
    """The site tree migrations create, rebuilt if a flush has emptied it.

    A browser journey runs against committed data, so each one ends by flushing
    every table, including the page tree, the roles and the blockers that data
    migrations created. Journeys need them; whichever runs first or next.
    """
    if not Site.objects.exists():
        locale, _ = Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        if not Collection.objects.exists():
            Collection.add_root(name="Root")
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        home = HomePage(
            title="AI Skills Academy", slug="home", intro=HOME_INTRO, locale=locale
        )
        root.add_child(instance=home)
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    for role in DEFAULT_ROLES:
        Role.objects.get_or_create(slug=role["slug"], defaults=role)
    for blocker in DEFAULT_BLOCKERS:
        RolloutBlocker.objects.get_or_create(slug=blocker["slug"], defaults=blocker)
    editorial_setup_ensure()


@pytest.fixture(scope="module", autouse=True)
def _leave_a_site_behind(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        site_tree_ensure()


def _staff(first, last, group):
    user = UserFactory(
        email=f"{first.lower()}.{last.lower()}@northwind.example",
        first_name=first,
        last_name=last,
    )
    user.groups.add(Group.objects.get(name=group))
    return user, give_totp(user)


def _fresh_code(secret: str) -> str:
    # A code typed in the last seconds of its window would expire in flight.
    period = mfa_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < 5:
        time.sleep(remaining + 0.5)
    return current_totp(secret)


def _sign_in_staff(page, live_server, user, secret, next_path):
    sign_in(page, live_server, user.email, PASSWORD, next_path=next_path)
    # allauth's second step: the authenticator code for this account.
    page.locator("input[name=code]").fill(_fresh_code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _new_page(browser):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    return page


def test_editor_writes_reviewer_approves_learner_reads(live_server, browser):
    site_tree_ensure()
    course = CoursePageFactory(title="Drift monitoring", slug="drift-monitoring")
    editor, editor_secret = _staff("Grace", "Whitfield", personas.LD_EDITORS)
    reviewer, reviewer_secret = _staff("Kwame", "Mensah", personas.LD_REVIEWERS)
    LearnerFactory(
        user__email="priya.raman@northwind.example",
        user__first_name="Priya",
        user__last_name="Raman",
    )

    # The editor writes a lesson in the admin and submits it for review.
    page = _new_page(browser)
    add_path = f"/admin/pages/add/courses/lessonpage/{course.pk}/"
    _sign_in_staff(page, live_server, editor, editor_secret, add_path)
    page.get_by_role("textbox", name="Title*").fill(LESSON_TITLE)
    page.get_by_role("textbox", name="Summary").fill(
        "What each number on a drift alert means."
    )
    page.get_by_role("spinbutton", name="Estimated minutes*").fill("12")
    # The body's own "Insert a block" (the objectives above it have one too).
    body_field = page.locator("[data-contentpath='body']")
    body_field.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Rich text").click()
    editor_box = page.locator(".Draftail-Editor [contenteditable=true]").last
    expect(editor_box).to_be_editable()
    editor_box.click()
    page.keyboard.type(f"{LESSON_TEXT} before anything else.")
    expect(editor_box).to_contain_text(LESSON_TEXT)
    # Draftail copies its content into the form a moment after typing stops.
    body_input = page.locator("input[type=hidden][name^='body-'][name$='-value']")
    expect(body_input).to_have_value(re.compile(LESSON_TEXT))
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to L&D review").click()
    expect(page.get_by_text("submitted for moderation").first).to_be_visible()

    lesson = LessonPage.objects.get(title=LESSON_TITLE)
    assert not lesson.live
    assert lesson.workflow_in_progress

    # The reviewer approves it from the editing screen.
    page = _new_page(browser)
    edit_path = f"/admin/pages/{lesson.pk}/edit/"
    _sign_in_staff(page, live_server, reviewer, reviewer_secret, edit_path)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    # Every approval asks whether the change is material; a new lesson is not.
    modal = page.locator(".modal-dialog")
    modal.get_by_role("radio", name=re.compile("Minor:")).check()
    modal.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text(f"Page '{LESSON_TITLE}' has been updated")).to_be_visible()
    lesson.refresh_from_db()
    assert lesson.live

    # A learner finds it in the course and reads it.
    page = _new_page(browser)
    sign_in(page, live_server, "priya.raman@northwind.example", PASSWORD)
    page.goto(f"{live_server.url}{course.url}")
    page.get_by_role("link", name=LESSON_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LESSON_TITLE)
    expect(page.get_by_text(LESSON_TEXT)).to_be_visible()
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
        "Drift monitoring"
    )
