"""Readiness by department and rollout blocker: the heatmap and the largest gaps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analytics.metrics.columns import (
    BELOW_BENCHMARK,
    BENCHMARK,
    BLOCKER_ID,
    DEPARTMENT_ID,
    DEPTH,
    GAP,
    HAS_BENCHMARK,
    HAS_DATA,
    PATH,
    PEOPLE,
    READINESS,
)
from analytics.presenters.departments import path_key
from analytics.presenters.suppression import (
    HIDDEN_NOTE,
    NO_DATA_NOTE,
    department_parents,
)
from analytics.presenters.tables import Column, Table, frame_rows
from analytics.privacy import Audience, hidden_in_tree

#: Shown where a blocker's benchmark has no recorded source: the academy never
#: names a survey it does not know.
SOURCE_NOT_RECORDED = (
    "Source not recorded — L&D can add it under Snippets › Rollout blockers"
)


def benchmark_source(row: Mapping | None) -> dict:
    """How a blocker's benchmark source is shown, from its row in
    ``courses.api.blocker_rows()`` (None when it is not known here)."""
    citation = (row or {}).get("benchmark_citation") or ""
    return {
        "source": citation or SOURCE_NOT_RECORDED,
        "source_url": (row or {}).get("benchmark_source_url", "") if citation else "",
        "source_recorded": bool(citation),
    }


@dataclass(frozen=True)
class HeatmapCell:
    blocker_id: int
    readiness: float | None
    benchmark: float
    below: bool
    people: int
    state: str  # "value" | "hidden" | "no_data"

    @property
    def level(self) -> int:
        """Colour step 0..4 (20 percentage points each)."""
        if self.readiness is None:
            return -1
        return min(int(self.readiness * 5), 4)


@dataclass(frozen=True)
class HeatmapRow:
    department_id: int | None
    label: str
    depth: int
    cells: list[HeatmapCell]


@dataclass(frozen=True)
class Heatmap:
    blockers: list[dict]
    rows: list[HeatmapRow]
    table: Table  # long form: the export and the chart's data
    hidden: dict[int, set[int]]  # blocker id -> hidden department ids


def heatmap(
    readiness: pd.DataFrame,
    organisation: pd.DataFrame,
    departments: pd.DataFrame,
    audience: Audience,
    sources: Mapping[int, Mapping] | None = None,
) -> Heatmap:
    """Departments × blockers, organisation first, with suppression applied.

    ``sources``: each blocker's row from ``courses.api.blocker_rows()`` by id, for
    the citation of its benchmark's source."""
    sources = sources or {}
    blockers = [
        {
            "blocker_id": int(r[BLOCKER_ID]),
            "name": r["blocker"],
            "benchmark": float(r[BENCHMARK]),
            "has_benchmark": bool(r[HAS_BENCHMARK]),
            **benchmark_source(sources.get(int(r[BLOCKER_ID]))),
        }
        for r in frame_rows(organisation)
    ]
    parents = department_parents(departments)
    hidden: dict[int, set[int]] = {}
    org_people = {int(r[BLOCKER_ID]): int(r[PEOPLE]) for r in frame_rows(organisation)}
    for blocker in blockers:
        bid = blocker["blocker_id"]
        part = readiness.loc[readiness[BLOCKER_ID] == bid]
        hidden[bid] = hidden_in_tree(
            parents,
            dict(zip(part[DEPARTMENT_ID], part[PEOPLE], strict=True)),
            total=org_people.get(bid, 0),
            audience=audience,
        )

    def cell(record: dict, department_id: int | None) -> HeatmapCell:
        people = int(record[PEOPLE])
        bid = int(record[BLOCKER_ID])
        if department_id is None:
            is_hidden = audience.hides(people)
        else:
            is_hidden = department_id in hidden.get(bid, set())
        state = "hidden" if is_hidden else ("value" if record[HAS_DATA] else "no_data")
        return HeatmapCell(
            blocker_id=bid,
            readiness=float(record[READINESS]) if state == "value" else None,
            benchmark=float(record[BENCHMARK]),
            below=bool(record[BELOW_BENCHMARK]) and state == "value",
            people=people,
            state=state,
        )

    rows = [
        HeatmapRow(
            None,
            "Whole organisation",
            0,
            [cell(r, None) for r in frame_rows(organisation)],
        )
    ]
    by_department: dict[int, list[dict]] = {}
    for record in frame_rows(readiness.sort_values([DEPARTMENT_ID, BLOCKER_ID])):
        by_department.setdefault(int(record[DEPARTMENT_ID]), []).append(record)
    ordered = departments.sort_values(PATH, key=path_key)
    for dept in frame_rows(ordered):
        did = int(dept[DEPARTMENT_ID])
        records = by_department.get(did, [])
        rows.append(
            HeatmapRow(
                did, dept[PATH], int(dept[DEPTH]), [cell(r, did) for r in records]
            )
        )

    long_rows = []
    names = {b["blocker_id"]: b["name"] for b in blockers}
    for row in rows:
        for c in row.cells:
            entry = {
                "department": row.label,
                "blocker": names.get(c.blocker_id, f"Blocker #{c.blocker_id}"),
                READINESS: c.readiness,
                BENCHMARK: c.benchmark,
                BELOW_BENCHMARK: c.below if c.state == "value" else None,
                PEOPLE: c.people,
                "indent": row.depth,
            }
            if c.state == "hidden":
                entry["suppressed"] = True
                entry["note"] = HIDDEN_NOTE.format(n=audience.min_group_size)
            elif c.state == "no_data":
                entry["note"] = NO_DATA_NOTE
            long_rows.append(entry)
    table = Table(
        slug="readiness",
        title="Readiness by department and rollout blocker",
        columns=[
            Column("department", "Department"),
            Column("blocker", "Rollout blocker"),
            Column(READINESS, "Readiness", "share"),
            Column(BENCHMARK, "Industry benchmark", "share"),
            Column(BELOW_BENCHMARK, "Below the benchmark", "bool"),
            Column(PEOPLE, "People it rests on", "int"),
        ],
        rows=long_rows,
        empty="No rollout blockers are defined yet. L&D adds them (with their "
        "industry benchmarks) under Snippets › Rollout blockers.",
        hidden_rows=sum(1 for r in long_rows if r.get("suppressed")),
    )
    return Heatmap(blockers=blockers, rows=rows, table=table, hidden=hidden)


def gaps_table(gaps: pd.DataFrame, heat: Heatmap, audience: Audience) -> Table:
    rows = []
    for row in frame_rows(gaps):
        if row[DEPARTMENT_ID] in heat.hidden.get(row[BLOCKER_ID], set()):
            continue  # a hidden figure is not ranked either
        rows.append(row)
    return Table(
        slug="gaps",
        title="Largest gaps",
        columns=[
            Column("department", "Department"),
            Column("blocker", "Rollout blocker"),
            Column(READINESS, "Readiness", "share"),
            Column(BENCHMARK, "Industry benchmark", "share"),
            Column(GAP, "Gap", "share"),
            Column(PEOPLE, "People", "int"),
        ],
        rows=rows,
        empty="No gaps to rank: nobody is yet required to have a skill mapped to a "
        "rollout blocker.",
        caption="Gap = 100% minus readiness; the largest first.",
    )
