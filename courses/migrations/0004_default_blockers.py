from django.db import migrations

from courses.blockers import DEFAULT_BLOCKERS


def seed_blockers(apps, schema_editor):
    RolloutBlocker = apps.get_model("courses.RolloutBlocker")
    for blocker in DEFAULT_BLOCKERS:
        RolloutBlocker.objects.get_or_create(slug=blocker["slug"], defaults=blocker)


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_content_pages_and_taxonomy")]

    operations = [migrations.RunPython(seed_blockers, migrations.RunPython.noop)]
