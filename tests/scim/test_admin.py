"""SCIM clients in the Wagtail admin: Academy admins only; a token is shown once."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from scim.models import ScimClient
from scim.tokens import client_create, client_for_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, academy_admin):
    client.force_login(academy_admin)
    return client


def test_create_shows_the_token_once_and_it_works(admin_client):
    response = admin_client.post(reverse("scim_clients:add"), {"name": "Okta"})
    assert response.status_code == 200
    token = response.context["issued"].token
    assert token in response.content.decode()
    client = ScimClient.objects.get(name="Okta")
    assert client_for_token(token) == client
    assert client.created_by is not None
    index = admin_client.get(reverse("scim_clients:index"))
    assert index.status_code == 200
    page = index.content.decode()
    assert "Okta" in page
    assert token not in page
    revoke_page = admin_client.get(reverse("scim_clients:revoke", args=[client.pk]))
    assert token not in revoke_page.content.decode()


def test_a_duplicate_or_blank_name_is_refused(admin_client):
    client_create(name="Okta")
    response = admin_client.post(reverse("scim_clients:add"), {"name": "okta"})
    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert ScimClient.objects.count() == 1
    blank = admin_client.post(reverse("scim_clients:add"), {"name": "  "})
    assert blank.status_code == 200
    assert ScimClient.objects.count() == 1


def test_revoke_stops_the_token_at_once(admin_client):
    issued = client_create(name="Okta")
    response = admin_client.post(
        reverse("scim_clients:revoke", args=[issued.client.pk])
    )
    assert response.status_code == 302
    assert client_for_token(issued.token) is None
    scim = admin_client.get(
        "/scim/v2/Users", headers={"Authorization": f"Bearer {issued.token}"}
    )
    assert scim.status_code == 401


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("manager", 403),
        ("ld_editor", 403),
        ("ld_reviewer", 403),
        ("leadership", 403),
    ],
)
def test_only_academy_admins_may_see_create_or_revoke(
    client, persona_user, persona, status
):
    issued = client_create(name="Okta")
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    responses = [
        client.get(reverse("scim_clients:index")),
        client.get(reverse("scim_clients:add")),
        client.post(reverse("scim_clients:add"), {"name": "Sneaky"}),
        client.post(reverse("scim_clients:revoke", args=[issued.client.pk])),
    ]
    assert [r.status_code for r in responses] == [status] * 4
    assert not ScimClient.objects.filter(name="Sneaky").exists()
    assert client_for_token(issued.token) is not None


def test_the_command_creates_lists_and_revokes(capsys):
    call_command("scim_token", "create", "Okta")
    out = capsys.readouterr().out
    token = out.strip().splitlines()[-1]
    assert client_for_token(token).name == "Okta"
    call_command("scim_token", "list")
    listed = capsys.readouterr().out
    assert "Okta" in listed
    assert "active" in listed
    assert token not in listed
    call_command("scim_token", "revoke", "Okta")
    assert "Revoked" in capsys.readouterr().out
    assert client_for_token(token) is None
    call_command("scim_token", "list")
    assert "revoked" in capsys.readouterr().out


def test_the_command_refuses_duplicates_and_unknown_names():
    call_command("scim_token", "create", "Okta")
    with pytest.raises(CommandError, match="already"):
        call_command("scim_token", "create", "okta")
    with pytest.raises(CommandError, match="no SCIM client"):
        call_command("scim_token", "revoke", "Workday")
    call_command("scim_token", "revoke", "Okta")
    with pytest.raises(CommandError, match="already revoked"):
        call_command("scim_token", "revoke", "Okta")
