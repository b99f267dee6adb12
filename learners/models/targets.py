"""Targets such as "50% of active employees through their curriculum by a date"."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from .org import Department


class TargetMetric(models.TextChoices):
    CURRICULUM = "curriculum", "Completed their role curriculum"
    ANY_COURSE = "any_course", "Completed at least one course"


class Target(models.Model):
    name = models.CharField(max_length=200)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        help_text="Leave empty for the whole organisation; otherwise this department "
        "and every department below it.",
    )
    role = models.ForeignKey(
        "courses.Role",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        help_text="Optional: count only people with this role.",
    )
    metric = models.CharField(
        max_length=16, choices=TargetMetric.choices, default=TargetMetric.CURRICULUM
    )
    target_percent = models.PositiveSmallIntegerField(
        default=50, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    start_date = models.DateField()
    deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=F("start_date")),
                name="learners_target_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=Q(target_percent__gte=1, target_percent__lte=100),
                name="learners_target_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.deadline and self.deadline <= self.start_date:
            raise ValidationError({"deadline": "The deadline must be after the start."})

    @property
    def scope_label(self) -> str:
        scope = self.department.name if self.department_id else "Whole organisation"
        return f"{scope}, {self.role.name}" if self.role_id else scope
