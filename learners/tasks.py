"""Background work for learners: tasks take ids, call one service, are idempotent."""

from celery import shared_task

from .provisioning import tasks as provisioning_tasks  # noqa: F401 - for a worker
from .roster import tasks as roster_tasks  # noqa: F401 - a worker finds them here
from .services import enrolment as enrolment_services
from .services import reminders


@shared_task(name="learners.curriculum_sync")
def curriculum_sync_task(curriculum_id: int) -> dict:
    """A curriculum changed: enrol everyone with its role in what it now requires."""
    counts = enrolment_services.enrolments_sync_for_curriculum(
        curriculum_id=curriculum_id
    )
    return counts.__dict__


@shared_task(name="learners.course_totals_sync")
def course_totals_sync_task(course_id: int) -> None:
    """A course's lessons changed: recount every open enrolment in it."""
    enrolment_services.course_totals_refresh(course_id=course_id)


@shared_task(name="learners.reminders_due_soon")
def reminders_due_soon_task() -> dict:
    return reminders.reminders_due_soon_send().__dict__


@shared_task(name="learners.reminders_overdue")
def reminders_overdue_task() -> dict:
    return reminders.reminders_overdue_send().__dict__


@shared_task(name="learners.manager_digests")
def manager_digests_task() -> dict:
    return reminders.manager_digests_send().__dict__


@shared_task(name="learners.certificate_expiry_reminders")
def certificate_expiry_reminders_task() -> dict:
    return reminders.certificate_expiry_reminders_send().__dict__


@shared_task(name="learners.material_change_apply")
def material_change_apply_task(change_id: int) -> dict:
    """A reviewer applied a material change: write its renewals (idempotent)."""
    from .services.renewals import material_change_apply

    change = material_change_apply(change_id=change_id)
    return {"status": change.status, "renewals": change.renewals_created}


@shared_task(name="learners.certificate_expiry_renewals")
def certificate_expiry_renewals_task() -> dict:
    """Daily: re-open the checked lessons of certificates that expired (once)."""
    from .services.expiry import certificate_expiry_renewals_open

    return certificate_expiry_renewals_open().__dict__
