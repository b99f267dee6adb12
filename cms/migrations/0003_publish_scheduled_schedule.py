"""Seed the scheduled-publishing schedule (idempotent; admins may edit or pause it)."""

from django.db import migrations

from cms.schedule import SCHEDULES


def seed(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for entry in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            day_of_month="*", month_of_year="*", timezone="UTC", **entry["crontab"]
        )
        PeriodicTask.objects.get_or_create(
            name=entry["name"],
            defaults={
                "task": entry["task"],
                "crontab": crontab,
                "description": entry["description"],
            },
        )


def unseed(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[e["name"] for e in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_create_homepage"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
