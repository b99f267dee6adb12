"""Writes of the SCORM run-time: launching an attempt and committing its CMI data.

A launch starts or resumes the learner's attempt at a SCO and opens a new session
of it; a commit checks every value (``scorm.cmi``), stores the attempt in one
``UPDATE`` and, the first time the package reports the lesson complete, records
that through ``learners.api`` so courses, certificates and targets follow as for
any lesson. A commit is refused whole, with the SCORM error code and nothing
stored, when the attempt is someone else's, the session is over (after Terminate
or a newer launch) or a value is not allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from learners import api as learners_api

from . import cmi as cmi_model
from . import rollup
from .models import (
    CompletionStatus,
    PackageLessonPage,
    ScormAttempt,
    ScormPackageVersion,
    SuccessStatus,
)


class LaunchError(Exception):
    """The package cannot be started; the message is for the learner."""


@dataclass(frozen=True)
class CommitResult:
    error_code: int = 0
    message: str = ""
    lesson_completed: bool = False

    @property
    def ok(self) -> bool:
        return self.error_code == 0


def _launchable(version: ScormPackageVersion) -> list[dict]:
    return [item for item in version.launch_data or [] if item.get("url")]


def _first_sco(version: ScormPackageVersion) -> dict:
    items = _launchable(version)
    if not items:
        raise LaunchError("This package has nothing to launch.")
    return items[0]


def _latest_version(lesson: PackageLessonPage) -> ScormPackageVersion:
    if lesson.package_id is None:
        raise LaunchError("This lesson has no package yet.")
    version = (
        ScormPackageVersion.objects.filter(package_id=lesson.package_id)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise LaunchError("This lesson's package has no uploaded version.")
    return version


def is_multi_sco(version: ScormPackageVersion) -> bool:
    return len(_launchable(version)) > 1


def _resume(attempt: ScormAttempt) -> ScormAttempt:
    kind = cmi_model.family(attempt.version.schema_version)
    carried = (
        _session_seconds(kind, attempt.cmi) if attempt.terminated_at is None else 0
    )
    updates = {"session": F("session") + 1, "terminated_at": None}
    if carried:
        # The last session ended without Terminate: count its time now.
        updates["total_time"] = (attempt.total_time or timedelta()) + timedelta(
            seconds=carried
        )
    ScormAttempt.objects.filter(pk=attempt.pk).update(**updates)
    attempt.refresh_from_db()
    return attempt


def attempt_launch(
    *,
    learner_id: int,
    lesson: PackageLessonPage,
    item: str = "",
    by_choice: bool = False,
) -> ScormAttempt:
    """Resume the learner's attempt at one SCO of the lesson, or start a new one.

    Without ``item``, the SCO the learner last played continues if it can, else
    the package starts at its first SCO. With ``item`` (a multi-SCO package's
    outline or navigation), that SCO's own attempt continues or starts: every SCO
    keeps its own data model (bookmark, suspend data, status) within the
    package, on the version the learner's package attempt is on. ``by_choice``
    (the learner picked the item in the outline) is refused when the
    organisation's ``controlMode`` does not allow choice.

    An attempt that was suspended, or left without Terminate, continues (a new
    session of it); one that ended normally is followed by a new attempt. Safe
    under double clicks: attempts are unique per (learner, lesson, SCO, number).
    """
    attempts = ScormAttempt.objects.filter(
        learner_id=learner_id, lesson=lesson
    ).select_related("version")
    current = attempts.order_by("-updated_at", "-pk").first()
    if not item:
        if current is not None and current.is_resumable:
            return _resume(current)
        version = _latest_version(lesson)
        identifier = _first_sco(version)["identifier"]
    else:
        version = (
            current.version
            if current is not None and is_multi_sco(current.version)
            else _latest_version(lesson)
        )
        if not any(sco["identifier"] == item for sco in _launchable(version)):
            raise LaunchError("This package has no such part to open.")
        if by_choice and not rollup.control_mode(version.manifest)["choice"]:
            raise LaunchError("This package does not let learners choose a part.")
        identifier = item
    latest = (
        attempts.filter(sco_identifier=identifier[:255])
        .order_by("-number", "-pk")
        .first()
    )
    if latest is not None and latest.is_resumable and latest.version_id == version.pk:
        return _resume(latest)
    number = latest.number + 1 if latest is not None else 1
    try:
        with transaction.atomic():
            return ScormAttempt.objects.create(
                learner_id=learner_id,
                lesson=lesson,
                version=version,
                sco_identifier=identifier[:255],
                number=number,
                total_time=timedelta(),
            )
    except IntegrityError:
        # The same launch twice at once: both get the one attempt.
        return ScormAttempt.objects.select_related("version").get(
            learner_id=learner_id,
            lesson=lesson,
            sco_identifier=identifier[:255],
            number=number,
        )


_TARGET = re.compile(r"(?:choice\.)?\{target=(?P<target>[^}]{1,255})\}(?:choice|jump)?")
#: Navigation requests that end the package's delivery: back to the lesson page.
_EXITS = {"exit", "exitAll", "suspendAll", "abandon", "abandonAll"}


def navigation_target(
    version: ScormPackageVersion, *, current: str, request: str
) -> str | None:
    """The SCO a navigation request leads to, or None to leave the package.

    ``continue``/``previous`` move along the organisation's order (flow);
    ``{target=ID}choice``, ``{target=ID}jump`` or ``choice.{target=ID}`` open
    that item (choice); ``exitAll``, ``suspendAll`` and the like close the
    package. The organisation's ``controlMode`` is honoured: flow or choice
    requests it does not allow lead nowhere. Unknown requests raise
    ``LaunchError``.
    """
    order = [sco["identifier"] for sco in _launchable(version)]
    mode = rollup.control_mode(version.manifest)
    if request in _EXITS:
        return None
    if request in ("continue", "previous"):
        if not mode["flow"] or current not in order:
            return None
        index = order.index(current) + (1 if request == "continue" else -1)
        return order[index] if 0 <= index < len(order) else None
    match = _TARGET.fullmatch(request)
    if match is None:
        raise LaunchError("The package asked for a move the academy does not know.")
    target = match["target"]
    if target not in order:
        raise LaunchError("This package has no such part to open.")
    if not mode["choice"] and not request.endswith("jump"):
        return None
    return target


def _session_seconds(kind: str, values: dict) -> float:
    element = (
        "cmi.core.session_time" if kind == cmi_model.SCORM_12 else ("cmi.session_time")
    )
    return cmi_model.parse_session_time(kind, values.get(element, "")).total_seconds()


def _sco(version: ScormPackageVersion, identifier: str) -> dict:
    for item in version.launch_data or []:
        if item.get("identifier") == identifier:
            return item
    return {}


def launch_values(*, attempt: ScormAttempt, learner_name: str, learner_key: str):
    """The data model a SCO sees at Initialize, flattened: what the player loads
    into scorm-again and what the package frame's cache starts with."""
    version = attempt.version
    kind = cmi_model.family(version.schema_version)
    sco = _sco(version, attempt.sco_identifier)
    stored = dict(attempt.cmi)
    resumed = bool(stored) and attempt.is_resumable
    exit_value = stored.get("cmi.core.exit", stored.get("cmi.exit", ""))
    total = cmi_model.format_total_time(kind, attempt.total_time or timedelta())
    if kind == cmi_model.SCORM_12:
        keep = {
            k: v
            for k, v in stored.items()
            if not k.startswith("cmi.interactions.")
            and k not in ("cmi.core.exit", "cmi.core.session_time")
        }
        values = {
            **keep,
            "cmi.core.student_id": learner_key,
            "cmi.core.student_name": learner_name,
            "cmi.core.credit": "credit",
            "cmi.core.lesson_mode": "normal",
            "cmi.core.entry": (
                "resume"
                if resumed and exit_value == "suspend"
                else ("" if resumed else "ab-initio")
            ),
            "cmi.core.lesson_status": stored.get(
                "cmi.core.lesson_status", "not attempted"
            ),
            "cmi.core.total_time": total,
            "cmi.launch_data": sco.get("data_from_lms") or "",
        }
        if sco.get("mastery_score") is not None:
            values["cmi.student_data.mastery_score"] = _number(sco["mastery_score"])
        return values
    keep = {
        k: v
        for k, v in stored.items()
        if k not in ("cmi.exit", "cmi.session_time", "adl.nav.request")
    }
    values = {
        **keep,
        "cmi.learner_id": learner_key,
        "cmi.learner_name": learner_name,
        "cmi.credit": "credit",
        "cmi.mode": "normal",
        "cmi.entry": "resume"
        if resumed and exit_value == "suspend"
        else ("" if resumed else "ab-initio"),
        "cmi.completion_status": stored.get("cmi.completion_status", "unknown"),
        "cmi.success_status": stored.get("cmi.success_status", "unknown"),
        "cmi.total_time": total,
        "cmi.launch_data": sco.get("data_from_lms") or "",
    }
    if sco.get("scaled_passing_score") is not None:
        values["cmi.scaled_passing_score"] = _number(sco["scaled_passing_score"])
    return values


