"""SCORM packages, their uploaded versions, the lessons that play them, attempts.

A package is what L&D manage in the library; each upload of its zip is a new,
immutable version (files under their own storage prefix, the parsed manifest kept
as JSON). A learner's attempt keeps the version it started on, so replacing a
package never changes an attempt in progress.
"""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from courses.api import LessonPage

from .manifest import ScormVersion


class SchemaVersion(models.TextChoices):
    """``scorm.manifest.ScormVersion`` as model choices (same values)."""

    SCORM_12 = ScormVersion.SCORM_12.value, "SCORM 1.2"
    SCORM_2004_2 = ScormVersion.SCORM_2004_2.value, "SCORM 2004 2nd Edition"
    SCORM_2004_3 = ScormVersion.SCORM_2004_3.value, "SCORM 2004 3rd Edition"
    SCORM_2004_4 = ScormVersion.SCORM_2004_4.value, "SCORM 2004 4th Edition"


class ScormPackage(models.Model):
    title = models.CharField(
        max_length=255,
        help_text="How the package is known in the library, e.g. the course's name.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "SCORM package"
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class ScormPackageVersion(models.Model):
    """One upload of a package's zip: validated, extracted, never changed after."""

    package = models.ForeignKey(
        ScormPackage, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    original_filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    #: Where the files are in ``default_storage``, ending in "/".
    storage_prefix = models.CharField(max_length=255, unique=True)
    schema_version = models.CharField(max_length=20, choices=SchemaVersion)
    manifest_identifier = models.CharField(max_length=255, blank=True)
    #: ``scorm.manifest.Manifest.to_dict()``: the organisation tree, resources and
    #: sequencing rules, for the runtime and the inspect screen.
    manifest = models.JSONField()
    #: What the player needs to start: the default organisation's launchable items
    #: in order (identifier, title, url, SCORM type, mastery score, launch data).
    launch_data = models.JSONField()
    #: ``scorm.libraries.external_references``: URLs on other sites the package's
    #: pages and stylesheets load, each with the files naming it and the local
    #: library served in its place ("" when the content origin refuses it).
    external_references = models.JSONField(default=list, blank=True)
    upload_bytes = models.BigIntegerField(help_text="Size of the zip as uploaded.")
    size_bytes = models.BigIntegerField(help_text="Size of the extracted files.")
    file_count = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "SCORM package version"
        ordering = ["package", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "number"], name="scorm_version_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="scorm_version_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(schema_version__in=SchemaVersion.values),
                name="scorm_version_schema_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.package} v{self.number}"


class PackageLessonPage(LessonPage):
    """A lesson whose content is a SCORM package, played in the academy.

    It is a ``LessonPage`` so that everything lessons already have applies
    unchanged: the course's order and outline, required/optional, progress rows,
    course completion and the "L&D review" workflow (see ADR 0010). The package
    reports completion itself (ADR 0015), so learners cannot mark it complete.
    """

    completed_by_content = True
    template = "scorm/package_lesson_page.html"

    package = models.ForeignKey(
        ScormPackage,
        null=True,
        on_delete=models.PROTECT,
        related_name="lessons",
        help_text="Learners start the package's newest version; attempts in "
        "progress keep the version they started on.",
    )

    content_panels = [
        *LessonPage.content_panels[:1],
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required")]),
        FieldPanel("package"),
        FieldPanel("objectives"),
        # The yearly review applies to packages as to every lesson (ADR 0022).
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("content_owner"), FieldPanel("last_reviewed")])],
            heading="Review",
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "package lesson page"

    def get_context(self, request, *args, **kwargs):
        from .player import player_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            player_context(request, lesson=self, play=request.GET.get("play", ""))
        )
        return context


class CompletionStatus(models.TextChoices):
    NOT_ATTEMPTED = "not attempted", "Not attempted"
    INCOMPLETE = "incomplete", "Incomplete"
    COMPLETED = "completed", "Completed"
    UNKNOWN = "unknown", "Unknown"


class SuccessStatus(models.TextChoices):
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    UNKNOWN = "unknown", "Unknown"


class ScormAttempt(models.Model):
    """One learner's attempt at one SCO of a package lesson, with its CMI data.

    SCORM 1.2's single ``lesson_status`` is stored split the 2004 way (completion
    and success); ``cmi`` keeps the committed data model values as the SCO set them.
    """

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.PROTECT, related_name="+"
    )
    lesson = models.ForeignKey(
        PackageLessonPage, on_delete=models.PROTECT, related_name="scorm_attempts"
    )
    version = models.ForeignKey(
        ScormPackageVersion, on_delete=models.PROTECT, related_name="attempts"
    )
    sco_identifier = models.CharField(
        max_length=255, help_text="The manifest item the learner launched."
    )
    number = models.PositiveSmallIntegerField(default=1)
    #: Counts launches of this attempt; a commit names the session it belongs to,
    #: so a late commit from a closed session is refused.
    session = models.PositiveIntegerField(default=1)
    #: The writable data model values the SCO committed, flattened and checked.
    cmi = models.JSONField(default=dict, blank=True)
    completion_status = models.CharField(
        max_length=20,
        choices=CompletionStatus,
        default=CompletionStatus.NOT_ATTEMPTED,
    )
    success_status = models.CharField(
        max_length=10, choices=SuccessStatus, default=SuccessStatus.UNKNOWN
    )
    #: ``cmi.score.scaled`` (2004) or raw/max (1.2), from -1 to 1.
    score_scaled = models.FloatField(null=True, blank=True)
    total_time = models.DurationField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    terminated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "SCORM attempt"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson", "sco_identifier", "number"],
                name="scorm_attempt_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="scorm_attempt_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(score_scaled__isnull=True)
                | models.Q(score_scaled__gte=-1, score_scaled__lte=1),
                name="scorm_attempt_score_scaled_range",
            ),
            models.CheckConstraint(
                condition=models.Q(completion_status__in=CompletionStatus.values),
                name="scorm_attempt_completion_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(success_status__in=SuccessStatus.values),
                name="scorm_attempt_success_status_known",
            ),
        ]
        indexes = [models.Index(fields=["version", "learner"])]

    def __str__(self) -> str:
        return f"{self.learner} — {self.lesson} ({self.sco_identifier})"

    @property
    def is_resumable(self) -> bool:
        """A new launch continues this attempt: it was suspended, or left
        without Terminate (the browser closed)."""
        if self.terminated_at is None:
            return True
        exit_value = self.cmi.get("cmi.core.exit", self.cmi.get("cmi.exit", ""))
        return exit_value == "suspend"
