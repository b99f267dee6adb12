"""Past attempts keep their scores and gain bank versions and response rows."""

from django.db import migrations


def attempts_backfill(apps, schema_editor):
    """Tie every past attempt to the bank versions of the questions it answered.

    Past attempts keep their score, pass and feedback exactly; they gain a
    number (in the order they were submitted), a start time, the version ids of
    the questions they answered, and one response row per answered question,
    so they read and count as before and feed item analysis.
    """
    QuizAttempt = apps.get_model("learners", "QuizAttempt")
    QuizResponse = apps.get_model("learners", "QuizResponse")
    Page = apps.get_model("wagtailcore", "Page")
    BankQuestion = apps.get_model("courses", "BankQuestion")
    QuestionVersion = apps.get_model("courses", "QuestionVersion")
    attempts = list(QuizAttempt.objects.order_by("learner_id", "lesson_id", "submitted_at", "pk"))
    if not attempts:
        return
    lesson_ids = {attempt.lesson_id for attempt in attempts}
    paths = dict(Page.objects.filter(pk__in=lesson_ids).values_list("pk", "path"))
    slugs = dict(Page.objects.filter(pk__in=lesson_ids).values_list("pk", "slug"))
    course_slugs = dict(
        Page.objects.filter(path__in={p[:-4] for p in paths.values()}).values_list("path", "slug")
    )
    prefix = {
        lesson_id: f"{course_slugs.get(path[:-4], 'course')}/{slugs[lesson_id]}/".lower()
        for lesson_id, path in paths.items()
    }
    version_of = {}
    for key, version_id in QuestionVersion.objects.filter(number=1).values_list("question__key", "pk"):
        version_of[key] = version_id
    numbers = {}
    responses = []
    for attempt in attempts:
        pair = (attempt.learner_id, attempt.lesson_id)
        numbers[pair] = numbers.get(pair, 0) + 1
        attempt.number = numbers[pair]
        attempt.status = "submitted"
        attempt.mode = "practice"
        attempt.started_at = attempt.submitted_at
        shown = []
        feedback = []
        for position, item in enumerate(attempt.feedback or [], start=1):
            old_id = str(item.get("question_id"))
            version_id = version_of.get(prefix.get(attempt.lesson_id, "") + old_id.lower())
            if version_id is None:
                # A question L&D had removed before the bank: its feedback stays
                # as stored, it just has no bank version to point to.
                continue
            shown.append(version_id)
            feedback.append({**item, "question_id": str(version_id)})
            responses.append(
                QuizResponse(
                    attempt_id=attempt.pk,
                    question_version_id=version_id,
                    position=position,
                    selected=list(item.get("selected") or ()),
                    correct=bool(item.get("correct")),
                )
            )
        attempt.question_versions = shown
        attempt.answers = {
            str(version_of.get(prefix.get(attempt.lesson_id, "") + str(k).lower(), k)): v
            for k, v in (attempt.answers or {}).items()
        }
        attempt.feedback = feedback
    QuizAttempt.objects.bulk_update(
        attempts,
        ["number", "status", "mode", "started_at", "question_versions", "answers", "feedback"],
        batch_size=500,
    )
    QuizResponse.objects.bulk_create(responses, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("learners", "0012_attempts_drawn_from_the_bank")]

    operations = [migrations.RunPython(attempts_backfill, migrations.RunPython.noop)]
