"""Leadership reads the heatmap and a checklist; L&D refreshes the figures.

One journey in one test: browser tests run in transactions that are flushed
afterwards, and the demo needs the pages the migrations create.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from learners.demo import DEMO_PASSWORD
from tests.conftest import give_totp
from tests.e2e.conftest import current_totp, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LEADERSHIP = "daniel.okafor@northwind.example"
LD_EDITOR = "grace.whitfield@northwind.example"


def _analytics_tab(page, name: str) -> None:
    page.get_by_role("navigation", name="Analytics").get_by_role(
        "link", name=name
    ).click()


def test_leadership_reads_readiness_and_ld_refreshes_the_figures(live_server, page):
    call_command("load_demo_data", learners=60, stdout=io.StringIO())

    # Leadership lands on the home page: progress towards the target, a large
    # bar and the forecast in words, then the departments furthest from it.
    # Leadership is staff: their sign-in ends with the authenticator code.
    leader_secret = give_totp(get_user_model().objects.get(email=LEADERSHIP))
    sign_in(page, live_server, LEADERSHIP, DEMO_PASSWORD)
    page.get_by_label("Code").fill(current_totp(leader_secret))
    page.get_by_role("button", name="Sign In").click()
    targets = page.get_by_role("region", name="Progress towards our targets")
    expect(targets).to_be_visible()
    card = targets.locator(".target-card").first
    expect(card.get_by_role("progressbar")).to_be_visible()
    expect(card.locator(".target-card__forecast")).to_contain_text("target")
    expect(
        targets.get_by_role("heading", name="Departments furthest from the target")
    ).to_be_visible()

    # Leadership: the heatmap, in colour and in numbers, beside the benchmarks.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Analytics"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analytics overview")
    expect(page.get_by_role("button", name="Refresh the figures")).to_have_count(0)
    expect(page.locator(".target-card__forecast").first).to_be_visible()
    _analytics_tab(page, "Readiness heatmap")
    heatmap = page.locator("table.heatmap")
    expect(heatmap).to_be_visible()
    expect(heatmap.get_by_role("rowheader", name="Whole organisation")).to_be_visible()
    expect(heatmap.locator("thead")).to_contain_text("benchmark 40%")
    chart = page.locator('[data-vega-spec="heatmap-spec"]')
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart.locator("svg")).to_have_count(1)

    # ... and an initiative's go-live checklist, without anyone's name.
    _analytics_tab(page, "Initiatives")
    page.get_by_role("link", name="Claims triage assistant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Go-live checklist: Claims triage assistant"
    )
    checklist = page.locator(".checklist")
    expect(checklist).to_contain_text("Every required role is staffed")
    expect(checklist).to_contain_text("No open rollout blockers")
    expect(page.get_by_text("visible to Academy admins only")).to_be_visible()
    page.context.clear_cookies()

    # An L&D editor refreshes the figures and follows the run to the end.
    editor = get_user_model().objects.get(email=LD_EDITOR)
    secret = give_totp(editor)
    sign_in(page, live_server, LD_EDITOR, DEMO_PASSWORD, next_path="/analytics/")
    # Staff confirm with their authenticator app (allauth labels the field "Code").
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analytics overview")
    page.get_by_role("button", name="Refresh the figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refreshing the figures")
    expect(page.locator("#snapshot-progress")).to_contain_text("Done.", timeout=30_000)
    page.get_by_role("link", name="See the figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analytics overview")
    expect(page.get_by_text("Figures as of")).to_be_visible()
