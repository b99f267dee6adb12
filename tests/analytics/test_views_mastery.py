"""The measure switch on the skill pages and the disagreement page (ADR 0025)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analytics.compute import DEMONSTRATED_TABLES

pytestmark = pytest.mark.django_db

MEASURED = (
    "analytics:readiness",
    "analytics:skills",
    "analytics:initiatives",
    "analytics:recommendations",
)
ANALYTICS_PERSONAS = ("ld_editor", "academy_admin", "leadership")
OTHERS = ("learner", "manager", "ld_reviewer")


def _as(client, persona_user, persona):
    client.force_login(persona_user[persona])
    return client


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", MEASURED)
def test_each_skill_page_switches_to_demonstrated_skill(
    client, persona_user, snapshot, name
):
    client = _as(client, persona_user, "leadership")
    completed = _html(client.get(reverse(name)))
    assert 'aria-current="true">Completed</a>' in completed
    assert "What the two measures mean" in completed
    shown = _html(client.get(reverse(name) + "?measure=demonstrated"))
    assert 'aria-current="true">Demonstrated</a>' in shown
    assert "nan" not in shown.lower().split("<script")[0]


def test_the_switch_keeps_the_department_filter(client, persona_user, snapshot, org):
    url = reverse("analytics:skills") + f"?department={org.intake.pk}"
    html = _html(_as(client, persona_user, "ld_editor").get(url))
    assert f"?department={org.intake.pk}&amp;measure=demonstrated" in html


def test_an_unknown_measure_falls_back_to_completed_with_a_notice(
    client, persona_user, snapshot
):
    url = reverse("analytics:readiness") + "?measure=%3Cscript%3Eguess"
    html = _html(_as(client, persona_user, "leadership").get(url))
    assert "is not a measure; showing completed skills" in html
    assert 'aria-current="true">Completed</a>' in html
    assert "<script>guess" not in html


def test_a_snapshot_from_before_the_measure_falls_back_visibly(
    client, persona_user, snapshot
):
    snapshot.tables = {
        k: v
        for k, v in snapshot.tables.items()
        if k not in DEMONSTRATED_TABLES.values() and k != "disagreement"
    }
    snapshot.save(update_fields=["tables"])
    client = _as(client, persona_user, "leadership")
    html = _html(client.get(reverse("analytics:readiness") + "?measure=demonstrated"))
    assert "computed before demonstrated skill was measured" in html
    assert 'aria-current="true">Completed</a>' in html
    page = _html(client.get(reverse("analytics:disagreement")))
    assert "refresh the figures" in page


@pytest.mark.parametrize("name", MEASURED)
def test_both_measures_cost_the_same_queries(client, persona_user, snapshot, name):
    client = _as(client, persona_user, "leadership")
    for query in ("", "?measure=demonstrated"):  # warm the session and caches
        client.get(reverse(name) + query)
    counts = []
    for query in ("", "?measure=demonstrated"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name) + query).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("persona", ANALYTICS_PERSONAS)
def test_the_disagreement_page_is_for_analytics_personas(
    client, persona_user, snapshot, persona
):
    html = _html(
        _as(client, persona_user, persona).get(reverse("analytics:disagreement"))
    )
    assert "Completed, not demonstrated" in html
    assert "Demonstrated, not completed" in html
    assert "Spotting fabricated facts" in html


@pytest.mark.parametrize("persona", OTHERS)
def test_everyone_else_is_refused_the_disagreement_page_and_download(
    client, persona_user, persona
):
    client = _as(client, persona_user, persona)
    assert client.get(reverse("analytics:disagreement")).status_code == 403
    url = reverse("analytics:export", args=["disagreement", "csv"])
    assert client.get(url).status_code == 403


def test_the_disagreement_table_hides_small_groups_from_leadership(
    client, persona_user, snapshot
):
    # Legal has two people: hidden from Leadership, shown to Academy admins.
    leadership = _html(
        _as(client, persona_user, "leadership").get(reverse("analytics:disagreement"))
    )
    assert "Hidden: fewer than 5 people" in leadership
    url = reverse("analytics:export", args=["disagreement", "csv"])
    text = client.get(url).content.decode("utf-8-sig")
    assert "Hidden: fewer than 5 people" in text
    assert text.splitlines()[0].startswith("Department,Skill,People who need it")
    admin = _as(client, persona_user, "academy_admin").get(url)
    assert "Hidden: fewer than 5 people" not in admin.content.decode("utf-8-sig")


def test_downloads_follow_the_measure(client, persona_user, snapshot):
    client = _as(client, persona_user, "ld_editor")
    url = reverse("analytics:export", args=["readiness", "csv"])
    response = client.get(url + "?measure=demonstrated")
    assert response.status_code == 200
    assert "readiness-demonstrated-" in response["Content-Disposition"]
    bad = client.get(url + "?measure=guess")
    assert bad.status_code == 400
    assert "not a measure" in bad.content.decode()
