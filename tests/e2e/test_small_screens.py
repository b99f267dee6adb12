"""The main learner, manager and leadership pages at 320 and 640 CSS pixels wide.

320 px is a phone, and a 1280 px window zoomed to 400% (WCAG 1.4.10 Reflow); 640 px
is the same window zoomed to 200%. Nothing may need scrolling sideways except inside
a table's own labelled scroll region, each page's main actions stay on screen, and
the reflowed page still passes axe-core's WCAG A/AA rules.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.accessibility import (
    axe_violations,
    describe,
    screenshot,
    signed_in_context,
)
from tests.learners.conftest import world  # noqa: F401 - a fixture
from tests.test_url_matrix import owned  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 640}
# A 1280 x 800 window zoomed to 200%.
ZOOMED_200 = {"width": 640, "height": 400}

# Controls in <main> that end beyond the right edge of the window, unless a
# scroll region of their own (a wide table's wrapper) holds them.
_CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  return [...document.querySelectorAll("main a, main button, main input, main select")]
    .filter((element) => element.getClientRects().length)
    .filter((element) => element.getBoundingClientRect().right > width + 1)
    .filter((element) => !scrolls(element))
    .map((element) => element.outerHTML.slice(0, 120));
}"""


def _pages(world, owned):  # noqa: F811 - the fixtures' values
    """persona -> [(name, path, [main actions: (role, name)])]"""
    priya = owned["learner"].pk
    return {
        "learner": [
            ("home", "/", []),
            ("my-learning", reverse("learners:my_learning"), []),
            ("course", world.second_course.url, [("button", "Start this course")]),
            ("lesson", world.reading.url, [("button", "Mark as complete")]),
            ("check", world.quiz.url, [("button", "Start the check")]),
            (
                "result",
                reverse("learners:attempt", args=[owned["attempt"].pk]),
                [],
            ),
            (
                "certificate",
                reverse("learners:certificate", args=[owned["certificate"].uuid]),
                [],
            ),
        ],
        "manager": [
            (
                "my-team",
                reverse("learners:my_team"),
                [("button", "Nudge"), ("link", "Assign a course")],
            ),
            ("team-member", reverse("learners:team_member", args=[priya]), []),
            ("assign", reverse("learners:assign"), []),
        ],
        "leadership": [
            ("analytics", reverse("analytics:dashboard"), []),
            ("readiness", reverse("analytics:readiness"), []),
            ("skills", reverse("analytics:skills"), []),
            ("initiatives", reverse("analytics:initiatives"), []),
        ],
    }


def _fits(page, persona, path, width) -> list[str]:
    problems = []
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width > inner_width:
        problems.append(f"{persona} {path} at {width}px: {scroll_width}px wide")
    problems.extend(
        f"{persona} {path} at {width}px: cut off: {html}"
        for html in page.evaluate(_CUT_OFF)
    )
    return problems


def _main_actions_in_view(page, actions):
    for role, action in actions:
        control = page.get_by_role(role, name=action).first
        control.scroll_into_view_if_needed()
        # Sub-pixel layout can leave a fraction of a pixel outside the window.
        expect(control).to_be_in_viewport(ratio=0.95)


def _check_persona(context, persona, pages, width) -> list[str]:
    problems = []
    page = context.new_page()
    page.set_default_timeout(10_000)
    for name, path, actions in pages:
        answer = page.goto(path)
        assert answer.status == 200, (persona, path, answer.status)
        problems.extend(_fits(page, persona, path, width))
        # Reflowed, the page still passes the WCAG A/AA rules (a table's scroll
        # region that now scrolls must be reachable by keyboard).
        violations = axe_violations(page)
        if violations:
            problems.append(describe(f"{persona} {path} at {width}px", violations))
        _main_actions_in_view(page, actions)
        screenshot(page, persona, f"{width}px-{name}")
    return problems


def test_main_pages_fit_a_phone_and_a_zoomed_window(
    browser,
    live_server,
    owned,  # noqa: F811 - a fixture
    world,  # noqa: F811 - a fixture
):
    problems = []
    for viewport in (PHONE, ZOOMED_200):
        for persona, pages in _pages(world, owned).items():
            user = owned["users"][persona]
            context = signed_in_context(browser, live_server, user, viewport=viewport)
            try:
                problems.extend(
                    _check_persona(context, persona, pages, viewport["width"])
                )
            finally:
                context.close()
    assert not problems, "\n".join(problems)
