"""OpenID Connect sign-in against a real oidc-provider process (tests/idp/oidc),
configured as an Academy admin would: issuer URL, client id and secret."""

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from accounts.sso.services import OIDC, identity_provider_save, oidc_settings
from tests.factories import LearnerFactory

from .conftest import OIDC_CLIENT, OIDC_SLUG, submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def oidc_app(oidc_idp):
    return identity_provider_save(
        protocol=OIDC,
        name="Northwind OpenID",
        slug=OIDC_SLUG,
        settings=oidc_settings(server_url=oidc_idp),
        client_id=OIDC_CLIENT["client_id"],
        secret=OIDC_CLIENT["client_secret"],
    )


def sign_in(live_server, login):
    browser = requests.Session()
    page = browser.get(
        f"{live_server.url}/accounts/oidc/{OIDC_SLUG}/login/", timeout=60
    )
    assert page.status_code == 200
    at_provider = submit(browser, page)  # allauth's "Continue", then the provider.
    assert 'name="login"' in at_provider.text, at_provider.text[:800]
    consent = submit(browser, at_provider, {"login": login, "password": "any"})
    final = submit(browser, consent)  # the provider's consent: "Continue".
    return browser, final


def signed_in_as(browser):
    from django.contrib.sessions.models import Session

    key = browser.cookies.get("sessionid")
    session = Session.objects.filter(session_key=key).first() if key else None
    return session.get_decoded().get("_auth_user_id") if session else None


def test_existing_learner_signs_in_and_is_linked_by_email(live_server, oidc_app):
    priya = LearnerFactory(
        user__email="priya.raman@northwind.example", employee_id="E1001"
    ).user
    browser, final = sign_in(live_server, "priya")
    assert final.status_code == 200, final.text[:800]
    assert signed_in_as(browser) == str(priya.pk)
    account = SocialAccount.objects.get(user=priya)
    assert account.provider == OIDC_SLUG
    assert account.extra_data["userinfo"]["employee_id"] == "E1001"
    assert account.extra_data["userinfo"]["given_name"] == "Priya"
    assert get_user_model().objects.count() == 1


def test_unknown_person_is_refused_and_no_account_is_created(
    live_server, oidc_app, caplog
):
    browser, final = sign_in(live_server, "stranger")
    assert final.status_code == 403
    assert "no account for sam.okafor@elsewhere.example" in final.text
    assert signed_in_as(browser) is None
    assert not get_user_model().objects.exists()
    assert "refused (unknown person): sam.okafor@elsewhere.example" in caplog.text


def test_deactivated_person_is_refused(live_server, oidc_app, caplog):
    LearnerFactory(user__email="jonas.eriksen@northwind.example", user__is_active=False)
    browser, final = sign_in(live_server, "leaver")
    assert final.status_code == 403
    assert "deactivated" in final.text
    assert signed_in_as(browser) is None
    assert "refused (deactivated account): jonas.eriksen@northwind.example" in (
        caplog.text
    )
