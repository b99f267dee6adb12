from django.db import migrations

from courses.roles import DEFAULT_ROLES


def seed_roles(apps, schema_editor):
    Role = apps.get_model("courses.Role")
    for role in DEFAULT_ROLES:
        Role.objects.get_or_create(slug=role["slug"], defaults=role)


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(seed_roles, migrations.RunPython.noop)]
