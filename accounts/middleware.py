"""Guards the Wagtail admin: allauth login (with its rate limits), staff only, MFA."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from .access import can_access_admin, has_authenticator_app

ADMIN_PREFIX = "/admin/"
# Wagtail's own login and password-reset screens bypass allauth's rate limits and
# MFA, so they are sent to allauth's equivalents.
ADMIN_ACCOUNT_REDIRECTS = {
    "/admin/login/": "account_login",
    "/admin/password_reset/": "account_reset_password",
}


class AdminAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            response = self.guard(request)
            if response is not None:
                return response
        return self.get_response(request)

    def guard(self, request):
        for prefix, url_name in ADMIN_ACCOUNT_REDIRECTS.items():
            if request.path.startswith(prefix):
                query = {"next": request.GET.get("next", ADMIN_PREFIX)}
                return redirect(f"{reverse(url_name)}?{urlencode(query)}")
        user = request.user
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('account_login')}?{query}")
        if not can_access_admin(user):
            return render(request, "accounts/admin_denied.html", status=403)
        if settings.ACADEMY_STAFF_MFA_REQUIRED and not has_authenticator_app(user):
            messages.warning(
                request,
                "Staff accounts need two-factor authentication before opening the "
                "admin. Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return None
