"""API tokens: create, revoke, and find the token a request's key belongs to.

A key is 32 random bytes (URL-safe base64) behind a short readable prefix. Only its SHA-256 digest
is stored: the key has far more entropy than a password, so a plain digest (no salt, no slow
hash) cannot be brute-forced, and it lets a request find its token with one indexed lookup.

Polling clients authenticate on every request, so each server process remembers an active token
(with its user) for WZSCI_API_TOKEN_CACHE_SECONDS (2 s by default) before reading it again:
a revocation, or a change to the token's user (deactivation), reaches every process within that
time, and the process that revoked at once. Each request gets its own copy of the remembered
objects. Roles are not cached here: every write asks the services, which read them.
"""

from __future__ import annotations

import copy
import hashlib
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from indicators.models import ApiToken

KEY_PREFIX = "wz_"
# Recording every use would turn each read into a write; once per interval says enough about
# whether a client is still alive.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def assign_new_key(token: ApiToken) -> str:
    """Give a (new, unsaved) token a fresh key; return the key, which is not stored."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token.key_prefix = key[: len(KEY_PREFIX) + 6]
    token.key_digest = digest(key)
    return key


@transaction.atomic
def api_token_create(
    *, client_name: str, user, read_only: bool = True, created_by=None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key — the only time the key exists in clear."""
    token = ApiToken(client_name=client_name, user=user, read_only=read_only, created_by=created_by)
    key = assign_new_key(token)
    token.save()
    return token, key


# key digest → (monotonic expiry, token with its user); this process's, bounded.
_remembered: dict[str, tuple[float, ApiToken]] = {}
REMEMBERED_MAX = 10_000


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token from now on. Revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    _remembered.pop(token.key_digest, None)
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The active token with this key, with its user, or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    key_digest = digest(key)
    entry = _remembered.get(key_digest)
    if entry is not None and entry[0] > time.monotonic():
        return private_copy(entry[1])
    try:
        token = ApiToken.objects.select_related("user").get(
            key_digest=key_digest, revoked_at__isnull=True
        )
    except ApiToken.DoesNotExist:
        _remembered.pop(key_digest, None)
        return None
    seconds = settings.WZSCI_API_TOKEN_CACHE_SECONDS
    if seconds > 0:
        if len(_remembered) >= REMEMBERED_MAX:
            _remembered.clear()
        _remembered[key_digest] = (time.monotonic() + seconds, token)
    return private_copy(token)


def private_copy(token: ApiToken) -> ApiToken:
    """A copy for one request: what a request caches on its user stays with that request."""
    mine = copy.copy(token)
    mine.user = copy.copy(token.user)
    return mine


def api_token_touch(*, token: ApiToken) -> None:
    """Record that the token was used, at most once per LAST_USED_RESOLUTION."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        entry = _remembered.get(token.key_digest)
        if entry is not None:
            entry[1].last_used_at = now  # so the remembered token does not ask again
