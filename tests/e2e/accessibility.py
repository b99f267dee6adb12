"""Helpers for the accessibility checks in the browser (ADR 0021).

axe-core (vendored, test-only: ``tests/e2e/vendor/axe-core``) is put into a page
that is already open and run with the WCAG 2.0, 2.1 and 2.2 A and AA rules. Only
serious and critical violations fail a test; each is reported with its rule, the
page and the elements it found.
"""

import re
from pathlib import Path

from django.conf import settings

from tests.conftest import AcademyClient

AXE_SCRIPT = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING_IMPACTS = ("serious", "critical")
SCREENSHOTS = Path(settings.BASE_DIR) / ".artifacts" / "screenshots"

_RUN_AXE = """
async ([tags, impacts]) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations
    .filter((violation) => impacts.includes(violation.impact))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map(
        (node) => node.target.join(" ") + "\\n      " +
          (node.failureSummary || "").replace(/\\n/g, "\\n      ")
      ),
    }));
}
"""


def axe_violations(page) -> list[dict]:
    """Serious and critical WCAG A/AA violations on the page as it is now."""
    # Evaluated, not added as a <script>: a page's content security policy
    # cannot refuse it, and no page of the academy ever loads it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(_RUN_AXE, [WCAG_TAGS, list(FAILING_IMPACTS)])


def describe(where: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{where}: [{violation['impact']}] {violation['rule']}: {violation['help']}"
        )
        lines.extend(f"    {node}" for node in violation["nodes"])
    return "\n".join(lines)


def signed_in_context(browser, live_server, user, **options):
    """A browser context signed in as ``user`` (anonymous for None).

    The session is made as the login form makes it: staff with an authenticator
    app have passed their second factor in it (``tests.conftest.AcademyClient``).
    """
    context = browser.new_context(base_url=live_server.url, **options)
    if user is not None:
        client = AcademyClient()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def screenshot(page, persona: str, name: str) -> Path:
    """Save what the persona sees as ``a11y-<persona>-<name>.png`` in
    ``.artifacts/screenshots/`` (kept by CI as an artefact)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "home"
    path = SCREENSHOTS / f"a11y-{persona.replace('_', '-')}-{slug}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


_IS_FOCUSED = "element => element === document.activeElement"
_FOLLOWS_FOCUS = """element => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return true;
  return Boolean(
    focused.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING
  );
}"""


def focus_with_keyboard(page, target, limit: int = 60) -> int:
    """Move the focus to ``target`` with Tab (or Shift+Tab when it lies before the
    focus), as a keyboard user would; for an option of a radio group the focus
    enters the group with Tab and moves within it with the arrow keys. Returns how
    many keys were pressed; fails if the element cannot be reached."""
    target.wait_for()
    handle = target.element_handle()
    radio_name = handle.evaluate(
        "element => element.type === 'radio' ? element.name : null"
    )
    for presses in range(limit):
        if handle.evaluate(_IS_FOCUSED):
            return presses
        in_group = radio_name and page.evaluate(
            "name => document.activeElement.type === 'radio' "
            "&& document.activeElement.name === name",
            radio_name,
        )
        if in_group:
            key = "ArrowDown" if handle.evaluate(_FOLLOWS_FOCUS) else "ArrowUp"
        else:
            key = "Tab" if handle.evaluate(_FOLLOWS_FOCUS) else "Shift+Tab"
        page.keyboard.press(key)
    raise AssertionError(f"{target} not reached with the keyboard in {limit} keys")


def focused_name(page) -> str:
    """The text of what has the focus (a link's or button's words)."""
    return page.evaluate("() => (document.activeElement.innerText || '').trim()")
