"""Snapshot tables as the people looking at them may see them (pure, no Django).

Every dashboard table is built here once and used three ways: rendered as an
accessible HTML table, drawn as a chart (``analytics.charts``) and exported as
CSV/XLSX (``analytics.exports``). Suppression (``analytics.privacy``) is applied
here, so the three can never disagree about what is hidden. Values stay raw
(numbers, ISO dates); hidden or missing values are None, and the row carries a
note saying why. Nothing here ever yields NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from analytics.metrics.columns import (
    ATTAINED,
    BELOW_BENCHMARK,
    BENCHMARK,
    BLOCKER_ID,
    CATEGORY,
    COMPLETED,
    COUNTED,
    COVERAGE,
    CURRENT_READINESS,
    CURRICULUM_COMPLETED,
    CURRICULUM_COMPLETED_AT,
    DEADLINE,
    DEPARTMENT_ID,
    DEPTH,
    EMPLOYEE_ID,
    EXPECTED_READINESS,
    FILLED,
    GAP,
    GAP_POINTS,
    HAS_BENCHMARK,
    HAS_DATA,
    HEADCOUNT,
    INITIATIVE_ID,
    LEARNERS_TO_ASSIGN,
    MEMBERS,
    NAME,
    OPEN_BLOCKERS,
    OWNER,
    PARENT_ID,
    PATH,
    PEOPLE,
    PERCENT,
    PERSON,
    POPULATION,
    READINESS,
    REQUIRED,
    ROLE_ID,
    SHORTFALL,
    SKILL_ID,
    STAGE,
    STATUS,
    TARGET_COUNT,
    TARGET_ID,
    TARGET_PERCENT,
    UPLIFT,
)
from analytics.metrics.targets import DEFAULT_PACE_WEEKS
from analytics.privacy import Audience, hidden_in_tree

HIDDEN_NOTE = "Hidden: fewer than {n} people"
NO_DATA_NOTE = "No data: nobody here needs these skills"

STAGE_LABELS = {
    "sandbox": "Sandbox",
    "pilot": "Pilot with a small real group",
    "production": "Production",
}
STATUS_LABELS = {
    "met": "Met",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    #: text | int | percent (0..100) | share (0..1) | points (share difference)
    #: | decimal | date | status | stage | list | bool
    kind: str = "text"


@dataclass
class Table:
    """One dashboard table: what the page shows, charts draw and exports write."""

    slug: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    #: Why there are no rows, shown instead of an empty table.
    empty: str = ""
    caption: str = ""
    hidden_rows: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def visible_rows(self) -> list[dict[str, Any]]:
        return [row for row in self.rows if not row.get("suppressed")]

    def export_frame(self) -> pd.DataFrame:
        """The table for a spreadsheet: one column per column, plus a note."""
        data = {}
        for column in self.columns:
            label = column.label + (
                " (%)" if column.kind in ("percent", "share", "points") else ""
            )
            data[label] = [
                export_value(row.get(column.key), column) for row in self.rows
            ]
        data["Note"] = [row.get("note", "") for row in self.rows]
        frame = pd.DataFrame(data)
        # Keep numeric columns numeric in the spreadsheet, hidden cells empty.
        return frame.astype(object).where(frame.notna(), None)


def export_value(value: Any, column: Column) -> Any:
    """A cell for CSV/XLSX: percentages as numbers 0..100, lists joined."""
    if _missing(value):
        return None
    if column.kind == "share":
        return round(100 * float(value), 1)
    if column.kind == "points":
        return round(100 * float(value), 1)
    if column.kind == "percent":
        return round(float(value), 1)
    if column.kind == "decimal":
        return round(float(value), 2)
    if column.kind == "list":
        return ", ".join(str(v) for v in value)
    if column.kind == "status":
        return STATUS_LABELS.get(value, value)
    if column.kind == "stage":
        return STAGE_LABELS.get(value, value)
    if column.kind == "int":
        return int(value)
    if column.kind == "bool":
        return "Yes" if value else "No"
    return value


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _clean(value: Any) -> Any:
    """A stored value without NaN (None instead)."""
    return None if _missing(value) else value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {key: _clean(value) for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _hide(row: dict, keys: Iterable[str], audience: Audience) -> dict:
    for key in keys:
        row[key] = None
    row["suppressed"] = True
    row["note"] = HIDDEN_NOTE.format(n=audience.min_group_size)
    return row


# --- organisation ------------------------------------------------------------------


def targets_hidden(
    targets: pd.DataFrame,
    audience: Audience,
    *,
    departments: pd.DataFrame | None = None,
    total: int | None = None,
) -> set[int]:
    """Ids of the targets whose figures ``audience`` may not see.

    A target over 1 to ``minimum - 1`` people is hidden. So is a target narrowed
    to a role whose scope (its department, or the organisation) holds only 1 to
    ``minimum - 1`` people outside that role: its figures beside the scope's own
    would give those few people's figures away by subtraction. ``departments``
    (the snapshot's table) and ``total`` (the organisation's population) give the
    scopes' sizes; without them only the first rule applies.
    """
    if audience.see_individuals or targets.empty:
        return set()
    sizes = (
        dict(zip(departments[DEPARTMENT_ID], departments[POPULATION], strict=True))
        if departments is not None
        else {}
    )
    hidden = set()
    for row in _records(targets):
        population = int(row[POPULATION] or 0)
        if audience.hides(population):
            hidden.add(int(row[TARGET_ID]))
            continue
        if _missing(row.get(ROLE_ID)):
            continue
        scope = (
            total if _missing(row.get(DEPARTMENT_ID)) else sizes.get(row[DEPARTMENT_ID])
        )
        if scope is not None and audience.hides(int(scope) - population):
            hidden.add(int(row[TARGET_ID]))
    return hidden


def targets_table(
    targets: pd.DataFrame,
    audience: Audience,
    *,
    departments: pd.DataFrame | None = None,
    total: int | None = None,
) -> Table:
    sensitive = (COMPLETED, PERCENT, STATUS, "pace_per_week", "forecast_date")
    sensitive += ("needed_per_week",)
    hidden = targets_hidden(targets, audience, departments=departments, total=total)
    rows = []
    for row in _records(targets):
        if int(row[TARGET_ID]) in hidden:
            _hide(row, sensitive, audience)
            row["note"] = _hidden_target_note(int(row[POPULATION] or 0), audience)
        elif row[POPULATION] == 0:
            row["note"] = "Nobody is in this target's scope"
        elif row["forecast_date"] is None and row[STATUS] != "met":
            row["note"] = "No completions in the last 8 weeks: no forecast"
        rows.append(row)
    return Table(
        slug="targets",
        title="Completion targets",
        columns=[
            Column(NAME, "Target"),
            Column("scope", "Scope"),
            Column(POPULATION, "People", "int"),
            Column(COMPLETED, "Completed", "int"),
            Column(PERCENT, "Completed", "percent"),
            Column(TARGET_PERCENT, "Target", "percent"),
            Column(DEADLINE, "Deadline", "date"),
            Column(STATUS, "Status", "status"),
            Column("forecast_date", "Forecast to meet it", "date"),
            Column("needed_per_week", "Completions needed per week", "decimal"),
        ],
        rows=rows,
        empty="No completion targets are set. Academy admins add them in the admin "
        "(for example: 50% of active employees by a date).",
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )


@dataclass(frozen=True)
class TargetCard:
    """One target as a large progress bar with its forecast in words."""

    target_id: int
    name: str
    scope: str
    deadline: date | None
    target_percent: float
    #: None when hidden (small group) or when nobody is in scope.
    percent: float | None
    completed: int | None
    population: int
    target_count: int | None
    status: str | None
    forecast: str
    hidden: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status or "", "")

    @property
    def bar_value(self) -> float:
        return min(max(self.percent or 0.0, 0.0), 100.0)


def target_cards(
    targets: pd.DataFrame,
    audience: Audience,
    *,
    today: date,
    departments: pd.DataFrame | None = None,
    total: int | None = None,
):
    """Each target as a card: percent, status and the forecast in plain words.

    ``today`` is the day the figures were measured (the snapshot's date), so a
    forecast reads the same however long after the snapshot it is looked at.
    Hiding follows ``targets_hidden``.
    """
    hidden_ids = targets_hidden(targets, audience, departments=departments, total=total)
    cards = []
    for row in _records(targets):
        population = int(row[POPULATION] or 0)
        hidden = int(row[TARGET_ID]) in hidden_ids
        cards.append(
            TargetCard(
                target_id=int(row[TARGET_ID]),
                name=str(row[NAME]),
                scope=str(row["scope"]),
                deadline=as_date(row[DEADLINE]),
                target_percent=float(row[TARGET_PERCENT]),
                percent=None if hidden or not population else float(row[PERCENT]),
                completed=None if hidden else int(row[COMPLETED] or 0),
                population=population,
                target_count=None if hidden else int(row[TARGET_COUNT] or 0),
                status=None if hidden else row[STATUS],
                forecast=(
                    _hidden_target_note(population, audience)
                    if hidden
                    else forecast_in_words(row, today=today)
                ),
                hidden=hidden,
            )
        )
    return cards


def _hidden_target_note(population: int, audience: Audience) -> str:
    if audience.hides(population):
        return (
            HIDDEN_NOTE.format(n=audience.min_group_size) + " in this target's scope."
        )
    return (
        f"Hidden: fewer than {audience.min_group_size} people in this target's scope "
        "are outside its role, so its figures would give theirs away."
    )


def forecast_in_words(row: dict[str, Any], *, today: date) -> str:
    """A target's outcome at the recent pace, as a sentence for anyone to read.

    ``row`` is a row of the snapshot's targets table (``compute._targets``).
    """
    population = int(row[POPULATION] or 0)
    completed = int(row[COMPLETED] or 0)
    goal = _percent_words(row[TARGET_PERCENT])
    deadline = as_date(row[DEADLINE])
    by = f"by {_long_date(deadline)}" if deadline else ""
    if population == 0:
        return "Nobody is in this target's scope yet, so there is nothing to forecast."
    if row[STATUS] == "met":
        return (
            f"Target met: {completed:,} of {population:,} people have completed, "
            f"against a target of {goal} {by}."
        )
    remaining = max(int(row[TARGET_COUNT] or 0) - completed, 0)
    people = f"{remaining:,} more {'person' if remaining == 1 else 'people'}"
    still = f"{people} still {'needs' if remaining == 1 else 'need'} to complete"
    if deadline is not None and today > deadline:
        return (
            f"The deadline, {_long_date(deadline)}, has passed short of the target: "
            f"{people} would need to complete to reach {goal}."
        )
    needed = row["needed_per_week"]
    need = f" {_need_words(needed)} to reach {goal} {by}." if needed is not None else ""
    forecast = as_date(row["forecast_date"])
    if forecast is None or not row["pace_per_week"]:
        return (
            f"Nobody in scope has completed in the last {DEFAULT_PACE_WEEKS} weeks, "
            f"so there is no forecast yet: {still}.{need}"
        )
    pace = f"At the recent pace of {_pace_words(row['pace_per_week'])}"
    if deadline is None:
        return f"{pace}, the target will be met around {_long_date(forecast)}."
    weeks = abs((deadline - forecast).days) // 7
    if forecast <= deadline:
        ahead = f"{_weeks(weeks)} before the deadline" if weeks else "just in time"
        return f"{pace}, the target will be met around {_long_date(forecast)}, {ahead}."
    late = f"{_weeks(weeks)} after the deadline" if weeks else "just after the deadline"
    return (
        f"{pace}, the target would be met around {_long_date(forecast)}, {late}.{need}"
    )


def as_date(value: Any) -> date | None:
    """A date from a date, a datetime or an ISO string; None when missing."""
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _weeks(n: int) -> str:
    return f"{n} week{'' if n == 1 else 's'}"


def _percent_words(value: Any) -> str:
    return f"{float(value):g}%"


def _per_week(value: Any, *, up: bool = False) -> str:
    """Completions a week, as people count them: whole numbers from ten, one
    decimal below. ``up`` rounds up (a need is never understated), otherwise to
    the nearest."""
    number = float(value)
    if number >= 10:
        whole = math.ceil(number - 1e-9) if up else math.floor(number + 0.5)
        return f"{whole:,}"
    tenths = math.ceil(number * 10 - 1e-9) if up else math.floor(number * 10 + 0.5)
    return f"{tenths / 10:g}"


def _completions(text: str) -> str:
    return f"{text} completion{'' if text == '1' else 's'} a week"


def _pace_words(pace: Any) -> str:
    """'5.5 completions a week'; a pace is shown to the nearest tenth."""
    return _completions(_per_week(pace))


def _need_words(needed: Any) -> str:
    """'About 9.3 completions a week are needed', rounded up."""
    if float(needed) < 1:
        return "Fewer than one completion a week is needed"
    text = _per_week(needed, up=True)
    verb = "is" if text == "1" else "are"
    return f"About {_completions(text)} {verb} needed"


def trend_table(trend: pd.DataFrame, audience: Audience) -> Table:
    rows = []
    for row in _records(trend):
        row[PERCENT] = (
            100.0 * row[COMPLETED] / row[POPULATION] if row[POPULATION] else None
        )
        row["any_percent"] = (
            100.0 * row["any_completed"] / row[POPULATION] if row[POPULATION] else None
        )
        if audience.hides(row[POPULATION]):
            _hide(row, (COMPLETED, PERCENT, "any_completed", "any_percent"), audience)
        elif not row[POPULATION]:
            row["note"] = "No active learners at the time"
        rows.append(row)
    return Table(
        slug="trend",
        title="Completion over time",
        columns=[
            Column("as_of", "Date", "date"),
            Column(POPULATION, "Active learners", "int"),
            Column(COMPLETED, "Completed their curriculum", "int"),
            Column(PERCENT, "Completed their curriculum", "percent"),
            Column("any_completed", "Completed a course", "int"),
            Column("any_percent", "Completed a course", "percent"),
        ],
        rows=rows,
        empty="No snapshot has been computed yet.",
        caption="One row per kept snapshot, oldest first.",
    )


def burnup_table(burnup: pd.DataFrame, target: dict | None, audience: Audience):
    """Weekly burn-up of one target (None when there is no target to show)."""
    if target is None or target.get("suppressed"):
        return None
    rows = _records(burnup.loc[burnup[TARGET_ID] == target[TARGET_ID]])
    return Table(
        slug="burnup",
        title=f"Burn-up: {target[NAME]}",
        columns=[
            Column("week_start", "Week starting", "date"),
            Column("completed_cumulative", "Completed by then", "int"),
            Column("target_line", "On-pace line", "decimal"),
        ],
        rows=rows,
        empty="This target has no weeks to show.",
        caption="Completions so far against a straight line to the target.",
    )


def departments_table(
    departments: pd.DataFrame, audience: Audience, *, total: int
) -> Table:
    parents = _parents(departments)
    hidden = hidden_in_tree(
        parents,
        dict(zip(departments[DEPARTMENT_ID], departments[POPULATION], strict=True)),
        total=total,
        audience=audience,
    )
    rows = []
    for row in _records(departments.sort_values(PATH, key=_path_key)):
        if row[DEPARTMENT_ID] in hidden:
            _hide(row, (COMPLETED, PERCENT, SHORTFALL, "gap_points"), audience)
        elif row[POPULATION] == 0:
            row["note"] = "No active learners in this department or below it"
            row[PERCENT] = None
        row["indent"] = row[DEPTH]
        rows.append(row)
    return Table(
        slug="departments",
        title="Completion by department",
        columns=[
            Column(PATH, "Department"),
            Column(POPULATION, "People", "int"),
            Column(COMPLETED, "Completed", "int"),
            Column(PERCENT, "Completed", "percent"),
            Column(TARGET_COUNT, "Needed for the target", "int"),
            Column(SHORTFALL, "Still to complete", "int"),
        ],
        rows=rows,
        empty="There are no departments yet. Import the roster (Admin › People).",
        caption="Each department counts everyone in it and in the departments "
        "below it.",
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )


def departments_by_gap(
    departments: pd.DataFrame,
    audience: Audience,
    *,
    total: int,
    target_percent: float | None = None,
    limit: int | None = None,
) -> Table:
    """Departments furthest from the target first (points below it, then people
    still to complete). Hidden and empty departments come last, in name order,
    so their place in the list reveals nothing."""
    tree = departments_table(departments, audience, total=total)
    shown = [r for r in tree.rows if not r.get("suppressed") and r[POPULATION]]
    shown.sort(key=lambda r: (-(r[GAP_POINTS] or 0), -(r[SHORTFALL] or 0), r[PATH]))
    rest = [r for r in tree.rows if r.get("suppressed") or not r[POPULATION]]
    rest.sort(key=lambda r: str(r[PATH]).casefold())
    rows = [{**row, "indent": 0} for row in shown + rest]
    more = 0
    if limit is not None and len(rows) > limit:
        more = len(rows) - limit
        rows = rows[:limit]
    return Table(
        slug="departments_by_gap",
        title="Departments furthest from the target",
        columns=[
            Column(PATH, "Department"),
            Column(POPULATION, "People", "int"),
            Column(PERCENT, "Completed", "percent"),
            Column(GAP_POINTS, "Points below the target", "decimal"),
            Column(SHORTFALL, "Still to complete", "int"),
        ],
        rows=rows,
        empty=tree.empty,
        caption=(
            f"Measured against the organisation-wide target of "
            f"{_percent_words(target_percent)} of people through their role "
            "curriculum. "
            if target_percent is not None
            else ""
        )
        + "Each department counts everyone in it and in the departments below it."
        + (f" {more} more in the full table." if more else ""),
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )


def _parents(departments: pd.DataFrame) -> dict[int, int | None]:
    return {
        int(d): (None if _missing(p) else int(p))
        for d, p in zip(departments[DEPARTMENT_ID], departments[PARENT_ID], strict=True)
    }


def _path_key(paths: pd.Series) -> pd.Series:
    return paths.astype(str).str.casefold()


# --- readiness -------------------------------------------------------------------


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
) -> Heatmap:
    """Departments × blockers, organisation first, with suppression applied."""
    blockers = [
        {
            "blocker_id": int(r[BLOCKER_ID]),
            "name": r["blocker"],
            "benchmark": float(r[BENCHMARK]),
            "has_benchmark": bool(r[HAS_BENCHMARK]),
        }
        for r in _records(organisation)
    ]
    parents = _parents(departments)
    hidden: dict[int, set[int]] = {}
    org_people = {int(r[BLOCKER_ID]): int(r[PEOPLE]) for r in _records(organisation)}
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
            [cell(r, None) for r in _records(organisation)],
        )
    ]
    by_department: dict[int, list[dict]] = {}
    for record in _records(readiness.sort_values([DEPARTMENT_ID, BLOCKER_ID])):
        by_department.setdefault(int(record[DEPARTMENT_ID]), []).append(record)
    ordered = departments.sort_values(PATH, key=_path_key)
    for dept in _records(ordered):
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
    for row in _records(gaps):
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


# --- skills ----------------------------------------------------------------------


def skills_table(skills: pd.DataFrame, audience: Audience) -> Table:
    rows = []
    for row in _records(skills):
        if audience.hides(row[REQUIRED]):
            _hide(row, (ATTAINED, COVERAGE), audience)
        rows.append(row)
    return Table(
        slug="skills",
        title="Skill coverage across the organisation",
        columns=[
            Column("skill", "Skill"),
            Column(CATEGORY, "Category"),
            Column("blockers", "Rollout blockers"),
            Column(REQUIRED, "People who need it", "int"),
            Column(ATTAINED, "People who have it", "int"),
            Column(COVERAGE, "Coverage", "share"),
        ],
        rows=rows,
        empty="No skill is required yet: add skills to courses and make courses "
        "required in role curricula.",
        caption="Required = the skills taught by the required courses of a "
        "person's role curriculum; attained = the skills of the courses they "
        "completed.",
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )


def department_skills_table(
    department_skills: pd.DataFrame,
    skills: pd.DataFrame,
    departments: pd.DataFrame,
    audience: Audience,
    *,
    department_id: int | None = None,
) -> Table:
    """Coverage per department and skill (one department when given)."""
    parents = _parents(departments)
    totals = dict(zip(skills[SKILL_ID], skills[REQUIRED], strict=True))
    frame = department_skills
    rows = []
    for skill_id, part in frame.groupby(SKILL_ID, sort=False):
        hidden = hidden_in_tree(
            parents,
            dict(zip(part[DEPARTMENT_ID], part[REQUIRED], strict=True)),
            total=int(totals.get(skill_id, 0)),
            audience=audience,
        )
        if department_id is not None:
            part = part.loc[part[DEPARTMENT_ID] == department_id]
        for row in _records(part):
            if row[DEPARTMENT_ID] in hidden:
                _hide(row, (ATTAINED, COVERAGE), audience)
            rows.append(row)
    rows.sort(key=lambda r: (str(r["department"]).casefold(), str(r["skill"])))
    return Table(
        slug="department-skills",
        title="Skill coverage by department",
        columns=[
            Column("department", "Department"),
            Column("skill", "Skill"),
            Column(REQUIRED, "People who need it", "int"),
            Column(ATTAINED, "People who have it", "int"),
            Column(COVERAGE, "Coverage", "share"),
        ],
        rows=rows,
        empty="Nobody in this department is required to have a skill yet.",
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )


# --- recommendations ---------------------------------------------------------------


def recommendations_table(
    recommendations: pd.DataFrame,
    heat: Heatmap,
    audience: Audience,
) -> Table:
    rows = []
    for row in _records(recommendations):
        if row[DEPARTMENT_ID] in heat.hidden.get(row[BLOCKER_ID], set()):
            continue
        rows.append(row)
    return Table(
        slug="recommendations",
        title="Recommended courses",
        columns=[
            Column("department", "Department"),
            Column("blocker", "Weakest rollout blocker"),
            Column(CURRENT_READINESS, "Readiness now", "share"),
            Column("course", "Course to assign"),
            Column(EXPECTED_READINESS, "Readiness after", "share"),
            Column(UPLIFT, "Uplift", "points"),
            Column(LEARNERS_TO_ASSIGN, "People to assign", "int"),
        ],
        rows=rows,
        empty="Nothing to recommend: every department with data is either fully "
        "covered on its weakest blocker or no course teaches the missing skills.",
        caption="For each department, the course whose completion by the people "
        "who lack its skills would raise the weakest blocker the most.",
    )


# --- initiatives -------------------------------------------------------------------


def initiative_role_rows(
    roles: pd.DataFrame, audience: Audience
) -> tuple[list[dict], bool]:
    """Role rows of one initiative and whether the initiative total may be shown.

    A role filled by fewer people than the minimum is hidden; if the hidden roles
    together hold 1 to minimum - 1 people, the smallest visible role is hidden
    too, so the total minus the visible roles cannot give them away.
    """
    rows = _records(roles)
    members = sum(int(r[MEMBERS]) for r in rows)
    if audience.see_individuals:
        return rows, True
    hidden = {i for i, r in enumerate(rows) if audience.hides(int(r[MEMBERS]))}
    while True:
        remainder = sum(int(rows[i][MEMBERS]) for i in hidden)
        visible = [i for i in range(len(rows)) if i not in hidden and rows[i][MEMBERS]]
        if not 0 < remainder < audience.min_group_size or not visible:
            break
        hidden.add(min(visible, key=lambda i: (rows[i][MEMBERS], i)))
    for i in hidden:
        _hide(rows[i], (FILLED, COUNTED, READINESS), audience)
    return rows, not audience.hides(members)


def initiatives_table(
    initiatives: pd.DataFrame,
    roles: pd.DataFrame,
    heat: Heatmap,
    audience: Audience,
) -> Table:
    rows = []
    for row in _records(initiatives):
        own_roles = roles.loc[roles[INITIATIVE_ID] == row[INITIATIVE_ID]]
        _, total_visible = initiative_role_rows(own_roles, audience)
        if not total_visible:
            _hide(row, (FILLED, READINESS), audience)
        elif not row["has_roles"]:
            row[READINESS] = None
            row["note"] = "No required roles yet"
        if not blockers_visible(row[DEPARTMENT_ID], heat, audience):
            row[OPEN_BLOCKERS] = None
            row["open_blocker_count"] = None
            row["blockers_suppressed"] = True
        rows.append(row)
    return Table(
        slug="initiatives",
        title="AI initiatives",
        columns=[
            Column(NAME, "Initiative"),
            Column(STAGE, "Stage", "stage"),
            Column("department", "Department"),
            Column(OWNER, "Owner"),
            Column(HEADCOUNT, "Trained people needed", "int"),
            Column(FILLED, "Trained people on the team", "int"),
            Column(READINESS, "Readiness", "share"),
            Column(OPEN_BLOCKERS, "Open rollout blockers", "list"),
        ],
        rows=rows,
        empty="No AI initiatives yet. Academy admins and L&D add them in the admin "
        "(Initiatives), with the roles and people each one needs.",
        hidden_rows=sum(1 for r in rows if r.get("suppressed")),
    )


def blockers_visible(department_id: Any, heat: Heatmap, audience: Audience) -> bool:
    """Whether an initiative's open blockers may be listed for ``audience``.

    They come from its department's readiness row; if any cell of that row is
    hidden, listing the blockers that are below benchmark (and so implying the
    others are not) would give the hidden figures away.
    """
    if audience.see_individuals:
        return True
    if _missing(department_id):
        return not any(c.state == "hidden" for c in heat.rows[0].cells)
    return not any(int(department_id) in hidden for hidden in heat.hidden.values())


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    state: str  # "done" | "open" | "hidden" | "unknown"
    detail: str


def checklist(
    initiative: dict,
    summary: dict | None,
    role_rows: list[dict],
    total_visible: bool,
    blockers_shown: bool,
    audience: Audience,
) -> list[ChecklistItem]:
    """The go-live checklist of one initiative."""
    items = [
        ChecklistItem(
            "A named owner",
            "done" if initiative.get("owner") else "open",
            initiative.get("owner") or "Nobody is accountable for the go-live yet.",
        ),
    ]
    if not role_rows:
        items.append(
            ChecklistItem(
                "The roles it needs are listed",
                "open",
                "Add the required roles and head counts in the admin.",
            )
        )
    else:
        short = [r for r in role_rows if int(r[MEMBERS]) < int(r[HEADCOUNT])]
        items.append(
            ChecklistItem(
                "Every required role is staffed",
                "open" if short else "done",
                "; ".join(
                    f"{r['role']}: {r[MEMBERS]} of {r[HEADCOUNT]} named" for r in short
                )
                or "Enough named people hold each required role.",
            )
        )
        if summary is None:
            items.append(
                ChecklistItem(
                    "Every required role is trained",
                    "unknown",
                    "Not in the latest snapshot yet: refresh the figures.",
                )
            )
        elif not total_visible:
            items.append(
                ChecklistItem(
                    "Every required role is trained",
                    "hidden",
                    HIDDEN_NOTE.format(n=audience.min_group_size) + " on the team.",
                )
            )
        else:
            trained = int(summary[FILLED])
            needed = int(summary[HEADCOUNT])
            items.append(
                ChecklistItem(
                    "Every required role is trained",
                    "done" if needed and trained >= needed else "open",
                    f"{trained} of {needed} required people have completed their "
                    "role curriculum.",
                )
            )
    if summary is None:
        items.append(
            ChecklistItem(
                "No open rollout blockers",
                "unknown",
                "Not in the latest snapshot yet: refresh the figures.",
            )
        )
    elif not blockers_shown:
        items.append(
            ChecklistItem(
                "No open rollout blockers",
                "hidden",
                HIDDEN_NOTE.format(n=audience.min_group_size)
                + " behind some of the department's readiness figures.",
            )
        )
    else:
        open_blockers = summary.get(OPEN_BLOCKERS) or []
        items.append(
            ChecklistItem(
                "No open rollout blockers",
                "open" if open_blockers else "done",
                (
                    "Below the industry benchmark: " + ", ".join(open_blockers)
                    if open_blockers
                    else "Every blocker with data meets its industry benchmark."
                ),
            )
        )
    return items


def initiative_roles_table(role_rows: list[dict]) -> Table:
    return Table(
        slug="roles",
        title="Required roles",
        columns=[
            Column("role", "Role"),
            Column(HEADCOUNT, "People needed", "int"),
            Column(MEMBERS, "Named on the team", "int"),
            Column(FILLED, "Completed the role curriculum", "int"),
            Column(READINESS, "Readiness", "share"),
        ],
        rows=role_rows,
        empty="No required roles are listed for this initiative.",
    )


def initiative_members_table(members: pd.DataFrame) -> Table:
    """Named members and their curriculum state: individual data (admins only)."""
    rows = _records(members)
    for row in rows:
        if row[STATUS] == "left":
            row["note"] = "Has left: fills no role"
    return Table(
        slug="members",
        title="Team members",
        columns=[
            Column(PERSON, "Person"),
            Column(EMPLOYEE_ID, "Employee ID"),
            Column("role", "Role"),
            Column(CURRICULUM_COMPLETED, "Completed the role curriculum", "bool"),
            Column(CURRICULUM_COMPLETED_AT, "Completed on", "date"),
        ],
        rows=rows,
        empty="Nobody is named on the team yet.",
    )


def checklist_table(items: list[ChecklistItem]) -> Table:
    labels = {"done": "Done", "open": "Open", "hidden": "Hidden", "unknown": "Unknown"}
    return Table(
        slug="checklist",
        title="Go-live checklist",
        columns=[
            Column("item", "Item"),
            Column("state", "State"),
            Column("detail", "Detail"),
        ],
        rows=[
            {"item": i.label, "state": labels[i.state], "detail": i.detail}
            for i in items
        ],
    )
