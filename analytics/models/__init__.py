"""Snapshots and initiatives."""

from .initiatives import Initiative, InitiativeMember, InitiativeRole, InitiativeStage
from .snapshots import Snapshot, SnapshotStatus, SnapshotTrigger

__all__ = [
    "Initiative",
    "InitiativeMember",
    "InitiativeRole",
    "InitiativeStage",
    "Snapshot",
    "SnapshotStatus",
    "SnapshotTrigger",
]