def _number(value) -> str:
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Outcome:
    completion: str
    success: str
    score_scaled: float | None

    @property
    def completes_lesson(self) -> bool:
        return (
            self.completion == CompletionStatus.COMPLETED
            and self.success != SuccessStatus.FAILED
        )


def outcome(kind: str, values: dict, sco: dict) -> Outcome:
    """Completion, success and scaled score from committed values, the package's
    mastery score (1.2) or scaled passing score (2004) applied."""
    if kind == cmi_model.SCORM_12:
        raw = _float(values.get("cmi.core.score.raw"))
        low = _float(values.get("cmi.core.score.min")) or 0.0
        high = _float(values.get("cmi.core.score.max"))
        high = 100.0 if high is None else high
        scaled = None
        if raw is not None and high > low:
            scaled = max(-1.0, min(1.0, (raw - low) / (high - low)))
        status = values.get("cmi.core.lesson_status", "not attempted")
        mastery = (
            _float(_number(sco["mastery_score"]))
            if sco.get("mastery_score") is not None
            else None
        )
        if (
            mastery is not None
            and raw is not None
            and status
            in (
                "completed",
                "passed",
                "failed",
                "incomplete",
            )
        ):
            # SCORM 1.2 RTE 3.4.4: with a mastery score the LMS decides pass/fail.
            status = "passed" if raw >= mastery else "failed"
        completion = {
            "passed": CompletionStatus.COMPLETED,
            "completed": CompletionStatus.COMPLETED,
            "failed": CompletionStatus.COMPLETED,
            "incomplete": CompletionStatus.INCOMPLETE,
            "browsed": CompletionStatus.INCOMPLETE,
        }.get(status, CompletionStatus.NOT_ATTEMPTED)
        success = {
            "passed": SuccessStatus.PASSED,
            "failed": SuccessStatus.FAILED,
        }.get(status, SuccessStatus.UNKNOWN)
        return Outcome(completion, success, scaled)
    scaled = _float(values.get("cmi.score.scaled"))
    completion = values.get("cmi.completion_status", CompletionStatus.UNKNOWN)
    if completion not in CompletionStatus.values:
        completion = CompletionStatus.UNKNOWN
    success = values.get("cmi.success_status", SuccessStatus.UNKNOWN)
    passing = (
        _float(_number(sco["scaled_passing_score"]))
        if sco.get("scaled_passing_score") is not None
        else None
    )
    if passing is not None and scaled is not None:
        # SCORM 2004 RTE 4.2.22: the LMS evaluates success against the threshold.
        success = SuccessStatus.PASSED if scaled >= passing else SuccessStatus.FAILED
    return Outcome(completion, success, scaled)


