"""Certificates and their Open Badges credentials (ADR 0020).

Public: a certificate's page (its verification record), its PDF, the issuer
profile, the published keys, each credential's status and the badge checker.
The holder alone: downloading their badge. Thin: a selector or service each.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from . import renewal_selectors, selectors
from .badges import OB_CONTEXT, issuer_profile
from .forms import BadgeCheckForm
from .qr import qr_svg
from .services import certificates as certificate_services
from .services import credentials as credential_services

JSON_LD = "application/ld+json"


def _not_verifiable(request, status=404):
    return render(
        request, "learners/certificate_unknown.html", {"status": status}, status=status
    )


def _verify_url(certificate) -> str:
    return selectors.academy_url(
        reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    )


def _public_json(data: dict, *, content_type: str = "application/json"):
    response = JsonResponse(
        data, content_type=content_type, json_dumps_params={"indent": 2}
    )
    response["Access-Control-Allow-Origin"] = "*"  # Verifiers read it from anywhere.
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def certificate_verify(request, uuid):
    """The certificate's public record: whose, what, when, by whom, and whether it
    still stands. Nothing else about the person."""
    certificate = selectors.certificate_by_uuid(uuid=uuid)
    if certificate is None:
        return _not_verifiable(request)
    verify_url = _verify_url(certificate)
    user = request.user
    is_holder = user.is_authenticated and certificate.learner.user_id == user.pk
    return render(
        request,
        "learners/certificate.html",
        {
            "certificate": certificate,
            "verify_url": verify_url,
            "qr_svg": qr_svg(verify_url, label="QR code of this verification link"),
            "is_holder": is_holder,
            "suspension": renewal_selectors.certificate_suspension(
                certificate=certificate
            ),
            "can_revoke": (
                certificate.revoked_at is None
                and user.has_perm("learners.change_certificate")
            ),
        },
    )


@require_GET
def certificate_unknown(request, reference):
    return _not_verifiable(request)


@require_GET
def certificate_download(request, uuid):
    certificate = selectors.certificate_by_uuid(uuid=uuid)
    if certificate is None:
        return _not_verifiable(request)
    if certificate.revoked_at is not None:
        return _not_verifiable(request, status=410)
    verify_url = _verify_url(certificate)
    data = certificate_services.certificate_pdf(
        certificate=certificate,
        verify_url=verify_url,
        issuer_name=selectors.academy_issuer().name,
        qr_svg=qr_svg(verify_url, label="QR code of the verification link"),
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.uuid}.pdf"'
    )
    return response


@login_required
@require_GET
def certificate_badge(request, uuid, fmt):
    """The holder's Open Badges credential: ``json`` (readable) or ``jwt`` (signed,
    what wallets and verifiers take). Anyone else's: 404."""
    certificate = selectors.certificate_of_holder(user=request.user, uuid=uuid)
    if certificate is None:
        raise Http404("No such certificate of yours.")
    if certificate.revoked_at is not None:
        return _not_verifiable(request, status=410)
    credential = credential_services.certificate_credential(
        certificate=certificate,
        award=selectors.certificate_award(certificate=certificate),
        issuer=selectors.academy_issuer(),
    )
    if fmt == "jwt":
        body = credential_services.certificate_badge_token(credential=credential)
        content_type = "application/jwt"
    else:
        body = json.dumps(credential, indent=2, ensure_ascii=False)
        content_type = JSON_LD
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="badge-{certificate.uuid}.{fmt}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def credential_issuer(request):
    """The issuer profile every credential names, with where its keys are."""
    profile = {
        "@context": list(OB_CONTEXT),
        **issuer_profile(selectors.academy_issuer()),
    }
    profile["otherIdentifier"] = [
        {
            "type": "IdentifierEntry",
            "identifier": selectors.academy_url(reverse("learners:credential_jwks")),
            "identifierType": "identifier",
        }
    ]
    return _public_json(profile, content_type=JSON_LD)


@require_GET
def credential_jwks(request):
    """The public keys of the academy's badges (JWKS, RFC 7517)."""
    return _public_json({"keys": selectors.signing_keys_published()})


@require_GET
def credential_status(request, uuid):
    """Whether one credential stands or was revoked, and when."""
    certificate = selectors.certificate_by_uuid(uuid=uuid)
    if certificate is None:
        response = _public_json({"error": "No credential with this id."})
        response.status_code = 404
        return response
    revoked = certificate.revoked_at is not None
    return _public_json(
        {
            "id": f"urn:uuid:{certificate.uuid}",
            "status": "revoked" if revoked else "valid",
            "revoked": revoked,
            "revokedAt": (
                certificate.revoked_at.strftime("%Y-%m-%dT%H:%M:%SZ")
                if revoked
                else None
            ),
        }
    )


@require_http_methods(["GET", "POST"])
def credential_verify(request):
    """Paste or upload a badge and see whether it is genuine."""
    result = None
    if request.method == "POST":
        form = BadgeCheckForm(request.POST, request.FILES)
        if form.is_valid():
            result = selectors.badge_check(text=form.badge_text())
    else:
        form = BadgeCheckForm()
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(
        request,
        "learners/credential_verify.html",
        {"form": form, "result": result},
        status=status,
    )
