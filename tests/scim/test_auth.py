"""Tokens open SCIM and nothing else; sessions never open SCIM; rate limits."""

import pytest
from django.test import override_settings

from scim.models import ScimClient
from scim.tokens import client_create, client_for_token, client_revoke, token_hash

pytestmark = pytest.mark.django_db

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def assert_401(response):
    assert response.status_code == 401
    assert response.json()["schemas"] == [ERROR]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_token_is_stored_only_as_its_hash():
    issued = client_create(name="Entra ID")
    client = ScimClient.objects.get(name="Entra ID")
    assert client.token_hash == token_hash(issued.token)
    assert issued.token not in (client.token_hash, client.token_prefix)
    assert issued.token.startswith(client.token_prefix)
    assert len(issued.token) > 40


def test_no_token_a_wrong_token_and_a_malformed_header_are_401(client):
    client_create(name="Okta")
    assert_401(client.get("/scim/v2/Users"))
    assert_401(
        client.get("/scim/v2/Users", headers={"Authorization": "Bearer scim_nope"})
    )
    assert_401(client.get("/scim/v2/Users", headers={"Authorization": "Basic abc"}))


def test_a_revoked_token_is_401_and_another_clients_token_still_works(client):
    okta = client_create(name="Okta")
    entra = client_create(name="Entra ID")
    client_revoke(client=okta.client)
    assert_401(
        client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {okta.token}"})
    )
    ok = client.get(
        "/scim/v2/Users", headers={"Authorization": f"Bearer {entra.token}"}
    )
    assert ok.status_code == 200


def test_a_session_never_authenticates_scim(client, academy_admin):
    client.force_login(academy_admin)
    assert_401(client.get("/scim/v2/Users"))
    assert_401(client.get("/scim/v2/ServiceProviderConfig"))


def test_a_scim_token_does_not_sign_anyone_in_elsewhere(client, learner):
    token = client_create(name="Okta").token
    response = client.get("/my-learning/", headers={"Authorization": f"Bearer {token}"})
    # Not signed in: the page sends the visitor to the login screen.
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    admin = client.get("/admin/", headers={"Authorization": f"Bearer {token}"})
    assert admin.status_code == 302


def test_scim_writes_need_no_csrf_token(scim):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.get(
        "/scim/v2/Users", headers={"Authorization": f"Bearer {scim.token}"}
    )
    assert response.status_code == 200


@override_settings(ACCOUNT_RATE_LIMITS={"scim": "3/m/key", "login": "30/m/ip"})
def test_each_token_is_rate_limited_with_a_429_scim_error(client):
    first = client_create(name="Okta").token
    second = client_create(name="Workday").token
    for _ in range(3):
        ok = client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {first}"})
        assert ok.status_code == 200
    limited = client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {first}"})
    assert limited.status_code == 429
    assert limited.json()["schemas"] == [ERROR]
    assert limited.json()["status"] == "429"
    assert limited["Retry-After"]
    other = client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {second}"})
    assert other.status_code == 200


def test_client_for_token_records_last_use_and_refuses_odd_tokens():
    issued = client_create(name="Okta")
    assert client_for_token(issued.token) == issued.client
    issued.client.refresh_from_db()
    assert issued.client.last_used_at is not None
    assert client_for_token("") is None
    assert client_for_token("scim_" + "x" * 300) is None
    assert client_for_token(issued.token[:-1]) is None


def test_discovery_endpoints(scim):
    config = scim.get("ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True
    assert config["filter"] == {"supported": True, "maxResults": 1000}
    assert config["etag"]["supported"] is True
    assert config["bulk"]["supported"] is False
    types = scim.get("ResourceTypes").json()
    assert {t["id"] for t in types["Resources"]} == {"User", "Group"}
    user_type = scim.get("ResourceTypes/User").json()
    assert user_type["schemaExtensions"][0]["schema"].endswith("enterprise:2.0:User")
    schemas = scim.get("Schemas").json()
    ids = {s["id"] for s in schemas["Resources"]}
    assert "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" in ids
    user = scim.get("Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json()
    names = {a["name"] for a in user["attributes"]}
    assert {"userName", "name", "active", "title"} <= names
    assert "phoneNumbers" not in names
    assert scim.get("Schemas/urn:nope").status_code == 404
    assert scim.get("ResourceTypes/Robot").status_code == 404


def test_unknown_scim_paths_are_scim_404s(scim):
    response = scim.get("Robots")
    assert response.status_code == 404
    assert response.json()["schemas"] == [ERROR]
    assert scim.post(".search", {}).status_code == 501
