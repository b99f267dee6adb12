"""Certificates' public pages, PDFs, Open Badges 3.0 credentials and revocation."""

import base64
import json
import re
import zlib

import jwt
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from jwt.algorithms import RSAAlgorithm

from learners import badges
from learners.models import AuditAction, AuditEvent, Certificate, CertificateKind
from learners.services.certificates import certificate_issue
from learners.services.credentials import (
    RevocationError,
    certificate_revoke,
    signing_key_rotate,
)
from tests.factories import LearnerFactory
from tests.factories.courses import CourseSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture
def certificate(world, enrolled):
    CourseSkillFactory(page=world.course, skill=SkillFactory(name="Output review"))
    CourseSkillFactory(page=world.course, skill=SkillFactory(name="Bias spotting"))
    return certificate_issue(
        learner=enrolled,
        kind=CertificateKind.COURSE,
        item_id=world.course.pk,
        item_title=world.course.title,
        on=timezone.localdate(),
    )


def _badge(client, certificate, fmt):
    client.force_login(certificate.learner.user)
    url = reverse(
        "learners:certificate_badge", kwargs={"uuid": certificate.uuid, "fmt": fmt}
    )
    response = client.get(url)
    assert response.status_code == 200
    return response


def _check(client, text):
    client.logout()
    return client.post(reverse("learners:credential_verify"), {"badge": text})


def _resign(payload, header_kid, private_pem):
    return jwt.encode(
        payload, private_pem, algorithm="RS256", headers={"kid": header_kid}
    )


