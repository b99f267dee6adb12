"""The admin's read-only view of learners' package attempts."""

import pytest
from django.urls import reverse

from scorm.runtime import attempt_commit, attempt_launch
from tests.factories import CoursePageFactory, LearnerFactory

from .fixtures import GOLF_12
from .lessons import package_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempts(media):
    course = CoursePageFactory(title="Golf for beginners")
    lesson = package_lesson(course, name=GOLF_12, title="Playing golf")
    made = []
    for first, last in (("Amara", "Okafor"), ("Jonas", "Berg"), ("Mei", "Tanaka")):
        learner = LearnerFactory(user__first_name=first, user__last_name=last)
        attempt = attempt_launch(learner_id=learner.pk, lesson=lesson)
        attempt_commit(
            attempt_id=attempt.pk,
            session=attempt.session,
            user_id=learner.user_id,
            values={"cmi.core.lesson_location": "7", "cmi.suspend_data": "q1=b"},
            terminate=False,
        )
        made.append(attempt)
    return made


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("ld_editor", 200),
        ("academy_admin", 200),
        ("ld_reviewer", 302),
        ("leadership", 403),
        ("learner", 403),
        ("anonymous", 302),
    ],
)
def test_attempts_are_for_ld_and_academy_admins(
    client, persona_user, attempts, persona, status
):
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    for url in (
        reverse("scorm_attempts:index"),
        reverse("scorm_attempts:inspect", args=[attempts[0].pk]),
    ):
        assert client.get(url).status_code == status


def test_an_attempt_shows_its_cmi_values_and_times(client, ld_editor, attempts):
    client.force_login(ld_editor)
    html = client.get(
        reverse("scorm_attempts:inspect", args=[attempts[0].pk])
    ).content.decode()
    assert "cmi.core.lesson_location" in html
    assert "q1=b" in html


def test_the_attempt_list_costs_the_same_queries_for_more_rows(
    client, ld_editor, attempts, django_assert_max_num_queries
):
    client.force_login(ld_editor)
    url = reverse("scorm_attempts:index")
    client.get(url)
    with django_assert_max_num_queries(40) as captured:
        assert client.get(url).status_code == 200
    few = len(captured)
    lesson = attempts[0].lesson
    for n in range(5):
        learner = LearnerFactory(user__first_name="Noor", user__last_name=f"Haddad{n}")
        attempt_launch(learner_id=learner.pk, lesson=lesson)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


def test_nobody_edits_adds_or_deletes_attempts_in_the_admin():
    from django.urls import NoReverseMatch

    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"scorm_attempts:{name}", args=[1] if name != "add" else [])
