"""Seed the people-manager role on installations seeded before it existed."""

from django.db import migrations

from courses.roles import DEFAULT_ROLES


def seed_people_manager(apps, schema_editor):
    Role = apps.get_model("courses.Role")
    for role in DEFAULT_ROLES:
        if role["slug"] == "people-manager":
            Role.objects.get_or_create(slug=role["slug"], defaults=role)


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_attestation_block")]

    operations = [
        migrations.RunPython(seed_people_manager, migrations.RunPython.noop)
    ]
