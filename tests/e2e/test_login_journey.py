import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from learners.demo import DEMO_PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_learner_signs_in_and_reaches_the_home_page(live_server, page):
    call_command("load_demo_data", learners=40, stdout=io.StringIO())
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    sign_in(page, live_server, "priya.raman@northwind.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("AI Skills Academy")
    expect(page.locator(".account-state__who")).to_contain_text("Priya Raman")
    expect(page.get_by_role("status")).to_contain_text("Successfully signed in")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Home")).to_have_attribute(
        "aria-current", "page"
    )
    expect(nav.get_by_role("link", name="Admin")).to_have_count(0)


def test_wrong_password_shows_a_message_in_the_browser(live_server, page):
    call_command("load_demo_data", learners=40, stdout=io.StringIO())
    sign_in(page, live_server, "priya.raman@northwind.example", "not-my-password")
    expect(page.get_by_text("not correct")).to_be_visible()
