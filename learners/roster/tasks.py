"""Background work of the roster import: tasks take ids and call one service."""

from celery import shared_task
from django.contrib.auth import get_user_model

from ..services.enrolment import enrolments_sync_for_learners
from ..services.org import search_index_update
from . import services


@shared_task(name="learners.roster_import_preview")
def roster_import_preview_task(import_id: int) -> None:
    """Dry run of an uploaded roster file; the page polls its progress."""
    services.roster_import_preview(import_id=import_id)


@shared_task(name="learners.roster_import_apply")
def roster_import_apply_task(import_id: int) -> None:
    """Apply a previewed roster file, all or nothing."""
    services.roster_import_apply(import_id=import_id)


@shared_task(name="learners.roster_enrolments_sync")
def roster_enrolments_sync_task(
    learner_ids: list[int], actor_id: int | None = None
) -> dict:
    """People who got a role: enrol them in its curriculum (idempotent)."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    counts = enrolments_sync_for_learners(learner_ids=learner_ids, actor=actor)
    return counts.__dict__


@shared_task(name="learners.roster_search_index")
def roster_search_index_task(model_label: str, ids: list[int]) -> int:
    """Index people and departments an import wrote in bulk (idempotent)."""
    return search_index_update(model_label=model_label, ids=ids)


@shared_task(name="learners.roster_runs_recover")
def roster_runs_recover_task() -> dict:
    """Every few minutes (beat): re-drive or mark interrupted the roster runs
    whose worker was lost."""
    return services.roster_runs_recover()
