"""Seed the organisation-wide target: half of active employees within a year."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    Target = apps.get_model("learners", "Target")
    if Target.objects.exists():
        return
    today = timezone.localdate()
    Target.objects.create(
        name="Half of the organisation through its role curriculum",
        metric="curriculum",
        target_percent=50,
        start_date=today,
        deadline=today + timedelta(days=365),
    )


class Migration(migrations.Migration):
    dependencies = [("learners", "0003_reminder_schedule")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
