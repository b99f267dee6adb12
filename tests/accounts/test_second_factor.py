"""Staff need their second factor, set up and confirmed in this session, before
anything beyond a learner's own pages (docs/decisions/0004)."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
)
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import personas
from accounts.access import is_staff_persona
from tests.conftest import give_totp
from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def export_url() -> str:
    return reverse("analytics:learner_courses_export", kwargs={"fmt": "csv"})


def code_now(secret: str) -> str:
    """The code the authenticator app shows now; never one about to expire."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def confirm_url(next_path: str) -> str:
    return f"{reverse('mfa_reauthenticate')}?next={next_path.replace('/', '%2F')}"


# --- The finding: an academy admin with a password alone -------------------------


def test_academy_admin_without_an_authenticator_cannot_export_everyones_records(
    client, academy_admin, learner
):
    academy_admin.authenticator_set.all().delete()
    client.force_login(academy_admin, second_factor=False)

    response = client.get(export_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")

    # A download client (not a browser page) gets a 403 that says why, no data.
    response = client.get(export_url(), HTTP_ACCEPT="text/csv")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "two-factor authentication" in body
    assert "/accounts/2fa/totp/activate/" in body
    assert "Employee ID" not in body


def test_admin_with_an_app_but_a_password_only_session_is_asked_for_the_code(
    client, academy_admin
):
    client.force_login(academy_admin, second_factor=False)
    response = client.get(export_url())
    assert response.status_code == 302
    assert response["Location"] == confirm_url(export_url())
    assert client.get(response["Location"]).status_code == 200

    secret = _secret_of(academy_admin)
    response = client.post(confirm_url(export_url()), {"code": code_now(secret)})
    assert response.status_code == 302
    assert response["Location"] == export_url()
    response = client.get(export_url())
    assert response.status_code == 200
    assert response.content.decode().startswith("\ufeffEmployee ID,Learner,")


def test_a_wrong_code_keeps_staff_pages_closed(client, academy_admin):
    client.force_login(academy_admin, second_factor=False)
    response = client.post(confirm_url("/analytics/"), {"code": "123456"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get("/analytics/").status_code == 302
    assert client.get("/admin/").status_code == 302


def _secret_of(user) -> str:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type="totp")
    return decrypt(authenticator.data["secret"])


def test_setting_up_an_app_then_confirming_it_opens_staff_pages(client, ld_editor):
    ld_editor.authenticator_set.all().delete()
    client.force_login(ld_editor, second_factor=False)
    assert client.get("/analytics/")["Location"] == reverse("mfa_activate_totp")

    # allauth asks for the password before a second factor is added...
    activate = reverse("mfa_activate_totp")
    response = client.get(activate)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == activate
    response = client.get(activate)
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(activate, {"code": code_now(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")

    # ...and the recovery codes, like every staff page, need the code once more in
    # this session (a password alone must never reveal them).
    codes = reverse("mfa_view_recovery_codes")
    response = client.get(codes)
    assert response["Location"] == confirm_url(codes)
    response = client.post(confirm_url(codes), {"code": code_now(secret)})
    assert response["Location"] == codes
    assert client.get(codes).status_code == 200
    assert client.get("/analytics/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_removing_the_app_or_reading_recovery_codes_needs_the_code(
    client, academy_admin
):
    client.force_login(academy_admin, second_factor=False)
    for name in (
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_email",
        "account_change_password",
    ):
        url = reverse(name)
        assert client.get(url)["Location"] == confirm_url(url), name
    assert academy_admin.authenticator_set.filter(type="totp").exists()


# --- Who counts as staff -----------------------------------------------------------


def test_a_manager_who_is_not_staff_keeps_my_team_without_an_app(
    client, manager, learner
):
    client.force_login(manager.user)
    assert client.get(reverse("learners:my_team")).status_code == 200


def test_a_manager_in_a_staff_group_needs_the_code_for_my_team(
    client, manager, learner
):
    manager.user.groups.add(Group.objects.get(name=personas.LEADERSHIP))
    client.force_login(manager.user)
    # Their own learning stays open...
    assert client.get(reverse("learners:my_learning")).status_code == 200
    assert client.get("/").status_code == 200
    # ...other people's data does not.
    for url in (
        reverse("learners:my_team"),
        reverse("learners:team_member", args=[learner.pk]),
        reverse("learners:my_team_export", kwargs={"fmt": "csv"}),
    ):
        assert client.get(url)["Location"] == reverse("mfa_activate_totp"), url
    give_totp(manager.user)
    client.force_login(manager.user)
    assert client.get(reverse("learners:my_team")).status_code == 200


@pytest.mark.parametrize(
    ("flags", "staff"),
    [
        ({}, False),
        ({"is_staff": True}, True),
        ({"is_superuser": True}, True),
    ],
)
def test_django_staff_and_superusers_count_as_staff(client, flags, staff):
    user = UserFactory(first_name="Hana", last_name="Kobayashi", **flags)
    assert is_staff_persona(user) is staff
    client.force_login(user)
    response = client.get("/analytics/")
    if staff:
        assert response["Location"] == reverse("mfa_activate_totp")
    else:
        assert response.status_code == 403


def test_every_persona_group_is_staff(
    ld_editor, ld_reviewer, academy_admin, leadership
):
    assert all(
        is_staff_persona(user)
        for user in (ld_editor, ld_reviewer, academy_admin, leadership)
    )


# --- How a refusal answers ---------------------------------------------------------


def test_a_form_post_without_the_code_is_refused_and_changes_nothing(client, ld_editor):
    from analytics.models import Snapshot

    client.force_login(ld_editor, second_factor=False)
    before = Snapshot.objects.count()
    response = client.post(reverse("analytics:refresh"))
    assert response.status_code == 403
    assert "authenticator app" in response.content.decode()
    assert Snapshot.objects.count() == before


def test_an_htmx_request_without_the_code_is_sent_to_confirm_it(client, ld_editor):
    client.force_login(ld_editor, second_factor=False)
    response = client.get("/analytics/", HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert response["HX-Redirect"] == confirm_url("/analytics/")


def test_a_browser_page_shows_why_after_the_redirect(client, leadership):
    leadership.authenticator_set.all().delete()
    client.force_login(leadership)
    response = client.get("/analytics/", follow=True)
    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    assert "Staff accounts need two-factor authentication" in (
        response.content.decode()
    )


def test_the_rule_can_be_switched_off(client, settings, academy_admin):
    settings.ACADEMY_STAFF_MFA_REQUIRED = False
    academy_admin.authenticator_set.all().delete()
    client.force_login(academy_admin)
    assert client.get(export_url()).status_code == 200


def test_first_staff_sign_in_asks_for_the_password_once(client, ld_editor):
    """Sign in with the password, then set up the app straight away: no second
    password prompt in between."""
    ld_editor.authenticator_set.all().delete()
    response = client.post(
        reverse("account_login"),
        {"login": ld_editor.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    activate = reverse("mfa_activate_totp")
    assert client.get("/admin/")["Location"] == activate
    response = client.get(activate)
    assert response.status_code == 200  # the QR code, not the password form
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(activate, {"code": code_now(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")


def test_the_sign_in_counts_as_recent_only_for_allauths_timeout(
    client, ld_editor, settings
):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    ld_editor.authenticator_set.all().delete()
    client.post(
        reverse("account_login"), {"login": ld_editor.email, "password": PASSWORD}
    )
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_a_session_without_a_password_sign_in_still_re_enters_it(client, ld_editor):
    ld_editor.authenticator_set.all().delete()
    client.force_login(ld_editor, second_factor=False)
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
