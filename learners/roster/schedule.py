"""The roster import's periodic work: rows for django-celery-beat (admin-editable)."""

SCHEDULES = [
    {
        "name": "Roster imports: recover runs whose worker was lost",
        "task": "learners.roster_runs_recover",
        # Every 5 minutes: with a 2-minute lease, a lost run is dealt with within
        # 7 minutes of its last heartbeat.
        "crontab": {"minute": "*/5", "hour": "*", "day_of_week": "*"},
        "description": "Checks the file again for a preview whose worker stopped, "
        "and marks an apply whose worker stopped as interrupted, ready to retry.",
    },
]
