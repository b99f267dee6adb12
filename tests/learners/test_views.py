import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners.models import (
    CourseEnrolment,
    EnrolmentSource,
    LessonProgress,
    QuizAttempt,
)
from learners.services.enrolment import course_enrol, enrolments_sync_for_learners
from learners.services.progress import lesson_mark_complete
from tests.factories import CoursePageFactory, LearnerFactory, LessonPageFactory
from tests.factories.courses import lesson_body
from tests.learners.checks import by_version, quiz_submit
from tests.learners.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db


def _form(answers):
    return {f"q-{k}": v for k, v in answers.items()}


@pytest.fixture
def signed_in(client, enrolled, world):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    client.force_login(enrolled.user)
    return client


def test_get_never_changes_state(signed_in, world):
    signed_in.get(world.reading.url)
    for name in ("lesson_complete", "lesson_check", "lesson_viewed"):
        response = signed_in.get(
            reverse(f"learners:{name}", kwargs={"lesson_id": world.reading.pk})
        )
        assert response.status_code == 405
    assert not LessonProgress.objects.exists()


def test_viewed_beacon_records_the_lesson(signed_in, world):
    url = reverse("learners:lesson_viewed", kwargs={"lesson_id": world.reading.pk})
    assert signed_in.post(url).status_code == 204
    assert LessonProgress.objects.count() == 1


def test_mark_complete_moves_to_the_next_lesson(signed_in, world):
    url = reverse("learners:lesson_complete", kwargs={"lesson_id": world.reading.pk})
    response = signed_in.post(url)
    assert response.status_code == 302
    assert response["Location"] == world.quiz.url
    assert LessonProgress.objects.get(lesson=world.reading).completed_at


def test_completing_a_missing_or_unpublished_lesson_is_404(signed_in, world):
    world.reading.unpublish()
    for lesson_id in (world.reading.pk, 987_654):
        url = reverse("learners:lesson_complete", kwargs={"lesson_id": lesson_id})
        assert signed_in.post(url).status_code == 404


def test_mark_complete_on_a_lesson_with_a_check_is_a_400(signed_in, world):
    url = reverse("learners:lesson_complete", kwargs={"lesson_id": world.quiz.pk})
    response = signed_in.post(url)
    assert response.status_code == 400
    assert "knowledge check" in response.content.decode()


def _started(client, world):
    url = reverse("learners:lesson_check", kwargs={"lesson_id": world.quiz.pk})
    response = client.post(url)
    assert response.status_code == 302
    return QuizAttempt.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def test_tampered_quiz_post_is_a_400_and_stores_nothing(signed_in, world):
    attempt = _started(signed_in, world)
    url = reverse("learners:attempt_submit", kwargs={"attempt_id": attempt.pk})
    answers = by_version(attempt, {**ALL_RIGHT, "q7": ["a"]})
    response = signed_in.post(url, _form(answers))
    assert response.status_code == 400
    assert "Your answers were not checked" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.status == "open"
    assert not attempt.responses.exists()


def test_quiz_shows_per_question_feedback_after_submitting(signed_in, world):
    attempt = _started(signed_in, world)
    url = reverse("learners:attempt_submit", kwargs={"attempt_id": attempt.pk})
    answers = by_version(attempt, {**ALL_RIGHT, "q2": ["a"]})
    response = signed_in.post(url, _form(answers), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not passed yet" in html
    assert "Not quite" in html
    assert "Correct answer" in html


def test_another_learners_attempt_is_404(signed_in, world, other_learner, client):
    attempt, _ = quiz_submit(
        learner=other_learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT
    )
    url = reverse("learners:attempt", kwargs={"attempt_id": attempt.pk})
    assert signed_in.get(url).status_code == 404


def test_my_learning_lists_assignments_with_due_dates_and_resume_links(
    signed_in, world
):
    html = signed_in.get(reverse("learners:my_learning")).content.decode()
    assert "Claims analyst track" in html
    assert "Judging AI output" in html
    assert world.reading.url in html  # resume at the first incomplete lesson


def test_my_learning_highlights_overdue(signed_in, world, enrolled):
    CourseEnrolment.objects.filter(learner=enrolled, course=world.course).update(
        due_date=timezone.localdate().replace(year=2020)
    )
    html = signed_in.get(reverse("learners:my_learning")).content.decode()
    assert "overdue" in html.lower()


def test_my_learning_empty_state(client, learner):
    client.force_login(learner.user)
    html = client.get(reverse("learners:my_learning")).content.decode()
    assert "Nothing assigned yet" in html


def test_my_learning_query_count_does_not_grow_with_enrolments(client, learner):
    client.force_login(learner.user)

    def enrol(n):
        for i in range(n):
            course = CoursePageFactory(title=f"Course {i} {n}")
            LessonPageFactory(parent=course, blocks=lesson_body(check=False))
            course_enrol(
                learner=learner, course_id=course.pk, source=EnrolmentSource.SELF
            )

    enrol(1)
    client.get(reverse("learners:my_learning"))  # site settings are created once
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("learners:my_learning"))
    enrol(49)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(reverse("learners:my_learning"))
    assert response.content.decode().count("Course ") >= 50
    assert len(fifty) == len(one)


