"""Writes for the roster import and the assignment rules.

Two ways in, one path: the command (``roster_import_run``) and the admin upload
(``roster_import_upload`` -> preview task -> ``roster_import_apply_start`` -> apply
task) both read the file with the pure reader, plan against a snapshot of the
academy (``plan.py``) and write the plan in one transaction (``writer.py``). The
plan is worked out again when applying, so Apply acts on the academy as it is then.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    AssignmentRule,
    AuditAction,
    AuditEvent,
    ImportStatus,
    Learner,
    RosterImport,
    RosterMapping,
)
from ..provisioning.services import rules_cache_clear
from ..services.audit import audit_record_many
from . import selectors
from .fields import SOURCE_FIELDS, header_key
from .files import recognise
from .lease import LeaseLost, RunLease, queued_until
from .plan import ImportPlan, plan_import
from .problems import RosterFileError, RosterProblem
from .reader import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, read_roster
from .rules import RuleSpec, department_subtrees, roles_from_rules
from .tables import prepare_mapping

logger = logging.getLogger(__name__)

MAX_BYTES = DEFAULT_MAX_BYTES
MAX_ROWS = DEFAULT_MAX_ROWS
#: Learners per enrolment task: small messages, bounded transactions.
ENROL_CHUNK = 2000


# --- options ---------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOptions:
    """How to read a file and what a full roster means."""

    mapping: dict[str, str] = field(default_factory=dict)
    dayfirst: bool = False
    deactivate_missing: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "mapping": dict(self.mapping),
            "dayfirst": self.dayfirst,
            "deactivate_missing": self.deactivate_missing,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportOptions:
        return cls(
            mapping=dict(data.get("mapping") or {}),
            dayfirst=bool(data.get("dayfirst")),
            deactivate_missing=bool(data.get("deactivate_missing")),
        )


def mapping_parse(lines: Iterable[str]) -> dict[str, str]:
    """Parse ``"Source header=field"`` lines (blank lines ignored).

    Raises RosterFileError naming the first line that is not of that form or names
    no roster field; the reader checks the headers against the file itself.
    """
    mapping: dict[str, str] = {}
    fields = {header_key(name): name for name in SOURCE_FIELDS}
    for line in lines:
        text = line.strip()
        if not text:
            continue
        source, equals, target = text.rpartition("=")
        if not equals or not source.strip() or not target.strip():
            raise RosterFileError(
                f'The column mapping "{text}" is not of the form "Source header=field".'
            )
        field_name = fields.get(header_key(target))
        if field_name is None:
            raise RosterFileError(
                f'The column mapping "{text}" names "{target.strip()}", which is not a '
                f"roster field. The fields are: {', '.join(SOURCE_FIELDS)}."
            )
        mapping[source.strip()] = field_name
    return mapping


def mapping_save(*, source: str, mapping: dict[str, str], actor=None) -> RosterMapping:
    """Save ``mapping`` for ``source`` (replacing the one saved under that name,
    whatever its case). Raises RosterFileError for an empty name or mapping, or a
    mapping to something that is not a roster field."""
    name = " ".join((source or "").split())
    if not name:
        raise RosterFileError("Name the source this mapping is for, e.g. Personio.")
    if len(name) > 100:
        raise RosterFileError("A source's name is at most 100 characters.")
    if not mapping:
        raise RosterFileError("There is no column mapping to save.")
    prepare_mapping(mapping)  # the same checks a read makes
    user = actor if actor is not None and actor.is_authenticated else None
    for _attempt in range(2):
        try:
            with transaction.atomic():
                saved = RosterMapping.objects.filter(source__iexact=name).first()
                if saved is None:
                    saved = RosterMapping(source=name)
                saved.mapping = dict(mapping)
                saved.updated_by = user
                saved.save()
                return saved
        except IntegrityError:
            continue  # saved by someone else meanwhile: update theirs
    raise RosterFileError(f"The mapping for “{name}” could not be saved; try again.")


def problems_json(problems: Sequence[RosterProblem]) -> list[dict[str, Any]]:
    return [
        {
            "row": problem.row,
            "employee_id": problem.employee_id,
            "level": problem.level,
            "message": problem.message,
        }
        for problem in problems
    ]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def roster_plan(
    *, data: bytes, file_name: str, options: ImportOptions, actor=None, progress=None
) -> ImportPlan:
    """Read ``data`` and compare it with the academy; writes nothing."""
    report = progress or (lambda percent, message: None)
    read = read_roster(
        data,
        filename=file_name,
        mapping=options.mapping,
        dayfirst=options.dayfirst,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
    )
    report(40, f"Read {read.total_rows:,} rows; comparing them with the academy")
    state = selectors.academy_state()
    report(60, "Working out the changes")
    actor = _actor(actor)
    return plan_import(
        read,
        state,
        deactivate_missing=options.deactivate_missing,
        protected_user_ids={actor.pk} if actor else set(),
    )


def _after_write_schedule(result, actor) -> None:
    """Work that waits for the commit: enrolments and the new departments in
    Wagtail's search index. People need none: the writer set their search text in
    the import's transaction (``learners/search.py``)."""
    from .tasks import roster_search_index_task

    _enrolments_schedule(result.enrol_learner_ids, actor)
    ids = result.department_ids
    for start in range(0, len(ids), ENROL_CHUNK):
        roster_search_index_task.delay_on_commit(
            "learners.Department", ids[start : start + ENROL_CHUNK]
        )


