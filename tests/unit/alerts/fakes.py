"""An in-memory outbox for the dispatcher's unit tests (the SQL one is tested in integration)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.alerts.ports import Claimed

__all__ = ["FakeOutbox"]


@dataclass
class _Row:
    claimed: Claimed
    next_at: datetime
    done: bool = False


@dataclass
class FakeOutbox:
    """Per-recipient queues of deliveries, oldest first; records every attempt."""

    rows: list[_Row] = field(default_factory=list)
    attempts: list[tuple[str, int | None, str | None, datetime | None]] = field(
        default_factory=list
    )
    sweeps: int = 0

    def add(self, recipient_id: int, alert: dict[str, Any], now: datetime, url: str) -> None:
        n = len(self.rows) + 1
        claimed = Claimed(n, recipient_id, f"desk-{recipient_id}", url, "s3cret-0123456789",
                          "alert", 1, alert)  # fmt: skip
        self.rows.append(_Row(claimed, now))

    def _head(self, recipient_id: int) -> _Row | None:
        return next((r for r in self.rows if r.claimed.recipient_id == recipient_id
                     and not r.done), None)  # fmt: skip

    def sweep(self, now: datetime) -> int:
        self.sweeps += 1
        return 0

    def escalate_due(self, after_min: float, now: datetime) -> list[str]:
        return []

    def due_recipients(self, now: datetime) -> list[int]:
        ids = sorted({r.claimed.recipient_id for r in self.rows})
        return [i for i in ids if (h := self._head(i)) is not None and h.next_at <= now]

    def claim_head(self, recipient_id: int, now: datetime, lease_s: float) -> Claimed | None:
        head = self._head(recipient_id)
        return head.claimed if head is not None and head.next_at <= now else None

    def record_attempt(
        self, claimed: Claimed, now: datetime, status_code: int | None, error: str | None,
        duration_ms: float, retry_at: datetime | None,
    ) -> None:  # fmt: skip
        row = next(r for r in self.rows if r.claimed.outbox_id == claimed.outbox_id)
        self.attempts.append((str(claimed.alert["alert_id"]), status_code, error, retry_at))
        if retry_at is None:
            row.done = True
        else:
            row.next_at = retry_at
            row.claimed = Claimed(**{**row.claimed.__dict__, "attempt": claimed.attempt + 1})
