"""The dispatcher: drains the outbox over HTTP, retries with backoff, escalates on time.

One asyncio loop. Each cycle it escalates overdue critical alerts (which enqueues escalation
deliveries), then, for every recipient whose oldest pending delivery is due, sends that delivery
and, while the receiver keeps answering 2xx, the next ones in order. A failure (connection error,
timeout, non-2xx answer) is logged as an attempt and the row waits ``backoff_s(attempt)`` before
its next try; nothing is ever dropped. Recipients are drained concurrently; database work runs in
worker threads so the loop can share a process with the API or the faust worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from services.alerts.backoff import backoff_s
from services.alerts.ports import Claimed, Outbox
from services.alerts.webhooks import signature_headers

__all__ = ["DispatchPolicy", "DispatchStats", "Dispatcher", "delivery_body"]

log = logging.getLogger(__name__)
_ERROR_WAIT_S = 5.0


@dataclass(frozen=True)
class DispatchPolicy:
    poll_s: float = 1.0
    timeout_s: float = 10.0
    base_s: float = 5.0
    factor: float = 2.0
    cap_s: float = 300.0
    batch: int = 200  # deliveries per recipient per cycle, so one busy desk cannot starve others
    lease_s: float = 60.0
    escalate_after_min: float = 15.0


@dataclass
class DispatchStats:
    delivered: int = 0
    failed: int = 0
    escalated: list[str] = field(default_factory=list)


def _now() -> datetime:
    return datetime.now(UTC)


def delivery_body(claimed: Claimed) -> tuple[str, bytes]:
    """The delivery id (stable across retries) and the exact JSON bytes that are signed."""
    delivery_id = f"{claimed.event}:{claimed.alert['alert_id']}:{claimed.recipient_key}"
    payload: dict[str, Any] = {
        "event": claimed.event,
        "delivery_id": delivery_id,
        "recipient": claimed.recipient_key,
        "attempt": claimed.attempt,
        "alert": claimed.alert,
    }
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()
    return delivery_id, body


class Dispatcher:
    """Delivers ``outbox`` (storage behind :class:`services.alerts.ports.Outbox`)."""

    def __init__(
        self,
        outbox: Outbox,
        policy: DispatchPolicy | None = None,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], datetime] = _now,
        on_attempt: Callable[[str, bool], None] | None = None,
    ) -> None:
        self.outbox = outbox
        self.policy = policy or DispatchPolicy()
        self.client = client
        self.clock = clock
        self.on_attempt = on_attempt  # (recipient key, delivered): the adapter's metrics

    async def run_once(self) -> DispatchStats:
        """One cycle: escalate, then drain every due recipient (concurrently)."""
        stats = DispatchStats()
        policy = self.policy
        outbox = self.outbox
        await asyncio.to_thread(outbox.sweep, self.clock())
        stats.escalated = await asyncio.to_thread(
            outbox.escalate_due, policy.escalate_after_min, self.clock()
        )
        due = await asyncio.to_thread(outbox.due_recipients, self.clock())
        if not due:
            return stats
        own_client = self.client is None
        client = self.client or httpx.AsyncClient(timeout=policy.timeout_s)
        try:
            await asyncio.gather(*(self._drain(client, rid, stats) for rid in due))
        finally:
            if own_client:
                await client.aclose()
        return stats

    async def _drain(
        self, client: httpx.AsyncClient, recipient_id: int, stats: DispatchStats
    ) -> None:
        for _ in range(self.policy.batch):
            claimed = await asyncio.to_thread(
                self.outbox.claim_head, recipient_id, self.clock(), self.policy.lease_s
            )
            if claimed is None:
                return
            if not await self._send(client, claimed):
                stats.failed += 1
                return
            stats.delivered += 1

    async def _send(self, client: httpx.AsyncClient, claimed: Claimed) -> bool:
        delivery_id, body = delivery_body(claimed)
        headers = signature_headers(claimed.secret, body, delivery_id)
        status: int | None = None
        error: str | None = None
        started = time.perf_counter()
        try:
            response = await client.post(
                claimed.webhook_url, content=body, headers=headers, timeout=self.policy.timeout_s
            )
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        duration_ms = (time.perf_counter() - started) * 1000.0
        now = self.clock()
        retry_at = None
        if error is not None:
            delay = backoff_s(
                claimed.attempt, self.policy.base_s, self.policy.factor, self.policy.cap_s
            )
            retry_at = now + timedelta(seconds=delay)
            log.info(
                "delivery %s to %s failed (%s); retry in %.0f s",
                delivery_id,
                claimed.recipient_key,
                error,
                delay,
            )
        await asyncio.to_thread(
            self.outbox.record_attempt, claimed, now, status, error, duration_ms, retry_at
        )
        if self.on_attempt is not None:
            self.on_attempt(claimed.recipient_key, error is None)
        return error is None

    async def run(self, stop: asyncio.Event) -> None:
        """Cycle until ``stop`` is set; errors of one cycle are logged, never fatal."""
        own_client = self.client is None
        if own_client:  # one pool for the loop's life: keep-alive connections to each desk
            self.client = httpx.AsyncClient(timeout=self.policy.timeout_s)
        try:
            await self._loop(stop)
        finally:
            if own_client and self.client is not None:
                await self.client.aclose()
                self.client = None

    async def _loop(self, stop: asyncio.Event) -> None:
        last_error = ""
        while not stop.is_set():
            wait_s = self.policy.poll_s
            try:
                stats = await self.run_once()
                if stats.delivered:
                    wait_s = 0.0
                last_error = ""
            except Exception as exc:  # keep going through database outages; log each cause once
                if str(exc) != last_error:
                    log.exception("dispatcher cycle failed (retrying every %.0f s)", _ERROR_WAIT_S)
                last_error = str(exc)
                wait_s = max(wait_s, _ERROR_WAIT_S)
            if wait_s:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=wait_s)
