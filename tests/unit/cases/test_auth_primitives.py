"""Password hashing, tokens and API-key material (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.auth.errors import InvalidCredentials, InvalidUserData
from services.auth.passwords import hash_password, verify_password
from services.auth.tokens import decode_token, hash_api_key, issue_token, new_api_key

SECRET = "a-test-secret-that-is-long-enough-for-hs256"


def test_password_hash_is_argon2id_and_verifies() -> None:
    hashed = hash_password("biển đảo quê hương")
    assert hashed.startswith("$argon2id$") and "biển" not in hashed
    assert verify_password(hashed, "biển đảo quê hương")
    assert not verify_password(hashed, "biển đảo quê hươn")
    assert not verify_password("not-a-hash", "biển đảo quê hương")


@pytest.mark.parametrize("weak", ["", "short", "aaaaaaaaaaaa", " padded-password "])
def test_weak_passwords_are_refused(weak: str) -> None:
    with pytest.raises(InvalidUserData):
        hash_password(weak)


def test_token_round_trip_and_expiry() -> None:
    now = datetime.now(UTC)
    claims = decode_token(issue_token("lan", "foreign_affairs", SECRET, now=now), SECRET)
    assert (claims.username, claims.role) == ("lan", "foreign_affairs")
    expired = issue_token("lan", "admin", SECRET, now=now - timedelta(days=2))
    with pytest.raises(InvalidCredentials, match="expired"):
        decode_token(expired, SECRET)


def test_token_signed_with_another_key_is_refused() -> None:
    forged = issue_token("lan", "admin", "another-secret-of-sufficient-length!!")
    with pytest.raises(InvalidCredentials):
        decode_token(forged, SECRET)


def test_api_keys_are_random_and_hashed() -> None:
    (a, prefix), (b, _) = new_api_key(), new_api_key()
    assert a != b and a.startswith(f"sw_{prefix}_") and len(a) > 40
    assert hash_api_key(a) == hash_api_key(a) != hash_api_key(b)
    assert len(hash_api_key(a)) == 64


def test_short_development_secret_still_signs_without_warnings() -> None:
    token = issue_token("lan", "viewer", "dev-secret")  # a warning would fail: filterwarnings=error
    assert decode_token(token, "dev-secret").username == "lan"
