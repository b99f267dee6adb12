"""Accepting a package: what is stored, versions, and nothing stored on refusal."""

import importlib
import io
import stat
import zipfile

import pytest
from django.apps import apps as django_apps
from django.core.files.storage import default_storage
from wagtail.models import ModelLogEntry

from scorm import services
from scorm.manifest import ManifestError
from scorm.models import ScormPackage, ScormPackageVersion
from scorm.package import MIB, PackageError
from tests.factories import UserFactory

from .conftest import stored_files
from .fixtures import (
    GOLF_12,
    GOLF_2004_3RD,
    GOLF_2004_4TH,
    fixture,
    golf_members,
    make_zip,
)
from .test_package import _lying_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(first_name="Grace", last_name="Whitfield")


def _upload(name, actor, **kwargs):
    with fixture(name).open("rb") as source:
        return services.package_upload(
            source=source, file_name=name, actor=actor, **kwargs
        )


def test_a_package_is_stored_with_its_manifest_and_launch_data(media, editor):
    version = _upload(GOLF_2004_4TH, editor)
    package = version.package
    assert package.title == "Golf Explained - 4th Edition Features"
    assert package.uploaded_by == editor
    assert version.number == 1
    assert version.schema_version == "2004 4th Edition"
    assert version.file_count == 59
    assert len(version.sha256) == 64
    assert version.upload_bytes == fixture(GOLF_2004_4TH).stat().st_size
    assert [row["url"] for row in version.launch_data] == [
        "shared/launchpage.html?content=playing",
        "shared/launchpage.html?content=etiquette",
        "shared/launchpage.html?content=handicapping",
        "shared/launchpage.html?content=havingfun",
        "shared/launchpage.html?content=assessment",
    ]
    assert version.manifest["default_org"] == "golf_sample_default_org"
    files = stored_files(media)
    assert len(files) == 59
    assert all(name.startswith(version.storage_prefix) for name in files)
    assert default_storage.exists(version.storage_prefix + "shared/launchpage.html")
    assert version.size_bytes == sum((media / name).stat().st_size for name in files)
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(package.pk)
    ).exists()


def test_a_new_upload_of_the_same_package_is_a_new_version(media, editor):
    first = _upload(GOLF_12, editor, title="Golf basics")
    second = _upload(GOLF_2004_3RD, editor, package=first.package)
    assert second.package == first.package
    assert (first.number, second.number) == (1, 2)
    assert second.storage_prefix != first.storage_prefix
    assert second.schema_version == "2004 3rd Edition"
    first.refresh_from_db()
    assert first.schema_version == "1.2"  # the old version is kept as it was
    assert default_storage.exists(first.storage_prefix + "shared/launchpage.html")
    assert ScormPackage.objects.get().title == "Golf basics"


def _bad_uploads():
    members = golf_members()
    missing = dict(members)
    del missing["Etiquette/Course.html"]
    unknown = dict(members)
    unknown["imsmanifest.xml"] = unknown["imsmanifest.xml"].replace(
        b"<schemaversion>1.2</schemaversion>", b"<schemaversion>1.3</schemaversion>"
    )
    return {
        "not a zip": (b"%PDF-1.7", "not a zip archive"),
        "no manifest": (make_zip({"index.html": b"hi"}).getvalue(), "no imsmanifest"),
        "missing file": (make_zip(missing).getvalue(), "does not contain"),
        "zip slip": (
            make_zip({**members, "../../evil.py": b"x"}).getvalue(),
            "outside the package",
        ),
        "unknown version": (make_zip(unknown).getvalue(), "Unrecognised SCORM"),
        "absolute path": (
            make_zip({**members, "/var/www/evil.html": b"x"}).getvalue(),
            "absolute path",
        ),
        "symbolic link": (_with_symlink(members), "symbolic link"),
        "bomb": (
            make_zip({**members, "media/silence.bin": bytes(20 * MIB)}).getvalue(),
            "zip bomb",
        ),
    }


