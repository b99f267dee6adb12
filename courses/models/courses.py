"""Courses: a summary, a level, the skills they teach and their lessons."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.api import CachedViewRestrictionsMixin


class CourseLevel(models.TextChoices):
    FOUNDATION = "foundation", "Foundation"
    PRACTITIONER = "practitioner", "Practitioner"
    ADVANCED = "advanced", "Advanced"


class SkillLevel(models.IntegerChoices):
    AWARENESS = 1, "Awareness"
    WORKING = 2, "Working knowledge"
    EXPERT = 3, "Expert"


class CourseIndexPage(CachedViewRestrictionsMixin, Page):
    """Lists every course; lives directly under the home page."""

    sign_in_required = True

    intro = models.TextField(
        blank=True, help_text="A sentence or two above the list of courses."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "course index page"

    def get_context(self, request, *args, **kwargs):
        from ..selectors.pages import breadcrumbs, course_index_cards

        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(self)
        context["cards"] = course_index_cards(index_page=self)
        return context


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("prerequisites")
        if field is not None:
            field.queryset = (
                CoursePage.objects.exclude(pk=self.instance.pk)
                if self.instance.pk
                else CoursePage.objects.all()
            ).order_by("title")

    def clean(self):
        cleaned_data = super().clean()
        prerequisites = cleaned_data.get("prerequisites") or []
        if self.instance.pk and any(p.pk == self.instance.pk for p in prerequisites):
            self.add_error("prerequisites", "A course cannot be its own prerequisite.")
        formset = self.formsets.get("course_skills")
        if formset is not None:
            seen = set()
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                skill = data.get("skill")
                if data.get("DELETE") or skill is None:
                    continue
                if skill.pk in seen:
                    form.add_error("skill", "This skill is already listed.")
                seen.add(skill.pk)
        return cleaned_data


class CoursePage(CachedViewRestrictionsMixin, Page):
    """A course: a short sequence of lessons ending in a knowledge check."""

    sign_in_required = True

    summary = models.TextField(
        help_text="Two or three sentences: what learners will be able to do."
    )
    level = models.CharField(
        max_length=20, choices=CourseLevel.choices, default=CourseLevel.FOUNDATION
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Percentage of knowledge-check questions needed to pass (1-100).",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional; shown as decoration beside the title.",
    )
    validity_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Optional: months a certificate stays valid before the learner "
        "must renew it (1-120). Leave empty for certificates that never expire.",
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_for",
        help_text="Courses to take first. Shown to learners, not enforced.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel(
            [
                FieldPanel("level"),
                FieldPanel("pass_mark"),
                FieldPanel("validity_months"),
            ]
        ),
        FieldPanel("image"),
        InlinePanel(
            "course_skills",
            heading="Skills taught",
            label="Skill",
            help_text="A course without skills counts for no role's skill coverage.",
        ),
        FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("level"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    # A package lesson (the ``scorm`` app's page type) is named by string: no import.
    subpage_types = ["courses.LessonPage", "scorm.PackageLessonPage"]
    base_form_class = CoursePageForm

    class Meta:
        verbose_name = "course page"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1) & models.Q(pass_mark__lte=100),
                name="courses_coursepage_pass_mark_range",
            )
        ]

    @property
    def total_minutes(self) -> int:
        """Sum of the estimated minutes of the course's live lessons."""
        from .lessons import LessonPage

        total = (
            LessonPage.objects.child_of(self)
            .live()
            .aggregate(total=Sum("estimated_minutes"))["total"]
        )
        return total or 0

    def get_context(self, request, *args, **kwargs):
        from ..selectors.pages import course_page_parts
        from ..selectors.panels import course_panels

        context = super().get_context(request, *args, **kwargs)
        parts = course_page_parts(course=self, request=request)
        context["breadcrumbs"] = parts.breadcrumbs
        context["detail"] = parts.detail
        context["course_panels"] = course_panels(request, self.pk)
        return context


class CourseSkill(Orderable):
    """A skill a course teaches, and to what level."""

    page = ParentalKey(
        CoursePage, on_delete=models.CASCADE, related_name="course_skills"
    )
    skill = models.ForeignKey(
        "courses.Skill", on_delete=models.PROTECT, related_name="course_links"
    )
    level = models.PositiveSmallIntegerField(
        choices=SkillLevel.choices, default=SkillLevel.WORKING
    )

    panels = [FieldRowPanel([FieldPanel("skill"), FieldPanel("level")])]

    class Meta(Orderable.Meta):
        verbose_name = "course skill"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "skill"], name="courses_courseskill_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1) & models.Q(level__lte=3),
                name="courses_courseskill_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page} teaches {self.skill}"
