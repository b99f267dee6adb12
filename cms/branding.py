"""The organisation's name, for what the academy issues in its own name."""

from __future__ import annotations

from wagtail.models import Site

from .models import AcademySettings

ACADEMY_NAME = "AI Skills Academy"


def issuer_name(request=None) -> str:
    """The academy's name as every page shows it ("Northwind Group AI Skills
    Academy", includes/site_name.txt): the request's site, else the default."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    organisation = AcademySettings.for_site(site).organisation_name if site else ""
    return f"{organisation} {ACADEMY_NAME}" if organisation else ACADEMY_NAME
