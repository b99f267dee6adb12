"""Clients allowed to provision people over SCIM, each with its own token."""

from django.conf import settings
from django.db import models


class ScimClient(models.Model):
    """An identity provider (Okta, Entra ID, Workday...) and the hash of its token.

    The token itself is shown once, when it is created, and never stored: only its
    SHA-256 (the token is 256 random bits, so a plain hash is enough) and its first
    characters, to tell tokens apart.
    """

    name = models.CharField(max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "SCIM client"

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
