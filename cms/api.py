"""What other apps may use of the site shell.

The shell's hook names live in ``core.hooks``; here are the admin helpers every
app's screens share, so that no admin screen answers a 500; and the cache of what
is built from published pages (``content_cached``, ADR 0016).
"""

from .admin_tools import (
    NoCreationChooserMixin,
    SnippetChooserWithoutCreation,
    delete_blockers,
)
from .branding import ACADEMY_NAME, issuer_name
from .fragments import (
    CachedViewRestrictionsMixin,
    content_cached,
    content_cached_many,
    content_changed,
    content_version,
)
from .models import organisation_profile
from .profile import JURISDICTIONS, OrganisationProfile, RiskTier, sentence_list
from .services import organisation_profile_set

__all__ = [
    "ACADEMY_NAME",
    "issuer_name",
    "JURISDICTIONS",
    "OrganisationProfile",
    "RiskTier",
    "organisation_profile",
    "organisation_profile_set",
    "sentence_list",
    "CachedViewRestrictionsMixin",
    "content_cached",
    "content_cached_many",
    "content_changed",
    "content_version",
    "NoCreationChooserMixin",
    "SnippetChooserWithoutCreation",
    "delete_blockers",
]
