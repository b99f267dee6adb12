"""The analytics pages and downloads for every persona, with suppression."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from analytics.models import Snapshot, SnapshotStatus

pytestmark = pytest.mark.django_db

PAGES = (
    "analytics:dashboard",
    "analytics:readiness",
    "analytics:skills",
    "analytics:initiatives",
    "analytics:recommendations",
)
ANALYTICS_PERSONAS = ("ld_editor", "academy_admin", "leadership")
OTHERS = ("learner", "manager", "ld_reviewer")


def _as(client, persona_user, persona):
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    return client


def _text(response) -> str:
    return response.content.decode()


def _assert_no_nan(html: str):
    lowered = html.lower()
    for marker in (">nan<", " nan%", ">nan%", "nan ", "none%"):
        assert marker not in lowered, marker


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ANALYTICS_PERSONAS)
def test_analytics_pages_render_for_analytics_personas(
    client, persona_user, snapshot, name, persona
):
    response = _as(client, persona_user, persona).get(reverse(name))
    assert response.status_code == 200
    html = _text(response)
    _assert_no_nan(html)
    assert "Figures as of" in html


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", OTHERS)
def test_everyone_else_is_refused(client, persona_user, name, persona):
    response = _as(client, persona_user, persona).get(reverse(name))
    assert response.status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse("analytics:readiness"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_pages_explain_that_there_are_no_figures_yet(client, persona_user):
    response = _as(client, persona_user, "leadership").get(
        reverse("analytics:dashboard")
    )
    html = _text(response)
    assert "No figures yet" in html
    assert "Refresh the figures" not in html  # Leadership cannot refresh
    response = _as(client, persona_user, "ld_editor").get(
        reverse("analytics:readiness")
    )
    assert "Refresh the figures" in _text(response)


def test_leadership_sees_small_departments_hidden(client, persona_user, snapshot):
    html = _text(
        _as(client, persona_user, "leadership").get(reverse("analytics:dashboard"))
    )
    assert "Groups of fewer than 5 people are hidden" in html
    assert "Hidden: fewer than 5 people" in html


def test_admins_see_every_department(client, persona_user, snapshot):
    html = _text(
        _as(client, persona_user, "academy_admin").get(reverse("analytics:dashboard"))
    )
    assert "Hidden: fewer than 5 people" not in html
    assert "Legal" in html


def test_heatmap_has_numbers_colours_and_benchmarks(client, persona_user, snapshot):
    html = _text(
        _as(client, persona_user, "leadership").get(reverse("analytics:readiness"))
    )
    assert 'class="heatmap"' in html
    assert "benchmark 30%" in html  # governance
    assert "heat--l4" in html  # Claims Intake: everyone has the governance skill
    assert "100%" in html
    assert "hidden" in html  # Legal's two people
    assert 'data-vega-spec="heatmap-spec"' in html
    assert 'id="heatmap-spec"' in html
    assert "analytics/vendor/vega-embed/vega-embed.min.js" in html


NOT_RECORDED = (
    "Source not recorded — L&amp;D can add it under Snippets › Rollout blockers"
)


def test_a_benchmark_without_a_recorded_source_says_so(client, persona_user, snapshot):
    # The seeded benchmarks' survey is not known: none is named.
    html = _text(
        _as(client, persona_user, "leadership").get(reverse("analytics:readiness"))
    )
    sources = html.split('id="benchmark-sources-heading"')[1].split("</section>")[0]
    assert sources.count(NOT_RECORDED) == 4
    assert "<cite>" not in sources


def test_a_recorded_source_is_cited_beside_its_benchmark(
    client, persona_user, snapshot
):
    from courses.models import RolloutBlocker

    RolloutBlocker.objects.filter(slug="governance").update(
        benchmark_source_title="State of AI governance",
        benchmark_source_publisher="Northwind Research",
        benchmark_source_year=2025,
        benchmark_source_url="https://research.example.org/ai-governance-2025",
    )
    html = _text(
        _as(client, persona_user, "leadership").get(reverse("analytics:readiness"))
    )
    sources = html.split('id="benchmark-sources-heading"')[1].split("</section>")[0]
    governance = sources.split("<strong>Governance</strong>")[1].split("</li>")[0]
    assert "benchmark 30%" in governance
    assert (
        '<cite><a href="https://research.example.org/ai-governance-2025">'
        "State of AI governance. Northwind Research, 2025.</a></cite>"
    ) in governance
    # The others still say theirs is not recorded; the chart's tooltip cites it.
    assert sources.count(NOT_RECORDED) == 3
    assert (
        "State of AI governance. Northwind Research, 2025."
        in html.split('id="heatmap-spec"')[1]
    )


def test_skills_page_filters_by_department(client, persona_user, snapshot, org):
    client = _as(client, persona_user, "ld_editor")
    response = client.get(reverse("analytics:skills"), {"department": org.intake.pk})
    assert response.status_code == 200
    assert "Classifying data before sharing it" in _text(response)
    assert (
        client.get(reverse("analytics:skills"), {"department": 999999}).status_code
        == 404
    )
    assert (
        client.get(reverse("analytics:skills"), {"department": "x"}).status_code == 404
    )


def test_missing_content_is_explained(client, persona_user, snapshot):
    html = _text(
        _as(client, persona_user, "ld_editor").get(reverse("analytics:dashboard"))
    )
    assert "What is missing from these figures" in html
    assert "Procurement" in html


def test_an_empty_organisation_is_explained(client, persona_user, db):
    from analytics import services

    services.snapshot_run(run_key="test:empty", trigger="manual")
    html = _text(
        _as(client, persona_user, "academy_admin").get(reverse("analytics:dashboard"))
    )
    assert "no role" in html  # the persona learner and manager have none
    readiness = _text(client.get(reverse("analytics:readiness")))
    _assert_no_nan(readiness)


# --- initiatives ---------------------------------------------------------------


def test_initiative_board_links_to_the_checklist(
    client, persona_user, snapshot, initiative
):
    html = _text(
        _as(client, persona_user, "leadership").get(reverse("analytics:initiatives"))
    )
    url = reverse("analytics:initiative", args=[initiative.pk])
    assert f'href="{url}"' in html
    assert "Claims triage assistant" in html


def test_leadership_checklist_has_no_names_of_members(
    client, persona_user, snapshot, initiative
):
    url = reverse("analytics:initiative", args=[initiative.pk])
    html = _text(_as(client, persona_user, "leadership").get(url))
    assert "Go-live checklist: Claims triage assistant" in html
    assert "5 of 6 required people have completed" in html
    assert "Ravi Menon" not in html
    assert "visible to Academy admins only" in html


def test_the_checklist_cites_each_benchmarks_source_or_says_it_is_missing(
    client, persona_user, snapshot, initiative
):
    from courses.models import RolloutBlocker

    RolloutBlocker.objects.filter(slug="governance").update(
        benchmark_source_title="State of AI governance",
        benchmark_source_publisher="Northwind Research",
        benchmark_source_year=2025,
    )
    url = reverse("analytics:initiative", args=[initiative.pk])
    html = _text(_as(client, persona_user, "academy_admin").get(url))
    sources = html.split('class="benchmark-sources"')[1].split("</ul>")[0]
    assert (
        "<strong>Governance</strong>: <cite>State of AI governance. "
        "Northwind Research, 2025.</cite>"
    ) in sources
    assert sources.count(NOT_RECORDED) == 3


def test_admin_checklist_lists_members(client, persona_user, snapshot, initiative):
    url = reverse("analytics:initiative", args=[initiative.pk])
    html = _text(_as(client, persona_user, "academy_admin").get(url))
    assert "Ravi Menon" in html


def test_unknown_initiative_is_404(client, persona_user, snapshot):
    client = _as(client, persona_user, "leadership")
    assert client.get(reverse("analytics:initiative", args=[999999])).status_code == 404
    url = reverse("analytics:initiative_export", args=[999999, "csv"])
    assert client.get(url).status_code == 404


def test_new_initiative_is_explained_until_the_next_snapshot(
    client, persona_user, snapshot, org
):
    from analytics import services

    newer, _ = services.initiative_ensure(
        name="Invoice matching",
        department_id=org.finance.pk,
        stage="sandbox",
        owner_id=None,
        roles={org.role.pk: 2},
        member_ids=[],
    )
    url = reverse("analytics:initiative", args=[newer.pk])
    html = _text(_as(client, persona_user, "ld_editor").get(url))
    assert "newer than the latest figures" in html
    assert "Nobody is accountable" in html


def test_initiative_checklist_export(client, persona_user, snapshot, initiative):
    url = reverse("analytics:initiative_export", args=[initiative.pk, "csv"])
    response = _as(client, persona_user, "leadership").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Every required role is trained" in text
    assert "Ravi Menon" not in text
    admin = _as(client, persona_user, "academy_admin").get(url)
    assert "Ravi Menon" in admin.content.decode("utf-8-sig")


# --- exports ---------------------------------------------------------------------


EXPORTS = (
    "targets",
    "trend",
    "departments",
    "departments-by-gap",
    "gaps",
    "readiness",
    "skills",
    "department-skills",
    "initiatives",
    "recommendations",
)


@pytest.mark.parametrize("table", EXPORTS)
def test_every_dashboard_table_downloads_as_csv_and_xlsx(
    client, persona_user, snapshot, table
):
    client = _as(client, persona_user, "leadership")
    csv = client.get(reverse("analytics:export", args=[table, "csv"]))
    assert csv.status_code == 200
    assert csv["Content-Disposition"].startswith(f'attachment; filename="{table}-')
    text = csv.content.decode("utf-8-sig")
    assert "nan" not in text.lower().split(",")
    xlsx = client.get(reverse("analytics:export", args=[table, "xlsx"]))
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.active.max_row >= 1


def test_exports_hide_small_groups_like_the_pages(client, persona_user, snapshot):
    url = reverse("analytics:export", args=["departments", "csv"])
    leadership = _as(client, persona_user, "leadership").get(url)
    assert "Hidden: fewer than 5 people" in leadership.content.decode("utf-8-sig")
    admin = _as(client, persona_user, "academy_admin").get(url)
    assert "Hidden: fewer than 5 people" not in admin.content.decode("utf-8-sig")


def test_formula_like_names_are_neutralised_in_exports(client, persona_user, org, db):
    from analytics import services

    org.procurement.name = '=HYPERLINK("http://evil.example")'
    org.procurement.save()
    services.snapshot_run(run_key="test:formula", trigger="manual")
    url = reverse("analytics:export", args=["departments", "csv"])
    text = (
        _as(client, persona_user, "academy_admin").get(url).content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in text
    assert "\r\n=HYPERLINK" not in text
    assert ",=HYPERLINK" not in text


def test_unknown_export_table_is_404(client, persona_user, snapshot):
    client = _as(client, persona_user, "leadership")
    assert (
        client.get(reverse("analytics:export", args=["salaries", "csv"])).status_code
        == 404
    )
    assert client.get("/analytics/export/departments.pdf").status_code == 404


def test_exports_without_a_snapshot_have_headers_only(client, persona_user):
    url = reverse("analytics:export", args=["readiness", "csv"])
    response = _as(client, persona_user, "ld_editor").get(url)
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines == [
        "Department,Rollout blocker,Readiness (%),Industry benchmark (%),"
        "Below the benchmark,People it rests on,Note"
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_long_export_is_for_academy_admins_only(client, persona_user, org, fmt):
    url = reverse("analytics:learner_courses_export", args=[fmt])
    for persona in ("ld_editor", "leadership", "learner", "manager"):
        client.logout()
        assert _as(client, persona_user, persona).get(url).status_code == 403
    client.logout()
    response = _as(client, persona_user, "academy_admin").get(url)
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        header = text.splitlines()[0]
        assert header.startswith("Employee ID,Learner,Learner status,Department ID")
        assert "Lucía Moreno" in text
        assert len(text.strip().splitlines()) == 26  # 25 enrolments + header
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row == 26


# --- refreshing --------------------------------------------------------------------


def test_ld_editor_refreshes_the_figures(
    client, persona_user, org, django_capture_on_commit_callbacks
):
    client = _as(client, persona_user, "ld_editor")
    assert client.get(reverse("analytics:refresh")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("analytics:refresh"))
    snapshot = Snapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("analytics:snapshot", args=[snapshot.pk])
    assert snapshot.status == SnapshotStatus.COMPLETE
    page = client.get(response["Location"])
    assert "Done." in _text(page)


@pytest.mark.parametrize("persona", ["leadership", "learner", "ld_reviewer"])
def test_others_cannot_refresh(client, persona_user, persona):
    client = _as(client, persona_user, persona)
    assert client.post(reverse("analytics:refresh")).status_code == 403
    assert not Snapshot.objects.exists()


def test_progress_page_polls_while_running(client, persona_user, db):
    running = Snapshot.objects.create(
        run_key="manual:x",
        trigger="manual",
        status="running",
        progress=45,
        step="Measuring skill coverage and blocker readiness",
    )
    client = _as(client, persona_user, "academy_admin")
    url = reverse("analytics:snapshot", args=[running.pk])
    html = _text(client.get(url))
    assert "45% done" in html
    assert "hx-get" in html or 'http-equiv="refresh"' in html
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert _text(fragment).lstrip().startswith('<div id="snapshot-progress"')
    assert client.get(reverse("analytics:snapshot", args=[999999])).status_code == 404


def test_progress_page_reports_a_failure(client, persona_user, db):
    failed = Snapshot.objects.create(
        run_key="manual:y", trigger="manual", status="failed", error="OSError: disk"
    )
    html = _text(
        _as(client, persona_user, "ld_editor").get(
            reverse("analytics:snapshot", args=[failed.pk])
        )
    )
    assert "The refresh failed" in html


def test_dashboard_queries_do_not_grow_with_the_organisation(
    client, persona_user, snapshot, org, django_assert_max_num_queries
):
    client = _as(client, persona_user, "leadership")
    client.get(reverse("analytics:dashboard"))  # warm caches
    with django_assert_max_num_queries(15):
        client.get(reverse("analytics:dashboard"))


def test_long_export_streams_large_csv_and_refuses_a_workbook_too_big(
    client, persona_user, org, monkeypatch
):
    from analytics import exports

    monkeypatch.setattr(exports, "STREAM_ROWS", 10)
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 20)
    client = _as(client, persona_user, "academy_admin")
    csv = client.get(reverse("analytics:learner_courses_export", args=["csv"]))
    assert csv.status_code == 200
    assert csv.streaming
    assert csv["Content-Disposition"].startswith('attachment; filename="learner-')
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 26
    xlsx = client.get(
        reverse("analytics:learner_courses_export", args=["xlsx"]), follow=True
    )
    assert xlsx.redirect_chain == [(reverse("analytics:dashboard"), 302)]
    assert "too many to build as an Excel workbook here (the limit is 20)" in _text(
        xlsx
    )


def test_the_overview_links_the_long_export_for_academy_admins_only(
    client, persona_user, org
):
    url = reverse("analytics:learner_courses_export", args=["csv"])
    assert url in _text(_as(client, persona_user, "academy_admin").get("/analytics/"))
    client.logout()
    assert url not in _text(_as(client, persona_user, "leadership").get("/analytics/"))
