"""Vega-Lite specs for the dashboards, built with altair (pure, no Django).

Each chart draws the rows of a ``presenters.Table`` that the page also shows as an
HTML table, so what is hidden from a person is hidden in both. Specs are plain
dicts; the page hands them to vega-embed. A chart with nothing to draw is None
and the page shows only the table and its explanation.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from analytics.metrics.columns import (
    COVERAGE,
    NAME,
    PATH,
    PERCENT,
    READINESS,
    UPLIFT,
)
from analytics.presenters.readiness import Heatmap
from analytics.presenters.tables import Table

#: Colour steps of the readiness scale, lightest (0%) to darkest (100%).
READINESS_SCHEME = "blues"
BELOW_MARK = "▾"

Spec = dict[str, Any]


#: Longest axis label, in characters; the full name is in the tooltip and the table.
LABEL_CHARS = 36
PATH_SEPARATOR = " › "


def distinct_labels(names: list[str], limit: int = LABEL_CHARS) -> list[str]:
    """Short axis labels for department paths that never read the same.

    Each label is the department's own name, with as many ancestors as it takes
    to tell it from the others; a label longer than ``limit`` keeps its end (the
    department) and loses its start; any two still alike are numbered.
    """
    parts = [name.split(PATH_SEPARATOR) for name in names]
    depth = [1] * len(parts)
    while True:
        labels = [
            PATH_SEPARATOR.join(p[-d:]) for p, d in zip(parts, depth, strict=True)
        ]
        seen: dict[str, list[int]] = {}
        for i, label in enumerate(labels):
            seen.setdefault(label, []).append(i)
        grow = [
            i
            for same in seen.values()
            if len(same) > 1
            for i in same
            if depth[i] < len(parts[i])
        ]
        if not grow:
            break
        for i in grow:
            depth[i] += 1
    short = [
        label if len(label) <= limit else "…" + label[-(limit - 1) :]
        for label in labels
    ]
    counts: dict[str, int] = {}
    result = []
    for label in short:
        counts[label] = counts.get(label, 0) + 1
        result.append(label if counts[label] == 1 else f"{label} ({counts[label]})")
    return result


def _percent_label(share: float) -> str:
    return f"{round(100 * share)}%"


#: Whether altair checks each spec against the Vega-Lite schema as it is built.
#: The specs come from this module's fixed code, so the tests check every chart
#: against the schema (tests/analytics/test_charts.py) and a page view does not:
#: the checks were most of a chart's build time.
VALIDATE = False
# altair also checks each schema object as it is made ("debug mode"), a setting
# of the whole process: only these charts use altair, so it is off with them.
alt.utils.schemapi.disable_debug_mode()


def _finish(chart: alt.TopLevelMixin, description: str) -> Spec:
    return chart.properties(description=description).to_dict(validate=VALIDATE)


def heatmap_chart(heat: Heatmap) -> Spec | None:
    """Departments × blockers: colour and the number in every cell."""
    if not heat.blockers or not any(row.cells for row in heat.rows):
        return None
    blocker_labels = {
        b["blocker_id"]: f"{b['name']} (benchmark {_percent_label(b['benchmark'])})"
        for b in heat.blockers
    }
    sources = {b["blocker_id"]: b.get("source", "") for b in heat.blockers}
    values = []
    for row in heat.rows:
        for cell in row.cells:
            if cell.state == "value":
                text = _percent_label(cell.readiness or 0.0)
                if cell.below:
                    text += f" {BELOW_MARK}"
            else:
                text = "hidden" if cell.state == "hidden" else "no data"
            values.append(
                {
                    "department": row.label,
                    "blocker": blocker_labels.get(
                        cell.blocker_id, str(cell.blocker_id)
                    ),
                    "readiness": cell.readiness,
                    "label": text,
                    "people": cell.people,
                    "source": sources.get(cell.blocker_id, ""),
                }
            )
    departments = [row.label for row in heat.rows]
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X(
            "blocker:N",
            title=None,
            sort=list(blocker_labels.values()),
            axis=alt.Axis(orient="top", labelAngle=0, labelLimit=220),
        ),
        y=alt.Y(
            "department:N",
            title=None,
            sort=departments,
            axis=alt.Axis(labelLimit=320),
        ),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "readiness:Q",
            title="Readiness",
            scale=alt.Scale(domain=[0, 1], scheme=READINESS_SCHEME),
            legend=alt.Legend(format="%", orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("department:N", title="Department"),
            alt.Tooltip("blocker:N", title="Blocker"),
            alt.Tooltip("label:N", title="Readiness"),
            alt.Tooltip("people:Q", title="People"),
            alt.Tooltip("source:N", title="Benchmark source"),
        ],
    )
    numbers = base.mark_text(fontSize=12).encode(
        text="label:N",
        color=alt.condition(
            "datum.readiness != null && datum.readiness > 0.55",
            alt.value("white"),
            alt.value("#1b1b1b"),
        ),
    )
    chart = (cells + numbers).properties(
        width="container", height=alt.Step(26), title="Readiness heatmap"
    )
    return _finish(
        chart,
        "Readiness per department and rollout blocker; the number in each cell is "
        f"the readiness, {BELOW_MARK} marks a figure below the industry benchmark.",
    )


def trend_chart(trend: Table, target_percent: float | None) -> Spec | None:
    values = [
        {"as_of": row["as_of"], "percent": row[PERCENT]}
        for row in trend.visible_rows
        if row.get(PERCENT) is not None
    ]
    if not values:
        return None
    line = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X("as_of:T", title="Week ending"),
            y=alt.Y(
                "percent:Q",
                title="Completed their curriculum (%)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            tooltip=[
                alt.Tooltip("as_of:T", title="Date"),
                alt.Tooltip("percent:Q", title="Completed (%)", format=".1f"),
            ],
        )
    )
    layers: Any = line
    if target_percent is not None:
        rule = (
            alt.Chart(alt.Data(values=[{"target": target_percent}]))
            .mark_rule(strokeDash=[6, 4], color="#b45309")
            .encode(y="target:Q")
        )
        layers = line + rule
    chart = layers.properties(
        width="container", height=220, title="Completion over time"
    )
    return _finish(
        chart,
        "Share of today's active learners who had completed their role curriculum "
        "by each week, from the completion dates the burn-up counts; the dashed "
        "line is the organisation's target.",
    )


def burnup_chart(burnup: Table | None) -> Spec | None:
    if burnup is None or not burnup.rows:
        return None
    values = []
    for row in burnup.rows:
        if row.get("completed_cumulative") is not None:
            values.append(
                {
                    "week": row["week_start"],
                    "series": "Completed",
                    "people": row["completed_cumulative"],
                }
            )
        values.append(
            {
                "week": row["week_start"],
                "series": "On pace",
                "people": row["target_line"],
            }
        )
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line()
        .encode(
            x=alt.X("week:T", title="Week"),
            y=alt.Y("people:Q", title="People"),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("series:N", legend=None),
            tooltip=[
                alt.Tooltip("week:T", title="Week"),
                alt.Tooltip("series:N", title="Line"),
                alt.Tooltip("people:Q", title="People", format=".0f"),
            ],
        )
        .properties(width="container", height=220, title=burnup.title)
    )
    return _finish(
        chart, "Completions so far against a straight line to the target count."
    )


def _bars(
    values: list[dict],
    *,
    category: str,
    category_title: str,
    measure: str,
    measure_title: str,
    title: str,
    description: str,
    rule: float | None = None,
    color: str | None = None,
    label: str | None = None,
) -> Spec | None:
    """Horizontal bars; ``label`` names a short axis label beside the full name."""
    if not values:
        return None
    axis_field = label or category
    encoding: dict[str, Any] = {
        "y": alt.Y(
            f"{axis_field}:N",
            title=category_title,
            sort=None,
            # Labels are made short and distinct beforehand: never cut them again.
            axis=alt.Axis(labelLimit=0),
        ),
        "x": alt.X(
            f"{measure}:Q",
            title=measure_title,
            scale=alt.Scale(domain=[0, 100]),
        ),
        "tooltip": [
            alt.Tooltip(f"{category}:N", title=category_title),
            alt.Tooltip(f"{measure}:Q", title=measure_title, format=".1f"),
        ],
    }
    if color:
        encoding["color"] = alt.Color(
            f"{color}:N", title=None, legend=alt.Legend(orient="bottom")
        )
    bars = alt.Chart(alt.Data(values=values)).mark_bar().encode(**encoding)
    layers: Any = bars
    if rule is not None:
        layers = bars + (
            alt.Chart(alt.Data(values=[{"rule": rule}]))
            .mark_rule(strokeDash=[6, 4], color="#b45309")
            .encode(x="rule:Q")
        )
    chart = layers.properties(width="container", height=alt.Step(20), title=title)
    return _finish(chart, description)


def departments_chart(table: Table, target_percent: float) -> Spec | None:
    rows = [row for row in table.visible_rows if row.get(PERCENT) is not None]
    labels = distinct_labels([str(row[PATH]) for row in rows])
    values = [
        {"department": row[PATH], "label": label, "percent": row[PERCENT]}
        for row, label in zip(rows, labels, strict=True)
    ]
    return _bars(
        values,
        label="label",
        category="department",
        category_title="Department",
        measure="percent",
        measure_title="Completed (%)",
        title="Completion by department",
        description="Share of each department's active learners who completed "
        "their role curriculum; the dashed line is the target.",
        rule=target_percent,
    )


def skills_chart(table: Table) -> Spec | None:
    values = [
        {"skill": row["skill"], "coverage": 100 * row[COVERAGE]}
        for row in table.visible_rows
        if row.get(COVERAGE) is not None
    ]
    return _bars(
        values,
        category="skill",
        category_title="Skill",
        measure="coverage",
        measure_title="Coverage (%)",
        title="Skill coverage",
        description="For each skill, the share of the people who need it who have "
        "attained it.",
    )


def initiatives_chart(table: Table) -> Spec | None:
    values = [
        {"initiative": row[NAME], "readiness": 100 * row[READINESS]}
        for row in table.visible_rows
        if row.get(READINESS) is not None
    ]
    return _bars(
        values,
        category="initiative",
        category_title="Initiative",
        measure="readiness",
        measure_title="Required people trained (%)",
        title="Initiative readiness",
        description="For each initiative, the share of the required trained people "
        "that its named team provides.",
    )


def recommendations_chart(table: Table) -> Spec | None:
    rows = [row for row in table.visible_rows if row.get(UPLIFT) is not None]
    labels = distinct_labels([str(row["department"]) for row in rows])
    values = [
        {
            "department": row["department"],
            "label": label,
            "uplift": 100 * row[UPLIFT],
            "blocker": row["blocker"],
        }
        for row, label in zip(rows, labels, strict=True)
    ]
    return _bars(
        values,
        label="label",
        category="department",
        category_title="Department",
        measure="uplift",
        measure_title="Readiness uplift (percentage points)",
        title="Expected uplift of the recommended course",
        description="How many percentage points the weakest blocker's readiness "
        "would rise if the recommended course were completed by those who lack it.",
        color="blocker",
    )
