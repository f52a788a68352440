"""Webhook signing and verification: tamper, stale timestamp, replay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.alerts.errors import BadSignature, ReplayedDelivery, StaleTimestamp
from services.alerts.webhooks import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    ReplayGuard,
    sign,
    signature_headers,
    verify,
)

SECRET = "s3cr3t-for-tests"
BODY = '{"alert": {"message": "Tàu QNg-90001-TS sắp vào vùng biển nước ngoài"}}'.encode()
T0 = 1_800_000_000


def test_valid_signature_verifies_and_returns_delivery_id() -> None:
    headers = signature_headers(SECRET, BODY, "alert:abc:post-ly-son", timestamp=T0)
    assert verify(SECRET, BODY, headers, now=T0 + 10) == "alert:abc:post-ly-son"


def test_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    import hashlib
    import hmac

    expected = hmac.new(SECRET.encode(), f"{T0}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY, T0) == expected


def test_header_names_are_case_insensitive() -> None:
    headers = {k.lower(): v for k, v in signature_headers(SECRET, BODY, "d1", timestamp=T0).items()}
    assert verify(SECRET, BODY, headers, now=T0) == "d1"


@pytest.mark.parametrize("mutate", ["body", "timestamp", "secret", "signature", "scheme"])
def test_tampering_is_refused(mutate: str) -> None:
    headers = signature_headers(SECRET, BODY, "d1", timestamp=T0)
    body, secret = BODY, SECRET
    if mutate == "body":
        body = BODY.replace(b"90001", b"90002")
    elif mutate == "timestamp":
        headers[TIMESTAMP_HEADER] = str(T0 + 1)
    elif mutate == "secret":
        secret = "another-secret"
    elif mutate == "signature":
        sig = headers[SIGNATURE_HEADER]
        headers[SIGNATURE_HEADER] = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    else:
        headers[SIGNATURE_HEADER] = headers[SIGNATURE_HEADER].replace("v1=", "v0=")
    with pytest.raises(BadSignature):
        verify(secret, body, headers, now=T0)


@pytest.mark.parametrize("missing", [TIMESTAMP_HEADER, SIGNATURE_HEADER, DELIVERY_HEADER])
def test_missing_header_is_refused(missing: str) -> None:
    headers = signature_headers(SECRET, BODY, "d1", timestamp=T0)
    del headers[missing]
    with pytest.raises(BadSignature):
        verify(SECRET, BODY, headers, now=T0)


def test_non_integer_timestamp_is_refused() -> None:
    headers = signature_headers(SECRET, BODY, "d1", timestamp=T0)
    headers[TIMESTAMP_HEADER] = "yesterday"
    with pytest.raises(BadSignature):
        verify(SECRET, BODY, headers, now=T0)


@pytest.mark.parametrize("skew_s", [301, -301, 86_400])
def test_stale_or_future_timestamp_is_refused(skew_s: int) -> None:
    headers = signature_headers(SECRET, BODY, "d1", timestamp=T0)
    with pytest.raises(StaleTimestamp):
        verify(SECRET, BODY, headers, now=T0 + skew_s)


def test_timestamp_at_the_edge_of_the_window_is_accepted() -> None:
    headers = signature_headers(SECRET, BODY, "d1", timestamp=T0)
    assert verify(SECRET, BODY, headers, now=T0 + 300) == "d1"


def test_replay_inside_window_is_refused_and_forgotten_after() -> None:
    guard = ReplayGuard(window_s=300)
    headers = signature_headers(SECRET, BODY, "d1", timestamp=T0)
    verify(SECRET, BODY, headers, now=T0, guard=guard)
    with pytest.raises(ReplayedDelivery):
        verify(SECRET, BODY, headers, now=T0 + 5, guard=guard)
    # a retry re-signed later with the same delivery id is still a duplicate inside the window
    resent = signature_headers(SECRET, BODY, "d1", timestamp=T0 + 60)
    with pytest.raises(ReplayedDelivery):
        verify(SECRET, BODY, resent, now=T0 + 60, guard=guard)
    # other deliveries pass
    assert (
        verify(
            SECRET,
            BODY,
            signature_headers(SECRET, BODY, "d2", timestamp=T0),
            now=T0 + 6,
            guard=guard,
        )
        == "d2"
    )
    # once the window has passed the id is forgotten, but then its old timestamp is stale anyway
    with pytest.raises(StaleTimestamp):
        verify(SECRET, BODY, headers, now=T0 + 400, guard=guard)


def test_forged_request_does_not_poison_replay_guard() -> None:
    guard = ReplayGuard()
    forged = signature_headers("wrong", BODY, "d1", timestamp=T0)
    with pytest.raises(BadSignature):
        verify(SECRET, BODY, forged, now=T0, guard=guard)
    genuine = signature_headers(SECRET, BODY, "d1", timestamp=T0)
    assert verify(SECRET, BODY, genuine, now=T0, guard=guard) == "d1"


@given(st.binary(min_size=1, max_size=200), st.integers(min_value=0), st.integers(0, 255))
def test_any_changed_byte_is_refused(body: bytes, position: int, value: int) -> None:
    headers = signature_headers(SECRET, body, "d1", timestamp=T0)
    index = position % len(body)
    if body[index] == value:
        value = (value + 1) % 256
    tampered = body[:index] + bytes([value]) + body[index + 1 :]
    with pytest.raises(BadSignature):
        verify(SECRET, tampered, headers, now=T0)
