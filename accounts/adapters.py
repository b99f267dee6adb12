"""allauth adapters: who may sign up, and from which email domains."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings


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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Single sign-on connects people already on the roster (matched by email);
        # it creates new accounts only when open signup is switched on.
        email = (sociallogin.user.email or "").lower()
        return settings.ACADEMY_OPEN_SIGNUP and email_domain_allowed(email)
