"""Dashboard tables as each audience may see them (no database)."""

import math

import pytest

from analytics import pages
from analytics import presenters as p
from analytics.compute import snapshot_compute
from analytics.privacy import Audience
from tests.analytics.sample import CLAIMS, FINANCE, OPERATIONS, TODAY, sample_frames

ADMIN = Audience(see_individuals=True, min_group_size=5)
LEADERSHIP = Audience(see_individuals=False, min_group_size=5)
LEADERSHIP_OF_TWO = Audience(see_individuals=False, min_group_size=2)


@pytest.fixture(scope="module")
def result():
    return snapshot_compute(sample_frames(), today=TODAY)


def _by(rows, key, value):
    return next(row for row in rows if row[key] == value)


def _no_nan(table: p.Table):
    for row in table.rows:
        for value in row.values():
            assert not (isinstance(value, float) and math.isnan(value))
    frame = table.export_frame()
    for column in frame.columns:
        for value in frame[column]:
            assert not (isinstance(value, float) and math.isnan(value)), column


def test_a_department_of_three_is_hidden_from_leadership(result):
    table = p.departments_table(
        result.tables["departments"], LEADERSHIP, total=result.summary["population"]
    )
    claims = _by(table.rows, "department_id", CLAIMS)
    assert claims["suppressed"]
    assert claims["completed"] is None
    assert claims["percent"] is None
    assert claims["note"] == "Hidden: fewer than 5 people"
    assert claims["population"] == 3  # head counts are not learning data
    # Operations minus Claims is Operations' own 2 people plus the hidden 3: 5.
    assert _by(table.rows, "department_id", OPERATIONS)["completed"] == 2
    finance = _by(table.rows, "department_id", FINANCE)
    assert not finance.get("suppressed")
    assert finance["note"].startswith("No active learners")
    assert table.hidden_rows == 1
    _no_nan(table)


def test_academy_admins_see_every_department(result):
    table = p.departments_table(result.tables["departments"], ADMIN, total=5)
    assert _by(table.rows, "department_id", CLAIMS)["completed"] == 1
    assert table.hidden_rows == 0


def test_heatmap_hides_cells_resting_on_too_few_people(result):
    heat = p.heatmap(
        result.tables["readiness"],
        result.tables["organisation_readiness"],
        result.tables["departments"],
        LEADERSHIP_OF_TWO,
    )
    assert [b["name"] for b in heat.blockers] == [
        "Data readiness",
        "Governance",
        "Infrastructure",
        "Skills",
    ]
    organisation, *departments = heat.rows
    assert organisation.label == "Whole organisation"
    states = {c.blocker_id: c.state for c in organisation.cells}
    # One production engineer is the whole infrastructure figure: hidden.
    assert states == {1: "value", 2: "value", 3: "hidden", 4: "no_data"}
    claims = next(r for r in departments if r.department_id == CLAIMS)
    data = next(c for c in claims.cells if c.blocker_id == 1)
    assert data.state == "value"
    assert data.below
    assert data.level == 1
    assert heat.hidden[3] == {OPERATIONS}
    _no_nan(heat.table)


def test_heatmap_shows_admins_everything(result):
    heat = p.heatmap(
        result.tables["readiness"],
        result.tables["organisation_readiness"],
        result.tables["departments"],
        ADMIN,
    )
    assert all(c.state != "hidden" for row in heat.rows for c in row.cells)


def test_initiative_roles_hide_a_lone_member_and_its_complement():
    import pandas as pd

    roles = pd.DataFrame(
        {
            "initiative_id": [7, 7],
            "role_id": [10, 20],
            "role": ["Critical business user", "Production engineer"],
            "headcount": [2, 1],
            "members": [2, 1],
            "filled": [1, 1],
            "counted": [1, 1],
            "readiness": [0.5, 1.0],
        }
    )
    rows, total_visible = p.initiative_role_rows(roles, LEADERSHIP_OF_TWO)
    # The engineer alone is hidden; then the total minus the other role would
    # give them away, so the other role is hidden too; the total (3) is shown.
    assert [r.get("suppressed", False) for r in rows] == [True, True]
    assert total_visible
    rows, total_visible = p.initiative_role_rows(roles, LEADERSHIP)
    assert not total_visible
    rows, total_visible = p.initiative_role_rows(roles, ADMIN)
    assert rows[1]["filled"] == 1
    assert total_visible


