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
async ([tags, impacts, waived, outside, frames]) => {
  const context = outside.length
    ? {include: [document], exclude: outside.map((selector) => [selector])}
    : document;
  const results = await axe.run(context, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
    iframes: frames,
  });
  // A waived rule is waived only on the elements its selectors name (the element
  // itself or the Wagtail component holding it); anywhere else it still fails.
  const isWaived = (rule, node) => {
    const selectors = waived[rule] || [];
    if (!selectors.length || node.target.length !== 1) return false;
    const element = document.querySelector(node.target[0]);
    return Boolean(element) && selectors.some((s) => element.closest(s));
  };
  return results.violations
    .filter((violation) => impacts.includes(violation.impact))
    .map((violation) => ({
      ...violation,
      nodes: violation.nodes.filter((node) => !isWaived(violation.id, node)),
    }))
    .filter((violation) => violation.nodes.length)
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

# Transitions and animations that end (Wagtail's messages fade in, its panels
# slide open) are let finish first: half-way through, text is paler than it will
# be and axe would measure a contrast nobody reads. Endless ones (spinners) are not
# waited for.
_SETTLE = """
async () => {
  const ending = document.getAnimations().filter(
    (a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity
  );
  const timeout = new Promise((resolve) => setTimeout(resolve, 3000));
  const done = Promise.all(ending.map((a) => a.finished.catch(() => null)));
  await Promise.race([done, timeout]);
}
"""


def axe_violations(page, *, waived=None, outside=(), frames=True) -> list[dict]:
    """Serious and critical WCAG A/AA violations on the page (or frame) as it is now.

    ``waived`` maps an axe rule id to the selectors of third-party elements it is
    not counted on (every other element still fails it); ``outside`` lists
    selectors axe leaves out altogether; ``frames=False`` checks the ``<iframe>``
    elements themselves (their titles) but not the documents inside them (a SCORM
    package's pages, written by others). Each use names its reason (ADR 0021).
    """
    # Evaluated, not added as a <script>: a page's content security policy
    # cannot refuse it, and no page of the academy ever loads it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    page.evaluate(_SETTLE)
    return page.evaluate(
        _RUN_AXE,
        [
            WCAG_TAGS,
            list(FAILING_IMPACTS),
            {rule: list(selectors) for rule, selectors in (waived or {}).items()},
            list(outside),
            frames,
        ],
    )


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
