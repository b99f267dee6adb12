"""Reads about people. Each selector runs a fixed number of queries."""

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.prepared import PreparedQuery
from courses import api as courses_api

from .models import (
    Certificate,
    CourseEnrolment,
    CurriculumEnrolment,
    Department,
    EnrolmentStatus,
    Learner,
    LessonProgress,
    PolicyConfirmation,
    QuizAttempt,
    QuizResponse,
)

# Everyone below a manager, at any level: one index range of the reporting line,
# which the database keeps as people and managers change (learners/reporting.py).
_SUBTREE_SQL = "SELECT learner_id FROM learners_reportingline WHERE ancestor_id = %s"


def learner_reporting_subtree_sql(*, manager_id: int) -> RawSQL:
    """The subtree as a SQL expression, to use inside ``filter(id__in=...)``."""
    # Constant SQL with bound parameters: nothing user-supplied is interpolated.
    return RawSQL(_SUBTREE_SQL, (manager_id,))  # noqa: S611


def learner_reporting_subtree(*, manager_id: int) -> QuerySet[Learner]:
    """Everyone who reports to the manager, directly or indirectly (one query)."""
    return Learner.objects.filter(
        id__in=learner_reporting_subtree_sql(manager_id=manager_id)
    )


def learner_reporting_subtree_ids(*, manager_id: int) -> set[int]:
    return set(
        learner_reporting_subtree(manager_id=manager_id).values_list("id", flat=True)
    )


def learner_is_in_subtree(*, manager_id: int, learner_id: int) -> bool:
    return (
        learner_reporting_subtree(manager_id=manager_id).filter(id=learner_id).exists()
    )


def learner_is_manager(*, learner_id: int) -> bool:
    return Learner.objects.filter(manager_id=learner_id).exclude(id=learner_id).exists()


def _has_reports():
    return Exists(
        Learner.objects.filter(manager_id=OuterRef("pk")).exclude(pk=OuterRef("pk"))
    )


# Every signed-in page asks for the profile: compiled once (core/prepared.py).
_LEARNER_FOR_USER = PreparedQuery(
    lambda user_id: (
        Learner.objects.select_related("department", "role", "manager__user")
        .annotate(has_reports=_has_reports())
        .filter(user_id=user_id)
        .order_by()
    )
)