def test_checklist_for_an_admin(result):
    inputs = pages.Inputs(tables=result.tables, summary=result.summary, audience=ADMIN)
    checklist = pages.initiative(
        inputs, initiative_id=7, owner="Amara Nwosu", live_roles=[]
    )
    states = {item.label: item.state for item in checklist.checklist}
    assert states == {
        "A named owner": "done",
        "Every required role is staffed": "done",
        "Every required role is trained": "open",
        "No open rollout blockers": "open",
    }
    trained = next(i for i in checklist.checklist if "trained" in i.label)
    assert trained.detail.startswith("2 of 3")
    assert checklist.members is not None
    assert len(checklist.members.rows) == 4
    export = checklist.export.export_frame()
    assert list(export.columns) == ["Section", "Item", "State", "Detail", "Note"]
    assert "Team member" in set(export["Section"])


def test_checklist_for_leadership_hides_individuals(result):
    inputs = pages.Inputs(
        tables=result.tables, summary=result.summary, audience=LEADERSHIP
    )
    checklist = pages.initiative(
        inputs, initiative_id=7, owner="Amara Nwosu", live_roles=[]
    )
    states = {item.label: item.state for item in checklist.checklist}
    assert states["Every required role is trained"] == "hidden"
    assert states["No open rollout blockers"] == "hidden"
    assert checklist.members is None
    assert "Team member" not in set(checklist.export.export_frame()["Section"])


def test_checklist_of_an_initiative_not_in_the_snapshot_yet(result):
    inputs = pages.Inputs(tables=result.tables, summary=result.summary, audience=ADMIN)
    checklist = pages.initiative(
        inputs,
        initiative_id=99,
        owner="",
        live_roles=[{"role": "Production engineer", "headcount": 1}],
    )
    states = {item.label: item.state for item in checklist.checklist}
    assert states["A named owner"] == "open"
    assert states["Every required role is trained"] == "unknown"
    assert checklist.summary is None


def test_targets_hide_progress_of_a_small_population(result):
    audience = Audience(see_individuals=False, min_group_size=6)
    table = p.targets_table(result.tables["targets"], audience)
    row = table.rows[0]
    assert row["suppressed"]
    assert row["percent"] is None
    assert row["status"] is None
    assert row["population"] == 5


def test_export_frame_uses_readable_headers_and_percentages(result):
    table = p.skills_table(result.tables["skills"], ADMIN)
    frame = table.export_frame()
    assert list(frame.columns) == [
        "Skill",
        "Category",
        "Rollout blockers",
        "People who need it",
        "People who have it",
        "Coverage (%)",
        "Note",
    ]
    protection = frame.loc[frame["Skill"] == "Data protection"].iloc[0]
    assert protection["Coverage (%)"] == pytest.approx(33.3)


@pytest.mark.parametrize("slug", sorted(pages.EXPORTS))
def test_every_export_builds_without_nan(result, slug):
    inputs = pages.Inputs(
        tables=result.tables, summary=result.summary, audience=LEADERSHIP
    )
    _no_nan(pages.EXPORTS[slug].build(inputs))


@pytest.mark.parametrize("slug", sorted(pages.EXPORTS))
def test_no_table_repeats_a_column_heading(result, slug):
    table = pages.EXPORTS[slug].build(
        pages.Inputs(result.tables, result.summary, ADMIN)
    )
    labels = [column.label for column in table.columns]
    assert len(labels) == len(set(labels)), labels


def test_a_table_shows_its_note_column_only_when_a_row_has_a_note(result):
    inputs = pages.Inputs(result.tables, result.summary, ADMIN)
    assert not pages.EXPORTS["skills"].build(inputs).has_notes
    assert pages.EXPORTS["departments"].build(inputs).has_notes


def test_the_trend_is_the_burnups_history_ending_on_the_headline(result):
    """Trend and burn-up count the same dated completions, week by week."""
    page = pages.overview(pages.Inputs(result.tables, result.summary, ADMIN))
    rows = page.trend.rows
    assert len(rows) > 2  # a history from one snapshot, not one dot per snapshot
    assert [r["completed"] for r in rows] == sorted(r["completed"] for r in rows)
    assert rows[-1]["completed"] == result.summary["completed"]
    assert str(rows[-1]["as_of"])[:10] == result.summary["as_of"]
    burnup = {
        str(r["week_start"])[:10]: r["completed_cumulative"]
        for r in page.burnup.rows
        if r["completed_cumulative"] is not None
    }
    trend = {str(r["as_of"])[:10]: r["completed"] for r in rows}
    shared = set(burnup) & set(trend)
    assert all(burnup[day] == trend[day] for day in shared)
