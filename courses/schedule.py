"""The lesson review reminders' beat schedule: a django-celery-beat row, editable
in the admin like the other schedules."""

SCHEDULES = [
    {
        "name": "Daily: lessons past their review date",
        "task": "courses.lesson_review_reminders",
        "crontab": {"minute": "15", "hour": "7", "day_of_week": "*"},
        "description": "Emails the owner (or, for a team, the L&D editors) of each "
        "lesson last reviewed more than 12 months ago; once per lesson per review.",
    },
]
