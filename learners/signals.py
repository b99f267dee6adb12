"""Keep enrolments in step with what L&D publishes (handlers only enqueue tasks)."""

from courses import api as courses_api

from .tasks import course_totals_sync_task, curriculum_sync_task


def on_page_published(sender, instance, **kwargs) -> None:
    kind, item_id = courses_api.published_item(instance)
    if kind == "curriculum":
        curriculum_sync_task.delay_on_commit(item_id)
    elif kind == "course":
        course_totals_sync_task.delay_on_commit(item_id)


_SEARCHED_ACCOUNT_FIELDS = frozenset({"first_name", "last_name", "email"})


def on_account_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    """An account renamed (the admin's user screens, a profile edit): its
    learner's search text follows in the same transaction. A sign-in saving
    ``last_login`` only costs nothing."""
    if created:
        return
    if update_fields is not None and not (
        _SEARCHED_ACCOUNT_FIELDS & set(update_fields)
    ):
        return
    from .search import search_text_refresh

    search_text_refresh(user_ids=[instance.pk])
