"""The audit trail: every enrolment, completion and manual change is recorded."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import AuditEvent


def audit_record(
    *, learner_id: int, action: str, summary: str, actor=None, data: dict | None = None
) -> AuditEvent:
    return AuditEvent.objects.create(
        learner_id=learner_id,
        action=action,
        summary=summary[:500],
        actor=actor if actor is not None and actor.is_authenticated else None,
        data=data or {},
    )


def audit_record_many(events: Iterable[AuditEvent]) -> None:
    AuditEvent.objects.bulk_create(list(events), batch_size=1000)
