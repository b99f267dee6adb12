"""People search without Wagtail's search index: a lower-case text column on each
learner, filled here for everyone already in the academy, and on PostgreSQL a GIN
trigram index (pg_trgm) for ``LIKE '%word%'`` (learners/search.py)."""

from django.db import migrations, models

INDEX = "learners_learner_search_trgm"


def search_text_fill(apps, schema_editor):
    Learner = apps.get_model("learners", "Learner")
    rows = Learner.objects.values_list(
        "pk",
        "user__first_name",
        "user__last_name",
        "user__email",
        "employee_id",
        "job_title",
    ).order_by("pk")
    batch = []
    for pk, *parts in rows.iterator(chunk_size=2000):
        text = " ".join(" ".join(part or "" for part in parts).split()).lower()
        batch.append(Learner(pk=pk, search_text=text))
        if len(batch) == 1000:
            Learner.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Learner.objects.bulk_update(batch, ["search_text"])


def trigram_index_create(apps, schema_editor):
    # Re-run without a schema editor to reseed data (tests): indexes survive that.
    # SQLite searches the column with a plain LIKE.
    if schema_editor is None or schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON learners_learner "
        "USING gin (search_text gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor is None or schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0009_lesson_completion_note"),
    ]

    operations = [
        migrations.AddField(
            model_name="learner",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(search_text_fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index_create, trigram_index_drop),
    ]