def learner_for_user(*, user) -> Learner | None:
    """The user's learner profile, read once per request (cached on the user,
    which the authentication middleware loads once per request), with
    ``has_reports``: whether anyone reports to them (so the header and the
    manager pages need no query of their own)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_academy_learner"):
        found = _LEARNER_FOR_USER(user_id=user.pk)
        user._academy_learner = found[0] if found else None
    return user._academy_learner


def learner_has_reports(learner: Learner) -> bool:
    """Whether anyone reports to ``learner``; free for a profile from
    ``learner_for_user``."""
    cached = getattr(learner, "has_reports", None)
    if cached is None:
        return learner_is_manager(learner_id=learner.pk)
    return cached


def department_subtree_ids(*, department_id: int) -> set[int]:
    """The department and every department below it (one query)."""
    edges = Department.objects.values_list("id", "parent_id")
    children: dict[int | None, list[int]] = {}
    for dept_id, parent_id in edges:
        children.setdefault(parent_id, []).append(dept_id)
    found = {department_id}
    frontier = [department_id]
    while frontier:
        nxt = [c for d in frontier for c in children.get(d, []) if c not in found]
        found.update(nxt)
        frontier = nxt
    return found


# --- My learning -----------------------------------------------------------------


@dataclass(frozen=True)
class CourseRow:
    enrolment: CourseEnrolment
    title: str
    url: str
    resume_url: str | None
    resume_title: str | None
    total_minutes: int
    overdue: bool
    certificate: Certificate | None


@dataclass(frozen=True)
class CurriculumRow:
    enrolment: CurriculumEnrolment
    title: str
    url: str
    overdue: bool
    certificate: Certificate | None


@dataclass(frozen=True)
class RenewalRow:
    """A lesson to go through again after a material change (ADR 0023)."""

    lesson_id: int
    lesson_title: str
    lesson_url: str
    course_title: str
    due_on: date
    reason: str
    overdue: bool
    #: The expiry date of the certificate this renewal renews; None after a
    #: material change.
    expired_on: date | None = None


@dataclass(frozen=True)
class MyLearning:
    curricula: list[CurriculumRow]
    in_progress: list[CourseRow]
    completed: list[CourseRow]
    renewals: list[RenewalRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.curricula or self.in_progress or self.completed)

    @property
    def certificate_renewals(self) -> list[RenewalRow]:
        """Lessons to go through again because a certificate expired."""
        return [row for row in self.renewals if row.expired_on is not None]

    @property
    def change_renewals(self) -> list[RenewalRow]:
        """Lessons to go through again because they changed."""
        return [row for row in self.renewals if row.expired_on is None]

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.in_progress if row.overdue)

    @property
    def started(self) -> list[CourseRow]:
        """Open courses the learner has begun (a lesson done or the status says so)."""
        return [row for row in self.in_progress if _is_started(row)]

    @property
    def not_started(self) -> list[CourseRow]:
        return [row for row in self.in_progress if not _is_started(row)]


def _is_started(row: CourseRow) -> bool:
    enrolment = row.enrolment
    return (
        enrolment.status != EnrolmentStatus.NOT_STARTED
        or enrolment.required_lessons_completed > 0
    )


def my_learning(*, learner: Learner, today: date | None = None) -> MyLearning:
    """Everything on the My learning page in a fixed number of queries."""
    today = today or timezone.localdate()
    course_enrolments = list(
        CourseEnrolment.objects.filter(learner=learner).order_by(
            F("due_date").asc(nulls_last=True), "created_at"
        )
    )
    curriculum_enrolments = list(
        CurriculumEnrolment.objects.filter(learner=learner).order_by("created_at")
    )
    outlines = courses_api.course_outlines([e.course_id for e in course_enrolments])
    curricula = courses_api.curricula_by_ids(
        [e.curriculum_id for e in curriculum_enrolments]
    )
    progress = {
        lesson_id: (completed_at, last_viewed_at)
        for lesson_id, completed_at, last_viewed_at in LessonProgress.objects.filter(
            learner=learner
        ).values_list("lesson_id", "completed_at", "last_viewed_at")
    }
    certificates = list(
        Certificate.objects.filter(learner=learner, superseded_at__isnull=True)
    )
    course_certs = {c.course_id: c for c in certificates if c.course_id}
    curriculum_certs = {c.curriculum_id: c for c in certificates if c.curriculum_id}
    renewals = _renewal_rows(learner, outlines, today)

    in_progress, completed = [], []
    for enrolment in course_enrolments:
        outline = outlines.get(enrolment.course_id)
        if outline is None:
            continue  # The course was unpublished; its history stays in the database.
        resume = resume_lesson(outline, progress)
        row = CourseRow(
            enrolment=enrolment,
            title=outline.title,
            url=outline.url,
            resume_url=resume.url if resume else None,
            resume_title=resume.title if resume else None,
            total_minutes=outline.total_minutes,
            overdue=bool(
                enrolment.due_date
                and enrolment.due_date < today
                and not enrolment.is_completed
            ),
            certificate=course_certs.get(enrolment.course_id),
        )
        (completed if enrolment.is_completed else in_progress).append(row)
    curriculum_rows = [
        CurriculumRow(
            enrolment=e,
            title=curricula[e.curriculum_id].title,
            url=curricula[e.curriculum_id].url,
            overdue=bool(e.due_date and e.due_date < today and not e.is_completed),
            certificate=curriculum_certs.get(e.curriculum_id),
        )
        for e in curriculum_enrolments
        if e.curriculum_id in curricula
    ]
    return MyLearning(curriculum_rows, in_progress, completed, renewals)


def _renewal_rows(learner: Learner, outlines: dict, today: date) -> list[RenewalRow]:
    """The learner's open renewals with their lesson, from the outlines (one query).

    A lesson that renews both an expired course certificate and an expired
    curriculum certificate is listed once, with both reasons."""
    from .models import RENEWAL_LIVE, LessonRenewal

    rows: list[RenewalRow] = []
    listed: dict[tuple[int, bool], int] = {}
    for renewal in (
        LessonRenewal.objects.filter(
            RENEWAL_LIVE, learner=learner, renewed_at__isnull=True
        )
        .select_related("change", "certificate")
        .order_by("due_on", "pk")
    ):
        outline = outlines.get(renewal.course_id)
        lesson = (
            next((ls for ls in outline.lessons if ls.id == renewal.lesson_id), None)
            if outline
            else None
        )
        if lesson is None:
            continue  # The lesson was unpublished since: nothing to go through.
        key = (lesson.id, renewal.certificate_id is not None)
        if key in listed:
            first = rows[listed[key]]
            if renewal.reason not in first.reason:
                rows[listed[key]] = replace(
                    first, reason=f"{first.reason} {renewal.reason}"
                )
            continue
        listed[key] = len(rows)
        rows.append(
            RenewalRow(
                lesson_id=lesson.id,
                lesson_title=lesson.title,
                lesson_url=lesson.url,
                course_title=outline.title,
                due_on=renewal.due_on,
                reason=renewal.reason,
                overdue=renewal.due_on <= today,
                expired_on=(
                    renewal.certificate.expires_on if renewal.certificate_id else None
                ),
            )
        )
    return rows


def page_has_learning_history(*, page_id: int) -> bool:
    """True when enrolments, progress or certificates point at this page."""
    return (
        CourseEnrolment.objects.filter(course_id=page_id).exists()
        or CurriculumEnrolment.objects.filter(curriculum_id=page_id).exists()
        or LessonProgress.objects.filter(lesson_id=page_id).exists()
    )


def learner_has_learning_records(*, learner_id: int) -> bool:
    """True when the person has enrolments, progress, attempts or certificates:
    history that must stay, so they are marked as left rather than deleted."""
    return (
        CourseEnrolment.objects.filter(learner_id=learner_id).exists()
        or CurriculumEnrolment.objects.filter(learner_id=learner_id).exists()
        or LessonProgress.objects.filter(learner_id=learner_id).exists()
        or QuizAttempt.objects.filter(learner_id=learner_id).exists()
        or Certificate.objects.filter(learner_id=learner_id).exists()
    )


def _with_renewals(progress):
    """Progress rows with ``renewal_reason``, ``renewal_due_on`` and
    ``renewal_retest`` of an open renewal after a material change (None when
    there is none), read in the same query."""
    from .models import RENEWAL_LIVE, LessonRenewal

    open_renewal = LessonRenewal.objects.filter(
        RENEWAL_LIVE,
        learner_id=OuterRef("learner_id"),
        lesson_id=OuterRef("lesson_id"),
        renewed_at__isnull=True,
    ).order_by("due_on")
    return progress.annotate(
        renewal_reason=Subquery(open_renewal.values("change__reason")[:1]),
        renewal_due_on=Subquery(open_renewal.values("due_on")[:1]),
        renewal_retest=Subquery(open_renewal.values("change__check_changed")[:1]),
        renewal_expired_on=Subquery(open_renewal.values("certificate__expires_on")[:1]),
        renewal_expired_title=Subquery(
            open_renewal.values("certificate__item_title")[:1]
        ),
    )


def lesson_progress_for(*, learner: Learner, lesson_id: int) -> LessonProgress | None:
    """The learner's progress in the lesson, with its open renewal (see
    ``_with_renewals``)."""
    return _with_renewals(
        LessonProgress.objects.filter(learner=learner, lesson_id=lesson_id)
    ).first()


# Asked on every course and lesson page: compiled once (core/prepared.py).
_COURSE_PROGRESS = PreparedQuery(
    lambda learner_id, course_id: _with_renewals(
        LessonProgress.objects.filter(learner_id=learner_id, course_id=course_id)
    )
)


def course_progress(*, learner: Learner, course_id: int) -> dict[int, LessonProgress]:
    """The learner's progress rows in one course, by lesson id: one query, read
    once per request (kept on the learner profile, which ``learner_for_user``
    reads once per request), so a lesson page's outline and its progress panel
    share it."""
    cache = learner.__dict__.setdefault("_course_progress", {})
    if course_id not in cache:
        cache[course_id] = {
            row.lesson_id: row
            for row in _COURSE_PROGRESS(learner_id=learner.pk, course_id=course_id)
        }
    return cache[course_id]


def lesson_statuses(*, learner: Learner, course_id: int) -> dict[int, str]:
    """``LessonStatus`` per lesson the learner opened in the course."""
    return {
        lesson_id: (
            courses_api.LessonStatus.COMPLETED
            if row.completed_at
            else courses_api.LessonStatus.IN_PROGRESS
        )
        for lesson_id, row in course_progress(
            learner=learner, course_id=course_id
        ).items()
    }


def resume_lesson(outline, progress: dict) -> object | None:
    """Where "resume" takes a learner in a course: the lesson they last touched
    (opened or completed) if it is unfinished; else the first unfinished lesson
    after it; else the first unfinished lesson of the course. ``None`` when every
    lesson is done. ``progress`` maps lesson ids to (completed_at,
    last_viewed_at) pairs, or to progress rows."""

    def pair(row):
        return (row.completed_at, row.last_viewed_at) if hasattr(row, "pk") else row

    states = {lesson_id: pair(row) for lesson_id, row in progress.items()}
    lessons = list(outline.lessons) if outline else []
    unfinished = [ls for ls in lessons if not (states.get(ls.id) or (None,))[0]]
    if not unfinished:
        return None
    touched = [
        (max(t for t in states[ls.id] if t is not None), index)
        for index, ls in enumerate(lessons)
        if ls.id in states
    ]
    if not touched:
        return unfinished[0]
    _, last_index = max(touched)
    return next((ls for ls in lessons[last_index:] if ls in unfinished), unfinished[0])


def quiz_response_rows():
    """Every answered question of a submitted attempt, as plain tuples (lazy):
    attempt id, lesson id, question version id, correct, selected option ids,
    seconds on the question (None before it was measured), started at, submitted
    at. Questions checked in a still-open attempt are left out until it is
    submitted."""
    return QuizResponse.objects.filter(attempt__status="submitted").values_list(
        "attempt_id",
        "attempt__lesson_id",
        "question_version_id",
        "correct",
        "selected",
        "seconds",
        "attempt__started_at",
        "attempt__submitted_at",
    )


def policy_confirmation_for(*, learner: Learner, policy) -> PolicyConfirmation | None:
    """The learner's confirmation of exactly this policy version, if any."""
    return PolicyConfirmation.objects.filter(
        learner=learner, policy=policy.policy, version=policy.version
    ).first()


