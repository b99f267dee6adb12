"""Reading a SAML identity provider's metadata, pasted or fetched from a URL."""

from __future__ import annotations

from dataclasses import dataclass

import requests
from lxml import etree
from onelogin.saml2.errors import OneLogin_Saml2_Error
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.xmlparser import fromstring

METADATA_TIMEOUT_SECONDS = 10
METADATA_MAX_BYTES = 1_000_000


class MetadataError(ValueError):
    """The metadata cannot be used; the message says why, for the admin."""


@dataclass(frozen=True)
class IdentityProviderMetadata:
    entity_id: str
    sso_url: str
    x509cert: str
    slo_url: str = ""


def metadata_parse(xml: str | bytes) -> IdentityProviderMetadata:
    """The entity id, sign-in URL and signing certificate of an IdP's metadata."""
    if isinstance(xml, str):
        xml = xml.strip().encode("utf-8")
    if not xml:
        raise MetadataError("The metadata is empty.")
    try:
        # python3-saml's parser refuses DTDs and external entities.
        fromstring(xml, forbid_dtd=True)
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml)
    except (etree.XMLSyntaxError, ValueError, OneLogin_Saml2_Error) as error:
        raise MetadataError(f"This is not valid SAML metadata XML ({error}).") from None
    idp = parsed.get("idp") or {}
    entity_id = idp.get("entityId")
    sso_url = (idp.get("singleSignOnService") or {}).get("url")
    cert = idp.get("x509cert") or _first_signing_cert(idp)
    if not entity_id:
        raise MetadataError(
            "The metadata names no identity provider (IDPSSODescriptor)."
        )
    if not sso_url:
        raise MetadataError(
            "The metadata has no single sign-on URL with the HTTP-Redirect binding."
        )
    if not cert:
        raise MetadataError(
            "The metadata has no signing certificate: assertions could not be checked."
        )
    slo_url = (idp.get("singleLogoutService") or {}).get("url") or ""
    return IdentityProviderMetadata(
        entity_id=entity_id, sso_url=sso_url, x509cert=cert, slo_url=slo_url
    )


def _first_signing_cert(idp: dict) -> str | None:
    certs = (idp.get("x509certMulti") or {}).get("signing") or []
    return certs[0] if certs else None


def metadata_fetch(url: str) -> str:
    """The metadata document at ``url``, fetched with a timeout and a size limit."""
    try:
        response = requests.get(
            url, timeout=METADATA_TIMEOUT_SECONDS, stream=True, allow_redirects=True
        )
        response.raise_for_status()
        body = response.raw.read(METADATA_MAX_BYTES + 1, decode_content=True)
    except requests.Timeout:
        raise MetadataError(
            "The metadata URL did not answer within "
            f"{METADATA_TIMEOUT_SECONDS} seconds."
        ) from None
    except requests.RequestException as error:
        raise MetadataError(
            f"The metadata URL could not be fetched ({error})."
        ) from None
    if len(body) > METADATA_MAX_BYTES:
        raise MetadataError("The metadata document is larger than 1 MB.")
    return body.decode("utf-8", errors="replace")
