"""The academy's signing key, certificates' Open Badges credentials, revocation.

ADR 0020: the private key is a database row, encrypted under a key derived from
``SECRET_KEY`` (and readable with ``SECRET_KEY_FALLBACKS`` while that rotates);
it is created the first time a badge is signed and replaced by
``manage.py badge_key_rotate``. Retired keys stay published so the badges they
signed still verify.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import badges
from ..models import AuditAction, Certificate, SigningKey
from .audit import audit_record


class RevocationError(ValueError):
    """The certificate cannot be revoked as asked (shown to the admin)."""


def _fernet_for(secret: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"academy-badge-signing-key",
        info=b"learners.SigningKey.private_key",
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _fernet() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(secret) for secret in secrets])


def _key_create() -> SigningKey:
    pair = badges.key_generate()
    return SigningKey.objects.create(
        kid=pair.kid,
        algorithm=badges.ALGORITHM,
        public_jwk=pair.public_jwk,
        private_key=_fernet().encrypt(pair.private_pem).decode(),
    )


def signing_key_active() -> SigningKey:
    """The key new badges are signed with, created once (a unique constraint
    on the active row settles two first signatures at the same time)."""
    key = SigningKey.objects.filter(active=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return _key_create()
    except IntegrityError:
        return SigningKey.objects.get(active=True)


def signing_key_rotate() -> SigningKey:
    """Retire the active key (still published, so its badges verify) and make a
    new one; badges are signed with the new key from now on."""
    with transaction.atomic():
        SigningKey.objects.filter(active=True).update(
            active=False, retired_at=timezone.now()
        )
        return _key_create()


def signing_key_private_pem(key: SigningKey) -> bytes:
    try:
        return _fernet().decrypt(key.private_key.encode())
    except InvalidToken as error:
        raise RuntimeError(
            "The badge signing key cannot be decrypted: SECRET_KEY changed without "
            "the old value in SECRET_KEY_FALLBACKS (docs/credentials.md)."
        ) from error


def certificate_credential(
    *, certificate: Certificate, award: badges.Award, issuer: badges.Issuer
) -> dict:
    """The certificate's credential: built the first time, stored, then always
    the stored one (the first of two simultaneous builds wins)."""
    if certificate.credential is not None:
        return certificate.credential
    credential = badges.credential_build(award=award, issuer=issuer)
    Certificate.objects.filter(pk=certificate.pk, credential__isnull=True).update(
        credential=credential
    )
    certificate.credential = Certificate.objects.values_list(
        "credential", flat=True
    ).get(pk=certificate.pk)
    return certificate.credential


def certificate_badge_token(*, credential: dict) -> str:
    """The credential signed by the academy's active key, as a VC-JWT."""
    key = signing_key_active()
    return badges.credential_sign(
        credential=credential,
        private_pem=signing_key_private_pem(key),
        public_jwk=key.public_jwk,
    )


def certificate_revoke(*, certificate_id: int, by, reason: str) -> Certificate:
    """Revoke a certificate for good, with the reason and an audit entry. Its
    page, PDF and badge say "revoked" from now on."""
    reason = (reason or "").strip()
    if not reason:
        raise RevocationError("Give the reason the certificate is revoked.")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.revoked_at is not None:
            raise RevocationError("This certificate is already revoked.")
        certificate.revoked_at = timezone.now()
        certificate.revocation_reason = reason
        certificate.save(update_fields=["revoked_at", "revocation_reason"])
        audit_record(
            learner_id=certificate.learner_id,
            action=AuditAction.CERTIFICATE_REVOKED,
            summary=f"Certificate for “{certificate.item_title}” revoked: {reason}",
            actor=by,
            data={"certificate": str(certificate.uuid), "reason": reason},
        )
    if certificate.pdf:
        # The stored PDF does not say "revoked": it is not served again.
        certificate.pdf.delete(save=False)
        Certificate.objects.filter(pk=certificate.pk).update(pdf="")
    return certificate
