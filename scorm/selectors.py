"""Reads for the package library: a fixed number of queries per screen."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, QuerySet

from .models import PackageLessonPage, ScormAttempt, ScormPackage, ScormPackageVersion
from .outline import OrganizationOutline, outline


def package_list() -> QuerySet[ScormPackage]:
    """Packages with their version count and newest version number."""
    return ScormPackage.objects.select_related("uploaded_by").annotate(
        version_count=Count("versions"), latest_number=Max("versions__number")
    )


def package_versions(*, package: ScormPackage) -> list[ScormPackageVersion]:
    """Every version of a package, newest first (the manifest JSON left unread)."""
    return list(
        package.versions.select_related("uploaded_by")
        .defer("manifest", "launch_data")
        .order_by("-number")
    )


def version_get(*, package: ScormPackage, number: int) -> ScormPackageVersion | None:
    return package.versions.filter(number=number).first()


def version_latest(*, package: ScormPackage) -> ScormPackageVersion | None:
    return package.versions.order_by("-number").first()


def version_outline(*, version: ScormPackageVersion) -> list[OrganizationOutline]:
    return outline(version.manifest)


def version_resources(*, version: ScormPackageVersion) -> list[dict]:
    return [
        {
            "identifier": resource["identifier"],
            "scorm_type": resource["scorm_type"],
            "href": resource["href"] or "",
            "file_count": len(resource["files"]),
            "dependencies": ", ".join(resource["dependencies"]),
        }
        for resource in version.manifest["resources"]
    ]


def content_prefix(*, version_id: int, user_id: int) -> str | None:
    """Where a version's files are, if the person its content URL was made for
    may still see it: an active user who may view packages in the admin.

    (Learners will be let in by the lessons that play the package, with the player.)
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_perm("scorm.view_scormpackage"):
        return None
    return (
        ScormPackageVersion.objects.filter(pk=version_id)
        .values_list("storage_prefix", flat=True)
        .first()
    )


def launch_prefix(*, attempt_id: int) -> str | None:
    """Where the files of a launched attempt's version are, while its learner is
    an active person (the launch token itself names the attempt and session)."""
    return (
        ScormAttempt.objects.filter(pk=attempt_id, learner__user__is_active=True)
        .values_list("version__storage_prefix", flat=True)
        .first()
    )


def playable_lessons() -> QuerySet[PackageLessonPage]:
    """Published package lessons that have a package."""
    return PackageLessonPage.objects.live().filter(package__isnull=False)


def learner_attempt(
    *, learner_id: int, lesson_id: int, attempt_id: object
) -> ScormAttempt | None:
    """The learner's own attempt at the lesson by id (from a form), else None."""
    text = str(attempt_id or "")
    if not (text.isascii() and text.isdigit() and len(text) <= 12):
        return None
    pk = int(text)
    return (
        ScormAttempt.objects.select_related("version")
        .filter(pk=pk, learner_id=learner_id, lesson_id=lesson_id)
        .first()
    )