def test_start_this_course_enrols_once(client, learner, world):
    client.force_login(learner.user)
    url = reverse("learners:course_start", kwargs={"course_id": world.course.pk})
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert CourseEnrolment.objects.filter(learner=learner).count() == 1


def test_certificate_page_is_public_and_minimal(client, signed_in, world, enrolled):
    lesson_mark_complete(learner=enrolled, lesson_id=world.reading.pk)
    quiz_submit(learner=enrolled, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    certificate = enrolled.certificates.get(kind="course")
    client.logout()
    url = reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amara Okafor" in html
    assert "Judging AI output" in html
    assert enrolled.user.email not in html
    assert enrolled.employee_id not in html


def test_certificate_pdf_is_a_pdf_and_generated_once(
    client, world, enrolled, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    lesson_mark_complete(learner=enrolled, lesson_id=world.reading.pk)
    quiz_submit(learner=enrolled, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    certificate = enrolled.certificates.get(kind="course")
    url = reverse("learners:certificate_pdf", kwargs={"uuid": certificate.uuid})
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    certificate.refresh_from_db()
    assert certificate.pdf.name
    assert client.get(url).content == first.content


def test_unknown_certificate_is_404(client):
    url = reverse(
        "learners:certificate", kwargs={"uuid": "8f14e45f-ceea-467f-a8f4-8c1f5b6d2a90"}
    )
    assert client.get(url).status_code == 404


def test_manager_assigns_inside_the_subtree(client, manager, learner, world):
    client.force_login(manager.user)
    due = timezone.localdate().replace(year=timezone.localdate().year + 1)
    response = client.post(
        reverse("learners:assign"),
        {"learner": learner.pk, "course": world.course.pk, "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    enrolment = CourseEnrolment.objects.get(learner=learner, course=world.course)
    assert enrolment.source == EnrolmentSource.MANAGER
    assert enrolment.due_date == due
    assert enrolment.assigned_by == manager.user
    assert learner.audit_events.filter(action="assigned").exists()


def test_manager_cannot_assign_outside_the_subtree(
    client, manager, other_learner, world
):
    client.force_login(manager.user)
    due = timezone.localdate().replace(year=timezone.localdate().year + 1)
    response = client.post(
        reverse("learners:assign"),
        {
            "learner": other_learner.pk,
            "course": world.course.pk,
            "due_date": due.isoformat(),
        },
    )
    assert response.status_code == 403
    assert not CourseEnrolment.objects.exists()


def test_assignment_in_the_past_is_refused(client, manager, learner, world):
    client.force_login(manager.user)
    response = client.post(
        reverse("learners:assign"),
        {"learner": learner.pk, "course": world.course.pk, "due_date": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "cannot be in the past" in response.content.decode()
    assert not CourseEnrolment.objects.exists()


def test_learners_without_reports_cannot_assign(client, learner):
    client.force_login(learner.user)
    assert client.get(reverse("learners:assign")).status_code == 403


def test_preferences_turn_reminders_off(client, learner):
    client.force_login(learner.user)
    response = client.post(reverse("learners:preferences"), {})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.reminder_emails is False


def test_nudge_once_a_day(client, manager, learner):
    client.force_login(manager.user)
    url = reverse("learners:nudge", kwargs={"learner_id": learner.pk})
    client.post(url)
    response = client.post(url, follow=True)
    assert len(mail.outbox) == 1
    assert "already had a reminder today" in response.content.decode()


def test_nudge_outside_the_subtree_is_404(client, manager, learner, other_learner):
    client.force_login(manager.user)
    url = reverse("learners:nudge", kwargs={"learner_id": other_learner.pk})
    assert client.post(url).status_code == 404
    assert not mail.outbox


def test_colleague_cannot_see_my_team(client, learner):
    LearnerFactory()  # nobody reports to the learner
    client.force_login(learner.user)
    assert client.get(reverse("learners:my_team")).status_code == 403


def test_course_page_offers_start_then_shows_progress(client, learner, world):
    client.force_login(learner.user)
    html = client.get(world.course.url).content.decode()
    assert "Start this course" in html
    client.post(reverse("learners:course_start", kwargs={"course_id": world.course.pk}))
    html = client.get(world.course.url).content.decode()
    assert "Start this course" not in html
    assert "0 of 2 required lessons complete" in html


def test_lesson_page_has_mark_complete_and_posts_checks_to_learners(signed_in, world):
    reading = signed_in.get(world.reading.url).content.decode()
    assert "Mark as complete" in reading
    quiz = signed_in.get(world.quiz.url).content.decode()
    check_url = reverse("learners:lesson_check", kwargs={"lesson_id": world.quiz.pk})
    assert f'action="{check_url}' in quiz
    assert "Mark as complete" not in quiz
