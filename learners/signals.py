"""Keep enrolments in step with what L&D publishes (handlers only enqueue tasks)."""

from courses import api as courses_api

from .tasks import course_totals_sync_task, curriculum_sync_task


def on_page_published(sender, instance, **kwargs) -> None:
    kind, item_id = courses_api.published_item(instance)
    if kind == "curriculum":
        curriculum_sync_task.delay_on_commit(item_id)
    elif kind == "course":
        course_totals_sync_task.delay_on_commit(item_id)
