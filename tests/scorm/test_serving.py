"""Package files are served sandboxed, to signed links that expire."""

import pytest
from django.core import signing
from django.urls import reverse

from scorm.services import package_upload
from scorm.serving import content_base_url, content_token, content_token_read

from .fixtures import GOLF_2004_4TH, fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(media, ld_editor):
    with fixture(GOLF_2004_4TH).open("rb") as source:
        return package_upload(source=source, file_name="golf.zip", actor=ld_editor)


def _get(client, url):
    response = client.get(url)
    if hasattr(response, "streaming_content"):
        response.body = b"".join(response.streaming_content)
    else:  # HTML pages are read, rewritten and sent whole
        response.body = response.content
    return response


def test_a_package_file_is_served_sandboxed(client, version, ld_editor):
    base = content_base_url(version_id=version.pk, user_id=ld_editor.pk)
    response = _get(client, base + "shared/launchpage.html?content=playing")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox allow-scripts")
    assert "allow-same-origin" not in csp  # the content never gets our origin
    assert "frame-ancestors 'self'" in csp
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    assert b"<html" in response.body.lower()


def test_relative_files_load_under_the_same_link(client, version, ld_editor):
    base = content_base_url(version_id=version.pk, user_id=ld_editor.pk)
    response = _get(client, base + "shared/style.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")


@pytest.mark.parametrize(
    "path", ["../../../etc/passwd", "shared/../../x", "nope.html", "shared/"]
)
def test_paths_outside_or_missing_are_404(client, version, ld_editor, path):
    base = content_base_url(version_id=version.pk, user_id=ld_editor.pk)
    assert client.get(base + path).status_code == 404


def test_a_forged_or_expired_link_is_404(client, version, ld_editor, settings):
    token = content_token(version_id=version.pk, user_id=ld_editor.pk)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    url = reverse("scorm:package_file", kwargs={"token": forged, "path": "x.html"})
    assert client.get(url).status_code == 404
    settings.SCORM_CONTENT_URL_MAX_AGE = -1
    assert content_token_read(token) is None
    base = content_base_url(version_id=version.pk, user_id=ld_editor.pk)
    assert client.get(base + "shared/launchpage.html").status_code == 404


def test_a_token_signed_for_something_else_is_refused(version, ld_editor):
    other = signing.dumps({"v": version.pk, "u": ld_editor.pk}, salt="elsewhere")
    assert content_token_read(other) is None


def test_links_stop_working_for_people_who_may_no_longer_see_packages(
    client, version, ld_editor, learner
):
    base = content_base_url(version_id=version.pk, user_id=learner.user.pk)
    assert client.get(base + "shared/launchpage.html").status_code == 404
    base = content_base_url(version_id=version.pk, user_id=ld_editor.pk)
    ld_editor.is_active = False
    ld_editor.save(update_fields=["is_active"])
    assert client.get(base + "shared/launchpage.html").status_code == 404


def test_only_reads_are_allowed(client, version, ld_editor):
    base = content_base_url(version_id=version.pk, user_id=ld_editor.pk)
    assert client.post(base + "shared/launchpage.html").status_code == 405


def test_the_inspect_screen_links_each_launch_url_to_a_preview(
    client, version, ld_editor
):
    client.force_login(ld_editor)
    html = client.get(
        reverse("scorm_packages:detail", args=[version.package_id])
    ).content.decode()
    assert "/scorm/content/" in html
    assert "shared/launchpage.html?content=assessment" in html
    assert 'sandbox="allow-scripts' not in html  # previews open in their own tab


# --- public CDN libraries served from the academy's own copies ----------------------


def test_a_page_loading_jquery_from_a_cdn_gets_the_local_copy(
    client, version, ld_editor
):
    base = content_base_url(version_id=version.pk, user_id=ld_editor.pk)
    response = _get(client, base + "shared/launchpage.html?content=playing")
    assert b"ajax.googleapis.com" not in response.body
    assert b'<script src="/scorm/libraries/jquery-1.12.4.js"' in response.body
    assert b'<script src="/scorm/libraries/jquery-ui-1.13.3.js"' in response.body
    # The policy is as strict as ever: the copies come from the same origin.
    assert "default-src 'self' data: blob:" in response["Content-Security-Policy"]
    assert "googleapis" not in response["Content-Security-Policy"]


def test_a_library_is_served_as_a_script(client):
    response = client.get(reverse("scorm:library", kwargs={"name": "jquery-1.12.4"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"/*! jQuery v1.12.4 ")
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["jquery-3.7.1", "jquery", "..", "jquery-1.12.4.js"])
def test_an_unknown_library_is_404(client, name):
    url = reverse("scorm:library", kwargs={"name": name})
    assert client.get(url).status_code == 404


def test_a_library_is_only_read(client):
    url = reverse("scorm:library", kwargs={"name": "jquery-ui-1.13.3"})
    assert client.post(url).status_code == 405


def test_with_a_content_origin_libraries_are_served_there_only(client, settings):
    settings.SCORM_CONTENT_ORIGIN = "http://scorm-content.test"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "scorm-content.test"]
    url = reverse("scorm:library", kwargs={"name": "jquery-1.12.4"})
    assert client.get(url, HTTP_HOST="scorm-content.test").status_code == 200
    assert client.get(url).status_code == 404
