"""The data model the runtime will build on: versions, the package lesson, attempts."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from courses.api import LessonPage
from scorm.models import PackageLessonPage, ScormAttempt, ScormPackageVersion
from scorm.services import package_upload
from tests.factories import CoursePageFactory, LearnerFactory

from .fixtures import GOLF_12, GOLF_2004_3RD, fixture

pytestmark = pytest.mark.django_db


def _upload(name, package=None):
    with fixture(name).open("rb") as source:
        return package_upload(
            source=source, file_name=name, actor=None, package=package
        )


@pytest.fixture
def lesson(media):
    version = _upload(GOLF_12)
    course = CoursePageFactory(title="Golf for beginners")
    page = PackageLessonPage(
        title="Golf explained", slug="golf-explained", package=version.package
    )
    course.add_child(instance=page)
    return page


def test_package_lessons_can_be_created_under_a_course():
    from courses.models import CoursePage

    assert PackageLessonPage.is_creatable is True
    assert PackageLessonPage in CoursePage.allowed_subpage_models()
    assert PackageLessonPage.completed_by_content is True


def test_a_package_lesson_is_a_lesson_of_its_course(lesson):
    course = lesson.get_parent()
    assert list(LessonPage.objects.child_of(course)) == [lesson.lessonpage_ptr]
    assert lesson.required is True
    assert lesson.check_settings is None


def test_an_attempt_keeps_the_version_it_started_on(lesson):
    learner = LearnerFactory(user__first_name="Amara", user__last_name="Osei")
    first = lesson.package.versions.get()
    attempt = ScormAttempt.objects.create(
        learner=learner, lesson=lesson, version=first, sco_identifier="item_1"
    )
    _upload(GOLF_2004_3RD, package=lesson.package)
    attempt.refresh_from_db()
    assert attempt.version == first
    assert lesson.package.versions.count() == 2
    with pytest.raises(ProtectedError):
        first.delete()


def test_one_attempt_per_learner_lesson_sco_and_number(lesson):
    learner = LearnerFactory(user__first_name="Amara", user__last_name="Osei")
    version = lesson.package.versions.get()
    fields = {
        "learner": learner,
        "lesson": lesson,
        "version": version,
        "sco_identifier": "item_1",
    }
    ScormAttempt.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScormAttempt.objects.create(**fields)
    ScormAttempt.objects.create(**fields, number=2)


@pytest.mark.parametrize(
    "changes",
    [{"score_scaled": 1.5}, {"completion_status": "done"}, {"number": 0}],
)
def test_attempt_constraints(lesson, changes):
    learner = LearnerFactory(user__first_name="Amara", user__last_name="Osei")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScormAttempt.objects.create(
            learner=learner,
            lesson=lesson,
            version=lesson.package.versions.get(),
            sco_identifier="item_1",
            **changes,
        )


def test_version_numbers_are_unique_per_package(media):
    version = _upload(GOLF_12)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScormPackageVersion.objects.create(
            **{
                field.name: getattr(version, field.name)
                for field in ScormPackageVersion._meta.concrete_fields
                if field.name not in ("id", "storage_prefix")
            },
            storage_prefix="scorm/other/",
        )


def test_a_package_used_by_a_lesson_cannot_be_deleted(lesson):
    with pytest.raises(ProtectedError):
        lesson.package.delete()
