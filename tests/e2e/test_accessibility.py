"""Accessibility, measured: every page of the persona matrix, checked with axe-core.

The URLs and the status each persona should get come from ``tests/test_url_matrix.py``
(its named rows, its paths and its rows for real objects), so a page added there is
checked here without another edit. Each persona gets one browser context, signed in
as the login form would sign them in (staff with their second factor passed), and
every page it may open (200) is checked with the WCAG 2.0/2.1/2.2 A and AA rules;
a serious or critical violation fails the test. Refusals (403, 404, 405) are checked
too, once per persona and kind of page, since they share their template. Redirects
(302) lead to another row of the matrix (the sign-in page, the second-factor
prompt); SCIM's 401s and file downloads are not pages. Wagtail's own admin pages
are checked like the academy's, with the few findings in Wagtail's markup that the
academy cannot change waived rule by rule and element by element (``WAGTAIL_WAIVERS``
below, ADR 0021); the admin screens staff use every day, with their dashboard
panels full, are checked by the second test.
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

# Findings in Wagtail's own admin markup that the academy cannot fix without
# overriding Wagtail's templates or scripts: rule id -> the Wagtail elements it is
# waived on, each with its reason. Everywhere else the rule still fails the test,
# and nothing of the academy's (templates, panels, block labels, branding) is here.
WAGTAIL_WAIVERS: dict[str, tuple[str, ...]] = {
    # Draftail, Wagtail's rich text editor: its text box is not tied to the block's
    # label in a StreamField (Wagtail shows the block's name in the panel heading).
    "aria-input-field-name": (".Draftail-Editor [role='textbox']",),
    # The page editor's minimap (Wagtail's outline of the form's panels) scrolls
    # without being focusable; the same panels are reached in the form itself.
    "scrollable-region-focusable": (".w-minimap__list",),
}
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


def _waivers(url: str) -> dict:
    return WAGTAIL_WAIVERS if url.startswith("/admin/") else {}


def _check_persona(context, persona, visits):
    """Open every page the matrix lets ``persona`` see; returns (failures, notes)."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    failures, surprises, seen = [], [], set()
    for url, expected in visits:
        status = expected[persona]
        if status in NOT_PAGES:
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
        violations = axe_violations(page, waived=_waivers(url))
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


@pytest.fixture
def busy_admin(world, learner, ld_editor, monkeypatch):  # noqa: F811 - a fixture
    """An admin with something in every dashboard panel: a lesson awaiting review,
    a lesson past its yearly review, flagged lessons and checks, a roster import
    that failed and this week's completions; and the items staff open from it."""
    from datetime import date

    import pandas as pd
    from django.utils import timezone

    from analytics import item_analysis
    from analytics.item_analysis import CHECK_COLUMNS, QUESTION_COLUMNS
    from learners.models import CourseEnrolment, EnrolmentStatus
    from learners.services.flags import lesson_flag
    from tests.factories import LearnerFactory, LessonPageFactory, RolloutBlockerFactory
    from tests.factories.courses import bank_questions, lesson_body, single_question

    stale = LessonPageFactory(
        parent=world.course,
        title="Reading a model card",
        last_reviewed=date(2024, 11, 2),
        content_owner="grace.whitfield@example.com",
        blocks=lesson_body(
            ("heading", "What a model card tells you"),
            ("rich_text", "<p>Start with the intended use.</p>"),
            (
                "callout",
                {
                    "kind": "policy",
                    "title": "Approved tools only",
                    "text": "<p>Customer data goes only into approved tools.</p>",
                },
            ),
            ("key_takeaways", ["Read the intended use first."]),
            (
                "code",
                {
                    "language": "python",
                    "code": "print(card.intended_use)",
                    "caption": "",
                },
            ),
        ),
    )
    stale.objectives = [("objective", "Find a model's intended use on its card")]
    stale.sources = [
        (
            "source",
            {
                "id": "cards",
                "title": "Model Cards for Model Reporting",
                "publisher": "FAT* Conference",
                "year": 2019,
                "url": "",
            },
        )
    ]
    stale.save()
    world.quiz.title = "Bias and leaked data (revised)"
    world.quiz.save_revision(user=ld_editor)
    world.quiz.get_workflow().start(world.quiz, ld_editor)
    lesson_flag(learner=learner, lesson_id=world.reading.pk, reason="outdated")
    checks = pd.DataFrame(
        [["Judging AI output", 6, 240, 0.71, 2]], columns=CHECK_COLUMNS
    )
    monkeypatch.setattr(
        item_analysis,
        "item_report",
        lambda: (pd.DataFrame(columns=QUESTION_COLUMNS), checks),
    )
    now = timezone.now()
    for first, last in [
        ("Nadia", "Rahman"),
        ("Tomás", "Herrera"),
        ("Ingrid", "Solberg"),
        ("Kwame", "Mensah"),
        ("Aiko", "Tanaka"),
    ]:
        person = LearnerFactory(user__first_name=first, user__last_name=last)
        CourseEnrolment.objects.create(
            learner=person,
            course=world.course,
            status=EnrolmentStatus.COMPLETED,
            started_at=now,
            completed_at=now,
        )
    blocker = RolloutBlockerFactory(name="Change fatigue")
    question = bank_questions(single_question("bank-a11y"))[0]
    return {
        "lesson": stale,
        "course": world.course,
        "blocker": blocker,
        "question": question,
    }


