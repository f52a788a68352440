"""Signed access tokens (JWT, HS256 with the settings' secret key) and API-key material.

The token carries the username and role; the API still re-reads the user on each request so a
disabled account or a changed role takes effect at once, not at token expiry.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from services.auth.errors import InvalidCredentials

__all__ = [
    "ACCESS_TOKEN_TTL",
    "TokenClaims",
    "decode_token",
    "hash_api_key",
    "issue_token",
    "new_api_key",
]

ACCESS_TOKEN_TTL = timedelta(hours=12)  # one working shift
_ALGORITHM = "HS256"
_ISSUER = "seawatch"


def _signing_key(secret: str) -> bytes:
    """A 32-byte HMAC key derived from the configured secret (whatever its length), used only
    for tokens so the same secret can serve other purposes without key reuse."""
    return hashlib.sha256(b"seawatch/access-token/v1|" + secret.encode()).digest()


@dataclass(frozen=True)
class TokenClaims:
    username: str
    role: str
    expires_at: datetime


def issue_token(
    username: str,
    role: str,
    secret: str,
    *,
    now: datetime | None = None,
    ttl: timedelta = ACCESS_TOKEN_TTL,
) -> str:
    issued = now or datetime.now(UTC)
    payload = {"sub": username, "role": role, "iss": _ISSUER, "iat": issued, "exp": issued + ttl}
    return jwt.encode(payload, _signing_key(secret), algorithm=_ALGORITHM)


def decode_token(token: str, secret: str) -> TokenClaims:
    try:
        payload = jwt.decode(
            token,
            _signing_key(secret),
            algorithms=[_ALGORITHM],
            issuer=_ISSUER,
            options={"require": ["sub", "exp", "iss"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidCredentials(f"invalid token: {exc}") from exc
    return TokenClaims(
        username=str(payload["sub"]),
        role=str(payload.get("role", "")),
        expires_at=datetime.fromtimestamp(int(payload["exp"]), UTC),
    )


def new_api_key() -> tuple[str, str]:
    """A fresh key and its display prefix; the caller shows the key once and stores its hash."""
    prefix = secrets.token_hex(4)
    return f"sw_{prefix}_{secrets.token_urlsafe(32)}", prefix


def hash_api_key(key: str) -> str:
    """SHA-256 is enough for 256-bit random keys (no dictionary to guess from)."""
    return hashlib.sha256(key.encode()).hexdigest()
