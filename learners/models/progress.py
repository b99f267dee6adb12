"""Enrolments, lesson progress, knowledge-check attempts and certificates.

Course- and curriculum-level state (status, counters, progress) is kept on the
enrolment rows and maintained incrementally on every event, so analytics reads one
row per enrolment instead of every lesson event. Every row that an event may write
twice has a unique constraint; the services write through it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

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


class QuizAttempt(models.Model):
    """One submitted knowledge check, scored on the server."""

    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="attempts"
    )
    answers = models.JSONField()
    feedback = models.JSONField(default=list)
    score_percent = models.FloatField()
    pass_mark = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["learner", "lesson", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.learner} — {self.lesson}: {self.score_percent:.0f}%"


class CertificateKind(models.TextChoices):
    COURSE = "course", "Course"
    CURRICULUM = "curriculum", "Curriculum"


class Certificate(models.Model):
    """Proof of a completion, verifiable by anyone who has its link."""

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
    pdf = models.FileField(upload_to="certificates/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=Q(kind="course"),
                name="learners_certificate_course_unique",
            ),
            models.UniqueConstraint(
                fields=["learner", "curriculum"],
                condition=Q(kind="curriculum"),
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
