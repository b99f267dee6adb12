import pytest
from django.utils import timezone

from learners.models import (
    AuditEvent,
    CourseEnrolment,
    CurriculumEnrolment,
    EnrolmentSource,
    LearnerStatus,
)
from learners.services.enrolment import (
    EnrolmentError,
    course_enrol,
    enrolments_sync_for_curriculum,
    enrolments_sync_for_learners,
)
from tests.factories import (
    CoursePageFactory,
    CurriculumCourseFactory,
    LearnerFactory,
    LessonPageFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def test_a_role_enrols_in_its_curriculum_and_required_courses_with_due_dates(
    world, enrolled
):
    counts = enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    assert counts.curriculum_enrolments_created == 1
    assert counts.course_enrolments_created == 2
    today = timezone.localdate()
    first = CourseEnrolment.objects.get(learner=enrolled, course=world.course)
    assert first.source == EnrolmentSource.ROLE
    assert (first.due_date - today).days == 14
    assert first.required_lessons_total == 2  # the optional lesson does not count
    curriculum = CurriculumEnrolment.objects.get(learner=enrolled)
    assert curriculum.required_courses_total == 2
    assert AuditEvent.objects.filter(learner=enrolled, action="enrolled").exists()


def test_syncing_twice_never_duplicates(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    again = enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    assert again.course_enrolments_created == 0
    assert CourseEnrolment.objects.filter(learner=enrolled).count() == 2
    assert CurriculumEnrolment.objects.filter(learner=enrolled).count() == 1


def test_leavers_and_people_without_a_role_are_not_enrolled(world, department):
    leaver = LearnerFactory(role=world.role, status=LearnerStatus.LEFT)
    no_role = LearnerFactory(role=None)
    enrolments_sync_for_learners(learner_ids=[leaver.pk, no_role.pk])
    assert not CourseEnrolment.objects.exists()


def test_role_change_keeps_past_progress(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    other_role = RoleFactory(name="Data steward", slug="data-steward")
    enrolled.role = other_role
    enrolled.save()
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    assert CourseEnrolment.objects.filter(learner=enrolled).count() == 2


def test_a_new_required_course_reaches_everyone_with_the_role(
    world, enrolled, django_capture_on_commit_callbacks
):
    colleague = LearnerFactory(role=world.role)
    enrolments_sync_for_learners(learner_ids=[enrolled.pk, colleague.pk])
    new_course = CoursePageFactory(title="Escalating AI incidents")
    LessonPageFactory(parent=new_course)
    CurriculumCourseFactory(page=world.curriculum, course=new_course, due_in_days=21)
    # Publishing the curriculum enqueues the retroactive sync after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        world.curriculum.save_revision().publish()
    assert CourseEnrolment.objects.filter(course=new_course).count() == 2
    assert set(
        CurriculumEnrolment.objects.values_list("required_courses_total", flat=True)
    ) == {3}
    # And running it again changes nothing.
    enrolments_sync_for_curriculum(curriculum_id=world.curriculum.pk)
    assert CourseEnrolment.objects.filter(course=new_course).count() == 2


def test_self_enrolment_is_idempotent(world, learner):
    first, created = course_enrol(
        learner=learner, course_id=world.course.pk, source=EnrolmentSource.SELF
    )
    second, created_again = course_enrol(
        learner=learner, course_id=world.course.pk, source=EnrolmentSource.SELF
    )
    assert created
    assert not created_again
    assert first.pk == second.pk


def test_enrolling_in_an_unpublished_course_is_refused(world, learner):
    world.second_course.unpublish()
    with pytest.raises(EnrolmentError, match="not published"):
        course_enrol(
            learner=learner,
            course_id=world.second_course.pk,
            source=EnrolmentSource.SELF,
        )
    assert not CourseEnrolment.objects.exists()


def test_role_given_in_the_admin_enrols_and_is_kept_as_set_by_hand(
    client, academy_admin, world, learner
):
    client.force_login(academy_admin)
    url = f"/admin/people/edit/{learner.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "user": learner.user_id,
            "employee_id": learner.employee_id,
            "status": "active",
            "department": learner.department_id,
            "manager": learner.manager_id,
            "job_title": "Claims Quality Analyst",
            "role": world.role.pk,
            "location": "Leeds",
            "hire_date": "",
            "reminder_emails": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    learner.refresh_from_db()
    assert learner.role == world.role
    assert learner.role_set_by_hand
    assert CourseEnrolment.objects.filter(learner=learner).count() == 2
    event = learner.audit_events.get(action="role_changed")
    assert event.actor == academy_admin
