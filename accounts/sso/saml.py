"""allauth's SAML provider with the academy's checks: every assertion id is used
once, and the mapped attributes (email, names, employee id) are kept on the link."""

from __future__ import annotations

import datetime
import logging

from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.utils import timezone

from .refusals import SsoRefused
from .services import assertion_first_use

logger = logging.getLogger("accounts.sso")

MAPPED_KEYS = ("email", "first_name", "last_name", "employee_id")


class AcademySAMLProvider(SAMLProvider):
    # allauth finds the URLs and templates by package: they stay allauth's.
    package = "allauth.socialaccount.providers.saml"

    def sociallogin_from_response(self, request, response):
        issuer = self.app.settings.get("idp", {}).get("entity_id", "")
        assertion_id = response.get_last_assertion_id()
        expires = response.get_last_assertion_not_on_or_after()
        expires_at = (
            datetime.datetime.fromtimestamp(expires, tz=datetime.UTC)
            if expires
            else None
        )
        if not assertion_id or not assertion_first_use(
            issuer=issuer, assertion_id=assertion_id, expires_at=expires_at
        ):
            logger.warning(
                "SAML sign-in refused: assertion %s from %s was already used "
                "(replayed) at %s",
                assertion_id,
                issuer,
                timezone.now().isoformat(),
            )
            raise SsoRefused(
                "This sign-in response was already used. Start again from the "
                "sign-in page.",
                reason="replayed assertion",
            )
        return super().sociallogin_from_response(request, response)

    def extract_extra_data(self, data):
        mapped = self._extract(data)
        return {
            "attributes": data.get_attributes(),
            "mapped": {key: mapped.get(key, "") for key in MAPPED_KEYS},
        }
