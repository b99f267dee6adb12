"""A trigram index on email addresses, for "contains" searches on PostgreSQL.

Provisioning filters people with ``userName co "..."`` (SCIM), which becomes
``email LIKE '%...%'``; a B-tree cannot answer that, a trigram index can. Other
databases have no such index and scan, which is fine at their scale.
"""

from django.db import migrations

_INDEX = "accounts_user_email_trgm"


def _create(apps, schema_editor):
    # Re-run without a schema editor to reseed data (tests): indexes survive that.
    if schema_editor is None or schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {_INDEX} ON accounts_user "
        "USING gin (email gin_trgm_ops)"
    )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(_create, _drop)]