def _enrolments_schedule(learner_ids: list[int], actor) -> None:
    """A role brings its curriculum: enrol in the background once committed."""
    from .tasks import roster_enrolments_sync_task

    actor = _actor(actor)
    for start in range(0, len(learner_ids), ENROL_CHUNK):
        roster_enrolments_sync_task.delay_on_commit(
            learner_ids[start : start + ENROL_CHUNK], actor.pk if actor else None
        )


# --- the command's path: read, plan and apply in one go ---------------------------


@dataclass(frozen=True, eq=False)
class RunResult:
    plan: ImportPlan
    roster_import: RosterImport | None


def roster_import_run(
    *,
    data: bytes,
    file_name: str,
    options: ImportOptions,
    actor=None,
    dry_run: bool = False,
) -> RunResult:
    """Import a roster file synchronously (the management command).

    A dry run writes nothing at all. Otherwise the run is recorded in the history,
    applied in one transaction, and recorded as failed (with nothing changed) if
    anything goes wrong. Raises RosterFileError when the file cannot be read.
    """
    actor = _actor(actor)
    if dry_run:
        plan = roster_plan(data=data, file_name=file_name, options=options, actor=actor)
        return RunResult(plan=plan, roster_import=None)
    record = RosterImport(
        created_by=actor,
        file_name=file_name[:255],
        file_sha256=_sha256(data),
        options={**options.as_json(), "source": "command"},
    )
    try:
        plan = roster_plan(data=data, file_name=file_name, options=options, actor=actor)
        with transaction.atomic():
            record.status = ImportStatus.APPLYING
            record.save()
            _apply(record, plan, actor)
    except RosterFileError as exc:
        _record_failure(record, str(exc))
        raise
    except Exception:
        _record_failure(record, "The import failed and nothing was changed.")
        raise
    return RunResult(plan=plan, roster_import=record)


def _apply(
    record: RosterImport,
    plan: ImportPlan,
    actor,
    progress=None,
    lease: RunLease | None = None,
) -> None:
    """Write ``plan`` and mark ``record`` applied; inside the caller's transaction.

    The run becomes "applied" by a conditional UPDATE in the same transaction:
    if the run is no longer this worker's (``lease``; or, for the command, no
    longer "applying"), LeaseLost rolls back everything written.
    """
    from .writer import plan_write

    result = plan_write(plan, import_id=record.pk, actor=actor, progress=progress)
    summary = plan.summary()
    now = timezone.now()
    run = (
        lease.mine()
        if lease is not None
        else RosterImport.objects.filter(
            pk=record.pk, status=ImportStatus.APPLYING, lease_token=""
        )
    )
    fields = {
        "status": ImportStatus.APPLIED,
        "applied_counts": summary,
        "preview_counts": record.preview_counts or summary,
        "report": problems_json(plan.problems),
        "applied_at": now,
        "progress": 100,
        "progress_message": "Applied",
        "error": "",
        "lease_token": "",
        "lease_expires_at": None,
        "heartbeat_at": now,
    }
    if not run.update(**fields):
        raise LeaseLost(f"Roster import {record.pk} is no longer ours to apply.")
    for name, value in fields.items():
        setattr(record, name, value)
    _after_write_schedule(result, actor)


