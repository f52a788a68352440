"""Live alert fan-out for Server-Sent Events.

One task per API process tails the ``alerts`` table (the alert agent persists every alert
exactly once there) and fans new rows out to subscribers; each SSE client gets its own bounded
queue. Tailing the table rather than a Kafka topic means the stream shows only alerts that are
durably stored, resumes exactly with ``Last-Event-ID`` (the row id) and works the same with
several API replicas.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from sqlalchemy import func, select

from infra.db.base import session_scope
from infra.db.models import AlertRow
from infra.repositories.alerts import alert_row_dict

__all__ = ["AlertHub", "alerts_after"]

log = logging.getLogger(__name__)

POLL_S = 0.25
LOOKBACK_IDS = 200  # rows committed out of id order (concurrent writers) are still caught


def alerts_after(last_id: int, limit: int = 500) -> list[dict[str, Any]]:
    """Stored alerts with a row id greater than ``last_id``, oldest first."""
    with session_scope() as session:
        rows = session.scalars(
            select(AlertRow).where(AlertRow.id > last_id).order_by(AlertRow.id).limit(limit)
        )
        return [alert_row_dict(r) for r in rows]


def _max_id() -> int:
    with session_scope() as session:
        return int(session.scalar(select(func.max(AlertRow.id))) or 0)


class AlertHub:
    def __init__(self) -> None:
        self._subscribers: set[asyncio.Queue[dict[str, Any]]] = set()
        self._stop = asyncio.Event()
        self._seen: set[int] = set()
        self.last_id = 0

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._subscribers.discard(queue)

    def stop(self) -> None:
        self._stop.set()

    def publish(self, alert: dict[str, Any]) -> None:
        for queue in list(self._subscribers):
            if queue.full():  # a stalled client loses its oldest alert, not the others' stream
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(alert)

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                self.last_id = await asyncio.to_thread(_max_id)
                self._seen = set(range(max(0, self.last_id - LOOKBACK_IDS), self.last_id + 1))
                break
            except Exception as exc:
                log.warning("alert hub waiting for the database: %s", exc)
                await asyncio.sleep(2.0)
        while not self._stop.is_set():
            try:
                rows = await asyncio.to_thread(alerts_after, max(0, self.last_id - LOOKBACK_IDS))
            except Exception as exc:
                log.warning("alert hub: database error: %s", exc)
                await asyncio.sleep(2.0)
                continue
            for row in rows:
                if row["id"] in self._seen or row["id"] <= self.last_id - LOOKBACK_IDS:
                    continue
                self._seen.add(row["id"])
                self.publish(row)
                self.last_id = max(self.last_id, row["id"])
            if len(self._seen) > 10 * LOOKBACK_IDS:
                floor = self.last_id - 2 * LOOKBACK_IDS
                self._seen = {i for i in self._seen if i > floor}
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=POLL_S)
