"""Who may open what: allauth login for the admin, staff only in the admin, and a
second factor for staff before anything beyond a learner's own pages."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import static

from .access import SecondFactorNeed, can_access_admin, second_factor_need

ADMIN_PREFIX = "/admin/"
# Wagtail's own login and password-reset screens bypass allauth's rate limits and
# MFA, so they are sent to allauth's equivalents.
ADMIN_ACCOUNT_REDIRECTS = {
    "/admin/login/": "account_login",
    "/admin/password_reset/": "account_reset_password",
}

# What a staff person may open before their second factor is set up and confirmed
# in this session: what every learner has (their own learning), signing in and
# out, and setting up or confirming the authenticator app. Everything else - the
# admin, analytics and exports, My team, account security settings, recovery codes,
# and any URL added later - needs the second factor. Names are URL names
# (``namespace:name``), so a new view is privileged until it is listed here.
OPEN_WITHOUT_SECOND_FACTOR = frozenset(
    {
        "healthz",
        # Published content: home, curricula, courses, lessons, search, documents.
        "wagtail_serve",
        "wagtailcore_authenticate_with_password",
        "wagtailcore_login",
        "wagtaildocs_serve",
        "wagtaildocs_authenticate_with_password",
        "search",
        # A learner's own learning, progress and certificates.
        "learners:my_learning",
        # The course catalogue: published content with the person's own progress.
        "learners:catalogue",
        "learners:preferences",
        "learners:my_skills",
        "learners:attempt",
        "learners:lesson_viewed",
        "learners:lesson_complete",
        "learners:lesson_check",
        "learners:attempt_submit",
        "learners:attempt_check",
        "learners:policy_confirm",
        "learners:lesson_renew",
        "learners:lesson_flag",
        "learners:course_start",
        "learners:certificate",
        "learners:certificate_pdf",
        "learners:certificate_badge",
        "learners:certificate_unknown",
        # Verifying certificates and badges: public, for anyone.
        "learners:credential_issuer",
        "learners:credential_jwks",
        "learners:credential_status",
        "learners:credential_verify",
        # Signing in and out (a signed-in person is sent on from most of these).
        "account_login",
        "account_logout",
        "account_signup",
        "account_inactive",
        "account_reauthenticate",
        "account_confirm_login_code",
        "account_email_verification_sent",
        "account_confirm_email",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "openid_connect_login",
        "openid_connect_callback",
        # SAML: the identity provider posts to the assertion consumer, and reads
        # the academy's metadata, before anyone is signed in.
        "saml_login",
        "saml_acs",
        "saml_finish_acs",
        "saml_sls",
        "saml_metadata",
        "socialaccount_login_cancelled",
        "socialaccount_login_error",
        "socialaccount_signup",
        # Setting up and confirming the second factor. Not its removal, nor the
        # recovery codes: with only a password those would hand the second factor
        # to whoever has the password.
        "mfa_index",
        "mfa_activate_totp",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_trust",
    }
)

SET_UP_MESSAGE = (
    "Staff accounts need two-factor authentication before opening staff pages "
    "(the admin, analytics, exports, team pages). Set up an authenticator app to "
    "continue."
)
CONFIRM_MESSAGE = (
    "Staff pages need the code from your authenticator app once per sign-in. "
    "Enter it to continue."
)


def open_without_second_factor(match) -> bool:
    if match is None:
        return False
    # Uploaded files in development (production serves them outside Django).
    return match.view_name in OPEN_WITHOUT_SECOND_FACTOR or match.func is static.serve


class AccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            response = self.admin_guard(request)
            if response is not None:
                return response
        return self.get_response(request)

    def admin_guard(self, request):
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
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        if open_without_second_factor(request.resolver_match):
            return None
        need = second_factor_need(request)
        if need is None:
            return None
        return second_factor_response(request, need)


def second_factor_response(request, need: SecondFactorNeed) -> HttpResponse:
    """A page opened in the browser goes to the second-factor screen (and comes back
    after it); a download, a form post or a script gets a 403 that says why."""
    if need is SecondFactorNeed.SET_UP:
        url, message = reverse("mfa_activate_totp"), SET_UP_MESSAGE
    else:
        query = urlencode({"next": request.get_full_path()})
        url, message = f"{reverse('mfa_reauthenticate')}?{query}", CONFIRM_MESSAGE
    browsing = (
        request.method in ("GET", "HEAD")
        and request.accepts("text/html")
        and not request.headers.get("HX-Request")
    )
    if browsing:
        messages.warning(request, message)
        return redirect(url)
    if request.accepts("text/html"):
        response = render(
            request,
            "accounts/second_factor_required.html",
            {"message": message, "url": url},
            status=403,
        )
    else:
        response = HttpResponseForbidden(
            f"{message} {request.build_absolute_uri(url)}\n",
            content_type="text/plain; charset=utf-8",
        )
    if request.headers.get("HX-Request"):
        response["HX-Redirect"] = url
    return response
