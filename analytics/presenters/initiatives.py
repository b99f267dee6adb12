"""AI initiatives: their roles, team, open blockers and go-live checklist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analytics.metrics.columns import (
    COUNTED,
    CURRICULUM_COMPLETED,
    CURRICULUM_COMPLETED_AT,
    DEPARTMENT_ID,
    EMPLOYEE_ID,
    FILLED,
    HEADCOUNT,
    INITIATIVE_ID,
    MEMBERS,
    NAME,
    OPEN_BLOCKERS,
    OWNER,
    PERSON,
    READINESS,
    STAGE,
    STATUS,
)
from analytics.presenters.readiness import Heatmap
from analytics.presenters.suppression import HIDDEN_NOTE, hide
from analytics.presenters.tables import Column, Table, frame_rows, is_missing
from analytics.privacy import Audience


def initiative_role_rows(
    roles: pd.DataFrame, audience: Audience
) -> tuple[list[dict], bool]:
    """Role rows of one initiative and whether the initiative total may be shown.

    A role filled by fewer people than the minimum is hidden; if the hidden roles
    together hold 1 to minimum - 1 people, the smallest visible role is hidden
    too, so the total minus the visible roles cannot give them away.
    """
    rows = frame_rows(roles)
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
        hide(rows[i], (FILLED, COUNTED, READINESS), audience)
    return rows, not audience.hides(members)


def initiatives_table(
    initiatives: pd.DataFrame,
    roles: pd.DataFrame,
    heat: Heatmap,
    audience: Audience,
) -> Table:
    rows = []
    for row in frame_rows(initiatives):
        own_roles = roles.loc[roles[INITIATIVE_ID] == row[INITIATIVE_ID]]
        _, total_visible = initiative_role_rows(own_roles, audience)
        if not total_visible:
            hide(row, (FILLED, READINESS), audience)
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
    if is_missing(department_id):
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
    rows = frame_rows(members)
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
