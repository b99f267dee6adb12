"""A multi-SCO SCORM 2004 package: per-SCO attempts, navigation, outline and the
post-test rollup that decides the lesson (the 4th Edition golf package)."""

import json

import pytest
from django.urls import reverse

from learners.models import (
    Certificate,
    CourseEnrolment,
    EnrolmentSource,
    LessonProgress,
)
from learners.services.enrolment import course_enrol
from scorm.models import ScormAttempt
from scorm.runtime import (
    LaunchError,
    attempt_commit,
    attempt_launch,
    navigation_target,
)
from scorm.serving import commit_token
from tests.factories import CoursePageFactory, LearnerFactory

from .fixtures import GOLF_2004_4TH
from .lessons import package_lesson

pytestmark = pytest.mark.django_db

SCOS = [
    "playing_item",
    "etuqiette_item",
    "handicapping_item",
    "havingfun_item",
    "assessment_item",
]


@pytest.fixture
def course(media):
    return CoursePageFactory(title="Golf explained")


@pytest.fixture
def lesson(course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return package_lesson(course, name=GOLF_2004_4TH, title="Golf explained")


@pytest.fixture
def learner(course):
    person = LearnerFactory(user__first_name="Ingrid", user__last_name="Solberg")
    course_enrol(learner=person, course_id=course.pk, source=EnrolmentSource.SELF)
    return person


def _commit(client, attempt, values, *, terminate=False):
    user = attempt.learner.user
    token = commit_token(
        attempt_id=attempt.pk, session=attempt.session, user_id=user.pk
    )
    client.force_login(user)
    return client.post(
        reverse("scorm:commit", args=[attempt.pk]),
        data=json.dumps({"token": token, "terminate": terminate, "cmi": values}),
        content_type="text/plain;charset=UTF-8",
    )


def _launch(client, learner, lesson, **data):
    client.force_login(learner.user)
    return client.post(reverse("scorm:launch", args=[lesson.pk]), data=data)


def test_each_sco_has_its_own_attempt_and_resumes_on_its_own(client, lesson, learner):
    first = attempt_launch(learner_id=learner.pk, lesson=lesson)
    assert first.sco_identifier == "playing_item"
    _commit(
        client,
        first,
        {"cmi.location": "3", "cmi.exit": "suspend", "cmi.suspend_data": "p3"},
        terminate=True,
    )
    second = attempt_launch(learner_id=learner.pk, lesson=lesson, item="etuqiette_item")
    assert second.pk != first.pk
    assert second.cmi == {}
    _commit(client, second, {"cmi.location": "1"})
    again = attempt_launch(learner_id=learner.pk, lesson=lesson, item="playing_item")
    assert again.pk == first.pk
    assert again.session == 2
    assert again.cmi["cmi.location"] == "3"
    assert again.cmi["cmi.suspend_data"] == "p3"
    other = ScormAttempt.objects.get(pk=second.pk)
    assert other.cmi == {"cmi.location": "1"}


def test_an_unknown_item_is_refused_and_nothing_is_created(client, lesson, learner):
    with pytest.raises(LaunchError):
        attempt_launch(learner_id=learner.pk, lesson=lesson, item="no_such_item")
    response = _launch(client, learner, lesson, item="no_such_item")
    assert response.status_code == 409
    assert not ScormAttempt.objects.exists()


def test_navigation_requests_follow_the_organisation(lesson):
    version = lesson.package.versions.get()
    go = navigation_target
    assert go(version, current="playing_item", request="continue") == "etuqiette_item"
    assert go(version, current="etuqiette_item", request="previous") == "playing_item"
    assert go(version, current="playing_item", request="previous") is None
    assert go(version, current="assessment_item", request="continue") is None
    for request in ("{target=assessment_item}jump", "{target=assessment_item}choice"):
        assert go(version, current="playing_item", request=request) == "assessment_item"
    assert (
        go(version, current="playing_item", request="choice.{target=havingfun_item}")
        == "havingfun_item"
    )
    for request in ("exitAll", "suspendAll"):
        assert go(version, current="playing_item", request=request) is None
    with pytest.raises(LaunchError):
        go(version, current="playing_item", request="sideways")
    with pytest.raises(LaunchError):
        go(version, current="playing_item", request="{target=nowhere}choice")


def test_continue_from_the_page_opens_the_next_sco(client, lesson, learner):
    first = attempt_launch(learner_id=learner.pk, lesson=lesson)
    response = _launch(client, learner, lesson, nav="continue", **{"from": first.pk})
    attempt = ScormAttempt.objects.get(sco_identifier="etuqiette_item")
    assert response.status_code == 302
    assert response.url.endswith(f"?play={attempt.pk}.{attempt.session}#player")
    response = _launch(client, learner, lesson, nav="exitAll", **{"from": attempt.pk})
    assert response.status_code == 302
    assert "play=" not in response.url
    assert ScormAttempt.objects.count() == 2


def test_navigation_from_someone_elses_attempt_is_refused(client, lesson, learner):
    other = LearnerFactory(user__first_name="Kofi", user__last_name="Mensah")
    theirs = attempt_launch(learner_id=other.pk, lesson=lesson)
    response = _launch(client, learner, lesson, nav="continue", **{"from": theirs.pk})
    assert response.status_code == 409
    response = _launch(client, learner, lesson, nav="continue", **{"from": "x" * 40})
    assert response.status_code == 409
    assert ScormAttempt.objects.filter(learner=learner).count() == 0


def test_the_lesson_page_shows_the_outline_with_each_part_status(
    client, lesson, learner, django_assert_max_num_queries
):
    first = attempt_launch(learner_id=learner.pk, lesson=lesson)
    _commit(client, first, {"cmi.completion_status": "completed"})
    second = attempt_launch(learner_id=learner.pk, lesson=lesson, item="etuqiette_item")
    _commit(client, second, {"cmi.completion_status": "incomplete"})
    client.force_login(learner.user)
    url = f"{lesson.url}?play={second.pk}.{second.session}"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-labelledby="outline-heading"' in html
    assert html.count('name="item"') == 4  # every part but the open one
    assert 'aria-current="step"' in html
    for status in ("Completed", "In progress", "Not started"):
        assert status in html
    for move in ('value="continue"', 'value="previous"'):
        assert move in html
    # The page's queries do not grow with the learner's attempts.
    with django_assert_max_num_queries(60) as before:
        client.get(url)
    for item in SCOS[2:]:
        attempt_launch(learner_id=learner.pk, lesson=lesson, item=item)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_reading_every_part_decides_nothing_the_post_test_decides_the_lesson(
    client, lesson, learner, course, django_capture_on_commit_callbacks
):
    for item in SCOS[:-1]:
        attempt = attempt_launch(learner_id=learner.pk, lesson=lesson, item=item)
        _commit(
            client,
            attempt,
            {"cmi.completion_status": "completed", "cmi.exit": "suspend"},
            terminate=True,
        )
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    test = attempt_launch(learner_id=learner.pk, lesson=lesson, item="assessment_item")
    _commit(
        client,
        test,
        {
            "cmi.completion_status": "completed",
            "cmi.success_status": "failed",
            "cmi.score.scaled": "0.4",
        },
        terminate=True,
    )
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    retake = attempt_launch(
        learner_id=learner.pk, lesson=lesson, item="assessment_item"
    )
    assert retake.number == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = _commit(
            client,
            retake,
            {
                "cmi.completion_status": "completed",
                "cmi.success_status": "passed",
                "cmi.score.scaled": "0.85",
            },
        )
    assert response.json() == {"result": "true", "errorCode": 0}
    progress = LessonProgress.objects.get(learner=learner, lesson_id=lesson.pk)
    assert progress.completed_at is not None
    assert progress.completion_note == "SCORM 2004: completed, passed, 85%"
    assert CourseEnrolment.objects.get(learner=learner).status == "completed"
    assert Certificate.objects.filter(learner=learner, course=course).count() == 1
    # A later commit does not complete the lesson a second time.
    _commit(client, retake, {"cmi.score.scaled": "0.9"}, terminate=True)
    assert ScormAttempt.objects.filter(completed_at__isnull=False).count() == 1


def test_a_multi_sco_commit_is_a_fixed_number_of_queries(
    lesson, learner, django_assert_max_num_queries
):
    attempts = [
        attempt_launch(learner_id=learner.pk, lesson=lesson, item=item) for item in SCOS
    ]
    # One more than a single-SCO commit: every SCO's latest attempt, for rollup.
    with django_assert_max_num_queries(5):
        result = attempt_commit(
            attempt_id=attempts[0].pk,
            session=attempts[0].session,
            user_id=learner.user.pk,
            values={"cmi.location": "2"},
            terminate=False,
        )
    assert result.ok


def _version_with(control):
    from types import SimpleNamespace

    return SimpleNamespace(
        launch_data=[
            {"identifier": "a", "title": "A", "url": "a.html"},
            {"identifier": "b", "title": "B", "url": "b.html"},
        ],
        manifest={
            "default_org": "org",
            "sequencing_collection": {},
            "organizations": [
                {
                    "identifier": "org",
                    "title": "Org",
                    "items": [],
                    "sequencing": {
                        "tag": "sequencing",
                        "children": [{"tag": "controlMode", "attributes": control}],
                    },
                }
            ],
        },
    )


def test_control_mode_limits_the_requests_that_lead_somewhere():
    no_flow = _version_with({"flow": "false"})
    assert navigation_target(no_flow, current="a", request="continue") is None
    assert navigation_target(no_flow, current="a", request="{target=b}choice") == "b"
    no_choice = _version_with({"choice": "false"})
    assert navigation_target(no_choice, current="a", request="continue") == "b"
    assert navigation_target(no_choice, current="a", request="{target=b}choice") is None
    # A jump is the package's own move: control modes do not stop it.
    assert navigation_target(no_choice, current="a", request="{target=b}jump") == "b"


def test_a_package_without_choice_refuses_picking_a_part(client, course, learner):
    from scorm.models import PackageLessonPage
    from scorm.services import package_upload

    from .fixtures import golf_members, make_zip

    members = golf_members(GOLF_2004_4TH)
    manifest = members["imsmanifest.xml"]
    choice = b'<imsss:controlMode choice="true" flow="true"/>'
    assert choice in manifest
    members["imsmanifest.xml"] = manifest.replace(
        choice, b'<imsss:controlMode choice="false" flow="true"/>'
    )
    version = package_upload(
        source=make_zip(members), file_name="flow-only.zip", actor=None
    )
    lesson = PackageLessonPage(
        title="Golf in order", estimated_minutes=30, package=version.package
    )
    course.add_child(instance=lesson)
    lesson.save_revision().publish()
    response = _launch(client, learner, lesson, item="havingfun_item")
    assert response.status_code == 409
    assert not ScormAttempt.objects.exists()
    first = attempt_launch(learner_id=learner.pk, lesson=lesson)
    client.force_login(learner.user)
    html = client.get(f"{lesson.url}?play={first.pk}.{first.session}").content.decode()
    assert 'name="item"' not in html
    assert 'value="continue"' in html
    response = _launch(client, learner, lesson, nav="continue", **{"from": first.pk})
    assert response.status_code == 302
    assert ScormAttempt.objects.filter(sco_identifier="etuqiette_item").exists()
