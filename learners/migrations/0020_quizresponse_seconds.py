from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0019_material_change_assessments"),
    ]

    operations = [
        migrations.AddField(
            model_name="quizresponse",
            name="seconds",
            field=models.FloatField(
                blank=True,
                help_text="Time spent on the question, in seconds.",
                null=True,
            ),
        ),
    ]
