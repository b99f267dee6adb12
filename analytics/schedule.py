"""The nightly snapshot schedule: a django-celery-beat row, editable in the admin."""

SCHEDULES = [
    {
        "name": "Nightly analytics snapshot",
        "task": "analytics.snapshot_nightly",
        "crontab": {"minute": "30", "hour": "2", "day_of_week": "*"},
        "description": "Computes every analytics figure into a new snapshot; the "
        "dashboards show the latest one and trends across the kept ones.",
    },
    {
        "name": "Analytics snapshots: recover runs whose worker was lost",
        "task": "analytics.snapshot_runs_recover",
        "crontab": {"minute": "*/5", "hour": "*", "day_of_week": "*"},
        "description": "Queues again a snapshot whose worker stopped before it "
        "finished (up to three tries), then marks it failed.",
    },
]
