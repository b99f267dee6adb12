"""Reads of the analytics app: snapshots, their tables, trends and initiatives.

Dashboards never compute: they read the latest complete snapshot. Each page reads
only the tables it shows (JSON key lookups in the database), in a fixed number
of queries whatever the size of the organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.db.models import QuerySet

from learners import api as learners_api

from .compute import frame_from_payload
from .models import (
    Initiative,
    InitiativeRole,
    Snapshot,
    SnapshotStatus,
)


def _light() -> QuerySet[Snapshot]:
    """Snapshots without their (large) tables."""
    return Snapshot.objects.defer("tables")


def snapshot_current() -> Snapshot | None:
    """The latest complete snapshot, without its tables."""
    return (
        _light()
        .filter(status=SnapshotStatus.COMPLETE)
        .order_by("-computed_at", "-pk")
        .first()
    )


def snapshot_get(*, snapshot_id: int) -> Snapshot | None:
    return _light().filter(pk=snapshot_id).first()


def snapshot_in_progress() -> Snapshot | None:
    """A queued or running snapshot, the newest first."""
    return (
        _light()
        .filter(status__in=(SnapshotStatus.PENDING, SnapshotStatus.RUNNING))
        .order_by("-created_at")
        .first()
    )


def snapshot_tables(
    *, snapshot: Snapshot, names: tuple[str, ...]
) -> dict[str, pd.DataFrame]:
    """The named tables of ``snapshot`` as DataFrames, in one query."""
    if not names:
        return {}
    fields = {name: f"tables__{name}" for name in names}
    stored = Snapshot.objects.filter(pk=snapshot.pk).values(*fields.values()).first()
    stored = stored or {}
    return {
        name: frame_from_payload(stored.get(field)) for name, field in fields.items()
    }


def department_exists(*, department_id: int) -> bool:
    return learners_api.department_frame_rows().filter(pk=department_id).exists()


@dataclass(frozen=True)
class InitiativeRoleData:
    role: str
    headcount: int


@dataclass(frozen=True)
class InitiativeData:
    id: int
    name: str
    description: str
    stage: str
    stage_label: str
    department: str
    owner: str
    target_go_live: date | None
    roles: tuple[InitiativeRoleData, ...]


def initiative_get(*, initiative_id: int) -> InitiativeData | None:
    """One initiative as it is now (two queries), or None."""
    initiative = (
        Initiative.objects.filter(pk=initiative_id)
        .values(
            "pk",
            "name",
            "description",
            "stage",
            "target_go_live",
            "department__name",
            "owner__user__first_name",
            "owner__user__last_name",
        )
        .first()
    )
    if initiative is None:
        return None
    roles = InitiativeRole.objects.filter(initiative_id=initiative_id).order_by(
        "sort_order", "pk"
    )
    owner = " ".join(
        part
        for part in (
            initiative["owner__user__first_name"],
            initiative["owner__user__last_name"],
        )
        if part
    )
    stage = initiative["stage"]
    return InitiativeData(
        id=initiative["pk"],
        name=initiative["name"],
        description=initiative["description"],
        stage=stage,
        stage_label=dict(Initiative._meta.get_field("stage").choices).get(stage, stage),
        department=initiative["department__name"] or "",
        owner=owner,
        target_go_live=initiative["target_go_live"],
        roles=tuple(
            InitiativeRoleData(role=name, headcount=headcount)
            for name, headcount in roles.values_list("role__name", "headcount")
        ),
    )
