"""The admin dashboard's "Checks with flagged questions" panel."""

import pandas as pd
import pytest

from analytics import item_analysis
from analytics.item_analysis import CHECK_COLUMNS, QUESTION_COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(monkeypatch):
    """An item report with two flagged checks and one without flags."""
    checks = pd.DataFrame(
        [
            ["Risk tiers", 6, 240, 0.71, 2],
            ["Shadow AI", 5, 200, 0.66, 0],
            ["Data classes", 4, 160, 0.97, 3],
        ],
        columns=CHECK_COLUMNS,
    )
    monkeypatch.setattr(
        item_analysis,
        "item_report",
        lambda: (pd.DataFrame(columns=QUESTION_COLUMNS), checks),
    )


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_counts_flagged_questions_per_check_and_links_the_report(
    client, ld_editor, report
):
    html = _dashboard(client, ld_editor)
    panel = html.split('id="checks-with-flagged-questions-section"')[1].split(
        "</section>"
    )[0]
    assert (
        "<strong>5</strong> questions in <strong>2</strong> knowledge checks" in panel
    )
    assert panel.index("Data classes") < panel.index("Risk tiers")  # most flagged
    assert "Shadow AI" not in panel
    assert 'href="/analytics/items/"' in panel


def test_with_nothing_flagged_the_panel_says_so(client, academy_admin):
    html = _dashboard(client, academy_admin)
    assert "No knowledge check has a flagged question." in html


@pytest.mark.parametrize("persona", ["ld_reviewer", "leadership"])
def test_other_staff_do_not_see_the_panel(client, persona, request, report):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/admin/")
    assert 'id="checks-with-flagged-questions-section"' not in response.content.decode()
