"""Load the academy's shipped content: blockers, skills, courses, lessons, curricula.

The content lives as files in the repository's ``content/`` folder (or
``settings.ACADEMY_CONTENT_DIR``); this module reads and validates all of it, then
loads it through the services, matching everything by slug. A second run finds
every item unchanged and writes nothing (no new revisions either).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.conf import settings

from .blockers import DEFAULT_BLOCKERS
from .content import ContentSummary, content_load, content_read
from .content.reader import BlockerSpec


def content_dir() -> Path:
    return Path(settings.ACADEMY_CONTENT_DIR)


def demo_profile_load() -> bool:
    """Fill the default site's organisation profile from the demo company's file
    (``content/demo-organisation.yaml``); True if it changed."""
    import yaml
    from wagtail.models import Site

    from cms.api import OrganisationProfile, RiskTier, organisation_profile_set

    data = yaml.safe_load((content_dir() / "demo-organisation.yaml").read_text())
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    profile = OrganisationProfile(
        name=data["name"],
        policy_name=data["policy_name"],
        policy_version=str(data["policy_version"]),
        approved_tools=tuple(data["approved_tools"]),
        risk_tiers=tuple(
            RiskTier(name=tier["name"], description=tier["description"])
            for tier in data["risk_tiers"]
        ),
        incident_contact=data["incident_contact"],
        data_classes=tuple(data["data_classes"]),
        jurisdictions=tuple(data["jurisdictions"]),
    )
    return organisation_profile_set(site=site, profile=profile)


def demo_content_load() -> ContentSummary:
    """Read the shipped content folder and load it; raises ``ContentError`` if bad."""
    content = content_read(path=content_dir())
    # The four blockers of DESIGN.md come with the academy (a data migration seeds
    # them); ensuring them here keeps a demo database whole even if one was deleted.
    defaults = tuple(BlockerSpec(**spec) for spec in DEFAULT_BLOCKERS)
    content = dataclasses.replace(content, blockers=defaults + content.blockers)
    return content_load(content=content)
