"""The Identity providers screen: Academy admins add a SAML IdP from its metadata
(pasted or from a URL) or an OpenID provider; bad input changes nothing."""

import re

import pytest
import requests
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

from tests.conftest import PERSONAS

from .conftest import free_port

pytestmark = pytest.mark.django_db

INDEX = "/admin/identity-providers/"
ADD = "/admin/identity-providers/new/"

IDP_METADATA = """<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#"
    entityID="https://idp.northwind.example/metadata">
  <md:IDPSSODescriptor
      protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>MIIBszCCAVmgAwIBAgIUTESTONLY</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService
        Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://idp.northwind.example/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def saml_form(**changes):
    return {
        "protocol": "saml",
        "name": "Northwind single sign-on",
        "slug": "northwind",
        "metadata_xml": IDP_METADATA,
        "metadata_url": "",
        "attr_email": "urn:oid:0.9.2342.19200300.100.1.3",
        "attr_first_name": "urn:oid:2.5.4.42",
        "attr_last_name": "urn:oid:2.5.4.4",
        "attr_employee_id": "employeeNumber",
        **changes,
    }


def oidc_form(**changes):
    return {
        "protocol": "openid_connect",
        "name": "Northwind OpenID",
        "slug": "northwind-oidc",
        "server_url": "https://login.northwind.example/",
        "oidc_client_id": "academy",
        "oidc_secret": "s3cret-from-the-idp",
        **changes,
    }


@pytest.fixture
def admin_client(client, academy_admin):
    client.force_login(academy_admin)
    return client


def test_academy_admin_adds_a_saml_idp_from_pasted_metadata(admin_client):
    response = admin_client.post(ADD, saml_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    app = SocialApp.objects.get()
    assert (app.provider, app.provider_id, app.client_id) == (
        "saml",
        "northwind",
        "northwind",
    )
    idp = app.settings["idp"]
    assert idp["entity_id"] == "https://idp.northwind.example/metadata"
    assert idp["sso_url"] == "https://idp.northwind.example/sso"
    assert idp["x509cert"] == "MIIBszCCAVmgAwIBAgIUTESTONLY"
    assert app.settings["advanced"]["want_assertion_signed"] is True
    assert app.settings["attribute_mapping"]["employee_id"][0] == "employeeNumber"
    # The academy's own metadata is served for the IdP's administrator.
    metadata = admin_client.get(
        reverse("saml_metadata", args=["northwind"]), HTTP_HOST="localhost"
    )
    assert metadata.status_code == 200
    assert b"/accounts/saml/northwind/acs/" in metadata.content
    listing = admin_client.get(INDEX)
    assert b"Northwind single sign-on" in listing.content
    assert b"/accounts/saml/northwind/metadata/" in listing.content


def test_saml_idp_from_a_metadata_url_is_fetched_when_saved(admin_client, saml_idp):
    url = f"{saml_idp}/metadata"
    response = admin_client.post(ADD, saml_form(metadata_xml="", metadata_url=url))
    assert response.status_code == 302
    app = SocialApp.objects.get()
    assert app.settings["idp"]["entity_id"] == url
    assert app.settings["metadata_source_url"] == url


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"metadata_xml": "<not xml"}, "metadata_xml", "not valid SAML metadata XML"),
        (
            {"metadata_xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'},
            "metadata_xml",
            "not valid SAML metadata XML",
        ),
        (
            {
                "metadata_xml": re.sub(
                    r"<md:KeyDescriptor.*</md:KeyDescriptor>",
                    "",
                    IDP_METADATA,
                    flags=re.S,
                )
            },
            "metadata_xml",
            "no signing certificate",
        ),
        ({"metadata_xml": ""}, "metadata_xml", "Paste the identity provider"),
        (
            {"metadata_url": "https://idp.northwind.example/metadata"},
            "metadata_url",
            "not both",
        ),
        ({"slug": "not a slug!"}, "slug", "Enter a valid"),
    ],
)
def test_bad_saml_input_is_a_form_error_and_saves_nothing(
    admin_client, changes, field, message
):
    response = admin_client.post(ADD, saml_form(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert not SocialApp.objects.exists()


def test_unreachable_metadata_url_is_a_form_error(admin_client):
    url = f"http://127.0.0.1:{free_port()}/metadata"
    response = admin_client.post(ADD, saml_form(metadata_xml="", metadata_url=url))
    assert response.status_code == 200
    assert "could not be fetched" in " ".join(
        response.context["form"].errors["metadata_url"]
    )
    assert not SocialApp.objects.exists()


def test_academy_admin_adds_an_openid_provider(admin_client):
    response = admin_client.post(ADD, oidc_form())
    assert response.status_code == 302
    app = SocialApp.objects.get()
    assert (app.provider, app.provider_id, app.client_id, app.secret) == (
        "openid_connect",
        "northwind-oidc",
        "academy",
        "s3cret-from-the-idp",
    )
    assert app.settings["server_url"] == "https://login.northwind.example"
    # Editing without a secret keeps the one stored; the slug cannot change.
    edit = reverse("identity_providers:edit", args=[app.pk])
    page = admin_client.get(edit)
    assert b"s3cret-from-the-idp" not in page.content
    response = admin_client.post(
        edit, oidc_form(name="Northwind login", oidc_secret="", slug="other")
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.name, app.secret, app.provider_id) == (
        "Northwind login",
        "s3cret-from-the-idp",
        "northwind-oidc",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"server_url": "not a url"}, "server_url"),
        ({"oidc_client_id": ""}, "oidc_client_id"),
        ({"oidc_secret": ""}, "oidc_secret"),
    ],
)
def test_incomplete_openid_provider_saves_nothing(admin_client, changes, field):
    response = admin_client.post(ADD, oidc_form(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not SocialApp.objects.exists()


def test_two_providers_cannot_share_a_short_name(admin_client):
    admin_client.post(ADD, saml_form())
    response = admin_client.post(ADD, oidc_form(slug="northwind"))
    assert "Another identity provider" in " ".join(
        response.context["form"].errors["slug"]
    )
    assert SocialApp.objects.count() == 1


def test_sign_in_page_shows_one_button_per_provider(client, admin_client):
    admin_client.post(ADD, saml_form())
    admin_client.post(ADD, oidc_form())
    admin_client.logout()
    page = client.get(reverse("account_login")).content.decode()
    assert "Northwind single sign-on" in page
    assert "Northwind OpenID" in page
    assert page.count('href="/accounts/saml/northwind/login/') == 1
    assert page.count('href="/accounts/oidc/northwind-oidc/login/') == 1


EXPECTED = {
    "anonymous": 302,
    "learner": 403,
    "manager": 403,
    "ld_editor": 302,
    "ld_reviewer": 302,
    "academy_admin": 200,
    "leadership": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_academy_admins_manage_identity_providers(client, persona_user, persona):
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="northwind-oidc",
        name="Northwind OpenID",
        client_id="academy",
        secret="s3cret",
        settings={"server_url": "https://login.northwind.example"},
    )
    if persona_user[persona] is not None:
        client.force_login(persona_user[persona])
    for url in (
        INDEX,
        ADD,
        reverse("identity_providers:edit", args=[app.pk]),
        reverse("identity_providers:delete", args=[app.pk]),
    ):
        assert client.get(url).status_code == EXPECTED[persona], (url, persona)
    response = client.post(ADD, oidc_form(slug="another"))
    allowed = persona == "academy_admin"
    assert SocialApp.objects.filter(provider_id="another").exists() is allowed
    if not allowed:
        assert response.status_code in (302, 403)
    client.post(reverse("identity_providers:delete", args=[app.pk]))
    assert SocialApp.objects.filter(pk=app.pk).exists() is not allowed


def test_superuser_manages_identity_providers(client, db):
    from django.contrib.auth import get_user_model

    from tests.conftest import give_totp

    root = get_user_model().objects.create_superuser(
        email="ines.carvalho@northwind.example", password="a-long-pass-phrase"
    )
    give_totp(root)
    client.force_login(root)
    assert client.get(INDEX).status_code == 200
    assert client.post(ADD, oidc_form()).status_code == 302


def test_metadata_fetch_uses_a_timeout(monkeypatch):
    from accounts.sso import metadata

    seen = {}

    def fake_get(url, **kwargs):
        seen.update(kwargs)
        raise requests.Timeout()

    monkeypatch.setattr(metadata.requests, "get", fake_get)
    with pytest.raises(metadata.MetadataError, match="did not answer within 10"):
        metadata.metadata_fetch("https://idp.northwind.example/metadata")
    assert seen["timeout"] == metadata.METADATA_TIMEOUT_SECONDS
