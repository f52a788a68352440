"""Signed webhooks: HMAC-SHA256 over a timestamp and the exact body, with replay protection.

The sender signs ``f"{timestamp}.{body}"`` with the recipient's shared secret and sends three
headers: ``X-Seawatch-Timestamp`` (Unix seconds), ``X-Seawatch-Delivery`` (unique per delivery,
stable across retries) and ``X-Seawatch-Signature: v1=<hex>``. A receiver refuses a wrong
signature, a timestamp further than the tolerance from its clock (so a captured request cannot be
replayed next week), and a delivery id it has already accepted inside that window (so it cannot be
replayed within the window either). Retries re-sign with a fresh timestamp but keep the delivery
id, which is what lets a receiver drop a duplicate after a lost acknowledgement.

Pure Python: :func:`verify` and :class:`ReplayGuard` are what a receiver needs (the tests and
``docs/alerts.md`` use them as the reference receiver).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping

from services.alerts.errors import BadSignature, ReplayedDelivery, StaleTimestamp

__all__ = [
    "DELIVERY_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "TOLERANCE_S",
    "ReplayGuard",
    "sign",
    "signature_headers",
    "verify",
]

TIMESTAMP_HEADER = "X-Seawatch-Timestamp"
SIGNATURE_HEADER = "X-Seawatch-Signature"
DELIVERY_HEADER = "X-Seawatch-Delivery"
TOLERANCE_S = 300
_SCHEME = "v1="


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """Hex HMAC-SHA256 of ``"<timestamp>.<body>"`` under ``secret``."""
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_headers(
    secret: str, body: bytes, delivery_id: str, timestamp: int | None = None
) -> dict[str, str]:
    """The headers to send with ``body`` (timestamp defaults to now)."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    return {
        TIMESTAMP_HEADER: str(ts),
        DELIVERY_HEADER: delivery_id,
        SIGNATURE_HEADER: _SCHEME + sign(secret, body, ts),
        "Content-Type": "application/json",
    }


class ReplayGuard:
    """Remembers accepted delivery ids for the tolerance window (a receiver's in-memory store)."""

    def __init__(self, window_s: float = TOLERANCE_S) -> None:
        self.window_s = window_s
        self._seen: dict[str, float] = {}

    def check_and_remember(self, delivery_id: str, now: float) -> None:
        """Raise :class:`ReplayedDelivery` if seen within the window, else remember it."""
        self._seen = {k: t for k, t in self._seen.items() if now - t <= self.window_s}
        if delivery_id in self._seen:
            raise ReplayedDelivery(f"delivery {delivery_id} already accepted")
        self._seen[delivery_id] = now


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def verify(
    secret: str,
    body: bytes,
    headers: Mapping[str, str],
    now: float | None = None,
    tolerance_s: float = TOLERANCE_S,
    guard: ReplayGuard | None = None,
) -> str:
    """Check a received webhook; return its delivery id or raise a ``SignatureError``.

    The signature is checked before the replay guard so that forged requests cannot fill it.
    """
    current = time.time() if now is None else now
    raw_ts = _header(headers, TIMESTAMP_HEADER)
    raw_sig = _header(headers, SIGNATURE_HEADER)
    delivery_id = _header(headers, DELIVERY_HEADER)
    if raw_ts is None or raw_sig is None or not delivery_id:
        raise BadSignature("missing signature, timestamp or delivery header")
    try:
        ts = int(raw_ts)
    except ValueError as exc:
        raise BadSignature("timestamp is not an integer") from exc
    if not raw_sig.startswith(_SCHEME):
        raise BadSignature("unsupported signature scheme")
    if not hmac.compare_digest(raw_sig[len(_SCHEME) :], sign(secret, body, ts)):
        raise BadSignature("signature does not match")
    if abs(current - ts) > tolerance_s:
        raise StaleTimestamp(f"timestamp {ts} is {current - ts:.0f} s from now")
    if guard is not None:
        guard.check_and_remember(delivery_id, current)
    return delivery_id
