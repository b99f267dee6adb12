"""Learning events: viewing and completing lessons, knowledge checks, completions.

Each event costs a small, fixed number of SQL statements and is idempotent and
race-safe: progress rows are unique per (learner, lesson); a lesson completes through
an ``UPDATE … WHERE completed_at IS NULL`` so only one of two simultaneous requests
moves the counters; a course or curriculum completes through an ``UPDATE … WHERE
status <> 'completed'`` so only one request issues its certificate.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from courses import api as courses_api

from ..models import (
    AttemptStatus,
    AuditAction,
    CertificateKind,
    CourseEnrolment,
    CurriculumEnrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Learner,
    LessonProgress,
    PolicyConfirmation,
    QuizAttempt,
    QuizResponse,
)
from ..timing import measured_seconds, question_seconds
from .audit import audit_record
from .certificates import certificate_issue
from .enrolment import course_enrol


class LessonUnavailable(Exception):
    """The lesson does not exist or is not published."""


class ProgressError(Exception):
    """A learning event that cannot be accepted; the message is for people."""


@dataclass(frozen=True)
class LessonEvent:
    progress: LessonProgress
    lesson_newly_completed: bool
    course_completed: bool


def _lesson(lesson_id: int):
    lesson = courses_api.lesson_context(lesson_id)
    if lesson is None:
        raise LessonUnavailable
    return lesson


def _progress_ensure(learner: Learner, lesson, now) -> tuple[LessonProgress, bool]:
    try:
        with transaction.atomic():
            return LessonProgress.objects.get_or_create(
                learner=learner,
                lesson_id=lesson.id,
                defaults={
                    "course_id": lesson.course_id,
                    "first_viewed_at": now,
                    "last_viewed_at": now,
                },
            )
    except IntegrityError:
        # Another request created it between our read and our insert.
        return LessonProgress.objects.get(learner=learner, lesson_id=lesson.id), False


def _enrolment_ensure(learner: Learner, course_id: int, now) -> CourseEnrolment:
    enrolment = CourseEnrolment.objects.filter(
        learner=learner, course_id=course_id
    ).first()
    if enrolment is None:
        enrolment, _ = course_enrol(
            learner=learner, course_id=course_id, source=EnrolmentSource.SELF
        )
    if enrolment.status == EnrolmentStatus.NOT_STARTED:
        CourseEnrolment.objects.filter(
            pk=enrolment.pk, status=EnrolmentStatus.NOT_STARTED
        ).update(
            status=EnrolmentStatus.IN_PROGRESS, started_at=now, last_activity_at=now
        )
        enrolment.status = EnrolmentStatus.IN_PROGRESS
    return enrolment


def lesson_view(*, learner: Learner, lesson_id: int) -> LessonProgress:
    """Opening a lesson records it (and starts the course for the learner)."""
    lesson = _lesson(lesson_id)
    now = timezone.now()
    progress, created = _progress_ensure(learner, lesson, now)
    if not created:
        LessonProgress.objects.filter(pk=progress.pk).update(last_viewed_at=now)
    _enrolment_ensure(learner, lesson.course_id, now)
    return progress


def lesson_mark_complete(*, learner: Learner, lesson_id: int) -> LessonEvent:
    """ "Mark as complete" for a lesson without a knowledge check.

    A policy lesson completes only once its current version is confirmed.
    """
    lesson = _lesson(lesson_id)
    if lesson.completed_by_content:
        raise ProgressError("This lesson completes itself when you finish its content.")
    if lesson.check is not None:
        raise ProgressError(
            "This lesson ends with a knowledge check: pass it to complete the lesson."
        )
    policy = lesson.attestation
    if (
        policy is not None
        and not PolicyConfirmation.objects.filter(
            learner=learner, policy=policy.policy, version=policy.version
        ).exists()
    ):
        raise ProgressError(
            f"Confirm {policy.policy} (version {policy.version}) to complete "
            "this lesson."
        )
    return _lesson_complete(learner, lesson)


def lesson_complete_by_content(
    *, learner_id: int, lesson_id: int, note: str
) -> LessonEvent:
    """A lesson whose content reported it complete (a SCORM package), with how.

    Idempotent like every completion: the first report completes the lesson and
    moves the course on (certificates, curricula); later ones change nothing.
    """
    lesson = _lesson(lesson_id)
    if not lesson.completed_by_content:
        raise ProgressError("This lesson is not completed by its content.")
    learner = Learner.objects.get(pk=learner_id)
    return _lesson_complete(learner, lesson, note=note[:255])


def policy_confirm(
    *, learner: Learner, lesson_id: int, version: str
) -> tuple[PolicyConfirmation, LessonEvent | None]:
    """Record that the learner confirms the lesson's policy at ``version``.

    ``version`` is the one the learner was shown: if the lesson now asks for
    another, nothing is recorded (the learner reads the new version first).
    Confirming again keeps the first confirmation. A lesson without a knowledge
    check is complete once its policy is confirmed.
    """
    lesson = _lesson(lesson_id)
    policy = lesson.attestation
    if policy is None:
        raise ProgressError("This lesson has no policy to confirm.")
    if version != policy.version:
        raise AttemptRefused(
            f"{policy.policy} has changed to version {policy.version} since you "
            "opened the lesson: read it again, then confirm."
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            confirmation, _created = PolicyConfirmation.objects.get_or_create(
                learner=learner,
                policy=policy.policy,
                version=policy.version,
                defaults={
                    "statement": policy.statement,
                    "lesson_id": lesson.id,
                    "confirmed_at": now,
                },
            )
    except IntegrityError:
        confirmation = PolicyConfirmation.objects.get(
            learner=learner, policy=policy.policy, version=policy.version
        )
    event = None
    if lesson.check is None:
        event = _lesson_complete(learner, lesson)
    return confirmation, event


class AttemptRefused(ProgressError):
    """An attempt that may not start or be submitted now (HTTP 409)."""


class AttemptNotFound(Exception):
    """No such attempt for this learner (HTTP 404)."""


def attempt_start(*, learner: Learner, lesson_id: int) -> QuizAttempt:
    """The learner's open attempt at the lesson's check, or a new one.

    A new attempt draws its questions and fixes its seed once; reloading shows
    the same attempt. Assessments refuse a start after a pass, once the attempt
    limit is used or during the cooldown after a failed attempt. Two racing
    starts give one attempt: numbers and the one open attempt are unique.
    """
    lesson = _lesson(lesson_id)
    check = lesson.check
    if check is None:
        raise ProgressError("This lesson has no knowledge check.")
    attempts = QuizAttempt.objects.filter(learner=learner, lesson_id=lesson.id)
    current = attempts.filter(status=AttemptStatus.OPEN).first()
    if current is not None:
        return current
    now = timezone.now()
    if check.is_assessment:
        _assessment_gate(attempts, check, now)
    seed = secrets.randbelow(courses_api.SEED_MAX)
    versions = courses_api.check_draw(check=check, seed=seed)
    if not versions:
        raise ProgressError(
            "This knowledge check has no live questions yet; try again later."
        )
    number = (attempts.aggregate(last=Max("number"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                learner=learner,
                lesson_id=lesson.id,
                number=number,
                mode=check.mode,
                status=AttemptStatus.OPEN,
                seed=seed,
                question_versions=versions,
                pass_mark=lesson.pass_mark,
                started_at=now,
            )
    except IntegrityError:
        # A start racing this one won: show the attempt it opened.
        current = attempts.filter(status=AttemptStatus.OPEN).first()
        if current is None:
            raise AttemptRefused(
                "Another attempt was just submitted; open the lesson again."
            ) from None
        return current


def _assessment_gate(attempts, check, now) -> None:
    done = attempts.filter(status=AttemptStatus.SUBMITTED).aggregate(
        used=Count("pk"),
        passed=Count("pk", filter=Q(passed=True)),
        last=Max("submitted_at"),
    )
    if done["passed"]:
        raise AttemptRefused("You have passed this assessment already.")
    if done["used"] >= check.max_attempts:
        raise AttemptRefused(
            f"You have used all {check.max_attempts} attempts at this assessment. "
            "Ask your L&D team if you need another."
        )
    if done["last"] is not None and check.cooldown_minutes:
        ready = done["last"] + timedelta(minutes=check.cooldown_minutes)
        if ready > now:
            local = timezone.localtime(ready)
            raise AttemptRefused(
                f"You can try this assessment again from {local:%H:%M on %d %B %Y}."
            )


def attempt_submit(
    *,
    learner: Learner,
    attempt_id: int,
    answers: Mapping[str, Sequence[str]],
    timing: Mapping[str, str] | None = None,
) -> tuple[QuizAttempt, LessonEvent | None]:
    """Score an open attempt against the question versions it showed.

    Questions the learner checked one at a time keep the answer stored when they
    were checked (whatever the form says now); the others are scored from
    ``answers`` and get their response rows, with the seconds ``timing`` (the
    posted form) gives them (``learners/timing.py``).

    Raises ``AttemptNotFound`` for another person's or a missing attempt,
    ``courses.api.SubmissionError`` for answers that do not fit the attempt's
    questions (foreign question or option ids), and ``AttemptRefused`` when the
    attempt is no longer open, a replay or the loser of a race; all before
    anything is written (or with it rolled back).
    """
    attempt = QuizAttempt.objects.filter(pk=attempt_id, learner=learner).first()
    if attempt is None:
        raise AttemptNotFound
    if attempt.status != AttemptStatus.OPEN:
        raise AttemptRefused(
            "This attempt was already submitted; its answers can no longer change."
        )
    lesson = _lesson(attempt.lesson_id)
    by_version = courses_api.questions_by_version(attempt.question_versions)
    questions = [by_version[version] for version in attempt.question_versions]
    now = timezone.now()
    with transaction.atomic():
        # Claim the attempt first: a check racing this submission has either
        # finished (its stored answer is read below) or waits and is refused.
        claimed = QuizAttempt.objects.filter(
            pk=attempt.pk, status=AttemptStatus.OPEN
        ).update(status=AttemptStatus.SUBMITTED, submitted_at=now)
        if not claimed:
            raise AttemptRefused(
                "This attempt was submitted a moment ago; your answers were not "
                "counted twice."
            )
        checked = {
            str(version): (selected, seconds)
            for version, selected, seconds in QuizResponse.objects.filter(
                attempt_id=attempt.pk
            ).values_list("question_version_id", "selected", "seconds")
        }
        merged = {
            **{str(k): list(v) for k, v in answers.items()},
            **{key: list(selected) for key, (selected, _s) in checked.items()},
        }
        result = courses_api.score_submission(
            questions=questions, answers=merged, pass_mark=attempt.pass_mark
        )
        unchecked = [str(v) for v in attempt.question_versions if str(v) not in checked]
        seconds = question_seconds(
            measured=measured_seconds(timing or {}, unchecked),
            question_ids=unchecked,
            elapsed=(now - attempt.started_at).total_seconds(),
            spent=sum(s or 0.0 for _selected, s in checked.values()),
        )
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            answers=merged,
            feedback=[
                {
                    "question_id": f.question_id,
                    "correct": f.correct,
                    "selected": list(f.selected),
                    "correct_option_ids": list(f.correct_option_ids),
                    "explanation": f.explanation,
                }
                for f in result.feedback
            ],
            score_percent=result.score_percent,
            passed=result.passed,
        )
        positions = {str(v): n for n, v in enumerate(attempt.question_versions, 1)}
        QuizResponse.objects.bulk_create(
            QuizResponse(
                attempt_id=attempt.pk,
                question_version_id=int(f.question_id),
                position=positions[f.question_id],
                selected=list(f.selected),
                correct=f.correct,
                seconds=seconds[f.question_id],
            )
            for f in result.feedback
            if f.question_id not in checked
        )
        _progress_ensure(learner, lesson, now)
        _enrolment_ensure(learner, lesson.course_id, now)
        event = _lesson_complete(learner, lesson) if result.passed else None
    attempt.refresh_from_db()
    return attempt, event


class CheckNotOffered(ProgressError):
    """A question checked where the check gives no per-question feedback (400)."""


def attempt_check(
    *,
    learner: Learner,
    attempt_id: int,
    question_id: int,
    answers: Mapping[str, Sequence[str]],
    timing: Mapping[str, str] | None = None,
) -> QuizResponse:
    """Check one question of an open practice attempt: store its response.

    The answer is scored with the same rule as a submission, by stored ids, and
    locked: the submission scores this stored answer. Raises ``AttemptNotFound``
    for another person's attempt or a question the attempt did not draw,
    ``CheckNotOffered`` for an assessment, ``AttemptRefused`` for a submitted
    attempt or a question already checked (one response per question, a unique
    constraint under racing checks) and ``courses.api.SubmissionError`` for an
    empty or malformed answer; nothing is written then.
    """
    attempt = QuizAttempt.objects.filter(pk=attempt_id, learner=learner).first()
    if attempt is None or question_id not in attempt.question_versions:
        raise AttemptNotFound
    if attempt.mode == courses_api.CheckMode.ASSESSMENT:
        raise CheckNotOffered(
            "Questions in an assessment are not checked one at a time: submit "
            "every answer and you get feedback per skill."
        )
    if attempt.status != AttemptStatus.OPEN:
        raise AttemptRefused(
            "This attempt was already submitted; its answers can no longer change."
        )
    key = str(question_id)
    if not answers.get(key):
        raise courses_api.SubmissionError("Choose an answer before you check it.")
    question = courses_api.questions_by_version([question_id])[question_id]
    result = courses_api.score_submission(
        questions=[question], answers={key: answers[key]}, pass_mark=attempt.pass_mark
    )
    item = result.feedback[0]
    checked = dict(
        QuizResponse.objects.filter(attempt_id=attempt.pk).values_list(
            "question_version_id", "seconds"
        )
    )
    already = AttemptRefused(
        "You have checked this question already; the answer you checked is kept."
    )
    if question_id in checked:
        raise already
    now = timezone.now()
    unchecked = [str(v) for v in attempt.question_versions if v not in checked]
    seconds = question_seconds(
        measured=measured_seconds(timing or {}, unchecked),
        question_ids=unchecked,
        elapsed=(now - attempt.started_at).total_seconds(),
        spent=sum(s or 0.0 for s in checked.values()),
    )[key]
    try:
        with transaction.atomic():
            # Lock the open attempt: a submission racing this check either ends
            # first (this check is refused) or waits and scores the stored answer.
            still_open = QuizAttempt.objects.filter(
                pk=attempt.pk, status=AttemptStatus.OPEN
            ).update(status=AttemptStatus.OPEN)
            if not still_open:
                raise AttemptRefused(
                    "This attempt was submitted a moment ago; its answers can no "
                    "longer change."
                )
            return QuizResponse.objects.create(
                attempt_id=attempt.pk,
                question_version_id=question_id,
                position=attempt.question_versions.index(question_id) + 1,
                selected=list(item.selected),
                correct=item.correct,
                seconds=seconds,
            )
    except IntegrityError:
        raise already from None


@transaction.atomic
def _lesson_complete(learner: Learner, lesson, *, note: str = "") -> LessonEvent:
    now = timezone.now()
    progress, _ = _progress_ensure(learner, lesson, now)
    enrolment = _enrolment_ensure(learner, lesson.course_id, now)
    newly = bool(
        LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
            completed_at=now, last_viewed_at=now, completion_note=note
        )
    )
    course_completed = False
    if newly:
        progress.completed_at = now
        progress.completion_note = note
        updates = {"last_activity_at": now}
        if lesson.required:
            updates["required_lessons_completed"] = F("required_lessons_completed") + 1
        CourseEnrolment.objects.filter(pk=enrolment.pk).update(**updates)
        course_completed = course_check_completion(enrolment_id=enrolment.pk)
    return LessonEvent(progress, newly, course_completed)


def _completion_claim(
    model: type[CourseEnrolment] | type[CurriculumEnrolment],
    *,
    pk: int,
    reason: str,
    now: datetime,
) -> bool:
    """Complete the enrolment unless it already is; True only for the one request
    whose ``UPDATE … WHERE status <> 'completed'`` changed the row, so only that
    request issues the certificate."""
    return bool(
        model.objects.filter(pk=pk)
        .exclude(status=EnrolmentStatus.COMPLETED)
        .update(
            status=EnrolmentStatus.COMPLETED,
            completed_at=now,
            progress=1.0,
            completion_reason=reason,
            last_activity_at=now,
        )
    )


def course_check_completion(*, enrolment_id: int) -> bool:
    """Complete the course enrolment if every required lesson is done (once)."""
    enrolment = CourseEnrolment.objects.select_related("learner__user").get(
        pk=enrolment_id
    )
    total, done = enrolment.required_lessons_total, enrolment.required_lessons_completed
    progress = min(done / total, 1.0) if total else 0.0
    if enrolment.is_completed or not total or done < total:
        if enrolment.progress != progress and not enrolment.is_completed:
            CourseEnrolment.objects.filter(pk=enrolment.pk).update(progress=progress)
        return False
    outline = courses_api.course_outline(enrolment.course_id)
    now = timezone.now()
    reason = _course_reason(enrolment, outline)
    if not _completion_claim(CourseEnrolment, pk=enrolment.pk, reason=reason, now=now):
        return False  # Someone else completed it a moment ago.
    learner = enrolment.learner
    certificate_issue(
        learner=learner,
        kind=CertificateKind.COURSE,
        item_id=enrolment.course_id,
        item_title=outline.title if outline else str(enrolment.course_id),
        on=timezone.localdate(now),
        validity_months=outline.validity_months if outline else None,
    )
    audit_record(
        learner_id=learner.pk,
        action=AuditAction.COURSE_COMPLETED,
        summary=f"Completed “{outline.title if outline else enrolment.course_id}”: "
        f"{reason}",
        data={"course_id": enrolment.course_id},
    )
    _curricula_advance(learner, enrolment.course_id, now)
    return True


def _course_reason(enrolment: CourseEnrolment, outline) -> str:
    checked = [lesson.id for lesson in outline.lessons if lesson.has_knowledge_check]
    best = {}
    if checked:
        best = dict(
            QuizAttempt.objects.filter(
                learner_id=enrolment.learner_id, lesson_id__in=checked, passed=True
            )
            .values("lesson_id")
            .annotate(best=Max("score_percent"))
            .values_list("lesson_id", "best")
        )
    notes = (
        LessonProgress.objects.filter(
            learner_id=enrolment.learner_id, course_id=enrolment.course_id
        )
        .exclude(completion_note="")
        .order_by("completed_at", "pk")
        .values_list("completion_note", flat=True)
    )
    return course_completion_reason(
        total=enrolment.required_lessons_total,
        best_scores=[best[lesson_id] for lesson_id in checked if lesson_id in best],
        pass_mark=outline.pass_mark,
        notes=list(notes),
    )


def course_completion_reason(
    *,
    total: int,
    best_scores: Sequence[float],
    pass_mark: int,
    notes: Sequence[str] = (),
) -> str:
    """Why a course counts as complete: its required lessons, in the course's
    lesson order the best passing score of each knowledge check, then how any
    lesson completed by its own content (a SCORM package) ended."""
    parts = [f"{total} of {total} required lesson{'s' if total != 1 else ''} complete"]
    parts += [
        f"knowledge check passed at {best:.0f}% (pass mark {pass_mark}%)"
        for best in best_scores
    ]
    parts += notes
    return "; ".join(parts) + "."


def curriculum_completion_reason(*, total: int, titles: Sequence[str]) -> str:
    """Why a curriculum counts as complete: its required courses, by title."""
    return f"{total} of {total} required course{'s' if total != 1 else ''} complete" + (
        f": {', '.join(titles)}." if titles else "."
    )


def _curricula_advance(learner: Learner, course_id: int, now) -> None:
    curriculum_ids = courses_api.curricula_requiring_course(course_id)
    if not curriculum_ids:
        return
    CurriculumEnrolment.objects.filter(
        learner=learner, curriculum_id__in=curriculum_ids
    ).exclude(status=EnrolmentStatus.COMPLETED).update(
        required_courses_completed=F("required_courses_completed") + 1,
        last_activity_at=now,
    )
    CurriculumEnrolment.objects.filter(
        learner=learner,
        curriculum_id__in=curriculum_ids,
        status=EnrolmentStatus.NOT_STARTED,
    ).update(status=EnrolmentStatus.IN_PROGRESS, started_at=now)
    for enrolment_id in CurriculumEnrolment.objects.filter(
        learner=learner, curriculum_id__in=curriculum_ids
    ).values_list("id", flat=True):
        curriculum_check_completion(enrolment_id=enrolment_id)


def curriculum_check_completion(*, enrolment_id: int) -> bool:
    enrolment = CurriculumEnrolment.objects.select_related("learner").get(
        pk=enrolment_id
    )
    total, done = enrolment.required_courses_total, enrolment.required_courses_completed
    if enrolment.is_completed or not total or done < total:
        progress = min(done / total, 1.0) if total else 0.0
        if not enrolment.is_completed and enrolment.progress != progress:
            CurriculumEnrolment.objects.filter(pk=enrolment.pk).update(
                progress=progress
            )
        return False
    curriculum = courses_api.curriculum_by_id(enrolment.curriculum_id)
    titles = [c.title for c in curriculum.courses if c.required] if curriculum else []
    reason = curriculum_completion_reason(total=total, titles=titles)
    now = timezone.now()
    if not _completion_claim(
        CurriculumEnrolment, pk=enrolment.pk, reason=reason, now=now
    ):
        return False  # Someone else completed it a moment ago.
    title = curriculum.title if curriculum else str(enrolment.curriculum_id)
    certificate_issue(
        learner=enrolment.learner,
        kind=CertificateKind.CURRICULUM,
        item_id=enrolment.curriculum_id,
        item_title=title,
        on=timezone.localdate(now),
        validity_months=curriculum.validity_months if curriculum else None,
    )
    audit_record(
        learner_id=enrolment.learner_id,
        action=AuditAction.CURRICULUM_COMPLETED,
        summary=f"Completed the curriculum “{title}”: {reason}",
        data={"curriculum_id": enrolment.curriculum_id},
    )
    return True
