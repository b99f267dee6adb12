"""Enrolments, lesson progress, knowledge-check attempts and certificates.

Course- and curriculum-level state (status, counters, progress) is kept on the
enrolment rows and maintained incrementally on every event, so analytics reads one
row per enrolment instead of every lesson event. Every row that an event may write
twice has a unique constraint; the services write through it.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .org import Learner


class EnrolmentSource(models.TextChoices):
    ROLE = "role", "Role curriculum"
    MANAGER = "manager", "Assigned by manager"
    SELF = "self", "Self-enrolled"
    ADMIN = "admin", "Assigned by an admin"


class EnrolmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class EnrolmentBase(models.Model):
    source = models.CharField(
        max_length=16, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.NOT_STARTED,
    )
    progress = models.FloatField(default=0.0, help_text="Share complete, 0 to 1.")
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_reason = models.TextField(
        blank=True, help_text="Why this counts as complete, in plain words."
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_completed(self) -> bool:
        return self.status == EnrolmentStatus.COMPLETED


class CourseEnrolment(EnrolmentBase):
    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="course_enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="enrolments"
    )
    required_lessons_total = models.PositiveIntegerField(default=0)
    required_lessons_completed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"], name="learners_course_enrolment_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.course}"


class CurriculumEnrolment(EnrolmentBase):
    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="curriculum_enrolments"
    )
    curriculum = models.ForeignKey(
        "courses.CurriculumPage", on_delete=models.PROTECT, related_name="enrolments"
    )
    required_courses_total = models.PositiveIntegerField(default=0)
    required_courses_completed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "curriculum"],
                name="learners_curriculum_enrolment_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.curriculum}"


class LessonProgress(models.Model):
    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="progress"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="+"
    )
    first_viewed_at = models.DateTimeField()
    last_viewed_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_note = models.CharField(
        max_length=255,
        blank=True,
        help_text="How the lesson's own content reported it complete, e.g. "
        '"SCORM 2004: completed, passed, 85%".',
    )

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"], name="learners_lesson_progress_unique"
            ),
        ]
        indexes = [models.Index(fields=["learner", "course"])]

    def __str__(self) -> str:
        return f"{self.learner} — {self.lesson}"


class AttemptStatus(models.TextChoices):
    OPEN = "open", "In progress"
    SUBMITTED = "submitted", "Submitted"


class QuizAttempt(models.Model):
    """One attempt at a knowledge check: drawn and shuffled on start, then scored.

    ``question_versions`` and ``seed`` fix what the learner sees (the questions
    and, through the seed, the option order), so a reload shows the same attempt
    and scoring reads stored ids, never positions (ADR 0018). ``number`` counts
    the learner's attempts at the lesson; its unique constraint keeps the attempt
    limit under racing starts, and at most one attempt per lesson is open.
    """

    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="attempts"
    )
    number = models.PositiveIntegerField(default=1)
    mode = models.CharField(max_length=16, default="practice")
    status = models.CharField(
        max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.SUBMITTED
    )
    seed = models.BigIntegerField(default=0)
    question_versions = models.JSONField(
        default=list, help_text="Bank question version ids, in the order shown."
    )
    answers = models.JSONField(default=dict)
    feedback = models.JSONField(default=list)
    score_percent = models.FloatField(null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField()
    passed = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["learner", "lesson", "-submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson", "number"],
                name="learners_quizattempt_number_unique",
            ),
            models.UniqueConstraint(
                fields=["learner", "lesson"],
                condition=Q(status="open"),
                name="learners_quizattempt_one_open",
            ),
        ]

    def __str__(self) -> str:
        score = "open" if self.score_percent is None else f"{self.score_percent:.0f}%"
        return f"{self.learner} — {self.lesson}: {score}"


class QuizResponse(models.Model):
    """One answered question of an attempt: the rows item analysis reads.

    A practice attempt's question gets its row when the learner checks it (the
    answer is then locked); every other question when the attempt is submitted.
    ``seconds`` is the time spent on the question (``learners/timing.py``);
    empty for attempts submitted before it was measured.
    """

    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, related_name="responses"
    )
    question_version = models.ForeignKey(
        "courses.QuestionVersion", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    selected = models.JSONField(default=list)
    correct = models.BooleanField()
    seconds = models.FloatField(
        null=True, blank=True, help_text="Time spent on the question, in seconds."
    )

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_version"],
                name="learners_quizresponse_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.position}"


class CertificateKind(models.TextChoices):
    COURSE = "course", "Course"
    CURRICULUM = "curriculum", "Curriculum"


class CertificateState(models.TextChoices):
    VALID = "valid", "Valid"
    EXPIRED = "expired", "Expired"
    SUSPENDED = "suspended", "Suspended until renewed"


class Certificate(models.Model):
    """Proof of a completion, verifiable by anyone who has its link.

    ``expires_on`` is set at issue from the course's or curriculum's validity
    period (empty: it never expires). Whether it has expired is computed from it
    when read, never stored (ADR 0023): the certificate is expired from the day
    it expires, wherever it is read. Renewed after it expired, it is
    *superseded*: a fresh certificate (its own link, a new validity period) is
    the current one and this one stays on record, so one learner has at most one
    current certificate per item (conditional unique constraints).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(max_length=16, choices=CertificateKind.choices)
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    curriculum = models.ForeignKey(
        "courses.CurriculumPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Snapshots: the certificate says what was completed then, whatever is renamed.
    learner_name = models.CharField(max_length=300)
    item_title = models.CharField(max_length=255)
    issued_on = models.DateField()
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="The first day the certificate no longer counts; empty: never.",
    )
    pdf = models.FileField(upload_to="certificates/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Revoked by an academy admin (never undone): its page, PDF and badge say so.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    # The Open Badges credential, built once on first download and signed from
    # this snapshot ever after, so every copy a holder downloads is the same.
    credential = models.JSONField(null=True, blank=True, editable=False)
    # Renewed after it expired (ADR 0023): a fresh certificate took its place;
    # this one stays on record, verifiable, and points to its successor.
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(
                fields=["expires_on"],
                condition=Q(expires_on__isnull=False),
                name="learners_certificate_expiry",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=Q(kind="course", superseded_at__isnull=True),
                name="learners_certificate_course_unique",
            ),
            models.UniqueConstraint(
                fields=["learner", "curriculum"],
                condition=Q(kind="curriculum", superseded_at__isnull=True),
                name="learners_certificate_curriculum_unique",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="course", course__isnull=False, curriculum__isnull=True)
                    | Q(
                        kind="curriculum", curriculum__isnull=False, course__isnull=True
                    )
                ),
                name="learners_certificate_one_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_title} — {self.learner_name}"

    @property
    def item_id(self) -> int:
        return (
            self.course_id
            if self.kind == CertificateKind.COURSE
            else (self.curriculum_id)
        )

    def state_on(self, day: date) -> str:
        """``valid`` or ``expired`` on ``day`` (expired from ``expires_on`` on)."""
        if self.expires_on is not None and self.expires_on <= day:
            return CertificateState.EXPIRED
        return CertificateState.VALID

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    @property
    def is_expired(self) -> bool:
        return self.state == CertificateState.EXPIRED

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None


class PolicyConfirmation(models.Model):
    """A learner's confirmation of one version of a policy, with when and where.

    Unique per (learner, policy, version): confirming twice keeps the first time;
    a new version of the policy has no row yet, so the learner is asked again.
    """

    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="policy_confirmations"
    )
    policy = models.CharField(max_length=120)
    version = models.CharField(max_length=40)
    statement = models.TextField(help_text="The words the learner confirmed.")
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-confirmed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "policy", "version"],
                name="learners_policyconfirmation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.policy} {self.version}"
