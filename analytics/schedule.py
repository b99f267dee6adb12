"""The nightly snapshot schedule: a django-celery-beat row, editable in the admin."""

SCHEDULES = [
    {
        "name": "Nightly analytics snapshot",
        "task": "analytics.snapshot_nightly",
        "crontab": {"minute": "30", "hour": "2", "day_of_week": "*"},
        "description": "Computes every analytics figure into a new snapshot; the "
        "dashboards show the latest one and trends across the kept ones.",
    },
]
