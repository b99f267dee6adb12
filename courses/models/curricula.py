"""Curricula: one per role track, an ordered list of required and optional courses."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.api import CachedViewRestrictionsMixin

from ..blocks import OutcomeBlock


class CurriculumIndexPage(CachedViewRestrictionsMixin, Page):
    """Lists every role's curriculum; lives directly under the home page."""

    sign_in_required = True

    intro = models.TextField(
        blank=True, help_text="A sentence or two above the list of curricula."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CurriculumPage"]
    max_count = 1

    class Meta:
        verbose_name = "curricula index page"

    def get_context(self, request, *args, **kwargs):
        from ..selectors.pages import breadcrumbs, curricula_index_cards

        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(self)
        context["cards"] = curricula_index_cards(index_page=self)
        return context


class CurriculumPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("curriculum_courses")
        if formset is not None:
            seen = set()
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                course = data.get("course")
                if data.get("DELETE") or course is None:
                    continue
                if course.pk in seen:
                    form.add_error(
                        "course", "This course is already in the curriculum."
                    )
                seen.add(course.pk)
        return cleaned_data


class CurriculumPage(CachedViewRestrictionsMixin, Page):
    """The learning path of one role, e.g. "Production engineer"."""

    sign_in_required = True

    role = models.ForeignKey(
        "courses.Role",
        on_delete=models.PROTECT,
        related_name="curricula",
        help_text="Each role has one curriculum; learners in the role are enrolled.",
    )
    intro = models.TextField(help_text="Who the curriculum is for and what it covers.")
    validity_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Optional: months the curriculum certificate stays valid before "
        "the learner must renew it (1-120). Leave empty for no expiry.",
    )
    learning_outcomes = StreamField(
        [("outcome", OutcomeBlock())],
        blank=True,
        help_text="What a learner can do after finishing the curriculum.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("role"),
        FieldPanel("intro"),
        FieldPanel("validity_months"),
        FieldPanel("learning_outcomes"),
        InlinePanel(
            "curriculum_courses",
            heading="Courses",
            label="Course",
            help_text=(
                "In the order learners should take them. Required courses count "
                "towards completing the curriculum; due in days sets the due date "
                "of an assignment."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("learning_outcomes"),
    ]
    parent_page_types = ["courses.CurriculumIndexPage"]
    subpage_types: list[str] = []
    base_form_class = CurriculumPageForm

    class Meta:
        verbose_name = "curriculum page"

    def clean(self):
        super().clean()
        if (
            self.role_id
            and CurriculumPage.objects.filter(role_id=self.role_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"role": "This role already has a curriculum; edit that one instead."}
            )

    def get_context(self, request, *args, **kwargs):
        from ..selectors.pages import curriculum_page_parts

        context = super().get_context(request, *args, **kwargs)
        parts = curriculum_page_parts(curriculum=self, request=request)
        context["breadcrumbs"] = parts.breadcrumbs
        context["detail"] = parts.detail
        return context


class CurriculumCourse(Orderable):
    """One course in a curriculum, required or optional, with its due period."""

    page = ParentalKey(
        CurriculumPage, on_delete=models.CASCADE, related_name="curriculum_courses"
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="curriculum_links",
    )
    required = models.BooleanField(
        default=True, help_text="Required courses count towards completion."
    )
    due_in_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text="Days from assignment until the course is due.",
    )

    panels = [
        FieldPanel("course"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("due_in_days")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "curriculum course"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "course"], name="courses_curriculumcourse_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(due_in_days__gte=1),
                name="courses_curriculumcourse_due_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page} · {self.course}"
