"""Vega-Lite specs built with altair from the dashboard tables (no database)."""

import json

import pytest

from analytics import charts, pages
from analytics import presenters as p
from analytics.compute import Frames, snapshot_compute
from analytics.privacy import Audience
from tests.analytics.sample import TODAY, sample_frames

ADMIN = Audience(see_individuals=True, min_group_size=5)
LEADERSHIP = Audience(see_individuals=False, min_group_size=5)


@pytest.fixture(scope="module")
def result():
    return snapshot_compute(sample_frames(), today=TODAY)


def _values(spec):
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "values" in node and isinstance(node["values"], list):
                found.extend(node["values"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def test_heatmap_spec_has_colour_and_numbers_and_the_benchmark(result):
    inputs = pages.Inputs(result.tables, result.summary, ADMIN)
    spec = charts.heatmap_chart(inputs.heatmap())
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "text"]
    values = _values(spec)
    claims_data = next(
        v
        for v in values
        if v["department"] == "Operations › Claims"
        and v["blocker"].startswith("Data readiness")
    )
    assert claims_data["label"] == "33% ▾"  # below its 40% benchmark
    assert "benchmark 40%" in claims_data["blocker"]
    json.dumps(spec, allow_nan=False)


def test_heatmap_spec_never_carries_a_hidden_figure(result):
    inputs = pages.Inputs(result.tables, result.summary, LEADERSHIP)
    values = _values(charts.heatmap_chart(inputs.heatmap()))
    hidden = [v for v in values if v["label"] == "hidden"]
    assert hidden
    assert all(v["readiness"] is None for v in hidden)


def test_charts_with_nothing_to_draw_are_none():
    empty = snapshot_compute(Frames.empty(), today=TODAY)
    inputs = pages.Inputs(empty.tables, empty.summary, ADMIN)
    assert charts.heatmap_chart(inputs.heatmap()) is None
    assert charts.skills_chart(p.skills_table(empty.tables["skills"], ADMIN)) is None
    assert (
        charts.trend_chart(p.trend_table(empty.tables["completion_history"], ADMIN), 50)
        is None
    )
    assert charts.burnup_chart(None) is None


def test_bar_charts_draw_only_visible_rows(result):
    table = p.departments_table(result.tables["departments"], LEADERSHIP, total=5)
    spec = charts.departments_chart(table, 50.0)
    departments = {v["department"] for v in _values(spec) if "department" in v}
    assert departments == {"Operations"}  # Claims is hidden; Finance is empty
    assert any(v.get("rule") == 50.0 for v in _values(spec))


def test_department_labels_are_short_and_never_alike():
    names = [
        "Operations › Claims",
        "Finance › Claims",
        "Technology › Data and Analytics › Platform Engineering and Reliability East",
        "Technology › Data and Analytics › Platform Engineering and Reliability West",
        "Sales",
    ]
    labels = charts.distinct_labels(names, limit=36)
    assert len(set(labels)) == len(labels)
    assert labels[0] == "Operations › Claims"
    assert labels[4] == "Sales"
    assert all(len(label) <= 36 + len(" (2)") for label in labels)
    assert labels[2].endswith("East")
    assert labels[3].endswith("West")


def test_department_bars_keep_the_full_name_in_the_tooltip(result):
    table = p.departments_table(result.tables["departments"], ADMIN, total=5)
    spec = charts.departments_chart(table, 50.0)
    bars = [v for v in _values(spec) if "department" in v]
    assert {v["department"] for v in bars} == {
        row["path"] for row in table.visible_rows if row.get("percent") is not None
    }
    assert '"labelLimit": 0' in json.dumps(spec)


@pytest.mark.parametrize("audience", [ADMIN, LEADERSHIP], ids=["admin", "leadership"])
def test_every_chart_is_a_valid_vega_lite_spec(result, audience):
    """Pages build their specs without altair's schema check (it was half a
    dashboard's build time), so every chart is checked against the schema here."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    assert charts.VALIDATE is False
    inputs = pages.Inputs(result.tables, result.summary, audience)
    overview = pages.overview(inputs)
    specs = {
        "heatmap": charts.heatmap_chart(inputs.heatmap()),
        "trend": overview.trend_chart,
        "burnup": overview.burnup_chart,
        "departments": overview.departments_chart,
        "skills": pages.skills(inputs, department_id=None).chart,
        "initiatives": pages.initiatives(inputs).chart,
        "recommendations": pages.recommendations(inputs).chart,
    }
    schema = load_schema()
    checked = 0
    for name, spec in specs.items():
        if spec is None:
            continue
        validate_jsonschema(spec, schema)  # raises on any invalid spec
        assert spec["description"], name
        checked += 1
    # The sample draws every chart for an admin; leadership sees fewer rows.
    assert checked == len(specs) if audience is ADMIN else checked, specs


def test_an_invalid_spec_is_caught_by_the_schema_check(result):
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema
    from jsonschema import ValidationError

    inputs = pages.Inputs(result.tables, result.summary, ADMIN)
    spec = charts.heatmap_chart(inputs.heatmap())
    spec["layer"][0]["mark"] = {"type": "pie-ish"}
    with pytest.raises(ValidationError):
        validate_jsonschema(spec, load_schema())
