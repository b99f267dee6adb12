"""SAML sign-in against a real pysaml2 identity provider process (tests/idp/saml):
who is let in, who is refused, and every kind of bad assertion refused and logged."""

import base64
import re

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import SeenAssertion
from accounts.sso.metadata import metadata_parse
from accounts.sso.services import (
    DEFAULT_SAML_ATTRIBUTES,
    SAML,
    SamlAttributes,
    identity_provider_save,
    saml_settings,
)
from tests.factories import LearnerFactory

from .conftest import submit

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "northwind"
PASSWORD = "idp-test-password"


@pytest.fixture
def saml_app(live_server, saml_idp):
    xml = requests.get(f"{saml_idp}/metadata", timeout=60).text
    app = identity_provider_save(
        protocol=SAML,
        name="Northwind single sign-on",
        slug=SLUG,
        settings=saml_settings(
            metadata=metadata_parse(xml),
            attributes=SamlAttributes(**DEFAULT_SAML_ATTRIBUTES),
        ),
    )
    sp_metadata = requests.get(
        f"{live_server.url}/accounts/saml/{SLUG}/metadata/", timeout=60
    )
    assert sp_metadata.status_code == 200
    requests.post(f"{saml_idp}/control/sp", data=sp_metadata.content, timeout=60)
    return app


@pytest.fixture
def priya():
    return LearnerFactory(
        user__email="priya.raman@northwind.example",
        user__first_name="Priya",
        user__last_name="Raman",
        employee_id="E1001",
    ).user


def idp_users(saml_idp, **people):
    requests.post(
        f"{saml_idp}/control/users",
        json={
            login: {"password": PASSWORD, "tamper_email": "x@northwind.example", **p}
            for login, p in people.items()
        },
        timeout=60,
    )


PRIYA = {
    "email": "priya.raman@northwind.example",
    "given_name": "Priya",
    "family_name": "Raman",
    "employee_id": "E1001",
}


def next_response(saml_idp, mode):
    requests.post(f"{saml_idp}/control/next", data=mode, timeout=60)


def idp_response(live_server, login="priya"):
    """Start at the academy's button and sign in at the IdP; returns the browser
    and the IdP's page that posts the assertion back (not yet posted)."""
    browser = requests.Session()
    page = browser.get(f"{live_server.url}/accounts/saml/{SLUG}/login/", timeout=60)
    assert page.status_code == 200
    at_idp = submit(browser, page)  # allauth's "Continue" button, then the IdP.
    assert "Test identity provider" in at_idp.text, at_idp.text[:500]
    posted = submit(browser, at_idp, {"username": login, "password": PASSWORD})
    assert posted.status_code == 200, posted.text
    assert "SAMLResponse" in posted.text
    return browser, posted


def sign_in(live_server, login="priya"):
    browser, posted = idp_response(live_server, login)
    return browser, submit(browser, posted)


def signed_in_as(browser, live_server):
    from django.contrib.sessions.models import Session

    key = browser.cookies.get("sessionid")
    if not key:
        return None
    session = Session.objects.filter(session_key=key).first()
    return session.get_decoded().get("_auth_user_id") if session else None


def test_sp_metadata_names_the_assertion_consumer_and_wants_signed_assertions(
    live_server, saml_app
):
    xml = requests.get(
        f"{live_server.url}/accounts/saml/{SLUG}/metadata/", timeout=60
    ).text
    assert f"{live_server.url}/accounts/saml/{SLUG}/acs/" in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_existing_learner_signs_in_and_is_linked_by_email(
    live_server, saml_idp, saml_app, priya
):
    idp_users(saml_idp, priya=PRIYA)
    browser, final = sign_in(live_server)
    assert final.status_code == 200
    assert signed_in_as(browser, live_server) == str(priya.pk)
    account = SocialAccount.objects.get(user=priya)
    assert account.provider == SLUG
    assert account.extra_data["mapped"] == {
        "email": "priya.raman@northwind.example",
        "first_name": "Priya",
        "last_name": "Raman",
        "employee_id": "E1001",
    }
    # A second sign-in uses the link; nothing new is created.
    browser, final = sign_in(live_server)
    assert signed_in_as(browser, live_server) == str(priya.pk)
    assert SocialAccount.objects.count() == 1
    assert get_user_model().objects.count() == 1


def test_unknown_person_is_refused_and_no_account_is_created(
    live_server, saml_idp, saml_app, priya, caplog
):
    idp_users(
        saml_idp,
        sam={**PRIYA, "email": "sam.okafor@northwind.example", "employee_id": "E77"},
    )
    browser, final = sign_in(live_server, "sam")
    assert final.status_code == 403
    assert "no account for sam.okafor@northwind.example" in final.text
    assert signed_in_as(browser, live_server) is None
    assert not get_user_model().objects.filter(email__startswith="sam.").exists()
    assert not SocialAccount.objects.exists()
    assert "refused (unknown person): sam.okafor@northwind.example" in caplog.text


