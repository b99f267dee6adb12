"""The pure Open Badges functions: build, sign, read and check, no database."""

import json
from datetime import date
from uuid import UUID

import jwt
import pytest

from learners import badges

ISSUER = badges.Issuer(
    id="https://academy.northwind.example/credentials/issuer/",
    name="Northwind Group AI Skills Academy",
    url="https://academy.northwind.example/",
)
AWARD = badges.Award(
    certificate_uuid=UUID("0f8fad5b-d9cb-469f-a165-70867728950e"),
    holder_name="Mei Lin Tan",
    issued_on=date(2026, 11, 30),
    achievement_id="https://academy.northwind.example/courses/judging-ai-output/",
    title="Judging AI output",
    description="Spot fabricated facts and bias before they reach a customer.",
    criteria="Completed every required lesson and scored at least 70%.",
    skills=("Output review",),
    status_url="https://academy.northwind.example/credentials/status/0f8f/",
)


@pytest.fixture(scope="module")
def key():
    return badges.key_generate()


def _token(key, credential=None):
    return badges.credential_sign(
        credential=credential or badges.credential_build(award=AWARD, issuer=ISSUER),
        private_pem=key.private_pem,
        public_jwk=key.public_jwk,
    )


def test_token_has_the_vc_jwt_claims_and_header(key):
    token = _token(key)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    assert header["kid"] == key.kid
    assert "d" not in header["jwk"]
    payload = badges.token_verify(
        token, public_jwks=[key.public_jwk], issuer_id=ISSUER.id
    )
    assert payload["iss"] == ISSUER.id
    assert payload["jti"] == "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"
    assert payload["nbf"] == 1795996800  # 2026-11-30T00:00:00Z
    assert badges.credential_of(payload) == badges.credential_build(
        award=AWARD, issuer=ISSUER
    )


def test_thumbprint_is_rfc_7638():
    # The RFC 7638 section 3.1 example key and its thumbprint.
    jwk = {
        "kty": "RSA",
        "n": (
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPF"
            "FxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93l"
            "qt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHz"
            "u6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPks"
            "INHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        ),
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert badges.jwk_thumbprint(jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def test_another_key_or_issuer_or_mismatched_claims_are_refused(key):
    stranger = badges.key_generate()
    with pytest.raises(badges.BadgeForged):
        badges.token_verify(
            _token(stranger), public_jwks=[key.public_jwk], issuer_id=ISSUER.id
        )
    with pytest.raises(badges.BadgeForged):
        badges.token_verify(
            _token(key),
            public_jwks=[key.public_jwk],
            issuer_id="https://elsewhere.example/issuer/",
        )
    claims = jwt.decode(_token(key), options={"verify_signature": False})
    claims["jti"] = "urn:uuid:8f14e45f-ceea-467f-a8f4-8c1f5b6d2a90"
    mismatched = jwt.encode(claims, key.private_pem, algorithm="RS256")
    with pytest.raises(badges.BadgeForged):
        badges.token_verify(
            mismatched, public_jwks=[key.public_jwk], issuer_id=ISSUER.id
        )


def test_hs256_signed_with_the_public_key_is_refused(key):
    claims = jwt.decode(_token(key), options={"verify_signature": False})
    header = {"alg": "HS256", "typ": "JWT"}
    import base64
    import hashlib
    import hmac

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = (
        f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    )
    secret = json.dumps(key.public_jwk).encode()
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(badges.BadgeForged):
        badges.token_verify(
            f"{signing_input}.{b64(signature)}",
            public_jwks=[key.public_jwk],
            issuer_id=ISSUER.id,
        )


@pytest.mark.parametrize(
    "text",
    ["", "   ", "plain words", "{", "[]", '{"type": "x"}', "a.b.c", "x" * 70_000],
)
def test_what_is_not_a_badge_is_unreadable(text):
    with pytest.raises(badges.BadgeUnreadable):
        badges.badge_read(text)


def test_a_json_string_holding_the_token_is_read_as_the_token(key):
    token = _token(key)
    read = badges.badge_read(json.dumps(token))
    assert read.form == "jwt"
    assert read.kid == key.kid


def test_certificate_uuid_from_rejects_anything_else():
    assert badges.certificate_uuid_from("urn:uuid:not-a-uuid") is None
    assert badges.certificate_uuid_from(42) is None
    assert badges.certificate_uuid_from("https://example.org/1") is None
