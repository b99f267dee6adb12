"""The academy's keys for signing Open Badges credentials (ADR 0020)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class SigningKey(models.Model):
    """One RSA key pair. The private key is stored encrypted under a key derived
    from ``SECRET_KEY``; the public key is published (JWKS) for as long as the row
    exists, so badges signed before a rotation still verify."""

    kid = models.CharField(max_length=64, unique=True)
    algorithm = models.CharField(max_length=16, default="RS256")
    public_jwk = models.JSONField()
    private_key = models.TextField(help_text="PKCS#8 PEM, Fernet-encrypted.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"],
                condition=Q(active=True),
                name="learners_signingkey_one_active",
            )
        ]

    def __str__(self) -> str:
        return self.kid
