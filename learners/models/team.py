"""What My team reads for a reporting line of any size, kept by the database.

Both tables are derived data (ADR 0027): triggers installed by migration 0021 keep
them true on every write to learners and course enrolments, whatever makes the
write (the ORM, ``bulk_create``, ``update()``, provisioning's SQL, ``COPY``).
Nothing in the application writes them; ``learners.reporting`` can rebuild both.
"""

from django.db import models

from .org import Learner


class ReportingLine(models.Model):
    """One row for each person and each manager above them, at any level: the
    reporting line as a closure table, so a manager's whole team is one index
    range (``ancestor = manager``) however deep or wide it is."""

    pk = models.CompositePrimaryKey("ancestor_id", "learner_id")
    ancestor = models.ForeignKey(
        Learner,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the primary key's index starts with it
        related_name="+",
    )
    learner = models.ForeignKey(
        Learner, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.learner_id} reports to {self.ancestor_id}"


class LearnerFigures(models.Model):
    """A person's course enrolments summed up: what My team shows, sorts and
    filters by for each person without reading every enrolment."""

    learner = models.OneToOneField(
        Learner,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="figures",
    )
    assigned = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # The earliest due date of a course not yet completed: the person is overdue
    # on a day after it (a stored count of overdue courses would go stale at
    # midnight without any write).
    next_due_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "learner figures"
        indexes = [models.Index(fields=["next_due_date"], name="learners_fig_due")]

    def __str__(self) -> str:
        return f"{self.learner_id}: {self.completed}/{self.assigned}"
