"""Certificates: issued once per completion, verifiable, with a cached PDF."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from ..models import Certificate, CertificateKind, Learner


def certificate_issue(
    *, learner: Learner, kind: str, item_id: int, item_title: str, on: date
) -> Certificate:
    """The learner's certificate for this course or curriculum (created once)."""
    field = "course_id" if kind == CertificateKind.COURSE else "curriculum_id"
    lookup = {"learner": learner, "kind": kind, field: item_id}
    try:
        with transaction.atomic():
            certificate, _ = Certificate.objects.get_or_create(
                **lookup,
                defaults={
                    "learner_name": learner.full_name,
                    "item_title": item_title,
                    "issued_on": on,
                },
            )
    except IntegrityError:
        certificate = Certificate.objects.get(**lookup)
    return certificate


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
