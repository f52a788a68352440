"""Errors of the alert-delivery layer.

Hierarchy::

    AlertsError                 base of this layer; routes turn it into HTTP errors
    ├── SignatureError          a webhook request that must be refused
    │   ├── BadSignature        missing, malformed or wrong HMAC
    │   ├── StaleTimestamp      timestamp outside the tolerance window
    │   └── ReplayedDelivery    a delivery id already seen inside the window
    ├── UnknownAlert            acknowledging or inspecting an alert that does not exist
    └── InvalidRecipient        a recipient definition that cannot be routed to
"""

from __future__ import annotations

__all__ = [
    "AlertsError",
    "BadSignature",
    "InvalidRecipient",
    "ReplayedDelivery",
    "SignatureError",
    "StaleTimestamp",
    "UnknownAlert",
]


class AlertsError(Exception):
    """Base error of alert routing, delivery and acknowledgement."""


class SignatureError(AlertsError):
    """A webhook request whose authenticity cannot be established."""


class BadSignature(SignatureError):
    pass


class StaleTimestamp(SignatureError):
    pass


class ReplayedDelivery(SignatureError):
    pass


class UnknownAlert(AlertsError):
    pass


class InvalidRecipient(AlertsError):
    pass
