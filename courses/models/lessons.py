"""Lessons: the content learners read, with at most one knowledge check."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from cms.api import CachedViewRestrictionsMixin

from ..blocks import (
    CheckSettings,
    LessonBodyBlock,
    NamedCharBlock,
    SourceBlock,
    check_settings,
)
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

    objectives = StreamField(
        [("objective", NamedCharBlock(max_length=300, label="Objective"))],
        blank=True,
        max_num=4,
        help_text="Two to four things a learner can do after the lesson; shown at "
        "its top.",
    )
    # Page.owner is the Wagtail user who created the page; this is who answers
    # for the content (the files' ``owner``).
    content_owner = models.CharField(
        "owner",
        max_length=200,
        blank=True,
        help_text="Who keeps the lesson accurate: a person's email or a team's "
        "name. An email gets the yearly review reminder; otherwise L&D do.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When the content was last checked; a reminder goes out "
        "12 months later.",
    )
    sources = StreamField(
        [("source", SourceBlock())],
        blank=True,
        help_text="What the lesson cites; write [^id] in the text where a "
        "statement rests on one. Listed under Sources in this order.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required")]),
        FieldPanel("objectives"),
        FieldPanel("body"),
        FieldPanel("sources"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("content_owner"), FieldPanel("last_reviewed")])],
            heading="Review",
        ),
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
    def source_ids(self) -> list[str]:
        return [item["value"]["id"] for item in self.sources.raw_data]

    @property
    def citation_numbers(self) -> dict[str, int]:
        """Each source's number: its position in the Sources list."""
        return {source_id: n for n, source_id in enumerate(self.source_ids, 1)}

    def clean(self):
        """Refuse a placeholder no profile can fill, or a citation of a source the
        lesson does not list: never a blank on the page (ADR 0022)."""
        from ..placeholders import stream_problems

        super().clean()
        ids = self.source_ids
        errors = {}
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            errors["sources"] = (
                f"Each source needs its own id: {', '.join(duplicates)}."
            )
        problems = stream_problems(self.body.raw_data, sources=ids)
        if problems:
            errors["body"] = [message[0].upper() + message[1:] for message in problems]
        if errors:
            raise ValidationError(errors)

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
                from cms.api import organisation_profile

                from ..placeholders import fill_text

                value = item["value"]
                # The policy's name and version may come from the organisation
                # profile: a new policy version there asks everyone again.
                profile = organisation_profile()
                return PolicyAttestation(
                    policy=fill_text(value["policy"], profile),
                    version=fill_text(value["version"], profile),
                    statement=fill_text(value["statement"], profile),
                )
        return None

    @property
    def has_knowledge_check(self) -> bool:
        return any(item["type"] == "knowledge_check" for item in self.body.raw_data)

    @property
    def has_attestation(self) -> bool:
        return any(item["type"] == "attestation" for item in self.body.raw_data)

    def get_context(self, request, *args, **kwargs):
        from cms.api import organisation_profile

        from ..selectors.knowledge_checks import knowledge_check_url
        from ..selectors.pages import lesson_body, lesson_page_parts
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
        context["org_profile"] = organisation_profile(Site.find_for_request(request))
        context["citations"] = self.citation_numbers
        context["lesson_body"] = lesson_body(
            lesson=self,
            request=request,
            context={
                key: context[key]
                for key in (
                    "knowledge_check_action",
                    "knowledge_check_pass_mark",
                    "org_profile",
                    "citations",
                )
            },
        )
        return context
