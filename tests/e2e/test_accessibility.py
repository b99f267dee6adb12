"""Accessibility, measured: every page of the persona matrix, checked with axe-core.

The URLs and the status each persona should get come from ``tests/test_url_matrix.py``
(its named rows, its paths and its rows for real objects), so a page added there is
checked here without another edit. Each persona gets one browser context, signed in
as the login form would sign them in (staff with their second factor passed), and
every page it may open (200) is checked with the WCAG 2.0/2.1/2.2 A and AA rules;
a serious or critical violation fails the test. Refusals (403, 404, 405) are checked
too, once per persona and kind of page, since they share their template. Redirects
(302) lead to another row of the matrix (the sign-in page, the second-factor
prompt); SCIM's 401s and file downloads are not pages. What is left out, and why:
``WAGTAIL_CORE`` below and ADR 0021.
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.e2e.accessibility import (
    axe_violations,
    describe,
    screenshot,
    signed_in_context,
)
from tests.learners.conftest import world  # noqa: F401 - a fixture
from tests.test_url_matrix import NAMED, PATHS, _object_rows, owned  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

# Wagtail's own admin pages: third-party markup the academy does not write. The
# admin dashboard is Wagtail's page (the academy adds panels to it, which are
# checked on their own pages). Wagtail tests its admin's accessibility itself.
WAGTAIL_CORE = ("/admin/",)
NOT_PAGES = (302, 401)
# The pages whose screenshots CI keeps for each persona that may open them.
MAIN_PAGES = {
    "/": "home",
    "/my-learning/": "my-learning",
    "/my-team/": "my-team",
    "/analytics/": "analytics",
    "/curricula/": "curricula",
    "/admin/people/": "people",
    "/admin/roster-imports/": "roster-imports",
    "/admin/scorm-packages/": "scorm-library",
}


def matrix_visits(owned):  # noqa: F811 - the fixture's value
    """(url, {persona: status}) for every row of the persona matrix."""
    for name, row in NAMED.items():
        yield reverse(name, kwargs=row.kwargs) + row.query, row.expected
    yield from PATHS.items()
    for (name, args), expected in _object_rows(owned).items():
        yield reverse(name, args=args), expected


def content_visits(world):  # noqa: F811 - the fixture's value
    """The course pages a learner works through (their persona rows live in
    tests/courses/test_pages.py): signed-in people read them."""
    signed_in = {**dict.fromkeys(PERSONAS, 200), "anonymous": 302}
    for page in (world.curriculum, world.course, world.reading, world.quiz):
        yield page.url, signed_in


def _page_kind(url: str, status: int):
    """Pages that share a template are checked once per persona: every refusal of
    one status looks the same in the site, and the same in the admin."""
    if status >= 400:
        return (status, url.startswith("/admin/"))
    return url.split("?")[0]


def _is_document(answer) -> bool:
    """A whole HTML page: not a download (CSV, XLSX, PDF), JSON, a bare status, or
    a fragment htmx swaps into a page (a listing's ``results/``), which is checked
    inside the page it belongs to."""
    if not answer.headers.get("content-type", "").startswith("text/html"):
        return False
    return b"<html" in answer.body()[:500].lower()


def _show(page, url, answer):
    """Open ``url`` in the page with the answer already fetched, so the server
    renders each page once (its styles and scripts still come from the server)."""

    def matches(requested: str) -> bool:
        return requested == answer.url

    def fulfil(route):
        route.fulfill(response=answer)

    page.route(matches, fulfil)
    try:
        page.goto(url)
    finally:
        page.unroute(matches, fulfil)


def _check_persona(context, persona, visits):
    """Open every page the matrix lets ``persona`` see; returns (failures, notes)."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    failures, surprises, seen = [], [], set()
    for url, expected in visits:
        status = expected[persona]
        if status in NOT_PAGES or url in WAGTAIL_CORE:
            continue
        if _page_kind(url, status) in seen:
            continue
        answer = context.request.get(url, max_redirects=0)
        if status == 200 and answer.status == 302:
            # Sent to sign in or to the second factor: the session is not the
            # persona's, and the pages checked would not be theirs.
            failures.append(f"{persona} {url}: sent to {answer.headers['location']}")
        elif answer.status != status:
            surprises.append(f"{url}: {answer.status}, the matrix says {status}")
        if not _is_document(answer):
            continue
        seen.add(_page_kind(url, answer.status))
        _show(page, url, answer)
        violations = axe_violations(page)
        if violations:
            failures.append(describe(f"{persona} {url} ({answer.status})", violations))
        if url in MAIN_PAGES and answer.status == 200:
            screenshot(page, persona, MAIN_PAGES[url])
    page.close()
    return failures, surprises


def test_every_page_of_the_persona_matrix_passes_axe(
    browser,
    live_server,
    persona_user,
    owned,  # noqa: F811 - a fixture
    world,  # noqa: F811 - a fixture
):
    visits = [*matrix_visits(owned), *content_visits(world)]
    failures, surprises = [], []
    for persona in PERSONAS:
        context = signed_in_context(browser, live_server, persona_user[persona])
        try:
            found, odd = _check_persona(context, persona, visits)
        finally:
            context.close()
        failures.extend(found)
        surprises.extend(f"{persona} {note}" for note in odd)
    # Statuses are tests/test_url_matrix.py's business; here a different one only
    # means the page checked is another than intended, so it is reported.
    if surprises:
        print("Pages that answered otherwise than the matrix:\n" + "\n".join(surprises))  # noqa: T201
    assert not failures, "WCAG A/AA violations:\n" + "\n".join(failures)


def test_the_check_names_the_rule_and_the_element_of_a_violation(page):
    # The check itself: a field without a label and a button without a name are
    # found, and the report points at them.
    page.set_content(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Form</title></head><body>'
        '<main><input id="employee-id"><button type="submit"></button></main>'
        "</body></html>"
    )
    violations = axe_violations(page)
    assert {"label", "button-name"} <= {v["rule"] for v in violations}
    report = describe("a form", violations)
    assert "#employee-id" in report
    assert "[critical] label" in report


def _fulfil_with(html: str):
    def fulfil(route):
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    return fulfil


def test_the_error_pages_outside_the_matrix_pass_axe(page, live_server, rf):
    # "Too many attempts" (429) and the server error page (500) answer no URL of
    # the matrix: they are rendered as their handlers render them and shown at a
    # URL of the live server, so their styles load as on a real error.
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.cache import SessionStore
    from django.template.loader import render_to_string

    from academy.views import rate_limited

    request = rf.get("/accounts/login/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    pages = {
        "429": rate_limited(request).content.decode(),
        "500": render_to_string("500.html"),
    }
    failures = []
    for status, html in pages.items():
        url = f"{live_server.url}/error-page-{status}/"
        page.route(url, _fulfil_with(html))
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            failures.append(describe(f"the {status} page", violations))
    assert not failures, "\n".join(failures)
