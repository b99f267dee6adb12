"""A manager's bulk actions on My team: assign a course, undo it, send reminders."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners.models import (
    Assignment,
    AuditEvent,
    CourseEnrolment,
    EnrolmentSource,
    EnrolmentStatus,
    LearnerStatus,
    ReminderDelivery,
)
from learners.services import team_actions
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(manager, learner, department):
    """Priya (from the fixtures) and three more people who report to Tomás."""
    more = [
        LearnerFactory(
            user__first_name=first,
            user__last_name=last,
            department=department,
            manager=manager,
        )
        for first, last in (
            ("Chidi", "Okonkwo"),
            ("Ingrid", "Solberg"),
            ("Mei", "Tanaka"),
        )
    ]
    return [learner, *more]


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager.user)
    return client


def _due():
    return timezone.localdate() + timedelta(days=21)


def _assign(client, people, course, *, token=None, due=None):
    return client.post(
        reverse("learners:assign"),
        {
            "learners": [p.pk for p in people],
            "course": course.pk,
            "due_date": (due or _due()).isoformat(),
            "token": str(token or uuid.uuid4()),
        },
    )


def test_the_assign_form_sends_its_default_due_date_as_an_iso_value(
    signed_in, world, team
):
    html = signed_in.get(reverse("learners:assign")).content.decode()
    default = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert re.search(rf'type="date"[^>]*value="{default}"', html) or re.search(
        rf'value="{default}"[^>]*type="date"', html
    )


def test_the_assign_form_offers_only_people_at_work(signed_in, world, team):
    team[1].status = LearnerStatus.LEFT
    team[1].save()
    team[2].status = LearnerStatus.ON_LEAVE
    team[2].save()
    html = signed_in.get(reverse("learners:assign")).content.decode()
    assert "Priya Raman" in html
    assert "Chidi Okonkwo" not in html
    assert "Ingrid Solberg" not in html


def test_assigning_a_leaver_by_hand_is_refused_with_the_reason(signed_in, world, team):
    team[1].status = LearnerStatus.LEFT
    team[1].save()
    response = signed_in.post(
        reverse("learners:assign"),
        {"learner": team[1].pk, "course": world.course.pk, "due_date": _due()},
    )
    assert response.status_code == 200
    assert "Chidi Okonkwo has left" in response.content.decode()
    assert not CourseEnrolment.objects.exists()


def test_bulk_assign_enrols_the_chosen_and_lands_on_a_summary(signed_in, world, team):
    # Mei already has the course, started, with an earlier due date.
    CourseEnrolment.objects.create(
        learner=team[3],
        course=world.course,
        source=EnrolmentSource.SELF,
        status=EnrolmentStatus.IN_PROGRESS,
        required_lessons_completed=1,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    response = _assign(signed_in, team, world.course)
    assignment = Assignment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "learners:assignment", kwargs={"assignment_id": assignment.pk}
    )
    enrolments = CourseEnrolment.objects.filter(course=world.course)
    assert enrolments.count() == 4
    assert set(enrolments.values_list("due_date", flat=True)) == {_due()}
    mei = enrolments.get(learner=team[3])
    assert mei.source == EnrolmentSource.SELF  # kept, with its progress
    assert mei.required_lessons_completed == 1
    assert AuditEvent.objects.filter(action="assigned").count() == 4
    html = signed_in.get(response["Location"]).content.decode()
    assert "Newly enrolled (3)" in html
    assert "Mei Tanaka" in html.split('id="moved-heading"')[1]
    assert "Undo this assignment" in html


def test_a_double_submit_assigns_once(signed_in, world, team):
    token = uuid.uuid4()
    first = _assign(signed_in, team, world.course, token=token)
    second = _assign(signed_in, team, world.course, token=token)
    assert first["Location"] == second["Location"]
    assert Assignment.objects.count() == 1
    assert CourseEnrolment.objects.count() == 4
    assert AuditEvent.objects.filter(action="assigned").count() == 4


def test_undo_removes_exactly_what_the_assignment_created(signed_in, world, team):
    earlier = timezone.localdate() + timedelta(days=3)
    before = CourseEnrolment.objects.create(
        learner=team[0], course=world.course, due_date=earlier
    )
    _assign(signed_in, team, world.course)
    assignment = Assignment.objects.get()
    url = reverse("learners:assignment_undo", kwargs={"assignment_id": assignment.pk})
    response = signed_in.post(url, follow=True)
    assert "3 new enrolments removed, 1 due date put back" in response.content.decode()
    remaining = CourseEnrolment.objects.get()
    assert remaining.pk == before.pk
    assert remaining.due_date == earlier
    again = signed_in.post(url, follow=True)
    assert "already been undone" in again.content.decode()
    assert CourseEnrolment.objects.count() == 1


def test_undo_keeps_an_enrolment_the_person_has_started(signed_in, world, team):
    _assign(signed_in, team[:2], world.course)
    CourseEnrolment.objects.filter(learner=team[1]).update(
        status=EnrolmentStatus.IN_PROGRESS
    )
    assignment = Assignment.objects.get()
    response = signed_in.post(
        reverse("learners:assignment_undo", kwargs={"assignment_id": assignment.pk}),
        follow=True,
    )
    assert "1 kept because the person had already started" in (
        response.content.decode()
    )
    assert list(CourseEnrolment.objects.values_list("learner_id", flat=True)) == [
        team[1].pk
    ]


def test_undo_after_ten_minutes_changes_nothing(signed_in, world, team):
    _assign(signed_in, team, world.course)
    assignment = Assignment.objects.get()
    Assignment.objects.filter(pk=assignment.pk).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    html = signed_in.get(
        reverse("learners:assignment", kwargs={"assignment_id": assignment.pk})
    ).content.decode()
    assert "Undo this assignment" not in html
    response = signed_in.post(
        reverse("learners:assignment_undo", kwargs={"assignment_id": assignment.pk}),
        follow=True,
    )
    assert "can be undone for 10 minutes" in response.content.decode()
    assert CourseEnrolment.objects.count() == 4


def test_another_manager_cannot_see_or_undo_an_assignment(
    client, signed_in, world, team
):
    _assign(signed_in, team, world.course)
    assignment = Assignment.objects.get()
    other = LearnerFactory(user__first_name="Lena", user__last_name="Fischer")
    LearnerFactory(manager=other)
    client.force_login(other.user)
    kwargs = {"assignment_id": assignment.pk}
    assert client.get(reverse("learners:assignment", kwargs=kwargs)).status_code == 404
    undo = reverse("learners:assignment_undo", kwargs=kwargs)
    assert client.post(undo).status_code == 404
    assert CourseEnrolment.objects.count() == 4


def test_bulk_assign_with_someone_outside_the_line_changes_nothing(
    signed_in, world, team, other_learner
):
    response = _assign(signed_in, [*team, other_learner], world.course)
    assert response.status_code == 400
    assert "1 of the people chosen is not in your reporting line" in (
        response.content.decode()
    )
    assert not CourseEnrolment.objects.exists()
    assert not Assignment.objects.exists()


def test_bulk_assign_naming_a_leaver_changes_nothing(signed_in, world, team):
    team[2].status = LearnerStatus.LEFT
    team[2].save()
    response = _assign(signed_in, team, world.course)
    assert response.status_code == 400
    assert "Ingrid Solberg has left" in response.content.decode()
    assert not CourseEnrolment.objects.exists()


def test_bulk_actions_refuse_more_than_the_limit(manager, world, team):
    ids = list(range(1, team_actions.BULK_LIMIT + 2))
    with pytest.raises(team_actions.TeamActionRefused, match="at most 500"):
        team_actions.assignment_create(
            manager=manager,
            actor=manager.user,
            learner_ids=ids,
            course_id=world.course.pk,
            due_date=_due(),
            token=uuid.uuid4(),
        )
    with pytest.raises(team_actions.TeamActionRefused, match="at most 500"):
        team_actions.learners_nudge(manager=manager, learner_ids=ids, sender=None)
    assert not CourseEnrolment.objects.exists()
    assert not mail.outbox


def test_the_confirmation_page_leaves_out_leavers_with_the_reason(
    signed_in, world, team
):
    team[1].status = LearnerStatus.ON_LEAVE
    team[1].save()
    query = "&".join(f"learners={p.pk}" for p in team)
    html = signed_in.get(reverse("learners:assign") + "?" + query).content.decode()
    assert "Chidi Okonkwo" in html
    assert "not included" in html
    assert f'value="{team[1].pk}"' not in html
    assert f'value="{team[0].pk}"' in html


def test_bulk_assign_takes_the_same_number_of_queries_for_3_or_30_people(
    signed_in, manager, world, department
):
    people = [LearnerFactory(manager=manager, department=department) for _ in range(36)]
    _assign(signed_in, people[:3], world.course)  # warm up the caches
    counts = []
    for group in (people[3:6], people[6:]):
        with CaptureQueriesContext(connection) as queries:
            _assign(signed_in, group, world.course)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- reminders ---------------------------------------------------------------------


def test_bulk_nudge_confirms_then_sends_one_email_each_once_a_day(
    signed_in, world, team
):
    query = "&".join(f"learners={p.pk}" for p in team)
    confirm = signed_in.get(reverse("learners:nudge_many") + "?" + query)
    assert confirm.status_code == 200
    assert "Send reminders" in confirm.content.decode()
    assert not mail.outbox
    data = {"learners": [p.pk for p in team]}
    response = signed_in.post(reverse("learners:nudge_many"), data, follow=True)
    assert "Reminder sent to 4 people" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.user.email for p in team)
    again = signed_in.post(reverse("learners:nudge_many"), data, follow=True)
    assert "Already reminded today" in again.content.decode()
    assert len(mail.outbox) == 4
    assert ReminderDelivery.objects.count() == 4
    assert AuditEvent.objects.filter(action="nudged").count() == 4


def test_a_person_nudged_today_is_skipped_and_the_rest_are_sent(signed_in, world, team):
    signed_in.post(reverse("learners:nudge", kwargs={"learner_id": team[0].pk}))
    response = signed_in.post(
        reverse("learners:nudge_many"),
        {"learners": [p.pk for p in team]},
        follow=True,
    )
    html = response.content.decode()
    assert "Reminder sent to 3 people" in html
    assert "Priya Raman" in html.split("Already reminded today")[1]
    assert len(mail.outbox) == 4


def test_bulk_nudge_naming_a_leaver_sends_nothing(signed_in, world, team):
    team[3].status = LearnerStatus.LEFT
    team[3].save()
    response = signed_in.post(
        reverse("learners:nudge_many"), {"learners": [p.pk for p in team]}
    )
    assert response.status_code == 400
    assert "Mei Tanaka has left" in response.content.decode()
    assert not mail.outbox
    assert not ReminderDelivery.objects.exists()


def test_bulk_nudge_outside_the_line_sends_nothing(
    signed_in, world, team, other_learner
):
    response = signed_in.post(
        reverse("learners:nudge_many"),
        {"learners": [team[0].pk, other_learner.pk]},
    )
    assert response.status_code == 400
    assert "not in your reporting line" in response.content.decode()
    assert not mail.outbox


def test_a_leaver_cannot_be_nudged_one_at_a_time_either(signed_in, world, team):
    team[0].status = LearnerStatus.LEFT
    team[0].save()
    response = signed_in.post(
        reverse("learners:nudge", kwargs={"learner_id": team[0].pk}), follow=True
    )
    assert "Priya Raman has left" in response.content.decode()
    assert not mail.outbox


def test_my_team_offers_no_checkbox_or_nudge_for_leavers_and_says_why(
    signed_in, world, team
):
    team[1].status = LearnerStatus.LEFT
    team[1].save()
    html = signed_in.get(reverse("learners:my_team")).content.decode()
    assert f'name="learners" value="{team[0].pk}"' in html
    assert f'name="learners" value="{team[1].pk}"' not in html
    assert "Has left: not assigned or nudged" in html
    assert "Team completion" in html
    assert 'class="filter-bar"' in html


def test_a_leavers_page_offers_no_assignment_and_says_why(signed_in, world, team):
    team[1].status = LearnerStatus.LEFT
    team[1].save()
    html = signed_in.get(
        reverse("learners:team_member", kwargs={"learner_id": team[1].pk})
    ).content.decode()
    assert "Chidi Okonkwo has left, so no course can be assigned" in html
    assert reverse("learners:assign") + "?learner=" not in html
