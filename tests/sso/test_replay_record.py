"""The record of SAML assertion ids already used: once each, per identity provider."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import SeenAssertion
from accounts.sso.services import assertion_first_use

pytestmark = pytest.mark.django_db

IDP = "https://idp.northwind.example/metadata"


def test_an_assertion_id_is_accepted_once_per_identity_provider():
    later = timezone.now() + datetime.timedelta(minutes=5)
    assert assertion_first_use(issuer=IDP, assertion_id="_a1", expires_at=later)
    assert not assertion_first_use(issuer=IDP, assertion_id="_a1", expires_at=later)
    # The same id from another IdP is another assertion.
    assert assertion_first_use(
        issuer="https://login.contoso.example", assertion_id="_a1", expires_at=later
    )
    assert SeenAssertion.objects.count() == 2


def test_ids_past_their_expiry_are_forgotten():
    past = timezone.now() - datetime.timedelta(minutes=1)
    SeenAssertion.objects.create(issuer=IDP, assertion_id="_old", expires_at=past)
    assert assertion_first_use(
        issuer=IDP,
        assertion_id="_new",
        expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    assert list(SeenAssertion.objects.values_list("assertion_id", flat=True)) == [
        "_new"
    ]


def test_an_assertion_without_an_expiry_is_remembered_for_an_hour():
    assert assertion_first_use(issuer=IDP, assertion_id="_a2", expires_at=None)
    seen = SeenAssertion.objects.get()
    assert seen.expires_at > timezone.now() + datetime.timedelta(minutes=59)
