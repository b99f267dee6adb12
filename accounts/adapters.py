"""allauth adapters: who may sign up, from which email domains, and how failed
sign-ins are throttled (``accounts/throttle.py``)."""

import ipaddress
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from . import throttle
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

    # --- Failed sign-in throttling (docs/decisions/0014-sign-in-throttling.md) ---

    def _throttle_address(self, request) -> str:
        # The client's address (X-Forwarded-For's behind ACADEMY_TRUSTED_PROXY_COUNT
        # proxies); IPv6 by its /64 like allauth's own limits, as one host owns it.
        ip = self.get_client_ip(request)
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return ip
        if isinstance(address, ipaddress.IPv6Address):
            network = ipaddress.IPv6Network(f"{address}/64", strict=False)
            return str(network.network_address)
        return ip

    @staticmethod
    def _login_of(credentials) -> str:
        return str(credentials.get("email", credentials.get("username", "")) or "")

    def pre_authenticate(self, request, **credentials) -> None:
        login = self._login_of(credentials)
        ip = self._throttle_address(request)
        try:
            # allauth's per-address limit (ACCOUNT_RATE_LIMITS["login_failed"]).
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            throttle.record_refusal(login=login, ip=ip, wait=60)
            raise
        wait = throttle.retry_after(login=login, ip=ip)
        if wait:
            # Only this address is shut for this account; the owner elsewhere is not.
            throttle.record_refusal(login=login, ip=ip, wait=wait)
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.record_success(
                login=self._login_of(credentials), ip=self._throttle_address(request)
            )
        return user

    def authentication_failed(self, request, **credentials) -> None:
        throttle.record_failure(
            login=self._login_of(credentials), ip=self._throttle_address(request)
        )

    def is_login_by_code_required(self, login) -> bool:
        if super().is_login_by_code_required(login):
            return True
        user = login.user
        if user is None or not throttle.account_needs_extra_step(user.email or ""):
            return False
        records = get_authentication_records(self.request, user)
        if not records or records[-1]["method"] != "password":
            return False
        # People with an authenticator app are asked for its code anyway.
        return not is_mfa_enabled(user)


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
