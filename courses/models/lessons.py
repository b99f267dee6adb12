"""Lessons: the content learners read, with at most one knowledge check."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.api import CachedViewRestrictionsMixin

from ..blocks import CheckSettings, LessonBodyBlock, check_settings
from ..data import PolicyAttestation


class LessonPage(CachedViewRestrictionsMixin, Page):
    """One lesson of a course; its order among siblings is the course order."""

    sign_in_required = True
    #: A lesson type whose content reports its own completion (a SCORM package)
    #: sets this; learners then cannot mark it complete by hand.
    completed_by_content = False

    summary = models.TextField(
        blank=True, help_text="One or two sentences shown in the course outline."
    )
    body = StreamField(LessonBodyBlock())
    estimated_minutes = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="Reading and exercise time; the course's total adds these up.",
    )
    required = models.BooleanField(
        default=True,
        help_text="Required lessons must be completed to complete the course.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required")]),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "lesson page"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_minutes__gte=1),
                name="courses_lessonpage_minutes_positive",
            )
        ]

    @property
    def check_settings(self) -> CheckSettings | None:
        """The knowledge check's settings and pools, read from the stored JSON."""
        for item in self.body.raw_data:
            if item["type"] == "knowledge_check":
                return check_settings(item["value"])
        return None

    @property
    def attestation(self) -> PolicyAttestation | None:
        """The policy version this lesson asks learners to confirm, if any."""
        for item in self.body.raw_data:
            if item["type"] == "attestation":
                value = item["value"]
                return PolicyAttestation(
                    policy=value["policy"],
                    version=value["version"],
                    statement=value["statement"],
                )
        return None

    @property
    def has_knowledge_check(self) -> bool:
        return any(item["type"] == "knowledge_check" for item in self.body.raw_data)

    def get_context(self, request, *args, **kwargs):
        from ..selectors.knowledge_checks import knowledge_check_url
        from ..selectors.pages import lesson_embeds, lesson_page_parts
        from ..selectors.panels import lesson_panels
        from ..selectors.rail import lesson_rail

        context = super().get_context(request, *args, **kwargs)
        parts = lesson_page_parts(lesson=self, request=request)
        context["breadcrumbs"] = parts.breadcrumbs
        context["detail"] = detail = parts.detail
        context["knowledge_check_action"] = knowledge_check_url(self.pk)
        context["knowledge_check_pass_mark"] = (
            detail.course.pass_mark if detail.course else 70
        )
        context["rail"] = lesson_rail(
            request,
            lesson_id=self.pk,
            course_id=detail.course.pk if detail.course else None,
        )
        context["lesson_panels"] = lesson_panels(request, self.pk)
        context["lesson_embeds"] = lesson_embeds(lesson=self)
        return context
