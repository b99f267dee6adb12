"""What each analytics page and export shows, from snapshot tables (pure).

Views read the tables a page needs (``NEEDS``) through the selectors and call the
page function here; exports call the same functions, so a downloaded table is
always the table on the page, suppression included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from analytics import charts, frames
from analytics import presenters as p
from analytics.compute import DEMONSTRATED_TABLES
from analytics.metrics.columns import (
    DEPARTMENT_ID,
    INITIATIVE_ID,
)
from analytics.privacy import Audience

Spec = dict[str, Any] | None

HEAT = ("readiness", "organisation_readiness", "departments")

#: Snapshot tables each page reads.
NEEDS: dict[str, tuple[str, ...]] = {
    "overview": (
        "targets",
        "target_burnup",
        "completion_history",
        "departments",
        "gaps",
        *HEAT[:2],
    ),
    "readiness": HEAT,
    "skills": ("skills", "department_skills", "departments"),
    "initiatives": ("initiatives", "initiative_roles", *HEAT),
    "initiative": (
        "initiatives",
        "initiative_roles",
        "initiative_members",
        *HEAT,
    ),
    "recommendations": ("recommendations", *HEAT),
    "disagreement": ("disagreement", "skills", "departments"),
}

COMPLETED = "completed"
DEMONSTRATED = "demonstrated"
#: The measures a skill page can be shown on (ADR 0025), the default first.
MEASURES = {COMPLETED: "Completed", DEMONSTRATED: "Demonstrated"}
#: Pages (and exports) that can be shown on either measure.
MEASURED = ("readiness", "skills", "initiatives", "recommendations")


def stored_names(needs: tuple[str, ...], measure: str) -> dict[str, str]:
    """Page table name -> snapshot table to read it from, on ``measure``.

    On demonstrated skill each skill table is read from its demonstrated twin
    under its usual name, so every page and export is built by the same code
    for both measures.
    """
    if measure != DEMONSTRATED:
        return {name: name for name in needs}
    return {name: DEMONSTRATED_TABLES.get(name, name) for name in needs}


@dataclass
class Inputs:
    """Everything a page is built from."""

    tables: dict[str, pd.DataFrame]
    summary: dict[str, Any]
    audience: Audience
    measure: str = COMPLETED

    def heatmap(self, sources=None) -> p.Heatmap:
        return p.heatmap(
            self.tables["readiness"],
            self.tables["organisation_readiness"],
            self.tables["departments"],
            self.audience,
            sources=sources,
        )


@dataclass
class Overview:
    population_hidden: bool
    cards: list[p.TargetCard]
    targets: p.Table
    trend: p.Table
    trend_chart: Spec
    burnup: p.Table | None
    burnup_chart: Spec
    departments: p.Table
    departments_chart: Spec
    departments_by_gap: p.Table
    gaps: p.Table


def overview(inputs: Inputs) -> Overview:
    audience = inputs.audience
    summary = inputs.summary
    population = int(summary.get("population", 0))
    scopes = {"departments": inputs.tables["departments"], "total": population}
    targets = p.targets_table(inputs.tables["targets"], audience, **scopes)
    trend = p.trend_table(inputs.tables["completion_history"], audience)
    target_percent = float(summary.get("target_percent", 50.0))
    org_target = next(
        (
            row
            for row in targets.rows
            if row.get(DEPARTMENT_ID) is None and row.get("role_id") is None
        ),
        None,
    )
    burnup = p.burnup_table(inputs.tables["target_burnup"], org_target, audience)
    departments = p.departments_table(
        inputs.tables["departments"], audience, total=population
    )
    as_of = summary.get("as_of")
    return Overview(
        population_hidden=audience.hides(population),
        cards=p.target_cards(
            inputs.tables["targets"],
            audience,
            # Every snapshot records its date; an empty summary has no figures anyway.
            today=date.fromisoformat(as_of) if as_of else date.min,
            **scopes,
        ),
        targets=targets,
        trend=trend,
        trend_chart=charts.trend_chart(trend, target_percent),
        burnup=burnup,
        burnup_chart=charts.burnup_chart(burnup),
        departments=departments,
        departments_chart=charts.departments_chart(departments, target_percent),
        departments_by_gap=p.departments_by_gap(
            inputs.tables["departments"],
            audience,
            total=population,
            target_percent=summary.get("target_percent"),
        ),
        gaps=p.gaps_table(inputs.tables["gaps"], inputs.heatmap(), audience),
    )


@dataclass
class Readiness:
    heatmap: p.Heatmap
    chart: Spec


def readiness(inputs: Inputs) -> Readiness:
    # The sources are read as L&D have them now (one query), not from the snapshot:
    # a citation added or corrected shows at once.
    heat = inputs.heatmap(sources=frames.blocker_sources())
    return Readiness(heatmap=heat, chart=charts.heatmap_chart(heat))


@dataclass
class Skills:
    skills: p.Table
    chart: Spec
    departments: list[dict]
    department_id: int | None
    department_skills: p.Table


def skills(inputs: Inputs, *, department_id: int | None) -> Skills:
    table = p.skills_table(inputs.tables["skills"], inputs.audience)
    departments = inputs.tables["departments"].sort_values("path", key=p.path_key)
    return Skills(
        skills=table,
        chart=charts.skills_chart(table),
        departments=[
            {"id": int(d), "label": label}
            for d, label in zip(
                departments[DEPARTMENT_ID], departments["path"], strict=True
            )
        ],
        department_id=department_id,
        department_skills=p.department_skills_table(
            inputs.tables["department_skills"],
            inputs.tables["skills"],
            inputs.tables["departments"],
            inputs.audience,
            department_id=department_id,
        ),
    )


@dataclass
class Initiatives:
    table: p.Table
    chart: Spec


def initiatives(inputs: Inputs) -> Initiatives:
    table = p.initiatives_table(
        inputs.tables["initiatives"],
        inputs.tables["initiative_roles"],
        inputs.heatmap(),
        inputs.audience,
    )
    return Initiatives(table=table, chart=charts.initiatives_chart(table))


@dataclass
class InitiativeChecklist:
    summary: dict | None
    checklist: list[p.ChecklistItem]
    roles: p.Table
    members: p.Table | None
    blockers: list[dict]
    export: p.Table


def initiative(
    inputs: Inputs,
    *,
    initiative_id: int,
    owner: str,
    live_roles: list[dict],
    sources: dict[int, dict] | None = None,
) -> InitiativeChecklist:
    """The go-live checklist of one initiative.

    ``live_roles`` are the roles it needs now ({"role", "headcount"}), used when
    the initiative is not in the snapshot yet; ``sources`` are the blockers'
    benchmark citations as L&D have them now (``frames.blocker_sources()``).
    """
    audience = inputs.audience
    heat = inputs.heatmap(sources=sources)
    board = p.initiatives_table(
        inputs.tables["initiatives"],
        inputs.tables["initiative_roles"],
        heat,
        audience,
    )
    summary = next(
        (row for row in board.rows if row[INITIATIVE_ID] == initiative_id), None
    )
    roles_frame = inputs.tables["initiative_roles"]
    roles_frame = roles_frame.loc[roles_frame[INITIATIVE_ID] == initiative_id]
    if summary is None:
        role_rows = [
            {**r, "members": 0, "filled": None, "readiness": None} for r in live_roles
        ]
        total_visible = False
    else:
        role_rows, total_visible = p.initiative_role_rows(roles_frame, audience)
    blockers_shown = summary is not None and not summary.get("blockers_suppressed")
    items = p.checklist(
        {"owner": owner},
        summary,
        role_rows,
        total_visible,
        blockers_shown,
        audience,
    )
    members = None
    if audience.see_individuals:
        frame = inputs.tables["initiative_members"]
        members = p.initiative_members_table(
            frame.loc[frame[INITIATIVE_ID] == initiative_id]
        )
    return InitiativeChecklist(
        summary=summary,
        checklist=items,
        roles=p.initiative_roles_table(role_rows),
        members=members,
        blockers=_department_blockers(heat, summary),
        export=_checklist_export(items, role_rows, members),
    )


def _department_blockers(heat: p.Heatmap, summary: dict | None) -> list[dict]:
    """The readiness row of the initiative's department (or the organisation)."""
    if summary is None:
        return []
    department_id = summary.get(DEPARTMENT_ID)
    row = next(
        (r for r in heat.rows if r.department_id == department_id),
        heat.rows[0],
    )
    blockers = {b["blocker_id"]: b for b in heat.blockers}
    not_known = {"name": "", **p.benchmark_source(None)}
    return [
        {
            "cell": c,
            "scope": row.label,
            **{
                key: blockers.get(c.blocker_id, not_known)[key]
                for key in ("name", "source", "source_url", "source_recorded")
            },
        }
        for c in row.cells
    ]


