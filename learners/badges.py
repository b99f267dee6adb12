"""Open Badges 3.0 credentials as VC-JWTs: build, sign, read and check (ADR 0020).

Plain functions over dicts and keys, no database: the services decide which
certificate and which key, the selectors which keys to trust.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CREDENTIAL_TYPE = ["VerifiableCredential", "OpenBadgeCredential"]
STATUS_TYPE = "1EdTechRevocationList"
# OB 3.0 makes RS256 the algorithm every verifier supports (section 8.2).
ALGORITHM = "RS256"
RSA_BITS = 3072
# A pasted badge larger than this is not one of ours.
MAX_BADGE_BYTES = 64 * 1024


class BadgeUnreadable(ValueError):
    """Neither a VC-JWT nor an Open Badges credential in JSON."""


class BadgeForged(ValueError):
    """Claims to be the academy's but its signature does not hold."""


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    url: str


@dataclass(frozen=True)
class Award:
    """What the credential says: who achieved what, when."""

    certificate_uuid: uuid.UUID
    holder_name: str
    issued_on: date
    achievement_id: str
    title: str
    description: str
    criteria: str
    skills: tuple[str, ...]
    status_url: str


def credential_id(certificate_uuid: uuid.UUID | str) -> str:
    return f"urn:uuid:{certificate_uuid}"


def certificate_uuid_from(credential_id_value: object) -> uuid.UUID | None:
    if not isinstance(credential_id_value, str):
        return None
    prefix = "urn:uuid:"
    if not credential_id_value.startswith(prefix):
        return None
    try:
        return uuid.UUID(credential_id_value[len(prefix) :])
    except ValueError:
        return None


def _timestamp(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def issuer_profile(issuer: Issuer) -> dict:
    return {
        "id": issuer.id,
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
    }


def credential_build(*, award: Award, issuer: Issuer) -> dict:
    """The OpenBadgeCredential for one award (OB 3.0, VC data model 2.0).

    The holder is named, not identified by email: the credential is shown to
    whoever the holder shares it with."""
    achievement = {
        "id": award.achievement_id,
        "type": ["Achievement"],
        "name": award.title,
        "description": award.description or award.title,
        "criteria": {"narrative": award.criteria},
    }
    if award.skills:
        achievement["tag"] = list(award.skills)
    return {
        "@context": list(OB_CONTEXT),
        "id": credential_id(award.certificate_uuid),
        "type": list(CREDENTIAL_TYPE),
        "name": award.title,
        "issuer": issuer_profile(issuer),
        "validFrom": _timestamp(award.issued_on).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": award.holder_name,
                }
            ],
            "achievement": achievement,
        },
        "credentialStatus": {"id": award.status_url, "type": STATUS_TYPE},
    }


# --- keys --------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPair:
    private_pem: bytes
    public_jwk: dict
    kid: str


def key_generate() -> KeyPair:
    private = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    jwk = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    kid = jwk_thumbprint(jwk)
    return KeyPair(pem, {**jwk, "kid": kid, "alg": ALGORITHM, "use": "sig"}, kid)


def jwk_thumbprint(jwk: dict) -> str:
    """RFC 7638: SHA-256 over the required members, in order, no whitespace."""
    from cryptography.hazmat.primitives import hashes

    members = json.dumps(
        {"e": jwk["e"], "kty": jwk["kty"], "n": jwk["n"]},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    digest = hashes.Hash(hashes.SHA256())
    digest.update(members)
    return base64.urlsafe_b64encode(digest.finalize()).rstrip(b"=").decode()


def public_jwk_only(jwk: dict) -> dict:
    return {k: jwk[k] for k in ("kty", "n", "e", "kid", "alg", "use") if k in jwk}


# --- signing and checking ------------------------------------------------------------


def credential_sign(*, credential: dict, private_pem: bytes, public_jwk: dict) -> str:
    """The credential as a VC-JWT (OB 3.0 section 8.2): the payload is the
    credential itself with the registered claims it maps to."""
    payload = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": int(
            datetime.strptime(credential["validFrom"], "%Y-%m-%dT%H:%M:%SZ")
            .replace(tzinfo=UTC)
            .timestamp()
        ),
    }
    headers = {
        "typ": "JWT",
        "kid": public_jwk["kid"],
        "jwk": public_jwk_only(public_jwk),
    }
    return jwt.encode(payload, private_pem, algorithm=ALGORITHM, headers=headers)


@dataclass(frozen=True)
class ReadBadge:
    """A pasted badge, parsed but not yet trusted."""

    form: str  # "jwt" or "json"
    credential: dict
    token: str = ""
    kid: str = ""


def badge_read(text: str) -> ReadBadge:
    """Parse a pasted or uploaded badge: a compact JWT, or the credential as JSON
    (or a JSON string holding the JWT). Raises ``BadgeUnreadable``."""
    text = (text or "").strip()
    if not text:
        raise BadgeUnreadable("Paste a badge or choose its file.")
    if len(text.encode()) > MAX_BADGE_BYTES:
        raise BadgeUnreadable("That is too large to be a badge.")
    if text.startswith("{") or text.startswith('"'):
        try:
            data = json.loads(text)
        except ValueError as error:
            raise BadgeUnreadable("That is not valid JSON.") from error
        if isinstance(data, str):
            return badge_read(data)
        if not isinstance(data, dict) or "OpenBadgeCredential" not in (
            data.get("type") or []
        ):
            raise BadgeUnreadable("That JSON is not an Open Badges credential.")
        return ReadBadge(form="json", credential=data)
    try:
        header = jwt.get_unverified_header(text)
        payload = jwt.decode(text, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise BadgeUnreadable("That is neither a badge file nor a badge token.") from (
            error
        )
    if "OpenBadgeCredential" not in (payload.get("type") or []):
        raise BadgeUnreadable("That token is not an Open Badges credential.")
    kid = header.get("kid")
    return ReadBadge(
        form="jwt",
        credential=payload,
        token=text,
        kid=kid if isinstance(kid, str) else "",
    )


def issuer_id_of(credential: dict) -> str:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else ""


def token_verify(token: str, *, public_jwks: list[dict], issuer_id: str) -> dict:
    """The token's payload if one of the academy's keys signed it, its registered
    claims agree with the credential and it names the academy as issuer; else
    ``BadgeForged``. Only RS256 is accepted, whatever the header says."""
    for jwk in public_jwks:
        key = RSAAlgorithm.from_jwk(json.dumps(public_jwk_only(jwk)))
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                issuer=issuer_id,
                # validFrom is the issue date at midnight UTC: a certificate issued
                # today east of UTC is not "not yet valid" to a checker.
                leeway=timedelta(days=1),
                options={"require": ["iss", "jti", "nbf"], "verify_aud": False},
            )
        except jwt.InvalidSignatureError:
            continue
        except jwt.PyJWTError as error:
            raise BadgeForged(str(error)) from error
        if payload.get("jti") != payload.get("id") or issuer_id_of(payload) != (
            issuer_id
        ):
            raise BadgeForged("The token's claims disagree with its credential.")
        return payload
    raise BadgeForged("No key of the academy signed this badge.")


def credential_of(payload: dict) -> dict:
    """The credential inside a VC-JWT payload (without the JWT claims)."""
    return {k: v for k, v in payload.items() if k not in {"iss", "jti", "nbf", "sub"}}
