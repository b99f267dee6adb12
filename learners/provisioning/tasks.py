"""Background work after a provisioning write: one message per person changed."""

from celery import shared_task

from ..services.enrolment import enrolments_sync_for_learners
from ..services.org import search_index_update


@shared_task(name="learners.provisioning_after_write")
def provisioning_after_write_task(learner_ids: list[int], enrol: bool) -> None:
    """Put the people in the search index and, when their role may have changed,
    enrol them in its curriculum (both idempotent)."""
    search_index_update(model_label="learners.Learner", ids=learner_ids)
    if enrol:
        enrolments_sync_for_learners(learner_ids=learner_ids)