def _record_failure(record: RosterImport, message: str) -> None:
    """Record a failed run; the failed transaction left the database as it was
    (including any row saved for this run inside it), so a new row is written."""
    RosterImport.objects.create(
        created_by=record.created_by,
        file_name=record.file_name,
        file_sha256=record.file_sha256,
        options=record.options,
        status=ImportStatus.FAILED,
        error=message,
        progress=100,
        progress_message="Failed",
    )


# --- the admin's path: upload, preview in the background, apply in the background ---


def roster_import_upload(
    *, data: bytes, file_name: str, options: ImportOptions, actor
) -> RosterImport:
    """Store an uploaded file and start its dry run in the background.

    Raises RosterFileError at once when the file is too big or not a CSV/.xlsx by
    its content, so nothing is stored for it.
    """
    source = recognise(data, filename=file_name, max_bytes=MAX_BYTES)
    sha = _sha256(data)
    record = RosterImport(
        created_by=_actor(actor),
        file_name=file_name[:255],
        file_sha256=sha,
        options={**options.as_json(), "source": "upload"},
        status=ImportStatus.UPLOADED,
        progress_message="Waiting for a worker to start",
        lease_expires_at=queued_until(),
    )
    # A neutral stored name: the original one is kept in file_name only.
    record.file.save(f"roster-{sha[:16]}.{source.kind}", ContentFile(data), save=False)
    record.save()
    from .tasks import roster_import_preview_task

    roster_import_preview_task.delay_on_commit(record.pk)
    return record


def progress_set(import_id: int, percent: int, message: str) -> None:
    """Record how far a run is, on its row (committed at once, outside any
    transaction), for the polling page."""
    RosterImport.objects.filter(pk=import_id).update(
        progress=max(0, min(100, int(percent))), progress_message=message[:200]
    )


def progress_get(record: RosterImport) -> tuple[int | None, str]:
    """What the page shows: committed progress only.

    Apply writes everything in one transaction, so until it commits nothing is
    saved: the page shows no percentage (None) rather than steps that a lost
    worker would take back.
    """
    if record.status == ImportStatus.APPLYING:
        return None, record.progress_message
    return record.progress, record.progress_message


#: Tries a preview gets when its worker keeps being lost (e.g. killed for memory)
#: before it is marked interrupted; an apply is never re-driven without a person.
PREVIEW_ATTEMPTS = 3
_WRITING = (
    "Writing every change in one transaction: nothing is saved until all of it is"
)
_INTERRUPTED_APPLY = (
    "The worker applying this import stopped before it finished, so nothing was "
    "changed. Retry to work the changes out again against the academy as it is "
    "now and apply them."
)
_INTERRUPTED_PREVIEW = (
    "The worker checking this file stopped {attempts} times before it finished. "
    "Nothing in the academy was changed. Retry, or upload a smaller file."
)


def _claimed(import_id: int, *, waiting, status) -> RunLease | None:
    return RunLease.claim(import_id=import_id, waiting=waiting, status=status)


def roster_import_preview(*, import_id: int) -> None:
    """Dry run of an uploaded file (the preview task): counts, examples, report.

    Runs only for the delivery that claims the run (a redelivered task whose run
    someone else holds, or that is done, does nothing).
    """
    lease = _claimed(
        import_id,
        waiting=[ImportStatus.UPLOADED, ImportStatus.PREVIEWING],
        status=ImportStatus.PREVIEWING,
    )
    if lease is None:
        return
    record = RosterImport.objects.select_related("created_by").get(pk=import_id)

    def progress(percent: int, message: str) -> None:
        lease.renew(
            progress=max(0, min(100, int(percent))), progress_message=message[:200]
        )

    try:
        progress(5, "Reading the file")
        with record.file.open("rb") as stored:
            data = stored.read()
        plan = roster_plan(
            data=data,
            file_name=record.file_name,
            options=ImportOptions.from_json(record.options),
            actor=record.created_by,
            progress=progress,
        )
    except LeaseLost:
        logger.warning("Roster import %s: preview taken over; stopping", import_id)
        return
    except RosterFileError as exc:
        _mark_failed(lease, str(exc))
        return
    except Exception:
        _mark_failed(lease, "The file could not be checked. Please try again.")
        raise
    lease.mine().update(
        status=ImportStatus.PREVIEWED,
        preview_counts=plan.summary(),
        report=problems_json(plan.problems),
        progress=100,
        progress_message="Ready to apply",
        lease_token="",
        lease_expires_at=None,
    )


def _mark_failed(lease: RunLease, message: str) -> None:
    lease.mine().update(
        status=ImportStatus.FAILED,
        error=message,
        progress=100,
        progress_message="Failed",
        lease_token="",
        lease_expires_at=None,
    )