def staff_admin_pages(busy):
    """The Wagtail screens each staff persona works in day to day."""
    lesson, course = busy["lesson"], busy["course"]
    snippets = "/admin/snippets/courses"
    editing = [
        "/admin/",
        f"/admin/pages/{course.pk}/",
        f"/admin/pages/{lesson.pk}/edit/",
        f"/admin/pages/{course.pk}/edit/",
        f"/admin/pages/add/courses/lessonpage/{course.pk}/",
        f"{snippets}/rolloutblocker/edit/{busy['blocker'].pk}/",
        f"{snippets}/bankquestion/edit/{busy['question']}/",
        f"{snippets}/bankquestion/add/",
    ]
    return {
        "ld_editor": editing,
        "ld_reviewer": ["/admin/", f"/admin/pages/{lesson.pk}/edit/"],
        "academy_admin": ["/admin/", "/admin/people/", "/admin/assignment-rules/"],
    }


def test_the_wagtail_admin_pages_staff_use_pass_axe(
    browser,
    live_server,
    persona_user,
    busy_admin,
):
    failures = []
    for persona, urls in staff_admin_pages(busy_admin).items():
        context = signed_in_context(browser, live_server, persona_user[persona])
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            for url in urls:
                answer = page.goto(url)
                if answer.status != 200 or answer.url != f"{live_server.url}{url}":
                    failures.append(f"{persona} {url}: {answer.status} {answer.url}")
                    continue
                violations = axe_violations(page, waived=WAGTAIL_WAIVERS)
                if violations:
                    failures.append(describe(f"{persona} {url}", violations))
                if url == "/admin/" and persona == "ld_editor":
                    # The panels were there to be checked.
                    main = page.locator("main").inner_text()
                    for shown in ("Reading a model card", "Judging AI output"):
                        assert shown in main, shown
                if url == "/admin/":
                    screenshot(page, persona, "admin-dashboard")
        finally:
            context.close()
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


def test_a_waiver_covers_its_rule_on_its_elements_only(page):
    # A waived rule still fails on every element its selectors do not name, and a
    # region left outside is not looked into at all.
    page.set_content(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Form</title></head><body>'
        '<main><div class="vendor-editor"><input id="theirs"></div>'
        '<input id="ours"><div class="vendor-frame"><button></button></div>'
        "</main></body></html>"
    )
    violations = axe_violations(
        page, waived={"label": (".vendor-editor",)}, outside=(".vendor-frame",)
    )
    found = {
        violation["rule"]: " ".join(violation["nodes"]) for violation in violations
    }
    assert "#ours" in found["label"]
    assert "#theirs" not in found["label"]
    assert "button-name" not in found


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
