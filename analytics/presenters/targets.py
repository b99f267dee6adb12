"""Completion targets, their forecasts and the completion trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from analytics.metrics.columns import (
    COMPLETED,
    DEADLINE,
    DEPARTMENT_ID,
    NAME,
    PERCENT,
    POPULATION,
    ROLE_ID,
    STATUS,
    TARGET_COUNT,
    TARGET_ID,
    TARGET_PERCENT,
)
from analytics.metrics.targets import DEFAULT_PACE_WEEKS
from analytics.presenters.suppression import HIDDEN_NOTE, hide
from analytics.presenters.tables import (
    STATUS_LABELS,
    Column,
    Table,
    as_date,
    frame_rows,
    is_missing,
)
from analytics.presenters.wording import (
    long_date,
    need_words,
    pace_words,
    percent_words,
    weeks_words,
)
from analytics.privacy import Audience


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
    for row in frame_rows(targets):
        population = int(row[POPULATION] or 0)
        if audience.hides(population):
            hidden.add(int(row[TARGET_ID]))
            continue
        if is_missing(row.get(ROLE_ID)):
            continue
        scope = (
            total
            if is_missing(row.get(DEPARTMENT_ID))
            else sizes.get(row[DEPARTMENT_ID])
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
    for row in frame_rows(targets):
        if int(row[TARGET_ID]) in hidden:
            hide(row, sensitive, audience)
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
            Column(COMPLETED, "People who completed", "int"),
            Column(PERCENT, "Share completed", "percent"),
            Column(TARGET_PERCENT, "Target share", "percent"),
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
    for row in frame_rows(targets):
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
    goal = percent_words(row[TARGET_PERCENT])
    deadline = as_date(row[DEADLINE])
    by = f"by {long_date(deadline)}" if deadline else ""
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
            f"The deadline, {long_date(deadline)}, has passed short of the target: "
            f"{people} would need to complete to reach {goal}."
        )
    needed = row["needed_per_week"]
    need = f" {need_words(needed)} to reach {goal} {by}." if needed is not None else ""
    forecast = as_date(row["forecast_date"])
    if forecast is None or not row["pace_per_week"]:
        return (
            f"Nobody in scope has completed in the last {DEFAULT_PACE_WEEKS} weeks, "
            f"so there is no forecast yet: {still}.{need}"
        )
    pace = f"At the recent pace of {pace_words(row['pace_per_week'])}"
    if deadline is None:
        return f"{pace}, the target will be met around {long_date(forecast)}."
    weeks = abs((deadline - forecast).days) // 7
    if forecast <= deadline:
        ahead = f"{weeks_words(weeks)} before the deadline" if weeks else "just in time"
        return f"{pace}, the target will be met around {long_date(forecast)}, {ahead}."
    late = (
        f"{weeks_words(weeks)} after the deadline"
        if weeks
        else "just after the deadline"
    )
    return (
        f"{pace}, the target would be met around {long_date(forecast)}, {late}.{need}"
    )


def trend_table(trend: pd.DataFrame, audience: Audience) -> Table:
    rows = []
    for row in frame_rows(trend):
        row[PERCENT] = (
            100.0 * row[COMPLETED] / row[POPULATION] if row[POPULATION] else None
        )
        row["any_percent"] = (
            100.0 * row["any_completed"] / row[POPULATION] if row[POPULATION] else None
        )
        if audience.hides(row[POPULATION]):
            hide(row, (COMPLETED, PERCENT, "any_completed", "any_percent"), audience)
        elif not row[POPULATION]:
            row["note"] = "No active learners at the time"
        rows.append(row)
    return Table(
        slug="trend",
        title="Completion over time",
        columns=[
            Column("as_of", "Week ending", "date"),
            Column(POPULATION, "Active learners", "int"),
            Column(COMPLETED, "People who completed their curriculum", "int"),
            Column(PERCENT, "Share who completed their curriculum", "percent"),
            Column("any_completed", "People who completed a course", "int"),
            Column("any_percent", "Share who completed a course", "percent"),
        ],
        rows=rows,
        empty="No completion history yet: the next snapshot computes it.",
        caption=(
            "Today's active learners, week by week, by the dates they completed: "
            "the same completions the burn-up counts. A completion recorded "
            "without a date counts from the last week only."
        ),
    )


def burnup_table(burnup: pd.DataFrame, target: dict | None, audience: Audience):
    """Weekly burn-up of one target (None when there is no target to show)."""
    if target is None or target.get("suppressed"):
        return None
    rows = frame_rows(burnup.loc[burnup[TARGET_ID] == target[TARGET_ID]])
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