def _with_symlink(members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("shared/secrets")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/shadow")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "case",
    [
        "not a zip",
        "no manifest",
        "missing file",
        "zip slip",
        "unknown version",
        "absolute path",
        "symbolic link",
        "bomb",
    ],
)
def test_a_refused_upload_stores_nothing(media, editor, case):
    data, message = _bad_uploads()[case]
    with pytest.raises((PackageError, ManifestError), match=message):
        services.package_upload(
            source=io.BytesIO(data), file_name="course.zip", actor=editor
        )
    assert not ScormPackage.objects.exists()
    assert not ScormPackageVersion.objects.exists()
    assert stored_files(media) == []


def test_files_already_extracted_are_removed_when_a_later_one_fails(media, editor):
    source = _lying_zip(bytes(8 * 1024 * 1024), 4096)
    with pytest.raises(PackageError, match="headers do not match"):
        services.package_upload(source=source, file_name="golf.zip", actor=editor)
    assert stored_files(media) == []
    assert not ScormPackage.objects.exists()


def test_a_refused_new_version_leaves_the_package_as_it_was(media, editor):
    first = _upload(GOLF_12, editor)
    before = stored_files(media)
    with pytest.raises(PackageError):
        services.package_upload(
            source=io.BytesIO(b"not a zip"),
            file_name="v2.zip",
            actor=editor,
            package=first.package,
        )
    assert list(first.package.versions.values_list("number", flat=True)) == [1]
    assert stored_files(media) == before


def test_limits_come_from_settings(media, editor, settings):
    settings.SCORM_MAX_FILES = 10
    with pytest.raises(PackageError, match="more than 10 files"):
        _upload(GOLF_12, editor)
    assert stored_files(media) == []


def test_an_upload_records_the_external_addresses_its_pages_load(media, editor):
    version = _upload(GOLF_2004_4TH, editor)
    assert version.external_references == [
        {
            "url": "http://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js",
            "files": ["shared/launchpage.html"],
            "file_count": 1,
            "library": "jQuery 1.12.4 with jQuery Migrate 1.4.1",
        },
        {
            "url": "http://ajax.googleapis.com/ajax/libs/jqueryui/1.8.5/jquery-ui.min.js",
            "files": ["shared/launchpage.html"],
            "file_count": 1,
            "library": "jQuery UI 1.13.3",
        },
    ]


def test_addresses_no_local_copy_stands_in_for_are_recorded_as_blocked(media, editor):
    members = golf_members(GOLF_12)
    members["shared/analytics.html"] = (
        b'<html><head><script src="https://tracker.example.net/t.js"></script>'
        b'<link rel="stylesheet" href="https://fonts.example.com/lato.css">'
        b"</head><body></body></html>"
    )
    members["shared/style.css"] = (
        members["shared/style.css"] + b"\nbody{background:url(//img.example.org/a.png)}"
    )
    version = services.package_upload(
        source=make_zip(members), file_name="golf.zip", actor=editor
    )
    assert [
        (row["url"], row["files"], row["library"])
        for row in version.external_references
    ] == [
        ("//img.example.org/a.png", ["shared/style.css"], ""),
        ("https://fonts.example.com/lato.css", ["shared/analytics.html"], ""),
        ("https://tracker.example.net/t.js", ["shared/analytics.html"], ""),
    ]


def test_a_package_loading_nothing_external_records_nothing(media, editor):
    assert _upload(GOLF_12, editor).external_references == []


def test_versions_stored_before_scanning_are_scanned_by_the_migration(media, editor):
    scanned = _upload(GOLF_2004_4TH, editor)
    unscanned = _upload(GOLF_12, editor)
    expected = scanned.external_references
    ScormPackageVersion.objects.update(external_references=[])
    migration = importlib.import_module(
        "scorm.migrations.0003_version_external_references"
    )
    migration.scan_stored_versions(django_apps, None)
    scanned.refresh_from_db()
    unscanned.refresh_from_db()
    assert scanned.external_references == expected
    assert len(expected) == 2
    assert unscanned.external_references == []
