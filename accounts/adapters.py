"""allauth adapters: who may sign up, and from which email domains."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from .sso.refusals import SsoRefused, refusal_response
from .sso.services import ENTERPRISE_PROVIDERS

logger = logging.getLogger("accounts.sso")


def email_domain_allowed(email: str) -> bool:
    """True when no domain list is configured or the email's domain is on it."""
    domains = settings.ACADEMY_SIGNUP_EMAIL_DOMAINS
    if not domains:
        return True
    return email.rsplit("@", 1)[-1].lower() in domains


def count_sign_in_as_recent_password(request, user) -> None:
    """Let the password just typed to sign in count as a recent re-entry of it.

    allauth asks for the password again before a second factor is added unless the
    session holds a *re*-authentication, and a sign-in is not one. A staff person
    signing in for the first time was therefore asked for the password twice in a
    row (sign in, then set up the app). The sign-in record is marked as such, so
    allauth's own timeout (``ACCOUNT_REAUTHENTICATION_TIMEOUT``) still applies;
    single sign-on and login codes are left alone.
    """
    records = [dict(r) for r in get_authentication_records(request, user)]
    if not records or records[-1].get("method") != "password":
        return
    records[-1]["reauthenticated"] = True
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records


class AccountAdapter(DefaultAccountAdapter):
    def post_login(self, request, user, **kwargs):
        count_sign_in_as_recent_password(request, user)
        return super().post_login(request, user, **kwargs)

    def is_open_for_signup(self, request) -> bool:
        # People normally arrive from the HR roster import, not by signing up.
        return settings.ACADEMY_OPEN_SIGNUP

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).strip().lower()
        if not email_domain_allowed(email):
            allowed = ", ".join(settings.ACADEMY_SIGNUP_EMAIL_DOMAINS)
            raise forms.ValidationError(
                f"Use your work email address (allowed domains: {allowed})."
            )
        return email


def _asserted_email(sociallogin) -> str:
    email = sociallogin.user.email or next(
        (address.email for address in sociallogin.email_addresses), ""
    )
    return (email or "").strip().lower()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Single sign-on connects people already on the roster (matched by email);
        # it creates new accounts only when open signup is switched on.
        email = (sociallogin.user.email or "").lower()
        return settings.ACADEMY_OPEN_SIGNUP and email_domain_allowed(email)

    def authenticate_by_email(self, sociallogin):
        """An identity provider an Academy admin configured speaks for the
        organisation's addresses: its email links to the account with that address,
        active or not (a deactivated one is then refused with a reason), whether or
        not the provider marks the address verified."""
        if sociallogin.provider.id not in ENTERPRISE_PROVIDERS:
            return super().authenticate_by_email(sociallogin)
        email = _asserted_email(sociallogin)
        if not email or not email_domain_allowed(email):
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        return (user, email) if user is not None else None

    def pre_social_login(self, request, sociallogin) -> None:
        """Let in only an existing, active account; refuse and log anything else."""
        super().pre_social_login(request, sociallogin)
        provider = sociallogin.provider
        if provider.id not in ENTERPRISE_PROVIDERS:
            return
        email = _asserted_email(sociallogin)
        user = sociallogin.user if sociallogin.user.pk else None
        refusal = None
        if user is None and not settings.ACADEMY_OPEN_SIGNUP:
            refusal = SsoRefused(
                f"The academy has no account for {email or 'this person'}. People "
                "are added from the HR roster; ask your academy admin to add you.",
                reason="unknown person",
            )
        elif user is not None and not user.is_active:
            refusal = SsoRefused(
                "Your academy account is deactivated. If you have rejoined, ask "
                "your academy admin to reactivate it.",
                reason="deactivated account",
            )
        if refusal is not None:
            logger.warning(
                "Single sign-on refused (%s): %s via %s",
                refusal.reason,
                email or "no email asserted",
                provider.name,
            )
            raise ImmediateHttpResponse(refusal_response(request, refusal))
