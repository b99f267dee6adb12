"""The organisation profile: everything company-specific a lesson may mention.

Lessons name the organisation, its AI policy, approved tools, risk tiers, data
classes, incident contact and the law it works under through placeholders
(``{{org.KEY}}``) and jurisdiction callouts; ``courses`` fills them in from this
profile when a lesson is shown (ADR 0022). A new install starts from the neutral
defaults below, which read correctly in every sentence; L&D edit the profile in
the admin (Settings, "Organisation profile").
"""

from __future__ import annotations

from dataclasses import dataclass

#: Jurisdictions a profile may select, with the name a sentence uses for each.
JURISDICTIONS = {"uk": "the UK", "eu": "the EU", "us": "the US"}

DEFAULT_NAME = "your organisation"
DEFAULT_POLICY_NAME = "your organisation's AI policy"
DEFAULT_POLICY_VERSION = "1.0"
DEFAULT_INCIDENT_CONTACT = "your line manager and the IT service desk"
DEFAULT_APPROVED_TOOLS = ("the AI assistant your organisation has approved",)
DEFAULT_DATA_CLASSES = ("Public", "Internal", "Confidential", "Restricted")
DEFAULT_RISK_TIERS = (
    (
        "Tier 1 (low)",
        "Drafting and summarising internal material that a person reviews before "
        "use; no confidential data.",
    ),
    (
        "Tier 2 (medium)",
        "Customer- or staff-facing drafts a person reviews before sending, or "
        "personal data inside approved systems; needs a named owner and a review.",
    ),
    (
        "Tier 3 (high)",
        "Output that affects a person's money, job, access to a service or legal "
        "position, or automated actions at scale; needs approval before use and "
        "regular monitoring.",
    ),
    (
        "Prohibited",
        "Fully automated decisions about people with no meaningful human review, "
        "and uses designed to mislead.",
    ),
)


def sentence_list(items: tuple[str, ...] | list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass(frozen=True)
class RiskTier:
    name: str
    description: str


@dataclass(frozen=True)
class OrganisationProfile:
    """The profile as plain values (cached with published content)."""

    name: str = DEFAULT_NAME
    policy_name: str = DEFAULT_POLICY_NAME
    policy_version: str = DEFAULT_POLICY_VERSION
    approved_tools: tuple[str, ...] = DEFAULT_APPROVED_TOOLS
    risk_tiers: tuple[RiskTier, ...] = tuple(
        RiskTier(name, description) for name, description in DEFAULT_RISK_TIERS
    )
    incident_contact: str = DEFAULT_INCIDENT_CONTACT
    data_classes: tuple[str, ...] = DEFAULT_DATA_CLASSES
    jurisdictions: tuple[str, ...] = tuple(JURISDICTIONS)

    @property
    def jurisdiction_name(self) -> str:
        return sentence_list([JURISDICTIONS[code] for code in self.jurisdictions])
