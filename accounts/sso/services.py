"""Writes for single sign-on: identity providers and the assertions already used."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.socialaccount.models import SocialApp
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import SeenAssertion
from .metadata import IdentityProviderMetadata

SAML = "saml"
OIDC = "openid_connect"
ENTERPRISE_PROVIDERS = frozenset({SAML, OIDC})

# SAML attribute names the academy reads by default: the SAML 2.0 (X.500/LDAP
# "urn:oid") names most identity providers can release, and the ones Microsoft
# Entra ID and AD FS send. An admin can name others per provider.
DEFAULT_SAML_ATTRIBUTES = {
    "email": "urn:oid:0.9.2342.19200300.100.1.3",
    "first_name": "urn:oid:2.5.4.42",
    "last_name": "urn:oid:2.5.4.4",
    "employee_id": "urn:oid:2.16.840.1.113730.3.1.3",
}
FALLBACK_SAML_ATTRIBUTES = {
    "email": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "email",
        "mail",
    ],
    "first_name": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "givenName",
    ],
    "last_name": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "sn",
    ],
    "employee_id": ["employeeNumber", "employeeID"],
}


@dataclass(frozen=True)
class SamlAttributes:
    email: str
    first_name: str
    last_name: str
    employee_id: str


def _mapping(attributes: SamlAttributes) -> dict[str, list[str]]:
    mapping = {}
    for key, fallbacks in FALLBACK_SAML_ATTRIBUTES.items():
        chosen = getattr(attributes, key).strip()
        mapping[key] = [chosen] + [name for name in fallbacks if name != chosen]
    return mapping


def saml_settings(
    *,
    metadata: IdentityProviderMetadata,
    attributes: SamlAttributes,
    metadata_url: str = "",
) -> dict:
    """allauth's ``SocialApp.settings`` for a SAML identity provider. Assertions
    must be signed, strict checking (audience, time, destination) is on, and
    sign-ins the identity provider starts on its own are refused. The metadata is
    stored as read when saved, so a sign-in never waits on the metadata URL."""
    return {
        "idp": {
            "entity_id": metadata.entity_id,
            "sso_url": metadata.sso_url,
            "slo_url": metadata.slo_url,
            "x509cert": metadata.x509cert,
        },
        "metadata_source_url": metadata_url,
        "attribute_mapping": _mapping(attributes),
        "advanced": {
            "strict": True,
            "want_assertion_signed": True,
            "want_message_signed": False,
            "reject_idp_initiated_sso": True,
            "reject_deprecated_algorithm": True,
            "allow_single_label_domains": False,
        },
    }


def saml_attributes_of(app: SocialApp) -> SamlAttributes:
    mapping = (app.settings or {}).get("attribute_mapping") or {}
    chosen = {
        key: (mapping.get(key) or [default])[0]
        for key, default in DEFAULT_SAML_ATTRIBUTES.items()
    }
    return SamlAttributes(**chosen)


def oidc_settings(*, server_url: str) -> dict:
    return {
        "server_url": server_url,
        "token_auth_method": "client_secret_basic",
        "oauth_pkce_enabled": True,
    }


def assertion_first_use(
    *, issuer: str, assertion_id: str, expires_at: datetime.datetime | None
) -> bool:
    """Record that an assertion was used; False when it had been used before.

    The unique constraint decides, so two requests racing with one assertion
    cannot both win. Rows past their expiry are pruned on the way: an expired
    assertion is refused by its own dates, so it need not be remembered."""
    now = timezone.now()
    if expires_at is None or expires_at < now:
        expires_at = now + datetime.timedelta(hours=1)
    SeenAssertion.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            SeenAssertion.objects.create(
                issuer=issuer[:1024], assertion_id=assertion_id, expires_at=expires_at
            )
    except IntegrityError:
        return False
    return True


def identity_provider_save(
    *,
    app: SocialApp | None = None,
    protocol: str,
    name: str,
    slug: str,
    settings: dict,
    client_id: str = "",
    secret: str = "",
) -> SocialApp:
    """Create or change an identity provider. A SAML provider is found by its
    slug (allauth's ``client_id``); an OpenID provider by ``provider_id``."""
    app = app or SocialApp(provider=protocol)
    app.provider = protocol
    app.provider_id = slug
    app.name = name
    if protocol == SAML:
        app.client_id, app.secret = slug, ""
    else:
        app.client_id, app.secret = client_id, secret
    app.settings = settings
    app.save()
    return app