def learner_detail(*, learner_id: int) -> Learner:
    return Learner.objects.select_related(
        "user", "department", "role", "manager__user"
    ).get(pk=learner_id)


@dataclass(frozen=True)
class CourseState:
    enrolment: CourseEnrolment | None
    resume_url: str | None
    certificate: Certificate | None
    #: The lessons to go through again because the certificate expired (ADR 0023).
    renew_lessons: tuple[RenewalRow, ...] = ()


def course_state_for(*, learner: Learner, course_id: int) -> CourseState:
    """The learner's enrolment in one course, where to resume, and any certificate."""
    enrolment = CourseEnrolment.objects.filter(
        learner=learner, course_id=course_id
    ).first()
    if enrolment is None:
        return CourseState(None, None, None)
    outline = courses_api.course_outline(course_id)
    lesson = resume_lesson(
        outline, course_progress(learner=learner, course_id=course_id)
    )
    resume = lesson.url if lesson else None
    certificate = (
        Certificate.objects.filter(
            learner=learner, course_id=course_id, superseded_at__isnull=True
        ).first()
        if enrolment.is_completed
        else None
    )
    renew: tuple[RenewalRow, ...] = ()
    if certificate is not None and certificate.is_expired and outline is not None:
        today = timezone.localdate()
        renew = tuple(
            row
            for row in _renewal_rows(learner, {course_id: outline}, today)
            if row.expired_on is not None
        )
    return CourseState(enrolment, resume, certificate, renew)


