"""Who counts as staff, and whether they have the second factor staff need."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled


def can_access_admin(user) -> bool:
    """Staff are the people who may open the Wagtail admin."""
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


def has_authenticator_app(user) -> bool:
    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP])