def _queue(record: RosterImport, status: str, message: str, *, actor=None) -> None:
    """Put ``record`` (locked by the caller) back in the queue for ``status``."""
    from .tasks import roster_import_apply_task, roster_import_preview_task

    record.status = status
    if status == ImportStatus.APPLYING:
        record.options = {**record.options, "applied_by": actor.pk if actor else None}
    record.progress = 0
    record.progress_message = message
    record.error = ""
    record.lease_token = ""
    record.lease_expires_at = queued_until()
    record.save()
    task = (
        roster_import_apply_task
        if status == ImportStatus.APPLYING
        else roster_import_preview_task
    )
    task.delay_on_commit(record.pk)


def roster_import_apply_start(*, roster_import: RosterImport, actor) -> bool:
    """Queue Apply for a previewed import; False if it is not ready (or already
    applying, e.g. a second click)."""
    actor = _actor(actor)
    with transaction.atomic():
        record = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if record.status != ImportStatus.PREVIEWED or not record.file:
            return False
        record.attempts = 0
        _queue(
            record,
            ImportStatus.APPLYING,
            "Waiting for a worker to start",
            actor=actor,
        )
    return True


def roster_import_retry(*, roster_import: RosterImport, actor) -> bool:
    """Run an interrupted import again: an interrupted apply is worked out again
    against the academy as it is now and applied; an interrupted preview checks
    the file again. False when the run is not interrupted (or its file is gone)."""
    actor = _actor(actor)
    with transaction.atomic():
        record = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if record.status != ImportStatus.INTERRUPTED or not record.file:
            return False
        applying = record.interrupted_during == ImportStatus.APPLYING
        record.attempts = 0
        record.interrupted_during = ""
        _queue(
            record,
            ImportStatus.APPLYING if applying else ImportStatus.UPLOADED,
            "Waiting for a worker to start",
            actor=actor,
        )
    return True


def roster_import_apply(*, import_id: int) -> None:
    """Apply an import (the apply task): all or nothing, exactly once.

    Only the delivery that claims the run applies it; the plan is worked out
    again from the file against the academy as it is now, written in one
    transaction that ends by moving the run to "applied" only if this delivery
    still holds it. A second delivery, or a worker that lost its lease, writes
    nothing.
    """
    lease = _claimed(
        import_id, waiting=[ImportStatus.APPLYING], status=ImportStatus.APPLYING
    )
    if lease is None:
        return  # Applied, failed, interrupted, or held by a live worker.
    record = RosterImport.objects.select_related("created_by").get(pk=import_id)
    applied_by = record.options.get("applied_by")
    actor = (
        get_user_model().objects.filter(pk=applied_by).first()
        if applied_by
        else record.created_by
    )

    def heartbeat(percent: int, message: str) -> None:
        lease.check()

    try:
        lease.renew(progress=0, progress_message="Reading the file")
        with record.file.open("rb") as stored:
            data = stored.read()
        plan = roster_plan(
            data=data,
            file_name=record.file_name,
            options=ImportOptions.from_json(record.options),
            actor=actor,
            progress=lambda percent, message: lease.renew(),
        )
        lease.renew(progress=0, progress_message=_WRITING)
        with lease, transaction.atomic():
            _apply(record, plan, actor, progress=heartbeat, lease=lease)
    except LeaseLost:
        # Rolled back: whoever holds the run now (or the retry) applies it.
        logger.warning("Roster import %s: apply taken over; nothing written", import_id)
        return
    except RosterFileError as exc:
        _mark_failed(lease, str(exc))
        return
    except Exception:
        # The transaction rolled back: the academy is exactly as before.
        logger.exception("Roster import %s failed while applying", import_id)
        _mark_failed(
            lease,
            "Applying failed and nothing was changed. Try again; if it fails again, "
            "ask your administrator to check the server log.",
        )
        return
    # The report and counts stay in the history; the HR file itself is not kept.
    record.file.delete(save=False)
    RosterImport.objects.filter(pk=import_id).update(file="")


