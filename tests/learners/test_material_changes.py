"""Material changes: asked on approval, previewed, applied set-based, renewed,
undone (ADR 0023)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from analytics import frames
from learners.models import (
    Certificate,
    LessonProgress,
    LessonRenewal,
    MaterialChange,
    MaterialChangeStatus,
)
from learners.renewal_selectors import certificate_suspension
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import lesson_mark_complete
from learners.services.renewals import (
    RenewalError,
    lesson_renew,
    material_change_apply,
    material_change_preview,
    material_change_record,
    material_change_undo,
)
from tests.factories import DepartmentFactory, LearnerFactory, LessonPageFactory
from tests.factories.courses import knowledge_check
from tests.learners.checks import quiz_submit
from tests.learners.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db

REASON = "The escalation contacts now include the on-call data protection officer."


def _complete_course(learner, world):
    enrolments_sync_for_learners(learner_ids=[learner.pk])
    lesson_mark_complete(learner=learner, lesson_id=world.reading.pk)
    quiz_submit(learner=learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT)


@pytest.fixture
def finished(world, department, enrolled):
    """Three people completed the course (two departments); one only started."""
    other = DepartmentFactory(name="Claims Intake")
    people = [
        enrolled,
        LearnerFactory(
            user__first_name="Tomás",
            user__last_name="Herrera",
            role=world.role,
            department=department,
        ),
        LearnerFactory(
            user__first_name="Ingrid",
            user__last_name="Solberg",
            role=world.role,
            department=other,
        ),
    ]
    for person in people:
        _complete_course(person, world)
    starter = LearnerFactory(
        user__first_name="Grace", user__last_name="Achieng", role=world.role
    )
    enrolments_sync_for_learners(learner_ids=[starter.pk])
    return people


def _submit_for_review(lesson, editor):
    lesson.title = f"{lesson.title} (revised)"
    revision = lesson.save_revision(user=editor)
    lesson.get_workflow().start(lesson, editor)
    lesson.refresh_from_db()
    return revision


def _approve(client, reviewer, lesson, **data):
    task_state = lesson.current_workflow_task_state
    client.force_login(reviewer)
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[lesson.pk, "approve", task_state.pk],
        ),
        {"comment": "", **data},
    )


def _change(world, revision_id=4242):
    return material_change_record(
        lesson_id=world.reading.pk, revision_id=revision_id, reason=REASON
    )


def _statuses(day):
    frame = frames.load_enrolments(today=day)
    return frame["status"].astype(str).value_counts().to_dict()


# --- Asked on approval ---------------------------------------------------------------


def test_approving_as_material_records_the_change_and_shows_its_preview(
    client, world, finished, ld_editor, ld_reviewer
):
    revision = _submit_for_review(world.reading, ld_editor)
    response = _approve(
        client, ld_reviewer, world.reading, change="material", reason=REASON
    )
    change = MaterialChange.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "learners:material_change", kwargs={"change_id": change.pk}
    )
    assert (change.revision_id, change.reason) == (revision.pk, REASON)
    assert change.status == MaterialChangeStatus.PENDING
    world.reading.refresh_from_db()
    assert world.reading.live
    assert not world.reading.workflow_in_progress
    # Nobody is touched before the reviewer applies it.
    assert not LessonRenewal.objects.exists()
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'data-preview="people">3<' in page.text
    assert REASON in page.text


def test_a_minor_change_touches_nobody(client, world, finished, ld_editor, ld_reviewer):
    _submit_for_review(world.reading, ld_editor)
    _approve(client, ld_reviewer, world.reading, change="minor")
    world.reading.refresh_from_db()
    assert world.reading.live
    assert not world.reading.workflow_in_progress
    assert not MaterialChange.objects.exists()


def test_a_material_change_needs_a_reason(
    client, world, finished, ld_editor, ld_reviewer
):
    _submit_for_review(world.reading, ld_editor)
    _approve(client, ld_reviewer, world.reading, change="material", reason="  ")
    world.reading.refresh_from_db()
    assert world.reading.workflow_in_progress  # not approved
    assert not MaterialChange.objects.exists()


def test_the_same_revision_approved_twice_gives_one_change(world, finished):
    first = _change(world)
    second = material_change_record(
        lesson_id=world.reading.pk, revision_id=4242, reason="Another reason."
    )
    assert first.pk == second.pk
    assert MaterialChange.objects.count() == 1


def test_a_blank_reason_is_refused_by_the_service(world):
    with pytest.raises(RenewalError):
        material_change_record(lesson_id=world.reading.pk, revision_id=1, reason="   ")
    assert not MaterialChange.objects.exists()


# --- Preview and apply -------------------------------------------------------------


def test_preview_figures_equal_the_applied_effect(world, finished):
    change = _change(world)
    preview = material_change_preview(change=change)
    assert (preview.people, preview.departments, preview.certificates) == (3, 2, 3)
    applied = material_change_apply(change_id=change.pk)
    assert applied.status == MaterialChangeStatus.APPLIED
    assert applied.renewals_created == preview.people
    renewals = LessonRenewal.objects.filter(change=change)
    assert renewals.count() == 3
    assert {r.lesson_id for r in renewals} == {world.reading.pk}  # only that lesson
    # On the due date, exactly the previewed certificates are suspended.
    suspended = _statuses(change.due_on).get("suspended", 0)
    assert suspended == preview.certificates


@pytest.fixture
def assessment(world, finished):
    """The course's assessment in another lesson, drawing the quiz's questions;
    two of the three people passed it, and so did Lucía, who did nothing else."""
    questions = [
        qid for pool in world.quiz.check_settings.pools for qid in pool.question_ids
    ]
    lesson = LessonPageFactory(
        parent=world.course,
        title="Course assessment",
        blocks=[
            ("heading", "Final assessment"),
            knowledge_check(
                mode="assessment",
                pools=[{"skill": None, "questions": questions, "draw": 2}],
            ),
        ],
    )
    lucia = LearnerFactory(
        user__first_name="Lucía",
        user__last_name="Ferreira",
        role=world.role,
        department=finished[0].department,
    )
    now = timezone.now()
    for person in [*finished[:2], lucia]:
        LessonProgress.objects.create(
            learner=person,
            lesson_id=lesson.pk,
            course_id=world.course.pk,
            first_viewed_at=now,
            last_viewed_at=now,
            completed_at=now,
        )
    return lesson


def test_preview_with_a_shared_assessment_equals_the_applied_effect(
    world, finished, assessment
):
    change = material_change_record(
        lesson_id=world.quiz.pk,
        revision_id=91,
        reason=REASON,
        check_changed=True,
        assessment_lesson_ids=(assessment.pk,),
    )
    preview = material_change_preview(change=change)
    # Four people: the three who passed the quiz and Lucía; three certificates.
    assert (preview.people, preview.departments, preview.certificates) == (4, 2, 3)
    assert preview.renewals == 3 + 3
    applied = material_change_apply(change_id=change.pk)
    assert applied.renewals_created == preview.renewals
    renewals = LessonRenewal.objects.filter(change=change)
    assert renewals.values("learner_id").distinct().count() == preview.people
    assert {r.lesson_id for r in renewals} == {world.quiz.pk, assessment.pk}
    assert not renewals.filter(lesson_id=world.reading.pk).exists()
    suspended = _statuses(change.due_on).get("suspended", 0)
    assert suspended == preview.certificates
    # Renewing the assessment needs a new pass of it, like the changed check.
    with pytest.raises(RenewalError):
        lesson_renew(learner=finished[0], lesson_id=assessment.pk)


def test_the_change_page_names_the_assessment_it_re_opens(
    client, world, finished, assessment, ld_reviewer
):
    change = material_change_record(
        lesson_id=world.quiz.pk,
        revision_id=92,
        reason=REASON,
        check_changed=True,
        assessment_lesson_ids=(assessment.pk,),
    )
    client.force_login(ld_reviewer)
    page = client.get(
        reverse("learners:material_change", kwargs={"change_id": change.pk})
    )
    assert page.status_code == 200
    assert "Course assessment" in page.text
    assert 'data-preview="renewals">6<' in page.text


def test_applying_twice_writes_the_renewals_once(world, finished):
    change = _change(world)
    material_change_apply(change_id=change.pk)
    again = material_change_apply(change_id=change.pk)
    assert again.renewals_created == 3
    assert LessonRenewal.objects.count() == 3


def test_applying_from_the_page_queues_once(
    client, world, finished, ld_reviewer, django_capture_on_commit_callbacks
):
    change = _change(world)
    client.force_login(ld_reviewer)
    url = reverse("learners:material_change_apply", kwargs={"change_id": change.pk})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url)
        client.post(url)
    assert len(callbacks) == 1
    change.refresh_from_db()
    assert change.status == MaterialChangeStatus.APPLIED  # eager Celery in tests
    assert LessonRenewal.objects.count() == 3
    status = client.get(
        reverse("learners:material_change", kwargs={"change_id": change.pk}),
        headers={"HX-Request": "true"},
    )
    assert 'data-status="applied"' in status.text
    assert "<html" not in status.text


def test_certificates_stay_valid_until_the_renewal_is_due(world, finished):
    change = _change(world)
    material_change_apply(change_id=change.pk)
    day_before = change.due_on - timedelta(days=1)
    assert _statuses(day_before).get("suspended", 0) == 0
    certificate = Certificate.objects.get(learner=finished[0], course=world.course)
    assert certificate_suspension(certificate=certificate, today=day_before) is None
    assert certificate_suspension(certificate=certificate, today=change.due_on)


def test_renewing_the_one_lesson_restores_the_certificate(client, world, finished):
    change = _change(world)
    material_change_apply(change_id=change.pk)
    learner = finished[0]
    client.force_login(learner.user)
    my_learning = client.get(reverse("learners:my_learning"))
    assert "To renew" in my_learning.text
    assert REASON in my_learning.text
    assert world.reading.title in my_learning.text
    lesson_page = client.get(world.reading.url)
    assert "renew this lesson" in lesson_page.text

    client.post(
        reverse("learners:lesson_renew", kwargs={"lesson_id": world.reading.pk})
    )
    certificate = Certificate.objects.get(learner=learner, course=world.course)
    assert certificate_suspension(certificate=certificate, today=change.due_on) is None
    statuses = frames.load_enrolments(today=change.due_on)
    mine = statuses.loc[
        (statuses["learner_id"] == learner.pk)
        & (statuses["course_id"] == world.course.pk),
        "status",
    ].astype(str)
    assert list(mine) == ["completed"]
    assert "To renew" not in client.get(reverse("learners:my_learning")).text


def test_a_changed_check_is_renewed_only_after_passing_it_again(world, finished):
    change = material_change_record(
        lesson_id=world.quiz.pk, revision_id=77, reason=REASON, check_changed=True
    )
    material_change_apply(change_id=change.pk)
    learner = finished[0]
    with pytest.raises(RenewalError):
        lesson_renew(learner=learner, lesson_id=world.quiz.pk)
    quiz_submit(learner=learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    assert lesson_renew(learner=learner, lesson_id=world.quiz.pk) == 1


def test_a_check_with_the_same_questions_needs_no_new_pass(world, finished):
    change = material_change_record(
        lesson_id=world.quiz.pk, revision_id=78, reason=REASON
    )
    material_change_apply(change_id=change.pk)
    assert lesson_renew(learner=finished[0], lesson_id=world.quiz.pk) == 1


def test_the_review_task_notices_when_a_check_asks_other_questions():
    from courses.data import CheckSettings, Pool
    from courses.models.review import check_signature

    def settings(*ids):
        return CheckSettings(
            title="Check",
            mode="practice",
            pools=(Pool(draw=len(ids), question_ids=ids),),
            max_attempts=3,
            cooldown_minutes=60,
        )

    assert check_signature(settings(1, 2)) == check_signature(settings(1, 2))
    assert check_signature(settings(1, 2)) != check_signature(settings(1, 3))
    assert check_signature(None) != check_signature(settings(1))


# --- Undo ----------------------------------------------------------------------------


def test_an_academy_admin_undoes_a_change_within_a_day(
    client, world, finished, academy_admin
):
    change = _change(world)
    material_change_apply(change_id=change.pk)
    client.force_login(academy_admin)
    client.post(
        reverse("learners:material_change_undo", kwargs={"change_id": change.pk})
    )
    change.refresh_from_db()
    assert change.status == MaterialChangeStatus.UNDONE
    assert not LessonRenewal.objects.exists()
    entry = ModelLogEntry.objects.get(action="learners.material_change_undo")
    assert entry.user_id == academy_admin.pk
    assert entry.data["renewals_removed"] == 3
    assert _statuses(change.due_on).get("suspended", 0) == 0


def test_undo_is_refused_after_a_day(world, finished, academy_admin):
    change = _change(world)
    material_change_apply(change_id=change.pk)
    MaterialChange.objects.filter(pk=change.pk).update(
        applied_at=timezone.now() - timedelta(hours=25)
    )
    change.refresh_from_db()
    with pytest.raises(RenewalError):
        material_change_undo(change=change, actor=academy_admin)
    assert LessonRenewal.objects.count() == 3


def test_a_reviewer_cannot_undo(client, world, finished, ld_reviewer):
    change = _change(world)
    material_change_apply(change_id=change.pk)
    client.force_login(ld_reviewer)
    response = client.post(
        reverse("learners:material_change_undo", kwargs={"change_id": change.pk})
    )
    assert response.status_code == 403
    assert LessonRenewal.objects.count() == 3


def test_learners_cannot_see_or_apply_a_change(client, world, finished):
    change = _change(world)
    client.force_login(finished[0].user)
    page = reverse("learners:material_change", kwargs={"change_id": change.pk})
    apply = reverse("learners:material_change_apply", kwargs={"change_id": change.pk})
    assert client.get(page).status_code == 403
    assert client.post(apply).status_code == 403
    assert not LessonRenewal.objects.exists()


# --- Races ---------------------------------------------------------------------------


@pytest.mark.postgres  # concurrent transactions are only meaningful on PostgreSQL
@pytest.mark.django_db(transaction=True)
def test_racing_approvals_and_applies_give_one_effect(world, finished):
    errors = []
    start = threading.Barrier(6)

    def approve_and_apply():
        try:
            start.wait(timeout=10)
            change = material_change_record(
                lesson_id=world.reading.pk, revision_id=9001, reason=REASON
            )
            material_change_apply(change_id=change.pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve_and_apply) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert MaterialChange.objects.count() == 1
    assert LessonRenewal.objects.count() == 3
    assert MaterialChange.objects.get().renewals_created == 3


# --- Policy versions ------------------------------------------------------------------

POLICY = {
    "policy": "Northwind AI policy",
    "version": "2026.2",
    "statement": "I have read the Northwind AI policy and will follow it.",
}


def test_a_new_policy_version_is_a_material_change_for_its_lesson(
    client, world, enrolled, ld_editor, ld_reviewer
):
    import json

    from learners.services.progress import policy_confirm
    from tests.factories import LessonPageFactory

    lesson = LessonPageFactory(
        parent=world.course,
        title="Northwind's AI policy in practice",
        blocks=[("heading", "The policy in one paragraph"), ("attestation", POLICY)],
    )
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    policy_confirm(learner=enrolled, lesson_id=lesson.pk, version="2026.2")
    body = [dict(item) for item in lesson.body.raw_data]
    for item in body:
        if item["type"] == "attestation":
            item["value"] = {**item["value"], "version": "2027.1"}
    lesson.body = json.dumps(body)
    lesson.save_revision(user=ld_editor)
    lesson.get_workflow().start(lesson, ld_editor)
    lesson.refresh_from_db()
    # The reviewer calls it minor: a new policy version is material all the same.
    _approve(client, ld_reviewer, lesson, change="minor")
    change = MaterialChange.objects.get()
    assert change.lesson_id == lesson.pk
    assert "version 2027.1" in change.reason
    material_change_apply(change_id=change.pk)
    assert LessonRenewal.objects.filter(learner=enrolled).count() == 1
    # Renewing needs the new version confirmed.
    with pytest.raises(RenewalError):
        lesson_renew(learner=enrolled, lesson_id=lesson.pk)
    policy_confirm(learner=enrolled, lesson_id=lesson.pk, version="2027.1")
    assert lesson_renew(learner=enrolled, lesson_id=lesson.pk) == 1


def test_approving_a_check_that_now_draws_an_assessment_question_re_opens_it(
    client, world, finished, assessment, ld_editor, ld_reviewer
):
    import json

    from tests.factories.courses import bank_questions, single_question

    # The assessment draws the quiz's questions; the revision swaps one of them
    # out of the quiz's check for a new question.
    new_question = bank_questions(single_question())
    body = [dict(item) for item in world.quiz.body.raw_data]
    for item in body:
        if item["type"] == "knowledge_check":
            pools = item["value"]["pools"]
            kept = list(pools[0]["value"]["questions"])[1:] + new_question
            pools[0]["value"] = {**pools[0]["value"], "questions": kept}
    world.quiz.body = json.dumps(body)
    world.quiz.save_revision(user=ld_editor)
    world.quiz.get_workflow().start(world.quiz, ld_editor)
    world.quiz.refresh_from_db()
    _approve(client, ld_reviewer, world.quiz, change="material", reason=REASON)
    change = MaterialChange.objects.get()
    assert change.check_changed
    assert change.assessment_lesson_ids == [assessment.pk]
    preview = material_change_preview(change=change)
    applied = material_change_apply(change_id=change.pk)
    assert applied.renewals_created == preview.renewals == 6


# --- Reads for the preview's comparison ---------------------------------------------


def test_completed_course_sets_counts_people_per_role_and_completed_courses(
    world, finished
):
    from learners import api as learners_api
    from learners.models import LearnerStatus
    from learners.services.renewals import affected_learner_ids

    change = _change(world)
    # One of the three leaves: only active people count.
    finished[2].status = LearnerStatus.LEFT
    finished[2].save(update_fields=["status"])
    sets = learners_api.completed_course_sets(
        learner_ids=affected_learner_ids(change=change),
        course_id=world.course.pk,
        course_ids=[world.second_course.pk],
    )
    assert sets == [(world.role.pk, frozenset({world.course.pk}), 2)]


def test_completed_course_sets_leave_out_expired_and_suspended_completions(
    world, finished
):
    from learners import api as learners_api

    today = timezone.localdate()
    Certificate.objects.filter(learner=finished[0], course=world.course).update(
        expires_on=today
    )
    applied = _change(world)
    material_change_apply(change_id=applied.pk)
    LessonRenewal.objects.filter(learner=finished[1]).update(due_on=today)
    sets = learners_api.completed_course_sets(
        learner_ids=[p.pk for p in finished],
        course_id=world.course.pk,
        course_ids=[],
        today=today,
    )
    assert sets == [(world.role.pk, frozenset({world.course.pk}), 1)]


def test_completed_course_sets_refuse_more_courses_than_bits(world, finished):
    from learners import api as learners_api

    with pytest.raises(ValueError, match="at most 62 courses"):
        learners_api.completed_course_sets(
            learner_ids=[finished[0].pk],
            course_id=world.course.pk,
            course_ids=range(10_000, 10_062),
        )


def test_figures_changed_since_notices_a_completion_and_a_renewal(world, finished):
    from learners import api as learners_api

    since = timezone.now()
    assert not learners_api.figures_changed_since(when=since)
    material_change_apply(change_id=_change(world).pk)
    assert learners_api.figures_changed_since(when=since)
