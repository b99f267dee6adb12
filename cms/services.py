"""Writes of the site shell."""

from __future__ import annotations

from django.db import transaction

from .models import OrganisationProfileSettings
from .profile import JURISDICTIONS, OrganisationProfile


@transaction.atomic
def organisation_profile_set(*, site, profile: OrganisationProfile) -> bool:
    """Make ``site``'s organisation profile ``profile``; True if anything changed.

    Saving moves the content version, so lessons show the new values at once.
    """
    unknown = set(profile.jurisdictions) - set(JURISDICTIONS)
    if unknown or not profile.jurisdictions:
        raise ValueError(
            f"jurisdictions must be some of {', '.join(JURISDICTIONS)}, "
            f"not {sorted(profile.jurisdictions)}."
        )
    settings, _ = OrganisationProfileSettings.objects.select_for_update().get_or_create(
        site=site
    )
    if settings.as_profile() == profile:
        return False
    settings.name = profile.name
    settings.policy_name = profile.policy_name
    settings.policy_version = profile.policy_version
    settings.incident_contact = profile.incident_contact
    settings.approved_tools = [("tool", tool) for tool in profile.approved_tools]
    settings.data_classes = [("data_class", name) for name in profile.data_classes]
    settings.risk_tiers = [
        ("tier", {"name": tier.name, "description": tier.description})
        for tier in profile.risk_tiers
    ]
    for code in JURISDICTIONS:
        setattr(settings, f"jurisdiction_{code}", code in profile.jurisdictions)
    settings.full_clean()
    settings.save()
    return True
