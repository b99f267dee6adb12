"""Background work after a provisioning write: one message per person changed."""

from celery import shared_task

from ..services.enrolment import enrolments_sync_for_learners


@shared_task(name="learners.provisioning_after_write", ignore_result=True)
def provisioning_after_write_task(learner_ids: list[int], enrol: bool) -> None:
    """When their role may have changed, enrol the people in its curriculum
    (idempotent). People search needs nothing here: the write set it."""
    if enrol:
        enrolments_sync_for_learners(learner_ids=learner_ids)