# --- Certificates and their credentials (ADR 0020) --------------------------------


def certificate_by_uuid(*, uuid) -> Certificate | None:
    """Any certificate by its public id (its page and verification are public),
    with the certificate that superseded it, if any."""
    return Certificate.objects.filter(uuid=uuid).select_related("superseded_by").first()


def certificate_of_holder(*, user, uuid) -> Certificate | None:
    """The certificate only if it is the signed-in person's own."""
    if not user.is_authenticated:
        return None
    return Certificate.objects.filter(uuid=uuid, learner__user=user).first()


def academy_base_url() -> str:
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def academy_url(path: str) -> str:
    """An absolute URL on the academy's published host (``WAGTAILADMIN_BASE_URL``),
    the same whichever host a request came in on: credentials name it."""
    return f"{academy_base_url()}{path}"


def academy_issuer():
    """The issuer profile every credential names."""
    from django.urls import reverse

    from cms import api as cms_api

    from .badges import Issuer

    return Issuer(
        id=academy_url(reverse("learners:credential_issuer")),
        name=cms_api.issuer_name(),
        url=f"{academy_base_url()}/",
    )


def certificate_award(*, certificate: Certificate):
    """What the certificate's credential says, from the certificate's snapshot
    and its course or curriculum (two queries)."""
    from django.urls import reverse

    from .badges import Award

    achievement = courses_api.achievement_for(
        kind=certificate.kind, item_id=certificate.item_id
    )
    if achievement is None or achievement.pass_mark is None:
        criteria = (
            f"Completed every required course of the “{certificate.item_title}” "
            "curriculum at the AI Skills Academy."
        )
    else:
        criteria = (
            f"Completed every required lesson of “{certificate.item_title}” and "
            f"scored at least {achievement.pass_mark}% in its knowledge checks."
        )
    return Award(
        certificate_uuid=certificate.uuid,
        holder_name=certificate.learner_name,
        issued_on=certificate.issued_on,
        achievement_id=academy_url(
            achievement.path
            if achievement and achievement.path
            else f"/#{certificate.kind}-{certificate.item_id}"
        ),
        title=certificate.item_title,
        description=achievement.description if achievement else "",
        criteria=criteria,
        skills=achievement.skills if achievement else (),
        status_url=academy_url(
            reverse("learners:credential_status", kwargs={"uuid": certificate.uuid})
        ),
    )