def _checklist_export(
    items: list[p.ChecklistItem], role_rows: list[dict], members: p.Table | None
) -> p.Table:
    """Checklist, roles and (for admins) members as one downloadable table."""
    states = {"done": "Done", "open": "Open", "hidden": "Hidden", "unknown": "Unknown"}
    rows = [
        {
            "section": "Checklist",
            "item": i.label,
            "state": states[i.state],
            "detail": i.detail,
        }
        for i in items
    ]
    for r in role_rows:
        trained = (
            "Hidden"
            if r.get("suppressed")
            else ("Unknown" if r.get("filled") is None else f"{r['filled']} trained")
        )
        rows.append(
            {
                "section": "Required role",
                "item": r["role"],
                "state": trained,
                "detail": f"{r['headcount']} needed, {r['members']} named",
            }
        )
    for r in members.rows if members else []:
        rows.append(
            {
                "section": "Team member",
                "item": r["person"],
                "state": "Completed" if r["curriculum_completed"] else "Not yet",
                "detail": r["role"],
            }
        )
    return p.Table(
        slug="checklist",
        title="Go-live checklist",
        columns=[
            p.Column("section", "Section"),
            p.Column("item", "Item"),
            p.Column("state", "State"),
            p.Column("detail", "Detail"),
        ],
        rows=rows,
    )