def completion_note(kind: str, result: Outcome) -> str:
    """Provenance of a completion, e.g. "SCORM 2004: completed, passed, 85%"."""
    label = "SCORM 1.2" if kind == cmi_model.SCORM_12 else "SCORM 2004"
    parts = [str(result.completion)]
    if result.success != SuccessStatus.UNKNOWN:
        parts.append(str(result.success))
    if result.score_scaled is not None:
        parts.append(f"{result.score_scaled * 100:.0f}%")
    return f"{label}: {', '.join(parts)}"


def sco_statuses(*, learner_id: int, lesson_id: int, version_id: int) -> dict:
    """Each SCO's latest attempt in the learner's package attempt, by SCO
    identifier, as dicts (status, score, ``completed_at``); one query."""
    rows = (
        ScormAttempt.objects.filter(
            learner_id=learner_id, lesson_id=lesson_id, version_id=version_id
        )
        .order_by("sco_identifier", "-number", "-pk")
        .values(
            "pk",
            "sco_identifier",
            "completion_status",
            "success_status",
            "score_scaled",
            "completed_at",
            "terminated_at",
        )
    )
    latest: dict[str, dict] = {}
    for row in rows:
        latest.setdefault(row["sco_identifier"], row)
    return latest


def package_rollup(version: ScormPackageVersion, statuses: dict) -> rollup.Status:
    """The package's root status rolled up from its SCOs' (``sco_statuses``)."""
    tree = rollup.activity_tree(version.manifest)
    leaves = {
        identifier: rollup.leaf_status(
            row["completion_status"],
            row["success_status"],
            row["score_scaled"],
            None,
        )
        for identifier, row in statuses.items()
    }
    return rollup.rollup(tree, leaves)[tree.identifier]