def test_deactivated_person_is_refused(live_server, saml_idp, saml_app, priya, caplog):
    priya.is_active = False
    priya.save(update_fields=["is_active"])
    idp_users(saml_idp, priya=PRIYA)
    browser, final = sign_in(live_server)
    assert final.status_code == 403
    assert "deactivated" in final.text
    assert signed_in_as(browser, live_server) is None
    assert "refused (deactivated account): priya.raman@northwind.example" in caplog.text


@pytest.mark.parametrize(
    ("mode", "logged"),
    [
        ("tampered", "Signature validation failed"),
        ("unsigned", "The Assertion of the Response is not signed"),
        ("expired", "Could not validate timestamp: expired"),
        ("wrong_audience", "is not a valid audience for this Response"),
    ],
)
def test_bad_assertion_is_refused_and_logged(
    live_server, saml_idp, saml_app, priya, caplog, mode, logged
):
    idp_users(saml_idp, priya=PRIYA)
    next_response(saml_idp, mode)
    browser, final = sign_in(live_server)
    assert signed_in_as(browser, live_server) is None
    assert "Third-Party Login Failure" in final.text or final.status_code >= 400
    assert "Error processing SAML ACS response" in caplog.text
    assert logged in caplog.text
    assert not SocialAccount.objects.exists()


def test_tampered_assertion_really_changed_a_signed_attribute(
    live_server, saml_idp, saml_app, priya
):
    idp_users(saml_idp, priya=PRIYA)
    next_response(saml_idp, "tampered")
    _, posted = idp_response(live_server)
    encoded = re.search(r'name="SAMLResponse" value="([^"]+)"', posted.text).group(1)
    xml = base64.b64decode(encoded).decode()
    assert "x@northwind.example" in xml
    assert "<ds:SignatureValue>" in xml or "SignatureValue>" in xml


def test_replayed_assertion_is_refused_and_logged(
    live_server, saml_idp, saml_app, priya, caplog
):
    idp_users(saml_idp, priya=PRIYA)
    browser, posted = idp_response(live_server)
    first = submit(browser, posted)
    assert first.status_code == 200
    assert SeenAssertion.objects.count() == 1
    # The same posted assertion again, from a fresh browser that started its own
    # sign-in (so allauth has a pending request to match it against).
    replay = requests.Session()
    replay.get(f"{live_server.url}/accounts/saml/{SLUG}/login/", timeout=60)
    again = submit(replay, posted)
    assert again.status_code == 403
    assert "already used" in again.text
    assert signed_in_as(replay, live_server) is None
    assert "already used (replayed)" in caplog.text
    assert SeenAssertion.objects.count() == 1


def test_staff_signed_in_by_sso_still_enter_their_second_factor(
    live_server, saml_idp, saml_app
):
    """An identity provider's answer does not say how the person proved who they
    are, so single sign-on never stands in for the academy's staff second factor:
    a staff member with an authenticator app enters its code after the IdP, before
    the session is signed in (docs/sso.md)."""
    from django.contrib.auth.models import Group

    from accounts.personas import ACADEMY_ADMINS
    from tests.conftest import give_totp
    from tests.e2e.conftest import current_totp

    sofia = LearnerFactory(
        user__email="sofia.lindqvist@northwind.example", employee_id="E2001"
    ).user
    sofia.groups.add(Group.objects.get(name=ACADEMY_ADMINS))
    secret = give_totp(sofia)
    idp_users(
        saml_idp,
        sofia={
            "email": "sofia.lindqvist@northwind.example",
            "given_name": "Sofia",
            "family_name": "Lindqvist",
            "employee_id": "E2001",
        },
    )
    browser, asked = sign_in(live_server, "sofia")
    assert asked.url.endswith(reverse("mfa_authenticate"))
    assert signed_in_as(browser, live_server) is None
    # The code form (the page's second form cancels the sign-in).
    done = submit(browser, asked, {"code": current_totp(secret)}, index=0)
    assert done.status_code == 200
    assert signed_in_as(browser, live_server) == str(sofia.pk)
    admin = browser.get(f"{live_server.url}/admin/", timeout=60)
    assert admin.status_code == 200
    assert admin.url == f"{live_server.url}/admin/"


def test_staff_without_an_authenticator_are_sent_to_set_one_up_after_sso(
    live_server, saml_idp, saml_app
):
    from django.contrib.auth.models import Group

    from accounts.personas import ACADEMY_ADMINS

    sofia = LearnerFactory(
        user__email="sofia.lindqvist@northwind.example", employee_id="E2001"
    ).user
    sofia.groups.add(Group.objects.get(name=ACADEMY_ADMINS))
    idp_users(
        saml_idp,
        sofia={
            "email": "sofia.lindqvist@northwind.example",
            "given_name": "Sofia",
            "family_name": "Lindqvist",
            "employee_id": "E2001",
        },
    )
    browser, _ = sign_in(live_server, "sofia")
    assert signed_in_as(browser, live_server) == str(sofia.pk)
    admin = browser.get(f"{live_server.url}/admin/", allow_redirects=False, timeout=60)
    assert admin.status_code == 302
    assert admin.headers["Location"] == reverse("mfa_activate_totp")
    # Their own learning needs nothing more.
    assert browser.get(f"{live_server.url}/my-learning/", timeout=60).status_code == 200
