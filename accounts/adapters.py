"""allauth adapters: who may sign up, from which email domains, and how failed
sign-ins are throttled (``accounts/throttle.py``)."""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings

from . import throttle


def email_domain_allowed(email: str) -> bool:
    """True when no domain list is configured or the email's domain is on it."""
    domains = settings.ACADEMY_SIGNUP_EMAIL_DOMAINS
    if not domains:
        return True
    return email.rsplit("@", 1)[-1].lower() in domains


class AccountAdapter(DefaultAccountAdapter):
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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Single sign-on connects people already on the roster (matched by email);
        # it creates new accounts only when open signup is switched on.
        email = (sociallogin.user.email or "").lower()
        return settings.ACADEMY_OPEN_SIGNUP and email_domain_allowed(email)
