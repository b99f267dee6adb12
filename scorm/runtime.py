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

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from learners import api as learners_api

from . import cmi as cmi_model
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


def _first_sco(version: ScormPackageVersion) -> dict:
    items = version.launch_data or []
    for item in items:
        if item.get("url"):
            return item
    raise LaunchError("This package has nothing to launch.")


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


def attempt_launch(*, learner_id: int, lesson: PackageLessonPage) -> ScormAttempt:
    """Resume the learner's attempt at the lesson's SCO, or start a new one.

    An attempt that was suspended, or left without Terminate, continues (a new
    session of it); one that ended normally is followed by a new attempt on the
    package's newest version. Safe under double clicks: attempts are unique per
    (learner, lesson, SCO, number).
    """
    latest = (
        ScormAttempt.objects.filter(learner_id=learner_id, lesson=lesson)
        .select_related("version")
        .order_by("-number", "-pk")
        .first()
    )
    if latest is not None and latest.is_resumable:
        kind = cmi_model.family(latest.version.schema_version)
        carried = (
            _session_seconds(kind, latest.cmi) if latest.terminated_at is None else 0
        )
        updates = {"session": F("session") + 1, "terminated_at": None}
        if carried:
            # The last session ended without Terminate: count its time now.
            updates["total_time"] = (latest.total_time or timedelta()) + timedelta(
                seconds=carried
            )
        ScormAttempt.objects.filter(pk=latest.pk).update(**updates)
        latest.refresh_from_db()
        return latest
    version = _latest_version(lesson)
    sco = _first_sco(version)
    number = latest.number + 1 if latest is not None else 1
    try:
        with transaction.atomic():
            return ScormAttempt.objects.create(
                learner_id=learner_id,
                lesson=lesson,
                version=version,
                sco_identifier=sco["identifier"][:255],
                number=number,
                total_time=timedelta(),
            )
    except IntegrityError:
        # The same launch twice at once: both get the one attempt.
        return ScormAttempt.objects.select_related("version").get(
            learner_id=learner_id,
            lesson=lesson,
            sco_identifier=sco["identifier"][:255],
            number=number,
        )


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


def attempt_commit(
    *, attempt_id: int, session: int, user_id: int, values: object, terminate: bool
) -> CommitResult:
    """Store a SCO's committed data model; the SCORM error code when refused.

    Queries: one locking read, one ``UPDATE``; the lesson's completion (once)
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
                "version__schema_version",
                "version__launch_data",
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
        newly_complete = result.completes_lesson and attempt.completed_at is None
        if newly_complete:
            updates["completed_at"] = now
        if terminate:
            updates["terminated_at"] = now
            updates["total_time"] = (attempt.total_time or timedelta()) + timedelta(
                seconds=_session_seconds(kind, merged)
            )
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