def signing_keys_published() -> list[dict]:
    """Every public key the academy has signed with, newest first (JWKS)."""
    from .badges import public_jwk_only
    from .models import SigningKey

    return [
        public_jwk_only(jwk)
        for jwk in SigningKey.objects.order_by("-created_at", "-id").values_list(
            "public_jwk", flat=True
        )
    ]


class BadgeOutcome:
    VALID = "valid"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    FORGED = "forged"
    UNKNOWN_ISSUER = "unknown_issuer"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class BadgeCheck:
    outcome: str
    message: str
    certificate: Certificate | None = None


def badge_check(*, text: str) -> BadgeCheck:
    """What a pasted or uploaded badge is: valid, revoked, forged (a signature
    that does not hold, or a JSON copy that differs from what was issued), from
    another issuer, or not a badge at all. Never trusts the key a token carries:
    only the academy's own published keys."""
    from . import badges

    try:
        read = badges.badge_read(text)
    except badges.BadgeUnreadable as error:
        return BadgeCheck(BadgeOutcome.UNREADABLE, str(error))
    issuer = academy_issuer()
    if badges.issuer_id_of(read.credential) != issuer.id:
        return BadgeCheck(
            BadgeOutcome.UNKNOWN_ISSUER,
            "This badge was not issued by this academy, so it cannot be verified "
            "here. Check it with the issuer it names.",
        )
    credential = read.credential
    if read.form == "jwt":
        try:
            payload = badges.token_verify(
                read.token, public_jwks=signing_keys_published(), issuer_id=issuer.id
            )
        except badges.BadgeForged:
            return BadgeCheck(
                BadgeOutcome.FORGED,
                "Not genuine: the badge's signature does not match its contents "
                "or was not made with the academy's key.",
            )
        credential = badges.credential_of(payload)
    cert_uuid = badges.certificate_uuid_from(credential.get("id"))
    certificate = (
        Certificate.objects.filter(uuid=cert_uuid).first() if cert_uuid else None
    )
    if certificate is None or certificate.credential is None:
        return BadgeCheck(
            BadgeOutcome.FORGED,
            "Not genuine: the academy never issued a badge with this id.",
        )
    if credential != certificate.credential:
        return BadgeCheck(
            BadgeOutcome.FORGED,
            "Not genuine: this badge differs from the one the academy issued.",
        )
    if certificate.revoked_at is not None:
        return BadgeCheck(
            BadgeOutcome.REVOKED,
            "Revoked: the academy withdrew this certificate on "
            f"{timezone.localtime(certificate.revoked_at):%-d %B %Y}.",
            certificate,
        )
    if certificate.superseded_at is not None:
        return BadgeCheck(
            BadgeOutcome.SUPERSEDED,
            "Genuine but superseded: the academy issued this certificate; it "
            "expired and was renewed on "
            f"{timezone.localtime(certificate.superseded_at):%-d %B %Y}. Its "
            "page links to the current certificate.",
            certificate,
        )
    return BadgeCheck(
        BadgeOutcome.VALID,
        "Valid: issued by the academy, unchanged, and not revoked.",
        certificate,
    )


def open_renewal_for(*, learner: Learner, lesson_id: int):
    """The learner's open renewal of the lesson after a material change, if any."""
    from .models import RENEWAL_LIVE, LessonRenewal

    return (
        LessonRenewal.objects.filter(
            RENEWAL_LIVE,
            learner=learner,
            lesson_id=lesson_id,
            renewed_at__isnull=True,
        )
        .select_related("change", "certificate")
        .order_by("due_on")
        .first()
    )
