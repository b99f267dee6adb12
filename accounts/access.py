"""Who counts as staff, and whether they have the second factor staff need."""

from __future__ import annotations

from enum import StrEnum

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest

from .personas import ALL_GROUPS, load_access, user_in_groups


def can_access_admin(user) -> bool:
    """Staff are the people who may open the Wagtail admin."""
    if not user.is_authenticated:
        return False
    _load_permissions(user)
    return user.has_perm("wagtailadmin.access_admin")


def _load_permissions(user) -> None:
    """Every permission of the user and their groups, read with their group
    names in one query instead of the model backend's two (``load_access``).
    Asked on every page (the header's Admin link, the staff guard, Wagtail's
    user bar), so it matters; the answer is the backend's own."""
    if hasattr(user, "_perm_cache") or user.is_superuser or not user.is_active:
        return  # already loaded; or the backend answers without the database
    load_access(user)


def has_authenticator_app(user) -> bool:
    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP])


def is_staff_persona(user) -> bool:
    """Anyone whose account opens more than their own learning: the persona groups
    (L&D editors and reviewers, Academy admins, Leadership), Django staff and
    superusers, and anyone else allowed into the Wagtail admin."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return user_in_groups(user, *ALL_GROUPS) or can_access_admin(user)


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session was confirmed with an authenticator code (at sign-in
    or later). allauth keeps a record of every authentication step of a session;
    a password alone leaves no ``mfa`` record."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class SecondFactorNeed(StrEnum):
    SET_UP = "set_up"  # No authenticator app on the account yet.
    CONFIRM = "confirm"  # An app, but this session has not used it.


def second_factor_need(request: HttpRequest) -> SecondFactorNeed | None:
    """What a staff person still has to do before a privileged page; None when
    nothing (or when the person is not staff, or the rule is switched off)."""
    user = request.user
    if not settings.ACADEMY_STAFF_MFA_REQUIRED or not is_staff_persona(user):
        return None
    if not has_authenticator_app(user):
        return SecondFactorNeed.SET_UP
    if not passed_second_factor(request):
        return SecondFactorNeed.CONFIRM
    return None
