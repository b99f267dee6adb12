"""Policy lessons: the learner confirms a named policy version, once per version."""

import json

import pytest
from django.urls import reverse

from learners.models import LessonProgress, PolicyConfirmation
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import (
    AttemptRefused,
    ProgressError,
    lesson_mark_complete,
    policy_confirm,
)
from tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db

POLICY = {
    "policy": "Northwind AI policy",
    "version": "2026.2",
    "statement": "I have read the Northwind AI policy and will follow it.",
}


@pytest.fixture
def learner(world, enrolled):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    return enrolled


@pytest.fixture
def policy_lesson(world):
    return LessonPageFactory(
        parent=world.course,
        title="Northwind's AI policy in practice",
        blocks=[("heading", "The policy in one paragraph"), ("attestation", POLICY)],
    )


def _new_version(lesson, version):
    body = [dict(item) for item in lesson.body.raw_data]
    for item in body:
        if item["type"] == "attestation":
            item["value"] = {**item["value"], "version": version}
    lesson.body = json.dumps(body)
    lesson.save_revision().publish()


def test_the_lesson_asks_for_confirmation_and_records_time_and_version(
    client, learner, policy_lesson
):
    client.force_login(learner.user)
    html = client.get(policy_lesson.url).content.decode()
    assert "I confirm (Northwind AI policy, version 2026.2)" in html
    assert "Mark as complete" not in html
    url = reverse("learners:policy_confirm", kwargs={"lesson_id": policy_lesson.pk})
    response = client.post(url, {"version": "2026.2"})
    assert response.status_code == 302
    confirmation = PolicyConfirmation.objects.get(learner=learner)
    assert (confirmation.policy, confirmation.version) == (
        "Northwind AI policy",
        "2026.2",
    )
    assert confirmation.statement == POLICY["statement"]
    assert confirmation.confirmed_at is not None
    assert LessonProgress.objects.get(
        learner=learner, lesson=policy_lesson
    ).completed_at
    html = client.get(policy_lesson.url).content.decode()
    assert "You confirmed Northwind AI policy (version 2026.2)" in html


def test_confirming_twice_keeps_the_first_confirmation(learner, policy_lesson):
    first, _ = policy_confirm(
        learner=learner, lesson_id=policy_lesson.pk, version="2026.2"
    )
    again, _ = policy_confirm(
        learner=learner, lesson_id=policy_lesson.pk, version="2026.2"
    )
    assert again.pk == first.pk
    assert again.confirmed_at == first.confirmed_at
    assert PolicyConfirmation.objects.count() == 1


def test_a_new_policy_version_asks_again(client, learner, policy_lesson):
    policy_confirm(learner=learner, lesson_id=policy_lesson.pk, version="2026.2")
    _new_version(policy_lesson, "2027.1")
    client.force_login(learner.user)
    html = client.get(policy_lesson.url).content.decode()
    assert "I confirm (Northwind AI policy, version 2027.1)" in html
    policy_confirm(learner=learner, lesson_id=policy_lesson.pk, version="2027.1")
    assert sorted(PolicyConfirmation.objects.values_list("version", flat=True)) == [
        "2026.2",
        "2027.1",
    ]


def test_confirming_a_version_no_longer_asked_is_a_409_and_stores_nothing(
    client, learner, policy_lesson
):
    _new_version(policy_lesson, "2027.1")
    client.force_login(learner.user)
    url = reverse("learners:policy_confirm", kwargs={"lesson_id": policy_lesson.pk})
    response = client.post(url, {"version": "2026.2"})
    assert response.status_code == 409
    assert "changed to version 2027.1" in response.content.decode()
    assert not PolicyConfirmation.objects.exists()
    with pytest.raises(AttemptRefused):
        policy_confirm(learner=learner, lesson_id=policy_lesson.pk, version="")


def test_a_policy_lesson_is_not_complete_without_confirmation(learner, policy_lesson):
    with pytest.raises(ProgressError, match="Confirm Northwind AI policy"):
        lesson_mark_complete(learner=learner, lesson_id=policy_lesson.pk)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_a_lesson_without_a_policy_refuses_a_confirmation(client, learner, world):
    client.force_login(learner.user)
    url = reverse("learners:policy_confirm", kwargs={"lesson_id": world.reading.pk})
    response = client.post(url, {"version": "2026.2"})
    assert response.status_code == 400
    assert not PolicyConfirmation.objects.exists()
    missing = reverse("learners:policy_confirm", kwargs={"lesson_id": 987654})
    assert client.post(missing, {"version": "1"}).status_code == 404
