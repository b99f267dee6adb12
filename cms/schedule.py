"""Scheduled publishing's beat schedule: a django-celery-beat row, editable in the
admin like the other schedules."""

SCHEDULES = [
    {
        "name": "Publish scheduled pages",
        "task": "cms.publish_scheduled",
        "crontab": {"minute": "*", "hour": "*", "day_of_week": "*"},
        "description": "Every minute: publishes pages and snippets whose go-live "
        "time has passed and unpublishes those whose expiry time has passed. "
        "Pausing it leaves scheduled pages as drafts.",
    },
]
