"""Package lessons for tests: a package uploaded from a golf fixture, played by a
published ``PackageLessonPage`` under a course."""

from __future__ import annotations

from scorm.models import PackageLessonPage
from scorm.services import package_upload

from .fixtures import fixture


def upload(name: str, *, actor=None):
    with fixture(name).open("rb") as source:
        return package_upload(source=source, file_name=name, actor=actor)


def package_lesson(course, *, name: str, title: str, required: bool = True):
    version = upload(name)
    lesson = PackageLessonPage(
        title=title,
        summary="Rules, etiquette and handicaps, in a package from the golf club.",
        estimated_minutes=20,
        required=required,
        package=version.package,
    )
    course.add_child(instance=lesson)
    lesson.save_revision().publish()
    return lesson
