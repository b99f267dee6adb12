"""Certificates: issued once per completion, verifiable, with a cached PDF."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import Certificate, CertificateKind, CertificateState, Learner


def certificate_expiry(*, issued_on: date, validity_months: int | None) -> date | None:
    """The first day a certificate issued on ``issued_on`` no longer counts.

    Calendar months, clamped to the month's last day (31 January + 1 month is
    28 or 29 February); None when the item has no validity period.
    """
    if not validity_months:
        return None
    return issued_on + relativedelta(months=validity_months)


def certificate_issue(
    *,
    learner: Learner,
    kind: str,
    item_id: int,
    item_title: str,
    on: date,
    validity_months: int | None = None,
) -> Certificate:
    """The learner's current certificate for this course or curriculum.

    Created once; completing the item again while the certificate still counts
    issues it anew on ``on`` under the same link. Once it has expired, completing
    the item again issues a fresh certificate and supersedes the old one
    (``certificate_renew``).
    """
    field = "course_id" if kind == CertificateKind.COURSE else "curriculum_id"
    lookup = {"learner": learner, "kind": kind, field: item_id}
    expires_on = certificate_expiry(issued_on=on, validity_months=validity_months)
    try:
        with transaction.atomic():
            certificate, created = Certificate.objects.get_or_create(
                **lookup,
                superseded_at__isnull=True,
                defaults={
                    "learner_name": learner.full_name,
                    "item_title": item_title,
                    "issued_on": on,
                    "expires_on": expires_on,
                },
            )
    except IntegrityError:
        certificate = Certificate.objects.get(**lookup, superseded_at__isnull=True)
        created = False
    if created or certificate.issued_on >= on:
        return certificate
    if certificate.state_on(on) == CertificateState.EXPIRED:
        return certificate_renew(
            certificate=certificate, on=on, validity_months=validity_months
        )
    # Still counting: the same certificate, re-dated; its PDF is drawn again.
    Certificate.objects.filter(pk=certificate.pk, issued_on__lt=on).update(
        issued_on=on, expires_on=expires_on, pdf=""
    )
    certificate.refresh_from_db()
    return certificate


def certificate_renew(
    *, certificate: Certificate, on: date, validity_months: int | None
) -> Certificate:
    """A fresh certificate in place of one that expired (ADR 0023).

    The old certificate stays on record, marked superseded and pointing to the
    new one, which has its own link, is issued ``on`` and counts for a new
    validity period. Idempotent under retries and races: the old one is claimed
    with a conditional UPDATE, and the conditional unique constraint allows one
    current certificate per learner and item; a request that loses either race
    gets the certificate the other issued.
    """
    field = (
        "course_id" if certificate.kind == CertificateKind.COURSE else ("curriculum_id")
    )
    lookup = {
        "learner_id": certificate.learner_id,
        "kind": certificate.kind,
        field: certificate.item_id,
    }
    try:
        with transaction.atomic():
            claimed = Certificate.objects.filter(
                pk=certificate.pk, superseded_at__isnull=True
            ).update(superseded_at=timezone.now())
            if not claimed:
                return _current_certificate(certificate)
            fresh = Certificate.objects.create(
                **lookup,
                learner_name=certificate.learner.full_name,
                item_title=certificate.item_title,
                issued_on=on,
                expires_on=certificate_expiry(
                    issued_on=on, validity_months=validity_months
                ),
            )
            Certificate.objects.filter(pk=certificate.pk).update(superseded_by=fresh)
    except IntegrityError:
        return _current_certificate(certificate)
    return fresh


def _current_certificate(certificate: Certificate) -> Certificate:
    """The certificate that now stands for ``certificate``'s learner and item."""
    field = (
        "course_id" if certificate.kind == CertificateKind.COURSE else ("curriculum_id")
    )
    return Certificate.objects.get(
        learner_id=certificate.learner_id,
        kind=certificate.kind,
        superseded_at__isnull=True,
        **{field: certificate.item_id},
    )


# Raise when the PDF's design changes: PDFs stored under an older layout are
# rendered again on their next download.
PDF_LAYOUT = 2


def certificate_pdf(
    *, certificate: Certificate, verify_url: str, issuer_name: str, qr_svg: str
) -> bytes:
    """The certificate as PDF, rendered once and then served from file storage."""
    name = f"certificate-{certificate.uuid}-v{PDF_LAYOUT}.pdf"
    if certificate.pdf and certificate.pdf.name.endswith(name):
        try:
            with certificate.pdf.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass  # The file was removed from storage: render it again.
    from weasyprint import HTML  # Imported late: it loads Pango on import.

    html = render_to_string(
        "learners/certificate_pdf.html",
        {
            "certificate": certificate,
            "verify_url": verify_url,
            "issuer_name": issuer_name,
            "qr_svg": qr_svg,
        },
    )
    data = HTML(string=html).write_pdf()
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(name, ContentFile(data), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return data
