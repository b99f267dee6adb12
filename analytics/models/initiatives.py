"""AI initiatives: pilots on their way to production and the people they need."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index


class InitiativeStage(models.TextChoices):
    SANDBOX = "sandbox", "Sandbox"
    PILOT = "pilot", "Pilot with a small real group"
    PRODUCTION = "production", "Production"


class Initiative(index.Indexed, ClusterableModel):
    """An AI pilot on its way to production, and the trained people it needs."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(
        blank=True, help_text="What the initiative does and for whom."
    )
    department = models.ForeignKey(
        "learners.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Where it runs. Its open rollout blockers are that department's; "
        "leave empty for an organisation-wide initiative.",
    )
    owner = models.ForeignKey(
        "learners.Learner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who is accountable for taking it to production.",
    )
    stage = models.CharField(
        max_length=16, choices=InitiativeStage.choices, default=InitiativeStage.SANDBOX
    )
    target_go_live = models.DateField("target go-live", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("stage"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InitiativeRole(Orderable):
    """A role the initiative needs, and how many trained people in it."""

    initiative = ParentalKey(
        Initiative, on_delete=models.CASCADE, related_name="required_roles"
    )
    role = models.ForeignKey("courses.Role", on_delete=models.PROTECT, related_name="+")
    headcount = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="People in this role who must have completed its curriculum.",
    )

    class Meta(Orderable.Meta):
        verbose_name = "required role"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "role"], name="analytics_initiativerole_unique"
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=1),
                name="analytics_initiativerole_headcount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.headcount} × {self.role}"


class InitiativeMember(Orderable):
    """A named person on the initiative's team."""

    initiative = ParentalKey(
        Initiative, on_delete=models.CASCADE, related_name="members"
    )
    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.PROTECT, related_name="+"
    )
    responsibility = models.CharField(max_length=200, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = "team member"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "learner"],
                name="analytics_initiativemember_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.learner}"
