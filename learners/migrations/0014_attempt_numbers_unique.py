"""One number per attempt, and at most one open attempt, per learner and lesson."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("learners", "0013_past_attempts_into_the_bank")]

    operations = [
        migrations.AddConstraint(
            model_name='quizattempt',
            constraint=models.UniqueConstraint(fields=('learner', 'lesson', 'number'), name='learners_quizattempt_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='quizattempt',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'open')), fields=('learner', 'lesson'), name='learners_quizattempt_one_open'),
        ),
    ]
