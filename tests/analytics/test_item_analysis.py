"""The item analysis report, its download and ``manage.py item_analysis``."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from analytics.item_analysis import item_report
from learners.models import QuizAttempt
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import attempt_check, attempt_start, attempt_submit
from tests.factories import CoursePageFactory, LearnerFactory, LessonPageFactory
from tests.factories.courses import (
    knowledge_check,
    multiple_question,
    single_question,
)
from tests.learners.checks import by_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(department):
    """Four people answer a two-question check: the two strong ones get both right."""
    lesson = LessonPageFactory(
        parent=CoursePageFactory(title="Reporting with AI", pass_mark=70),
        title="Checking figures",
        blocks=[knowledge_check(single_question("q1"), multiple_question("q2"))],
    )
    plan = [
        {"q1": ["a"], "q2": ["a", "b"]},
        {"q1": ["a"], "q2": ["a", "b"]},
        {"q1": ["b"], "q2": ["a"]},
        {"q1": ["b"], "q2": ["c"]},
    ]
    names = ["Ines Duarte", "Kwame Mensah", "Lotte Jansen", "Ravi Iyer"]
    for name, answers in zip(names, plan, strict=True):
        first, last = name.split()
        person = LearnerFactory(
            user__first_name=first, user__last_name=last, department=department
        )
        enrolments_sync_for_learners(learner_ids=[person.pk])
        attempt = attempt_start(learner=person, lesson_id=lesson.pk)
        attempt_submit(
            learner=person, attempt_id=attempt.pk, answers=by_version(attempt, answers)
        )
    return lesson


def test_the_report_has_one_row_per_question_with_hand_worked_figures(answered):
    questions, checks = item_report()
    rows = {row["id"].rsplit("/", 1)[-1]: row for row in questions.to_dict("records")}
    assert set(rows) == {"q1", "q2"}
    q1, q2 = rows["q1"], rows["q2"]
    assert (q1["attempts"], q1["difficulty"]) == (4, 0.5)
    # Right on q1 exactly when right on q2: both discriminate perfectly.
    assert q1["discrimination"] == pytest.approx(1.0)
    assert q2["discrimination"] == pytest.approx(1.0)
    assert q1["flags"] == "distractor nobody picks: c"
    assert q1["check"] == "Checking figures"
    [check] = checks.to_dict("records")
    assert (check["check"], check["questions"], check["answers"]) == (
        "Checking figures",
        2,
        8,
    )
    assert check["flagged"] == 1


def test_the_page_and_download_are_for_ld_and_academy_admins(
    client, persona_user, answered
):
    client.force_login(persona_user["learner"])
    assert client.get(reverse("analytics:items")).status_code == 403
    client.force_login(persona_user["ld_editor"])
    html = client.get(reverse("analytics:items")).content.decode()
    assert "Item analysis" in html
    assert "distractor nobody picks: c" in html
    response = client.get(reverse("analytics:items_export", kwargs={"fmt": "csv"}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_the_command_prints_and_writes_the_same_rows(answered, tmp_path):
    out = io.StringIO()
    call_command("item_analysis", stdout=out)
    text = out.getvalue()
    assert "difficulty" in text
    assert "discrimination" in text
    target = tmp_path / "items.csv"
    call_command("item_analysis", "--csv", str(target), stdout=io.StringIO())
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [row["attempts"] for row in rows] == ["4", "4"]
    assert set(rows[0]) == {
        "id",
        "check",
        "skill",
        "attempts",
        "difficulty",
        "discrimination",
        "mean_seconds",
        "flags",
    }


def test_the_report_is_empty_before_any_attempt(db):
    questions, checks = item_report()
    assert questions.empty
    assert checks.empty


def test_mean_time_per_question_comes_from_the_measured_seconds(department):
    lesson = LessonPageFactory(
        parent=CoursePageFactory(title="Meeting notes with AI"),
        title="Checking a summary",
        blocks=[knowledge_check(single_question("q1"), single_question("q2"))],
    )
    # Two people: q1 took 12 s and 30 s (checked on its own the first time),
    # q2 8 s and 20 s. Means: q1 (12 + 30) / 2 = 21, q2 (8 + 20) / 2 = 14.
    for name, (first, second) in {
        "Amara Okafor": (12, 8),
        "Jonas Weber": (30, 20),
    }.items():
        given, family = name.split()
        person = LearnerFactory(
            user__first_name=given, user__last_name=family, department=department
        )
        enrolments_sync_for_learners(learner_ids=[person.pk])
        attempt = attempt_start(learner=person, lesson_id=lesson.pk)
        # Started a minute ago: no figure is clamped.
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            started_at=timezone.now() - timedelta(minutes=1)
        )
        ids = by_version(attempt, {"q1": 0, "q2": 0})
        q1, q2 = (key for key in ids)
        attempt_check(
            learner=person,
            attempt_id=attempt.pk,
            question_id=int(q1),
            answers={q1: ["a"]},
            timing={f"t-{q1}": str(first)},
        )
        attempt_submit(
            learner=person,
            attempt_id=attempt.pk,
            answers={q2: ["b"]},
            timing={f"t-{q2}": str(second)},
        )
    questions, _checks = item_report()
    rows = {row["id"].rsplit("/", 1)[-1]: row for row in questions.to_dict("records")}
    assert rows["q1"]["mean_seconds"] == pytest.approx(21.0)
    assert rows["q2"]["mean_seconds"] == pytest.approx(14.0)
