"""The reminder schedule: rows for django-celery-beat, editable in the admin."""

SCHEDULES = [
    {
        "name": "Daily reminders: courses due within 7 days",
        "task": "learners.reminders_due_soon",
        "crontab": {"minute": "0", "hour": "7", "day_of_week": "*"},
        "description": "Emails each learner whose open courses are due in 7 days.",
    },
    {
        "name": "Daily reminders: overdue courses",
        "task": "learners.reminders_overdue",
        "crontab": {"minute": "5", "hour": "7", "day_of_week": "*"},
        "description": "Emails each learner with courses past their due date.",
    },
    {
        "name": "Daily reminders: certificates expiring in 30 and 7 days",
        "task": "learners.certificate_expiry_reminders",
        "crontab": {"minute": "10", "hour": "7", "day_of_week": "*"},
        "description": "Emails each learner, and their manager, once when a "
        "certificate is 30 days from expiry and once at 7 days.",
    },
    {
        "name": "Daily: open renewals of certificates that expired",
        "task": "learners.certificate_expiry_renewals",
        "crontab": {"minute": "0", "hour": "6", "day_of_week": "*"},
        "description": "Re-opens, for each learner whose certificate expired, the "
        "course's lessons with a knowledge check or a policy to confirm, once per "
        "certificate; a second run the same day changes nothing.",
    },
    {
        "name": "Weekly manager digest: overdue reports",
        "task": "learners.manager_digests",
        "crontab": {"minute": "30", "hour": "7", "day_of_week": "1"},
        "description": "Emails every manager a list of their reporting line's "
        "overdue courses, on Mondays.",
    },
]
