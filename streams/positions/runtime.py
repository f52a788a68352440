"""Worker-local helpers of the position flow: live state cache, dark watch, database writes.

The faust table is the recoverable copy of each vessel's state; this module keeps the newest
copy in memory (the table is written only on material change) and does the blocking database
work in a thread so the event loop keeps consuming.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from infra.db.base import session_scope
from infra.db.tracking import insert_history, upsert_latest
from services.alerts.model import Alert
from services.alerts.outbox import backoff_s
from services.tracking.batch import TrackOutcome, make_alert
from services.tracking.dark import DarkEvent, DarkWatch
from services.tracking.messages_vi import dark as dark_text
from services.tracking.policy import AlertPolicy
from services.tracking.ports import at_sea
from services.tracking.state import VesselState, latest_row
from services.vessels.store import register_sightings
from services.vocabulary import RiskLevel
from streams.records import PositionReport

__all__ = ["PositionRuntime", "publish_alerts", "shorten_fetch_wait"]

log = logging.getLogger(__name__)


def _signature(state: VesselState) -> tuple[Any, ...]:
    """What makes a table write urgent when it changes (everything but last-seen)."""
    return (state.risk, state.country, state.zone_kind, state.at_sea, state.last_alert)


def shorten_fetch_wait(max_wait_ms: int) -> None:
    """Make the worker's consumer long-poll for at most ``max_wait_ms`` (faust fixes 1500 ms).

    Tansu does not answer a waiting fetch when new records arrive, only when the wait runs
    out, so with faust's 1.5 s every fix would wait 0.75 s on average before the worker sees
    it. Polling more often costs the broker a small request per partition and interval.
    """
    from faust.transport.drivers import aiokafka as driver

    create = driver.AIOKafkaConsumerThread._create_worker_consumer
    if getattr(create, "_seawatch_wait_ms", None) == max_wait_ms:
        return

    def create_worker_consumer(self: Any, transport: Any) -> Any:
        consumer = create(self, transport)
        consumer._fetch_max_wait_ms = max_wait_ms  # read when the consumer starts its fetcher
        return consumer

    create_worker_consumer._seawatch_wait_ms = max_wait_ms  # type: ignore[attr-defined]
    driver.AIOKafkaConsumerThread._create_worker_consumer = create_worker_consumer  # type: ignore[method-assign]


async def publish_alerts(
    alerts: list[Alert],
    send: Callable[[Alert], Awaitable[Awaitable[Any]]],
    *,
    confirm: bool = False,
    first_retry_s: float = 0.5,
) -> None:
    """Hand ``alerts`` to the producer; with ``confirm``, return only once the broker has each.

    ``send`` is the topic's send: awaiting it queues the record and gives a future of its
    delivery. Without ``confirm`` the records are only queued. With it, alerts the broker
    refused are sent again, with backoff, until all are delivered: an alert's id is derived
    from what caused it, so a repeat is stored once.
    """
    pending, rounds = alerts, 0
    while pending:
        deliveries = [await send(alert) for alert in pending]
        if not confirm:
            return
        results = await asyncio.gather(*deliveries, return_exceptions=True)
        failed = [a for a, r in zip(pending, results, strict=True) if isinstance(r, Exception)]
        if failed:
            rounds += 1
            delay_s = backoff_s(rounds, first_retry_s, 2.0, 30.0)
            log.warning("%d of %d alerts not delivered; sending them again in %.1f s",
                        len(failed), len(pending), delay_s)  # fmt: skip
            await asyncio.sleep(delay_s)
        pending = failed


class PositionRuntime:
    """State shared by the per-partition actors of one worker process."""

    def __init__(
        self, policy: AlertPolicy, table_refresh_s: float = 10.0, table_refresh_per_s: float = 50.0
    ) -> None:
        self.policy = policy
        self.table_refresh_s = table_refresh_s
        self.table_refresh_per_s = table_refresh_per_s
        self.live: dict[str, VesselState] = {}
        self.dark = DarkWatch(policy)
        self._latest: dict[str, VesselState] = {}  # moved since the last flush
        self._latest_lock = threading.Lock()
        self._known_vessels: set[str] | None = None
        self.counts: dict[str, int] = {}
        self.needs_seed = True
        self._db_checked: set[str] = set()
        self._written: dict[str, tuple[tuple[Any, ...], float]] = {}  # vid -> (signature, wall s)
        self._pending: dict[int, dict[str, VesselState]] = {}  # partition -> deferred writes
        self._swept: dict[int, float] = {}  # partition -> when its refresh budget last ran
        self._tokens: dict[int, float] = {}  # partition -> refresh writes it may still make

    def table_writes(
        self, partition: int, updates: dict[str, VesselState], now_s: float
    ) -> list[tuple[str, VesselState]]:
        """Which of a batch's table updates to write now; the others wait their turn.

        Every changelog record is its own produce request on Tansu (``producer_max_batch_size=1``)
        and faust stalls every stream while more than 100 are queued, so the table can take a
        few hundred writes a second, not one per vessel per batch. Changes a recovering worker
        must not lose (risk, zone, port, alert times, or a new vessel already at risk) are
        written at once. Last-seen-only news, and new vessels in safe waters, queue per
        partition and go out oldest first within ``table_refresh_per_s``, each vessel at most
        once per ``table_refresh_s``: at a province's load that is every few seconds; for a
        huge fleet last-seen in the table gets coarser, never the alert state. The in-memory
        copy is always exact, and a vessel missing from the table is rebuilt from the database.
        """
        pending = self._pending.setdefault(partition, {})
        out: list[tuple[str, VesselState]] = []
        written = self._written
        for vid, state in updates.items():
            sig = _signature(state)
            last = written.get(vid)
            if last is None:
                urgent = state.risk != RiskLevel.SAFE or bool(state.last_alert)
            else:
                urgent = last[0] != sig
            if urgent:
                pending.pop(vid, None)
                out.append((vid, state))
                written[vid] = (sig, now_s)
            else:
                pending[vid] = state  # an older pending entry keeps its place in the queue
        if pending:
            rate = self.table_refresh_per_s
            elapsed_s = now_s - self._swept.get(partition, now_s)
            tokens = min(self._tokens.get(partition, 0.0) + elapsed_s * rate, rate)
            self._swept[partition] = now_s
            due: list[str] = []
            for vid in pending:
                if len(due) >= tokens:
                    break
                last = written.get(vid)
                if last is not None and now_s - last[1] < self.table_refresh_s:
                    break  # the queue is in first-pending order: the rest are younger
                due.append(vid)
            for vid in due:
                state = pending.pop(vid)
                out.append((vid, state))
                written[vid] = (_signature(state), now_s)
            self._tokens[partition] = tokens - len(due)
        return out

    def forget_partitions(self) -> None:
        """After a rebalance: deferred writes may belong to partitions now owned elsewhere."""
        self.needs_seed = True
        self._pending.clear()
        self._written.clear()
        self._swept.clear()
        self._tokens.clear()

    def missing_states(self, table: Any, vessel_ids: list[str]) -> list[str]:
        """Vessels neither the cache, the table nor an earlier database look-up knows."""
        live, checked = self.live, self._db_checked
        return [
            v for v in dict.fromkeys(vessel_ids)
            if v not in live and v not in checked and not table.get(v)
        ]  # fmt: skip

    def seed_from_table(self, items: Any) -> int:
        """After a rebalance: index the silence deadlines of vessels recovered from the table."""
        count = 0
        for vid, data in items:
            if data:
                st = VesselState.from_dict(data)
                self.dark.seen(vid, st.last_ts, st.lat, st.lon, st.at_sea)
                count += 1
        return count

    def state_of(self, table: Any, vessel_id: str) -> VesselState | None:
        """Newest of the in-memory copy and the table's (recovered) copy.

        The table is asked every time: a rebalance may have handed this worker a partition
        whose vessels moved on under another worker, and only the recovered table knows.
        """
        live = self.live.get(vessel_id)
        stored = table.get(vessel_id)
        if live is None:
            return VesselState.from_dict(stored) if stored else None
        if stored and stored["last_ts"] > live.last_ts:
            return VesselState.from_dict(stored)
        return live

    def warm_start(self, table: Any, vessel_ids: list[str]) -> int:
        """Blocking: load state from the database for vessels neither cache nor table knows.

        Each vessel is looked up at most once per worker life, so this costs one query per
        batch only while new vessels keep appearing (start-up, rebalance, broker recycle).
        """
        missing = [
            v for v in dict.fromkeys(vessel_ids)
            if v not in self._db_checked and self.state_of(table, v) is None
        ]  # fmt: skip
        if not missing:
            return 0
        from infra.db.tracking import load_vessel_states

        with session_scope() as session:
            found = load_vessel_states(session, missing)
        for vid, data in found.items():
            data["at_sea"] = at_sea(data["lat"], data["lon"])
            self.live[vid] = VesselState.from_dict(data)
        self._db_checked.update(missing)
        return len(found)

    def absorb(self, outcome: TrackOutcome) -> None:
        """Remember the batch's states and queue latest positions for the next flush."""
        for vid, state in outcome.states.items():
            self.live[vid] = state
            self.dark.seen(vid, state.last_ts, state.lat, state.lon, state.at_sea)
        with self._latest_lock:
            self._latest.update(outcome.latest)
        for key, value in outcome.counts.items():
            self.counts[key] = self.counts.get(key, 0) + value

    def write_history(self, outcome: TrackOutcome) -> list[Alert]:
        """Blocking: store the batch's history rows; register unknown vessels (alerting once)."""
        now = datetime.now(UTC)
        alerts: list[Alert] = []
        with session_scope() as session:
            insert_history(session, outcome.history)
            if self._known_vessels is None:
                from sqlalchemy import select

                from infra.db.models import Vessel

                self._known_vessels = set(session.scalars(select(Vessel.vessel_id)))
            unseen = [v for v in outcome.states if v not in self._known_vessels]
            if unseen:
                # one implementation of "unknown vessel": the registry's (also used by feeds)
                sightings = [
                    PositionReport(
                        vessel_id=v, ts=datetime.fromtimestamp(outcome.states[v].last_ts, UTC),
                        lat=outcome.states[v].lat, lon=outcome.states[v].lon,
                        source=outcome.states[v].source,
                    )
                    for v in unseen
                ]  # fmt: skip
                alerts.extend(register_sightings(session, sightings, now))
        # only once committed: a failed commit is retried, and must register them again
        self._known_vessels.update(unseen)
        return alerts

    def flush_latest(self) -> int:
        """Blocking: write queued latest positions (one row per vessel); return how many."""
        with self._latest_lock:
            moved, self._latest = self._latest, {}
        if moved:
            try:
                with session_scope() as session:
                    upsert_latest(session, [latest_row(st) for st in moved.values()])
            except Exception:
                with self._latest_lock:  # keep them for the next flush, newer ones win
                    for vid, st in moved.items():
                        self._latest.setdefault(vid, st)
                raise
        return len(moved)

    def dark_alerts(self, events: list[DarkEvent]) -> list[Alert]:
        now = datetime.now(UTC)
        return [
            make_alert(
                e.kind, e.vessel_id, e.ts,
                dark_text(e.vessel_id, e.threshold_h, e.last_ts, e.lat, e.lon), now,
                lat=e.lat, lon=e.lon,
                details={"last_fix": datetime.fromtimestamp(e.last_ts, UTC).isoformat(),
                         "threshold_h": e.threshold_h},
            )
            for e in events
        ]  # fmt: skip
