"""The taxonomy L&D maintains: roles, skills and the rollout blockers they retire."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class Role(index.Indexed, models.Model):
    """A role track such as "Production engineer"; each has one curriculum."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def benchmark_citation(title: str, publisher: str, year: int | None) -> str:
    """The citation of a benchmark's source, e.g. 'Title. Publisher, 2025.', from
    what is recorded ('' when there is no title)."""
    if not title:
        return ""
    after = ", ".join(part for part in (publisher, str(year or "")) if part)
    return f"{title.rstrip('.')}." + (f" {after}." if after else "")


class RolloutBlocker(index.Indexed, models.Model):
    """One of the reasons AI pilots fail to reach production.

    The four seeded ones: docs/architecture.md, "Seeded content".
    """

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True,
        help_text="What this blocker is and why it stops pilots; shown to learners.",
    )
    benchmark_percent = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        verbose_name="benchmark (%)",
        help_text=(
            "Share of enterprises that are highly prepared on this front, 0-100. "
            "Dashboards show each department's readiness beside it."
        ),
    )
    # Where the benchmark comes from, cited wherever it is shown; all blank means
    # not recorded, and the dashboards say so.
    benchmark_source_title = models.CharField(
        "source title",
        max_length=300,
        blank=True,
        help_text="The survey or report the benchmark is taken from, as titled.",
    )
    benchmark_source_publisher = models.CharField(
        "source publisher",
        max_length=200,
        blank=True,
        help_text="Who published it.",
    )
    benchmark_source_year = models.PositiveSmallIntegerField(
        "source year",
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text="The year it was published.",
    )
    benchmark_source_url = models.URLField(
        "source address",
        max_length=500,
        blank=True,
        help_text="Where it can be read (https://...).",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("benchmark_percent"),
        MultiFieldPanel(
            [
                FieldPanel("benchmark_source_title"),
                FieldPanel("benchmark_source_publisher"),
                FieldPanel("benchmark_source_year"),
                FieldPanel("benchmark_source_url"),
            ],
            heading="Benchmark source",
            help_text="Cited beside the benchmark on the readiness dashboards.",
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "rollout blocker"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(benchmark_percent__lte=100),
                name="courses_blocker_benchmark_at_most_100",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        cited = (
            self.benchmark_source_publisher,
            self.benchmark_source_year,
            self.benchmark_source_url,
        )
        if not self.benchmark_source_title and any(cited):
            raise ValidationError(
                {
                    "benchmark_source_title": "Give the source's title as well as "
                    "its publisher, year or address."
                }
            )

    @property
    def benchmark_source_listed(self) -> str:
        return self.benchmark_citation or "Not recorded"

    @property
    def benchmark_citation(self) -> str:
        return benchmark_citation(
            self.benchmark_source_title,
            self.benchmark_source_publisher,
            self.benchmark_source_year,
        )


class Skill(index.Indexed, ClusterableModel):
    """Something a course teaches, mapped onto the blockers it helps retire."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    category = models.CharField(
        max_length=60,
        blank=True,
        help_text="A short grouping such as 'Data' or 'Governance and risk'.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldPanel("description"),
        InlinePanel(
            "blocker_links",
            heading="Rollout blockers",
            label="Blocker",
            help_text=(
                "Which blockers this skill helps retire, and how much (0.01-1). "
                "Analytics weights skill coverage onto blockers with these numbers."
            ),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.SearchField("category"),
        index.AutocompleteField("name"),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


def validate_weight(value: Decimal) -> None:
    if not (Decimal(0) < value <= Decimal(1)):
        raise ValidationError(
            "A weight is greater than 0 and at most 1.", code="weight_range"
        )


class SkillBlocker(Orderable):
    """How strongly a skill counts towards retiring one blocker."""

    skill = ParentalKey(Skill, on_delete=models.CASCADE, related_name="blocker_links")
    blocker = models.ForeignKey(
        RolloutBlocker, on_delete=models.PROTECT, related_name="skill_links"
    )
    weight = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[validate_weight],
        help_text="Greater than 0, at most 1.",
    )

    panels = [FieldPanel("blocker"), FieldPanel("weight")]

    class Meta(Orderable.Meta):
        verbose_name = "skill blocker"
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "blocker"], name="courses_skillblocker_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0) & models.Q(weight__lte=1),
                name="courses_skillblocker_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} → {self.blocker} ({self.weight})"
