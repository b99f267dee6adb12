"""The package library in the admin: L&D editors upload; others are kept out."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scorm.models import ScormPackage, ScormPackageVersion

from .conftest import stored_files
from .fixtures import GOLF_12, GOLF_2004_4TH, fixture, golf_members, make_zip

pytestmark = pytest.mark.django_db


def _zip(name=GOLF_2004_4TH):
    return SimpleUploadedFile(
        name, fixture(name).read_bytes(), content_type="application/zip"
    )


def test_an_ld_editor_uploads_a_package_and_sees_its_tree(client, ld_editor, media):
    client.force_login(ld_editor)
    response = client.post(reverse("scorm_packages:add"), {"title": "", "file": _zip()})
    package = ScormPackage.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("scorm_packages:detail", args=[package.pk])
    assert package.title == "Golf Explained - 4th Edition Features"
    assert package.uploaded_by == ld_editor

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "SCORM 2004 4th Edition" in html
    assert "Having Fun" in html
    assert "shared/launchpage.html?content=assessment" in html
    assert "Upload a new version" in html


def test_uploading_to_an_existing_package_makes_version_two(client, ld_editor, media):
    client.force_login(ld_editor)
    client.post(reverse("scorm_packages:add"), {"title": "Golf", "file": _zip(GOLF_12)})
    package = ScormPackage.objects.get()
    response = client.post(
        reverse("scorm_packages:upload", args=[package.pk]), {"file": _zip()}
    )
    assert response.status_code == 302
    assert list(
        package.versions.order_by("number").values_list("number", "schema_version")
    ) == [(1, "1.2"), (2, "2004 4th Edition")]
    older = client.get(reverse("scorm_packages:version", args=[package.pk, 1]))
    assert "SCORM 1.2" in older.content.decode()
    assert (
        client.get(reverse("scorm_packages:version", args=[package.pk, 9])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 broken", "not a zip archive"),
        (None, "does not contain"),
    ],
)
def test_a_refused_upload_shows_why_and_stores_nothing(
    client, ld_editor, media, data, message
):
    if data is None:
        members = golf_members()
        del members["shared/launchpage.html"]
        data = make_zip(members).getvalue()
    client.force_login(ld_editor)
    response = client.post(
        reverse("scorm_packages:add"),
        {"file": SimpleUploadedFile("course.zip", data)},
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert '"course.zip" was not accepted' in html
    assert message in html
    assert not ScormPackage.objects.exists()
    assert not ScormPackageVersion.objects.exists()
    assert stored_files(media) == []


def test_an_upload_over_the_limit_is_refused_by_the_form(
    client, ld_editor, media, settings
):
    settings.SCORM_MAX_UPLOAD_BYTES = 1000
    client.force_login(ld_editor)
    response = client.post(reverse("scorm_packages:add"), {"file": _zip()})
    assert response.status_code == 200
    assert "more than the 1000 bytes allowed" in response.content.decode()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("manager", 403),
        ("leadership", 403),
        ("academy_admin", 302),  # staff without the permission: back to dashboard
        ("ld_reviewer", 302),
    ],
)
def test_only_ld_editors_may_upload(client, persona_user, media, persona, status):
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("scorm_packages:add"), {"file": _zip()})
    assert response.status_code == status
    assert not ScormPackage.objects.exists()
    assert stored_files(media) == []


def test_people_who_may_not_upload_cannot_add_versions(
    client, persona_user, ld_editor, media
):
    client.force_login(ld_editor)
    client.post(reverse("scorm_packages:add"), {"file": _zip(GOLF_12)})
    package = ScormPackage.objects.get()
    expected = {
        "learner": 403,
        "manager": 403,
        "leadership": 403,
        "academy_admin": 302,
        "ld_reviewer": 302,
    }
    for persona, status in expected.items():
        client.force_login(persona_user[persona])
        url = reverse("scorm_packages:upload", args=[package.pk])
        assert client.post(url, {"file": _zip()}).status_code == status, persona
    assert package.versions.count() == 1


def test_reviewers_may_look_at_a_package(client, ld_editor, ld_reviewer, media):
    client.force_login(ld_editor)
    client.post(reverse("scorm_packages:add"), {"file": _zip(GOLF_12)})
    package = ScormPackage.objects.get()
    client.force_login(ld_reviewer)
    response = client.get(reverse("scorm_packages:detail", args=[package.pk]))
    assert response.status_code == 200
    assert "Upload a new version" not in response.content.decode()


def test_the_library_lists_packages_in_a_fixed_number_of_queries(
    client, ld_editor, media, django_assert_max_num_queries
):
    client.force_login(ld_editor)
    for title in ("Golf one", "Golf two", "Golf three"):
        client.post(
            reverse("scorm_packages:add"), {"title": title, "file": _zip(GOLF_12)}
        )
    client.get(reverse("scorm_packages:index"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("scorm_packages:index"))
    html = response.content.decode()
    assert all(title in html for title in ("Golf one", "Golf two", "Golf three"))


def test_the_detail_page_lists_external_addresses_and_what_learners_get(
    client, ld_editor, media
):
    client.force_login(ld_editor)
    client.post(reverse("scorm_packages:add"), {"title": "", "file": _zip()})
    package = ScormPackage.objects.get()
    html = unescape(
        client.get(reverse("scorm_packages:detail", args=[package.pk])).content.decode()
    )
    assert "External addresses" in html
    assert "http://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js" in html
    assert "The academy's copy of jQuery 1.12.4 with jQuery Migrate 1.4.1" in html
    assert "The academy's copy of jQuery UI 1.13.3" in html
    assert 'w-status--label">Will not load' not in html


def test_an_upload_warns_about_addresses_that_will_not_load(client, ld_editor, media):
    members = golf_members(GOLF_12)
    members["shared/launchpage.html"] = members["shared/launchpage.html"].replace(
        b"<head>",
        b'<head><script src="https://tracker.example.net/t.js"></script>',
        1,
    )
    upload = SimpleUploadedFile(
        "golf-tracked.zip", make_zip(members).read(), content_type="application/zip"
    )
    client.force_login(ld_editor)
    response = client.post(
        reverse("scorm_packages:add"), {"title": "Golf", "file": upload}, follow=True
    )
    html = unescape(response.content.decode())
    assert (
        "1 external address in this package will not load for learners: "
        "https://tracker.example.net/t.js." in html
    )
    assert 'w-status--label">Will not load' in html
    assert "shared/launchpage.html" in html


def test_a_package_with_no_external_addresses_gets_no_warning(client, ld_editor, media):
    client.force_login(ld_editor)
    response = client.post(
        reverse("scorm_packages:add"),
        {"title": "Golf", "file": _zip(GOLF_12)},
        follow=True,
    )
    html = response.content.decode()
    assert "will not load" not in html
    assert "External addresses" not in html