def roster_runs_recover(*, now=None) -> dict[str, int]:
    """Find runs whose worker was lost (lease ran out) and deal with each.

    A preview is queued again (up to PREVIEW_ATTEMPTS tries); an apply is marked
    interrupted for a person to retry, because applying works the changes out
    again against the academy as it is by then. Each step is a conditional
    UPDATE on the lease it saw, so a worker that renews at the same moment wins.
    Returns how many runs were re-driven and how many marked interrupted.
    """
    from .tasks import roster_import_preview_task

    now = now or timezone.now()
    running = [ImportStatus.UPLOADED, ImportStatus.PREVIEWING, ImportStatus.APPLYING]
    stale = RosterImport.objects.filter(
        status__in=running, lease_expires_at__lt=now
    ).values_list("pk", "status", "lease_token", "lease_expires_at", "attempts")
    counts = {"redriven": 0, "interrupted": 0}
    for pk, status, token, expires, attempts in stale:
        seen = RosterImport.objects.filter(
            pk=pk, status=status, lease_token=token, lease_expires_at=expires
        )
        if status != ImportStatus.APPLYING and attempts < PREVIEW_ATTEMPTS:
            with transaction.atomic():
                if seen.update(
                    status=ImportStatus.UPLOADED,
                    lease_token="",
                    lease_expires_at=queued_until(),
                    progress=0,
                    progress_message="Starting again: the worker checking the file "
                    "stopped",
                ):
                    roster_import_preview_task.delay_on_commit(pk)
                    counts["redriven"] += 1
            continue
        interrupted_during = (
            ImportStatus.APPLYING
            if status == ImportStatus.APPLYING
            else ImportStatus.PREVIEWING
        )
        message = (
            _INTERRUPTED_APPLY
            if status == ImportStatus.APPLYING
            else _INTERRUPTED_PREVIEW.format(attempts=attempts)
        )
        if seen.update(
            status=ImportStatus.INTERRUPTED,
            interrupted_during=interrupted_during,
            error=message,
            lease_token="",
            lease_expires_at=None,
            progress=0,
            progress_message="Interrupted",
        ):
            logger.warning("Roster import %s interrupted: its worker was lost", pk)
            counts["interrupted"] += 1
    return counts


# --- assignment rules ----------------------------------------------------------------


@dataclass(frozen=True)
class RoleChange:
    learner_id: int
    employee_id: str
    name: str
    old_role_id: int | None
    new_role_id: int | None
    old_role: str
    new_role: str
    rule_id: int | None


@dataclass(frozen=True)
class RuleImpact:
    """Who gains, loses or changes a role when rules are (re)applied."""

    gain: list[RoleChange]
    lose: list[RoleChange]
    change: list[RoleChange]
    unchanged: int

    @property
    def changes(self) -> list[RoleChange]:
        return [*self.gain, *self.lose, *self.change]

    @property
    def total(self) -> int:
        return len(self.gain) + len(self.lose) + len(self.change)

    def groups(self) -> list[tuple[str, list[RoleChange]]]:
        return [
            ("Gain a role", self.gain),
            ("Lose their role", self.lose),
            ("Change role", self.change),
        ]


def rules_impact(*, rules: Sequence[RuleSpec]) -> RuleImpact:
    """What ``rules`` (active, in order) would do to everyone they decide for:
    active people whose role was not set by hand. No rules decide nothing."""
    people = selectors.rule_people_frame()
    if not rules or people.empty:
        return RuleImpact(gain=[], lose=[], change=[], unchanged=len(people))
    departments = selectors.department_frame()
    subtrees = department_subtrees(
        dict(zip(departments["id"], departments["parent_id"], strict=True))
    )
    result = roles_from_rules(people, rules, subtrees)
    role_names = dict(
        selectors.role_frame()[["id", "name"]].itertuples(index=False, name=None)
    )
    gain, lose, change = [], [], []
    unchanged = 0
    for record, new_role, rule_id in zip(
        people.to_dict("records"), result["role_id"], result["rule_id"], strict=True
    ):
        old_role = record["role_id"]
        if old_role == new_role:
            unchanged += 1
            continue
        item = RoleChange(
            learner_id=record["learner_id"],
            employee_id=record["employee_id"],
            name=f"{record['first_name']} {record['last_name']}".strip()
            or record["employee_id"],
            old_role_id=old_role,
            new_role_id=new_role,
            old_role=role_names.get(old_role, "") if old_role else "",
            new_role=role_names.get(new_role, "") if new_role else "",
            rule_id=rule_id,
        )
        if old_role is None:
            gain.append(item)
        elif new_role is None:
            lose.append(item)
        else:
            change.append(item)
    return RuleImpact(gain=gain, lose=lose, change=change, unchanged=unchanged)


