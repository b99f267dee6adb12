"""Learners flag a lesson as outdated or wrong; nobody learns who flagged."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts import personas
from learners.models import LessonFlag
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.flags import FlagRefused, flag_summary, lesson_flag

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    return enrolled


def _flag_url(world):
    return reverse("learners:lesson_flag", kwargs={"lesson_id": world.reading.pk})


def test_a_learner_flags_a_lesson_and_l_and_d_hears_without_a_name(
    client, world, learner, ld_editor, django_capture_on_commit_callbacks
):
    client.force_login(learner.user)
    page = client.get(world.reading.url)
    assert "Flag this lesson" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _flag_url(world),
            {"reason": "outdated", "text": "The retention period changed in May."},
        )
    assert response.status_code == 302
    flag = LessonFlag.objects.get()
    assert (flag.reason, flag.text) == (
        "outdated",
        "The retention period changed in May.",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert ld_editor.email in message.to
    assert world.reading.title in message.subject
    assert "The retention period changed in May." in message.body
    for part in (learner.user.first_name, learner.user.last_name, learner.user.email):
        assert part not in message.body
        assert part not in message.subject


def test_one_open_flag_per_learner_and_lesson(world, learner):
    lesson_flag(learner=learner, lesson_id=world.reading.pk, reason="wrong")
    with pytest.raises(FlagRefused, match="already flagged"):
        lesson_flag(learner=learner, lesson_id=world.reading.pk, reason="outdated")
    assert LessonFlag.objects.count() == 1


def test_bad_flags_are_refused_and_change_nothing(client, world, learner):
    client.force_login(learner.user)
    client.post(_flag_url(world), {"reason": "boring"})
    client.post(_flag_url(world), {"reason": "wrong", "text": "x" * 501})
    client.post(
        reverse("learners:lesson_flag", kwargs={"lesson_id": 987654}),
        {"reason": "wrong"},
    )
    assert not LessonFlag.objects.exists()


def test_the_dashboard_panel_shows_counts_never_who(client, world, learner, ld_editor):
    from tests.factories import LearnerFactory

    other = LearnerFactory(user__first_name="Tomás", user__last_name="Herrera")
    lesson_flag(learner=learner, lesson_id=world.reading.pk, reason="wrong")
    lesson_flag(learner=other, lesson_id=world.reading.pk, reason="outdated")
    summary = flag_summary()
    assert summary == [
        {
            "lesson_id": world.reading.pk,
            "total": 2,
            "outdated": 1,
            "wrong": 1,
            "title": world.reading.title,
        }
    ]
    from learners.dashboard import LessonFlagsPanel

    html = LessonFlagsPanel().render_html({"request": None})
    assert world.reading.title in html
    for name in ("Amara", "Okafor", "Tomás", "Herrera"):
        assert name not in html


def test_anonymous_people_cannot_flag(client, world):
    response = client.post(_flag_url(world), {"reason": "wrong"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert not LessonFlag.objects.exists()


def test_the_lesson_owner_hears_of_the_flag(
    world, learner, ld_editor, django_capture_on_commit_callbacks
):
    owner = ld_editor
    Group.objects.get(name=personas.LD_EDITORS).user_set.remove(owner)
    world.reading.owner = owner
    world.reading.save()
    with django_capture_on_commit_callbacks(execute=True):
        lesson_flag(learner=learner, lesson_id=world.reading.pk, reason="wrong")
    assert mail.outbox[0].to == [owner.email]
