"""People and departments in the admin: history is never deleted, nothing is a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from learners.models import (
    AuditAction,
    AuditEvent,
    CourseEnrolment,
    Department,
    EnrolmentSource,
    Learner,
    LearnerStatus,
)
from learners.services import learner_deactivate
from learners.services.enrolment import course_enrol
from tests.factories import DepartmentFactory, LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_records(learner, world):
    course_enrol(
        learner=learner, course_id=world.course.pk, source=EnrolmentSource.SELF
    )
    return learner


@pytest.fixture
def admin(client, academy_admin):
    client.force_login(academy_admin)
    return client


def _messages(response) -> str:
    return " ".join(str(m.message) for m in response.context["messages"])


# --- Deleting a person --------------------------------------------------------------


def test_deleting_a_person_with_records_is_refused_and_offers_mark_as_left(
    admin, with_records
):
    url = reverse("people:delete", args=[with_records.pk])
    response = admin.post(url, follow=True)
    assert response.redirect_chain[0] == (
        reverse("people:edit", args=[with_records.pk]),
        302,
    )
    text = _messages(response)
    assert "Priya Raman has learning records" in text
    assert "cannot be deleted" in text
    assert reverse("people:deactivate", args=[with_records.pk]) in text
    assert "Mark as left" in text
    assert Learner.objects.filter(pk=with_records.pk).exists()
    assert CourseEnrolment.objects.filter(learner=with_records).count() == 1


def test_the_delete_screen_itself_says_why_for_a_person_with_records(
    admin, with_records
):
    response = admin.get(reverse("people:delete", args=[with_records.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:edit", args=[with_records.pk])


def test_a_person_without_records_can_still_be_deleted(admin):
    newcomer = LearnerFactory(user__first_name="Lucía", user__last_name="Moreno")
    url = reverse("people:delete", args=[newcomer.pk])
    assert admin.get(url).status_code == 200
    response = admin.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:index")
    assert not Learner.objects.filter(pk=newcomer.pk).exists()


def test_a_person_on_an_initiative_team_is_refused_not_a_500(admin, world, manager):
    from analytics import services as analytics_services
    from analytics.models import InitiativeStage

    member = LearnerFactory(user__first_name="Ade", user__last_name="Bello")
    analytics_services.initiative_ensure(
        name="Fraud signals",
        department_id=None,
        stage=InitiativeStage.PILOT,
        owner_id=manager.pk,
        roles={world.role.pk: 1},
        member_ids=[member.pk],
    )
    response = admin.post(reverse("people:delete", args=[member.pk]), follow=True)
    assert "cannot be deleted" in _messages(response)
    assert "Mark them as left instead" in _messages(response)
    assert Learner.objects.filter(pk=member.pk).exists()


def test_people_without_delete_permission_cannot_delete_or_mark_as_left(
    client, ld_editor, with_records
):
    client.force_login(ld_editor)
    for name in ("people:delete", "people:deactivate"):
        response = client.post(reverse(name, args=[with_records.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    with_records.refresh_from_db()
    assert with_records.status == LearnerStatus.ACTIVE


# --- Marking a person as left -------------------------------------------------------


def test_mark_as_left_keeps_history_and_closes_the_account(
    admin, academy_admin, with_records
):
    url = reverse("people:deactivate", args=[with_records.pk])
    page = admin.get(url)
    assert page.status_code == 200
    assert "Mark Priya Raman as left" in page.content.decode()

    response = admin.post(url, follow=True)
    assert response.redirect_chain[0] == (
        reverse("people:edit", args=[with_records.pk]),
        302,
    )
    assert "Priya Raman is marked as left" in _messages(response)
    with_records.refresh_from_db()
    with_records.user.refresh_from_db()
    assert with_records.status == LearnerStatus.LEFT
    assert with_records.user.is_active is False
    assert CourseEnrolment.objects.filter(learner=with_records).count() == 1
    event = AuditEvent.objects.get(
        learner=with_records, action=AuditAction.PROFILE_CHANGED
    )
    assert event.actor == academy_admin
    assert "Marked as left" in event.summary


def test_marking_someone_who_already_left_changes_nothing(admin, with_records):
    learner_deactivate(learner_id=with_records.pk, actor=None)
    events = AuditEvent.objects.count()
    response = admin.post(
        reverse("people:deactivate", args=[with_records.pk]), follow=True
    )
    assert "had already left" in _messages(response)
    assert AuditEvent.objects.count() == events
    # No "Mark as left" offer for someone who has left.
    response = admin.post(reverse("people:delete", args=[with_records.pk]), follow=True)
    assert "Mark as left" not in _messages(response)


def test_a_superusers_or_the_actors_own_account_stays_active(academy_admin):
    root = get_user_model().objects.create_superuser(
        email="ines.carvalho@northwind.example", password="a-long-pass-phrase"
    )
    root_learner = LearnerFactory(user=root)
    own = LearnerFactory(user=academy_admin)
    assert learner_deactivate(learner_id=root_learner.pk, actor=academy_admin)
    assert learner_deactivate(learner_id=own.pk, actor=academy_admin)
    root.refresh_from_db()
    academy_admin.refresh_from_db()
    assert root.is_active
    assert academy_admin.is_active
    assert Learner.objects.filter(status=LearnerStatus.LEFT).count() == 2


# --- Departments --------------------------------------------------------------------


def test_a_department_with_people_is_not_deleted(admin, learner, department):
    response = admin.post(
        reverse("departments:delete", args=[department.pk]), follow=True
    )
    assert "learners" in _messages(response)
    assert "cannot be deleted" in _messages(response)
    assert Department.objects.filter(pk=department.pk).exists()


def test_an_empty_department_is_deleted(admin):
    empty = DepartmentFactory(name="Archive")
    response = admin.post(reverse("departments:delete", args=[empty.pk]))
    assert response.status_code == 302
    assert not Department.objects.filter(pk=empty.pk).exists()


# --- Choosers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix",
    [
        "/admin/learner_chooser/",
        "/admin/department_chooser/",
        "/admin/snippets/choose/courses/role/",
        "/admin/snippets/choose/courses/skill/",
        "/admin/snippets/choose/courses/rolloutblocker/",
    ],
)
def test_choosers_choose_but_never_create(admin, prefix):
    people_before = Learner.objects.count()
    assert admin.post(f"{prefix}create/", {"name": "Ghost"}).status_code == 404
    assert admin.get(f"{prefix}create/").status_code == 404
    chooser = admin.get(prefix)
    assert chooser.status_code == 200
    assert "create_action_url" not in chooser.context
    assert Learner.objects.count() == people_before


def test_a_junk_id_in_a_chooser_field_shows_the_form_again(admin, world):
    response = admin.post(
        reverse("targets:add"),
        {
            "name": "Half of Claims",
            "department": "not-a-number",
            "role": "zzz",
            "metric": "curriculum",
            "target_percent": "50",
            "start_date": "2026-01-01",
            "deadline": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors


# --- What other screens delete ------------------------------------------------------


def test_a_role_that_people_hold_is_not_deleted(admin, world, learner):
    from courses.models import Role

    learner.role = world.role
    learner.save(update_fields=["role"])
    response = admin.post(
        reverse("wagtailsnippets_courses_role:delete", args=[world.role.pk]),
        follow=True,
    )
    text = _messages(response)
    assert "“Claims analyst” cannot be deleted: curriculum pages, learners" in text
    assert Role.objects.filter(pk=world.role.pk).exists()


def test_an_account_with_a_learner_profile_is_not_deleted(client, learner):
    root = get_user_model().objects.create_superuser(
        email="ines.carvalho@northwind.example", password="a-long-pass-phrase"
    )
    from tests.conftest import give_totp

    give_totp(root)
    client.force_login(root)
    url = reverse("wagtailusers_users:delete", args=[learner.user.pk])
    response = client.post(url, follow=True)
    assert response.redirect_chain[0] == (
        reverse("wagtailusers_users:edit", args=[learner.user.pk]),
        302,
    )
    assert "Deactivate it instead" in _messages(response)
    assert get_user_model().objects.filter(pk=learner.user.pk).exists()
