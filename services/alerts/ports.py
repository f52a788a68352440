"""What alert delivery needs from storage: the outbox, as a protocol.

``infra.repositories.outbox.SqlOutbox`` implements it on SQLAlchemy (each call is one
transaction); the dispatcher only sees this shape, so it can be driven by a fake in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

__all__ = ["Claimed", "Outbox"]


@dataclass(frozen=True)
class Claimed:
    """A leased outbox row with everything needed to send it (no storage objects escape)."""

    outbox_id: int
    recipient_id: int
    recipient_key: str
    webhook_url: str
    secret: str
    event: str
    attempt: int
    alert: dict[str, Any]


class Outbox(Protocol):
    def sweep(self, now: datetime) -> int:
        """Route alerts stored by any writer since the last sweep; rows created."""
        ...

    def escalate_due(self, after_min: float, now: datetime) -> list[str]:
        """Escalate critical alerts unacknowledged for ``after_min``; their ids."""
        ...

    def due_recipients(self, now: datetime) -> list[int]:
        """Recipients whose oldest pending delivery may be attempted now."""
        ...

    def claim_head(self, recipient_id: int, now: datetime, lease_s: float) -> Claimed | None:
        """Lease the recipient's oldest pending delivery if it is due."""
        ...

    def record_attempt(
        self, claimed: Claimed, now: datetime, status_code: int | None, error: str | None,
        duration_ms: float, retry_at: datetime | None,
    ) -> None:  # fmt: skip
        """Settle a claimed delivery (delivered, or pending until ``retry_at``)."""
        ...