@dataclass
class Recommendations:
    table: p.Table
    chart: Spec


def recommendations(inputs: Inputs) -> Recommendations:
    table = p.recommendations_table(
        inputs.tables["recommendations"], inputs.heatmap(), inputs.audience
    )
    return Recommendations(table=table, chart=charts.recommendations_chart(table))


def disagreement(inputs: Inputs) -> p.Table:
    return p.disagreement_table(
        inputs.tables["disagreement"],
        inputs.tables["skills"],
        inputs.tables["departments"],
        inputs.audience,
    )


# --- exports -----------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    needs: tuple[str, ...]
    build: Callable[[Inputs], p.Table]


EXPORTS: dict[str, Export] = {
    "targets": Export(
        ("targets", "departments"),
        lambda i: p.targets_table(
            i.tables["targets"],
            i.audience,
            departments=i.tables["departments"],
            total=int(i.summary.get("population", 0)),
        ),
    ),
    "trend": Export(
        ("completion_history",),
        lambda i: p.trend_table(i.tables["completion_history"], i.audience),
    ),
    "departments": Export(
        ("departments",),
        lambda i: p.departments_table(
            i.tables["departments"],
            i.audience,
            total=int(i.summary.get("population", 0)),
        ),
    ),
    "departments-by-gap": Export(
        ("departments",),
        lambda i: p.departments_by_gap(
            i.tables["departments"],
            i.audience,
            total=int(i.summary.get("population", 0)),
            target_percent=i.summary.get("target_percent"),
        ),
    ),
    "gaps": Export(
        ("gaps", *HEAT),
        lambda i: p.gaps_table(i.tables["gaps"], i.heatmap(), i.audience),
    ),
    "readiness": Export(HEAT, lambda i: i.heatmap().table),
    "skills": Export(
        ("skills",), lambda i: p.skills_table(i.tables["skills"], i.audience)
    ),
    "department-skills": Export(
        ("department_skills", "skills", "departments"),
        lambda i: p.department_skills_table(
            i.tables["department_skills"],
            i.tables["skills"],
            i.tables["departments"],
            i.audience,
        ),
    ),
    "initiatives": Export(NEEDS["initiatives"], lambda i: initiatives(i).table),
    "recommendations": Export(
        NEEDS["recommendations"], lambda i: recommendations(i).table
    ),
    "disagreement": Export(NEEDS["disagreement"], disagreement),
}

#: Exports that follow the page's measure.
MEASURED_EXPORTS = (
    "gaps",
    "readiness",
    "skills",
    "department-skills",
    "initiatives",
    "recommendations",
)