def rules_apply(*, actor=None, reason: str = "assignment rules changed") -> RuleImpact:
    """Give everyone the role the active rules give them now (retroactive)."""
    impact = rules_impact(rules=selectors.rule_specs())
    if not impact.total:
        return impact
    actor = _actor(actor)
    now = timezone.now()
    by_role: dict[int | None, list[int]] = {}
    for item in impact.changes:
        by_role.setdefault(item.new_role_id, []).append(item.learner_id)
    for role_id, learner_ids in by_role.items():
        for start in range(0, len(learner_ids), 5000):
            # Guarded by role_set_by_hand: an admin who set a role by hand a moment
            # ago wins over this rule change.
            Learner.objects.filter(
                pk__in=learner_ids[start : start + 5000], role_set_by_hand=False
            ).update(role_id=role_id, updated_at=now)
    audit_record_many(
        AuditEvent(
            learner_id=item.learner_id,
            actor=actor,
            action=AuditAction.ROLE_CHANGED,
            summary=(
                f"Role changed by an assignment rule: {item.old_role or 'no role'} → "
                f"{item.new_role or 'no role'} ({reason})."
            )[:500],
            data={
                "from_role_id": item.old_role_id,
                "to_role_id": item.new_role_id,
                "rule_id": item.rule_id,
                "source": "rule",
            },
        )
        for item in impact.changes
    )
    _enrolments_schedule(
        [item.learner_id for item in impact.changes if item.new_role_id], actor
    )
    return impact


def rules_candidate(
    *,
    rule: AssignmentRule | None = None,
    position: int | None = None,
    deleting: bool = False,
) -> list[RuleSpec]:
    """The active rules, in order, as they would be after saving (or deleting)
    ``rule`` at ``position`` (1-based among all rules; None keeps its place, or
    puts a new rule last)."""
    ordered = _ordered(rule=rule, position=position, deleting=deleting)
    return [selectors.rule_spec(item) for item in ordered if item.active]


def _ordered(
    *, rule: AssignmentRule | None, position: int | None, deleting: bool
) -> list[AssignmentRule]:
    rules = list(AssignmentRule.objects.order_by("sort_order", "id"))
    if rule is None:
        return rules
    others = [item for item in rules if item.pk != rule.pk or rule.pk is None]
    if deleting:
        return others
    if position is None:
        current = [index for index, item in enumerate(rules) if item.pk == rule.pk]
        if rule.pk is not None and current:
            index = current[0]
        else:
            # A new rule goes before the first catch-all, where it can still match.
            catch_alls = [i for i, item in enumerate(others) if _matches_all(item)]
            index = catch_alls[0] if catch_alls else len(others)
    else:
        index = max(0, min(position - 1, len(others)))
    return [*others[:index], rule, *others[index:]]


def _matches_all(rule: AssignmentRule) -> bool:
    return rule.active and not rule.job_title_pattern.strip() and not rule.department_id


def rule_shadowed_by(
    *, rule: AssignmentRule, position: int | None = None
) -> AssignmentRule | None:
    """An active rule before ``rule`` that matches everyone, so ``rule`` never
    decides anything (None when there is none)."""
    for item in _ordered(rule=rule, position=position, deleting=False):
        if item is rule:
            return None
        if _matches_all(item):
            return item
    return None


@transaction.atomic
def rule_save(
    *, rule: AssignmentRule, position: int | None = None, actor=None
) -> RuleImpact:
    """Save ``rule`` at ``position`` and apply all rules retroactively."""
    is_new = rule.pk is None
    # Placed before saving: a saved new rule would already be in the list.
    ordered = _ordered(rule=rule, position=position, deleting=False)
    rule.save()
    _renumber(ordered)
    verb = "added" if is_new else "changed"
    return rules_apply(actor=actor, reason=f"rule “{rule.name}” {verb}")


@transaction.atomic
def rule_delete(*, rule: AssignmentRule, actor=None) -> RuleImpact:
    name = rule.name
    rule.delete()
    _renumber(list(AssignmentRule.objects.order_by("sort_order", "id")))
    return rules_apply(actor=actor, reason=f"rule “{name}” deleted")


def _renumber(rules: list[AssignmentRule]) -> None:
    moved = []
    for index, item in enumerate(rules):
        if item.sort_order != index:
            item.sort_order = index
            moved.append(item)
    AssignmentRule.objects.bulk_update(moved, ["sort_order"])
    # bulk_update sends no signal: provisioning's cached rules must go now.
    rules_cache_clear()