def _pdf_text(data: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(chunks)


def _segments(token):
    return token.split(".")


def _b64(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# --- the public page and the PDF ---------------------------------------------------


def test_verification_page_is_public_shows_the_record_and_no_email(client, certificate):
    url = reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amara Okafor" in html
    assert "Judging AI output" in html
    assert "AI Skills Academy" in html
    assert "Valid." in html
    assert timezone.localdate().strftime("%B") in html
    assert certificate.learner.user.email not in html
    assert certificate.learner.employee_id not in html
    # The QR code is inline SVG with a name; no image file is linked.
    assert '<svg role="img" aria-label="QR code of this verification link"' in html
    assert f"{BASE}{url}" in html
    # Only the holder sees the badge downloads.
    assert "badge.jwt" not in html


def test_holder_sees_badge_downloads_on_their_certificate(client, certificate):
    client.force_login(certificate.learner.user)
    url = reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    html = client.get(url).content.decode()
    assert f"/certificates/{certificate.uuid}/badge.jwt" in html
    assert f"/certificates/{certificate.uuid}/badge.json" in html


def test_unknown_or_malformed_certificate_id_cannot_be_verified(client):
    url = reverse(
        "learners:certificate", kwargs={"uuid": "8f14e45f-ceea-467f-a8f4-8c1f5b6d2a90"}
    )
    response = client.get(url)
    assert response.status_code == 404
    assert "cannot be verified" in response.content.decode()
    malformed = client.get("/certificates/not-a-uuid/")
    assert malformed.status_code == 404
    assert "cannot be verified" in malformed.content.decode()
    assert client.get("/certificates/8f14e45f/badge.jwt").status_code == 404


def test_pdf_has_the_verification_url_and_qr(client, certificate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("learners:certificate_pdf", kwargs={"uuid": certificate.uuid})
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    verify_url = reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    # The link under the printed URL, and the document's subject, carry it.
    assert f"(http://testserver{verify_url})".encode() in text
    assert b"Amara Okafor" in text or b"Judging AI output" in text
    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith("-v2.pdf")
    assert client.get(url).content == response.content


# --- the badge ----------------------------------------------------------------------


def test_badge_json_has_the_open_badges_3_shape(client, certificate):
    response = _badge(client, certificate, "json")
    assert response["Content-Type"] == "application/ld+json"
    assert "attachment" in response["Content-Disposition"]
    credential = json.loads(response.content)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"urn:uuid:{certificate.uuid}"
    issuer = credential["issuer"]
    assert issuer["id"] == f"{BASE}{reverse('learners:credential_issuer')}"
    assert issuer["type"] == ["Profile"]
    assert issuer["name"] == "AI Skills Academy"
    assert issuer["url"] == f"{BASE}/"
    assert credential["validFrom"] == (f"{certificate.issued_on:%Y-%m-%d}T00:00:00Z")
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Amara Okafor"
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Judging AI output"
    assert achievement["description"].startswith("Define KPIs")
    assert "70%" in achievement["criteria"]["narrative"]
    assert achievement["tag"] == ["Output review", "Bias spotting"]
    assert achievement["id"].startswith(BASE)
    status = credential["credentialStatus"]
    assert status["type"] == "1EdTechRevocationList"
    assert status["id"] == BASE + reverse(
        "learners:credential_status", kwargs={"uuid": certificate.uuid}
    )
    assert certificate.learner.user.email not in response.content.decode()


def test_signed_badge_verifies_with_the_published_key(client, certificate):
    token = _badge(client, certificate, "jwt").content.decode()
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    client.logout()
    jwks = client.get(reverse("learners:credential_jwks")).json()
    assert jwks["keys"], "the key is published"
    published = {key["kid"]: key for key in jwks["keys"]}
    assert "d" not in published[header["kid"]], "never the private part"
    key = RSAAlgorithm.from_jwk(json.dumps(published[header["kid"]]))
    payload = jwt.decode(token, key, algorithms=["RS256"])
    assert payload["iss"] == payload["issuer"]["id"]
    assert payload["jti"] == f"urn:uuid:{certificate.uuid}"
    assert payload["credentialSubject"]["achievement"]["name"] == "Judging AI output"
    # The issuer profile is public too.
    profile = client.get(reverse("learners:credential_issuer")).json()
    assert profile["id"] == payload["iss"]


def test_every_download_is_the_same_badge(client, certificate):
    first = _badge(client, certificate, "jwt").content
    assert _badge(client, certificate, "jwt").content == first
    assert (
        _badge(client, certificate, "json").content
        == _badge(client, certificate, "json").content
    )


def test_another_learners_badge_is_404_and_anonymous_must_sign_in(
    client, certificate, other_learner
):
    url = reverse(
        "learners:certificate_badge",
        kwargs={"uuid": certificate.uuid, "fmt": "jwt"},
    )
    assert client.get(url).status_code == 302
    client.force_login(other_learner.user)
    assert client.get(url).status_code == 404
    certificate.refresh_from_db()
    assert certificate.credential is None


# --- the badge checker ---------------------------------------------------------------


def test_checker_says_valid_for_a_genuine_token_and_json(client, certificate):
    token = _badge(client, certificate, "jwt").content.decode()
    body = _badge(client, certificate, "json").content.decode()
    for text in (token, body):
        response = _check(client, text)
        html = response.content.decode()
        assert response.status_code == 200
        assert "verification--valid" in html
        assert "Amara Okafor" in html
        assert certificate.learner.user.email not in html


def test_checker_accepts_an_uploaded_badge_file(client, certificate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    token = _badge(client, certificate, "jwt").content
    client.logout()
    upload = SimpleUploadedFile("badge.jwt", token, content_type="application/jwt")
    response = client.post(
        reverse("learners:credential_verify"), {"badge_file": upload}
    )
    assert "verification--valid" in response.content.decode()


def test_checker_says_forged_when_one_claim_is_changed(client, certificate):
    token = _badge(client, certificate, "jwt").content.decode()
    header, payload, signature = _segments(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory Vance"
    altered = ".".join([header, _b64(claims), signature])
    assert "verification--forged" in _check(client, altered).content.decode()

    credential = json.loads(_badge(client, certificate, "json").content)
    credential["credentialSubject"]["achievement"]["name"] = "Chief AI Officer"
    response = _check(client, json.dumps(credential))
    assert "verification--forged" in response.content.decode()


def test_checker_says_forged_when_signed_with_another_key(client, certificate):
    token = _badge(client, certificate, "jwt").content.decode()
    claims = jwt.decode(token, options={"verify_signature": False})
    ours = jwt.get_unverified_header(token)["kid"]
    stranger = badges.key_generate()
    forged = _resign(claims, ours, stranger.private_pem)
    assert "verification--forged" in _check(client, forged).content.decode()
    # Nor does a token that names an id the academy never issued pass.
    claims["id"] = claims["jti"] = "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"
    response = _check(client, _resign(claims, ours, stranger.private_pem))
    assert "verification--forged" in response.content.decode()


def test_checker_refuses_alg_none(client, certificate):
    token = _badge(client, certificate, "jwt").content.decode()
    claims = jwt.decode(token, options={"verify_signature": False})
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert "verification--forged" in _check(client, unsigned).content.decode()


def test_checker_says_unknown_issuer_for_someone_elses_badge(client, certificate):
    credential = json.loads(_badge(client, certificate, "json").content)
    credential["issuer"]["id"] = "https://badges.example.org/issuer"
    stranger = badges.key_generate()
    token = badges.credential_sign(
        credential=credential,
        private_pem=stranger.private_pem,
        public_jwk=stranger.public_jwk,
    )
    for text in (token, json.dumps(credential)):
        response = _check(client, text)
        assert "verification--unknown_issuer" in response.content.decode()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "{not json",
        '{"type": ["VerifiableCredential"]}',
        "[1, 2]",
        "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        "x" * 70_000,
    ],
)
def test_checker_explains_what_is_not_a_badge(client, text):
    response = client.post(reverse("learners:credential_verify"), {"badge": text})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "verification--valid" not in html
    assert "verification--forged" not in html
    assert ("Not a badge" in html) or ("Paste a badge" in html)


def test_checker_refuses_a_binary_file(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("badge.png", b"\x89PNG\r\n\x1a\n\xff\xfe")
    response = client.post(
        reverse("learners:credential_verify"), {"badge_file": upload}
    )
    assert response.status_code == 400
    assert "not a badge" in response.content.decode()


def test_badges_signed_before_a_key_rotation_still_verify(client, certificate):
    old = _badge(client, certificate, "jwt").content.decode()
    signing_key_rotate()
    new = _badge(client, certificate, "jwt").content.decode()
    assert (
        jwt.get_unverified_header(old)["kid"] != (jwt.get_unverified_header(new)["kid"])
    )
    for token in (old, new):
        assert "verification--valid" in _check(client, token).content.decode()
    assert len(client.get(reverse("learners:credential_jwks")).json()["keys"]) == 2


def test_the_private_key_is_stored_encrypted(certificate, client):
    from learners.models import SigningKey

    _badge(client, certificate, "jwt")
    key = SigningKey.objects.get(active=True)
    assert "PRIVATE KEY" not in key.private_key
    assert "d" not in key.public_jwk


# --- revocation ---------------------------------------------------------------------


def test_revoked_certificate_says_so_everywhere(client, certificate, academy_admin):
    token = _badge(client, certificate, "jwt").content.decode()
    body = _badge(client, certificate, "json").content.decode()
    certificate_revoke(
        certificate_id=certificate.pk, by=academy_admin, reason="Exam misconduct"
    )
    client.logout()
    page = client.get(
        reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    ).content.decode()
    assert "Revoked" in page
    assert "Exam misconduct" not in page, "the reason is not public"
    for text in (token, body):
        html = _check(client, text).content.decode()
        assert "verification--revoked" in html
        assert timezone.localdate().strftime("%B %Y") in html
    status = client.get(
        reverse("learners:credential_status", kwargs={"uuid": certificate.uuid})
    ).json()
    assert status["status"] == "revoked"
    assert status["revokedAt"]
    pdf = reverse("learners:certificate_pdf", kwargs={"uuid": certificate.uuid})
    assert client.get(pdf).status_code == 410
    client.force_login(certificate.learner.user)
    badge = reverse(
        "learners:certificate_badge", kwargs={"uuid": certificate.uuid, "fmt": "jwt"}
    )
    assert client.get(badge).status_code == 410


def test_revoking_needs_a_reason_records_an_audit_entry_and_happens_once(
    certificate, academy_admin
):
    with pytest.raises(RevocationError):
        certificate_revoke(certificate_id=certificate.pk, by=academy_admin, reason=" ")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    certificate_revoke(
        certificate_id=certificate.pk, by=academy_admin, reason="Issued in error"
    )
    with pytest.raises(RevocationError):
        certificate_revoke(
            certificate_id=certificate.pk, by=academy_admin, reason="Again"
        )
    events = AuditEvent.objects.filter(action=AuditAction.CERTIFICATE_REVOKED)
    assert events.count() == 1
    assert events.get().actor == academy_admin
    assert "Issued in error" in events.get().summary


def test_status_of_a_valid_and_an_unknown_credential(client, certificate):
    url = reverse("learners:credential_status", kwargs={"uuid": certificate.uuid})
    assert client.get(url).json() == {
        "id": f"urn:uuid:{certificate.uuid}",
        "status": "valid",
        "revoked": False,
        "revokedAt": None,
    }
    missing = reverse(
        "learners:credential_status",
        kwargs={"uuid": "0f8fad5b-d9cb-469f-a165-70867728950e"},
    )
    assert client.get(missing).status_code == 404


def test_admin_revokes_from_the_admin_with_a_reason(client, certificate, academy_admin):
    client.force_login(academy_admin)
    url = reverse("certificates:edit", args=[certificate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"revocation_reason": ""})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    response = client.post(url, {"revocation_reason": "Completed by someone else"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revocation_reason == "Completed by someone else"
    # A second revocation is refused with a message, and changes nothing.
    revoked_at = certificate.revoked_at
    response = client.post(url, {"revocation_reason": "Again"})
    assert response.status_code == 200
    assert "already revoked" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at == revoked_at
    # The admin sees the revoke link on the public page only while it stands.
    page = reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    assert url not in client.get(page).content.decode()


def test_nobody_adds_or_deletes_certificates_in_the_admin(
    client, certificate, academy_admin, ld_editor
):
    client.force_login(academy_admin)
    assert client.get(reverse("certificates:index")).status_code == 200
    assert client.get(reverse("certificates:add")).status_code in (302, 403)
    delete = reverse("certificates:delete", args=[certificate.pk])
    assert client.post(delete).status_code in (302, 403)
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    client.force_login(ld_editor)
    edit = reverse("certificates:edit", args=[certificate.pk])
    client.post(edit, {"revocation_reason": "Not allowed"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


# --- queries ------------------------------------------------------------------------


def test_public_pages_run_a_fixed_number_of_queries(client, world, certificate):
    others = [
        certificate_issue(
            learner=LearnerFactory(),
            kind=CertificateKind.COURSE,
            item_id=world.course.pk,
            item_title=world.course.title,
            on=timezone.localdate(),
        )
        for _ in range(5)
    ]
    token = _badge(client, certificate, "jwt").content.decode()
    for other in others:
        _badge(client, other, "jwt")
    client.logout()
    urls = [
        reverse("learners:certificate", kwargs={"uuid": certificate.uuid}),
        reverse("learners:credential_jwks"),
        reverse("learners:credential_issuer"),
        reverse("learners:credential_status", kwargs={"uuid": certificate.uuid}),
    ]
    counts = {}
    for url in urls:
        client.get(url)  # warm the content cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    client.post(reverse("learners:credential_verify"), {"badge": token})
    with CaptureQueriesContext(connection) as check:
        client.post(reverse("learners:credential_verify"), {"badge": token})
    for _ in range(3):
        signing_key_rotate()
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == counts[url], url
    with CaptureQueriesContext(connection) as again:
        client.post(reverse("learners:credential_verify"), {"badge": token})
    assert len(again) == len(check)
    assert len(check) <= 6


def test_curriculum_badge_names_the_skills_of_its_required_courses(client, world):
    from courses.api import achievement_for

    CourseSkillFactory(page=world.course, skill=SkillFactory(name="Output review"))
    CourseSkillFactory(
        page=world.second_course, skill=SkillFactory(name="Data handling")
    )
    achievement = achievement_for(kind="curriculum", item_id=world.curriculum.pk)
    assert achievement.title == "Claims analyst track"
    assert achievement.pass_mark is None
    assert achievement.path == world.curriculum.url
    assert set(achievement.skills) == {"Output review", "Data handling"}
    assert achievement_for(kind="curriculum", item_id=987654) is None
    assert achievement_for(kind="lesson", item_id=world.reading.pk) is None


def test_badge_key_rotate_command_retires_the_key_and_keeps_it_published(client):
    from io import StringIO

    from django.core.management import call_command

    from learners.models import SigningKey

    call_command("badge_key_rotate", stdout=StringIO())
    out = StringIO()
    call_command("badge_key_rotate", stdout=out)
    active = SigningKey.objects.get(active=True)
    assert active.kid in out.getvalue()
    retired = SigningKey.objects.filter(active=False)
    assert retired.count() == 1
    assert retired.get().retired_at is not None
    kids = {
        k["kid"] for k in client.get(reverse("learners:credential_jwks")).json()["keys"]
    }
    assert kids == {active.kid, retired.get().kid}
