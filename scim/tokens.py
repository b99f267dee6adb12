"""SCIM client tokens: created and revoked by academy admins, stored as hashes.

A token is 256 random bits; only its SHA-256 is kept, so a database leak does not
leak working tokens, and a plain hash (no slow KDF) is enough for random secrets.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import ScimClient

TOKEN_PREFIX = "scim_"  # noqa: S105 - a label, not a secret
#: How often ``last_used_at`` is written, at most: not on every request.
LAST_USED_RESOLUTION_SECONDS = 60
#: How long a client's lookup is cached; a change to the client clears it at once.
CLIENT_CACHE_SECONDS = 60


class TokenError(ValueError):
    """A client name that cannot be used (empty, too long, taken, unknown)."""


@dataclass(frozen=True)
class IssuedToken:
    client: ScimClient
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _name_clean(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise TokenError("A client needs a name, e.g. “Okta”.")
    if len(clean) > 100:
        raise TokenError("A client's name is at most 100 characters.")
    return clean


def client_create(*, name: str, actor=None) -> IssuedToken:
    """A new client and its token; the token is returned once and never stored."""
    clean = _name_clean(name)
    if ScimClient.objects.filter(name__iexact=clean).exists():
        raise TokenError(f"There is already a SCIM client called “{clean}”.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ScimClient(
        name=clean,
        token_hash=token_hash(token),
        token_prefix=token[: len(TOKEN_PREFIX) + 6],
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError:
        raise TokenError(f"There is already a SCIM client called “{clean}”.") from None
    return IssuedToken(client=client, token=token)


def client_revoke(*, client: ScimClient) -> bool:
    """Revoke a client's token at once; False if it was already revoked."""
    revoked = ScimClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    client_cache_clear(client)
    return bool(revoked)


def client_revoke_by_name(*, name: str) -> ScimClient:
    client = ScimClient.objects.filter(name__iexact=_name_clean(name)).first()
    if client is None:
        raise TokenError(f"There is no SCIM client called “{name}”.")
    if not client_revoke(client=client):
        raise TokenError(f"The token of “{client.name}” is already revoked.")
    client.refresh_from_db()
    return client


def client_list() -> QuerySet[ScimClient]:
    return ScimClient.objects.select_related("created_by").order_by("name")


def _cache_key(digest: str) -> str:
    return f"scim:client:{digest}"


def client_cache_clear(client: ScimClient) -> None:
    """Forget ``client``'s cached lookup now and at the commit (revoked, renamed,
    deleted): its token stops working on the next request."""
    key = _cache_key(client.token_hash)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def client_cache_clear_signal(sender, instance: ScimClient, **kwargs) -> None:
    client_cache_clear(instance)


_FIELDS = ("id", "name", "token_hash", "token_prefix", "revoked_at", "last_used_at")


def client_for_token(token: str) -> ScimClient | None:
    """The active client this token belongs to, or None (revoked, unknown).

    A provider sends thousands of requests in a row with one token: the client
    is cached for ``CLIENT_CACHE_SECONDS`` after the first, and every change to
    it (revoking, editing, deleting) clears the cache (``client_cache_clear``).
    """
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = token_hash(token)
    key = _cache_key(digest)
    fields = cache.get(key)
    if fields is None:
        row = ScimClient.objects.filter(token_hash=digest).values(*_FIELDS).first()
        if row is None:
            return None
        fields = row
        cache.set(key, fields, CLIENT_CACHE_SECONDS)
    client = ScimClient(**fields)
    # The lookup is by an index on the hash; compare again in constant time so
    # nothing about the stored value depends on how far a guess matched.
    if not hmac.compare_digest(client.token_hash, digest):
        return None
    if client.revoked_at is not None:
        return None
    now = timezone.now()
    last = client.last_used_at
    if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
        ScimClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
        cache.set(key, {**fields, "last_used_at": now}, CLIENT_CACHE_SECONDS)
    return client