def _package_outcome(attempt: ScormAttempt) -> tuple[Outcome, bool]:
    """The package's outcome after this commit, and whether it had already
    completed the lesson."""
    statuses = sco_statuses(
        learner_id=attempt.learner_id,
        lesson_id=attempt.lesson_id,
        version_id=attempt.version_id,
    )
    root = package_rollup(attempt.version, statuses)
    completion = {
        rollup.COMPLETED: CompletionStatus.COMPLETED,
        rollup.INCOMPLETE: CompletionStatus.INCOMPLETE,
    }.get(root.completion, CompletionStatus.UNKNOWN)
    success = {
        rollup.PASSED: SuccessStatus.PASSED,
        rollup.FAILED: SuccessStatus.FAILED,
    }.get(root.success, SuccessStatus.UNKNOWN)
    measure = root.measure
    if measure is not None:
        measure = min(max(measure, -1.0), 1.0)
    already = any(row["completed_at"] is not None for row in statuses.values())
    return Outcome(completion, success, measure), already


def attempt_commit(
    *, attempt_id: int, session: int, user_id: int, values: object, terminate: bool
) -> CommitResult:
    """Store a SCO's committed data model; the SCORM error code when refused.

    Queries: one locking read, one ``UPDATE``; for a multi-SCO package one more
    read (every SCO's latest attempt, for rollup) and, the first time the package
    rolls up to complete, one more ``UPDATE``. The lesson's completion (once)
    goes through ``learners.api``.
    """
    with transaction.atomic():
        attempt = (
            ScormAttempt.objects.select_for_update(of=("self",))
            .select_related("version", "learner")
            .only(
                "id",
                "session",
                "cmi",
                "terminated_at",
                "completed_at",
                "total_time",
                "lesson_id",
                "sco_identifier",
                "learner__user_id",
                "learner_id",
                "version_id",
                "version__schema_version",
                "version__launch_data",
                "version__manifest",
            )
            .filter(pk=attempt_id)
            .first()
        )
        if attempt is None or attempt.learner.user_id != user_id:
            return CommitResult(101, "No such attempt.")
        kind = cmi_model.family(attempt.version.schema_version)
        codes = cmi_model.ERRORS[kind]
        if attempt.session != session or attempt.terminated_at is not None:
            return CommitResult(codes["terminated"], "This session has ended.")
        try:
            cleaned = cmi_model.clean_commit(attempt.version.schema_version, values)
        except cmi_model.CmiError as exc:
            return CommitResult(exc.code, exc.message)
        merged = {**attempt.cmi, **cleaned}
        sco = _sco(attempt.version, attempt.sco_identifier)
        result = outcome(kind, merged, sco)
        now = timezone.now()
        updates = {
            "cmi": merged,
            "completion_status": result.completion,
            "success_status": result.success,
            "score_scaled": result.score_scaled,
            "updated_at": now,
        }
        if terminate:
            updates["terminated_at"] = now
            updates["total_time"] = (attempt.total_time or timedelta()) + timedelta(
                seconds=_session_seconds(kind, merged)
            )
        if is_multi_sco(attempt.version):
            ScormAttempt.objects.filter(pk=attempt.pk).update(**updates)
            result, already = _package_outcome(attempt)
            newly_complete = result.completes_lesson and not already
            if newly_complete:
                ScormAttempt.objects.filter(pk=attempt.pk).update(completed_at=now)
        else:
            newly_complete = result.completes_lesson and attempt.completed_at is None
            if newly_complete:
                updates["completed_at"] = now
            ScormAttempt.objects.filter(pk=attempt.pk).update(**updates)
        lesson_id, learner_id = attempt.lesson_id, attempt.learner_id
    completed = False
    if newly_complete:
        try:
            event = learners_api.lesson_complete_by_content(
                learner_id=learner_id,
                lesson_id=lesson_id,
                note=completion_note(kind, result),
            )
        except (learners_api.LessonUnavailable, learners_api.ProgressError):
            # The lesson was unpublished meanwhile: the attempt keeps the result.
            return CommitResult()
        completed = event.lesson_newly_completed
    return CommitResult(lesson_completed=completed)
