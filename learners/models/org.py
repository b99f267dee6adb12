"""People: departments (a tree) and learners (a profile of a user)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from wagtail.search import index


class Department(index.Indexed, models.Model):
    """A unit of the organisation; departments nest (Operations > Claims > Intake)."""

    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Leave empty for a top-level department.",
    )
    hr_code = models.CharField(
        "HR code",
        max_length=64,
        blank=True,
        help_text="The department's code in the HR system, if it has one.",
    )
    external_id = models.CharField(
        "identity provider ID",
        max_length=255,
        blank=True,
        db_index=True,
        help_text="The group's ID in the identity provider that provisions it "
        "(SCIM externalId), if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("hr_code"),
        index.FilterField("parent"),
    ]

    class Meta:
        ordering = ["name"]
        constraints = [
            # A name is unique among siblings, whatever its case.
            models.UniqueConstraint(
                F("parent"), Lower("name"), name="learners_department_sibling_name"
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(parent__isnull=True),
                name="learners_department_root_name",
            ),
            models.UniqueConstraint(
                "hr_code",
                condition=~Q(hr_code=""),
                name="learners_department_hr_code_unique",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="learners_department_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # A department may not sit below itself or any of its own descendants.
        if self.pk and self.parent_id:
            seen = {self.pk}
            node = self.parent
            while node is not None:
                if node.pk in seen:
                    raise ValidationError(
                        {"parent": "A department cannot sit inside itself."}
                    )
                seen.add(node.pk)
                node = node.parent
        siblings = Department.objects.filter(
            parent_id=self.parent_id, name__iexact=self.name.strip()
        ).exclude(pk=self.pk)
        if siblings.exists():
            raise ValidationError(
                {"name": "Another department with this name has the same parent."}
            )


class LearnerStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ON_LEAVE = "on_leave", "On leave"
    LEFT = "left", "Left"


# Learners who count in populations: leavers keep their history but stop counting.
ACTIVE_STATUSES = (LearnerStatus.ACTIVE, LearnerStatus.ON_LEAVE)


class Learner(models.Model):
    """An employee's learning profile, one per user account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learner"
    )
    employee_id = models.CharField("employee ID", max_length=64, unique=True)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learners",
    )
    manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
    )
    job_title = models.CharField(max_length=200, blank=True)
    role = models.ForeignKey(
        "courses.Role",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learners",
    )
    role_set_by_hand = models.BooleanField(
        default=False,
        help_text="Kept when assignment rules run; clear it to let the rules decide.",
    )
    status = models.CharField(
        max_length=16, choices=LearnerStatus.choices, default=LearnerStatus.ACTIVE
    )
    location = models.CharField(max_length=120, blank=True)
    external_id = models.CharField(
        "identity provider ID",
        max_length=255,
        blank=True,
        db_index=True,
        help_text="The person's ID in the identity provider that provisions them "
        "(SCIM externalId), if any.",
    )
    deprovisioned_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the identity provider deleted this person: they are "
        "deactivated, their learning records are kept, and provisioning no longer "
        "lists them until it creates them again.",
    )
    hire_date = models.DateField(null=True, blank=True)
    reminder_emails = models.BooleanField(
        default=True,
        help_text="Due-date reminders and, for managers, the weekly team digest.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What people search finds a person by (learners/search.py): names, email,
    # employee ID and job title in lower case, set by every write in the same
    # transaction; a trigram index on PostgreSQL. Not in Wagtail's search index.
    search_text = models.TextField(default="", blank=True, editable=False)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "employee_id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(manager=F("id")), name="learners_learner_not_own_manager"
            ),
        ]
        indexes = [models.Index(fields=["status", "department"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # A derived column, like ``updated_at``: the admin's forms and factories
        # save through here; bulk writes set it themselves.
        from ..search import search_text

        user = self.user
        self.search_text = search_text(
            user.first_name,
            user.last_name,
            user.email,
            self.employee_id,
            self.job_title,
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def is_active_learner(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def clean(self) -> None:
        if self.pk and self.manager_id == self.pk:
            raise ValidationError({"manager": "A person cannot be their own manager."})
        if self.pk and self.manager_id:
            from ..selectors import learner_reporting_subtree_ids

            if self.manager_id in learner_reporting_subtree_ids(manager_id=self.pk):
                raise ValidationError(
                    {"manager": "This manager reports to this person: a cycle."}
                )
