"""Position flow: decode → classify (one vectorised call) → per-vessel state → alerts.

A batch's alerts go out as soon as it is tracked, and are delivered before the vessel table
records them as raised; its history rows are written on the process's
database writer thread while the actor tracks the next batches (at most
``position_writes_in_flight`` of them), and its records are acknowledged, in order, only once
those rows are stored.

One actor per partition (``isolated_partitions``), so the table written while handling a batch
is always the batch's own partition: the vessel table stays co-partitioned with its source and
a restarted or rebalanced worker recovers exactly the vessels it now owns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any

import numpy as np

from infra.db import writer
from infra.metrics import ALERTS_RAISED, FIXES_IN, FIXES_REDELIVERED, FIXES_REJECTED
from infra.settings import get_settings
from services.alerts.model import Alert
from services.tracking.alerts import cadence_alerts
from services.tracking.batch import TrackOutcome, track_batch
from services.tracking.cadence import CadenceWatch, days_from_history
from services.tracking.classify import classify_fixes
from services.tracking.clock import is_clock_record, parse_clock_record
from services.tracking.fixes import WIRE_SHIFT, FixColumns
from services.tracking.fleet import Fleet
from services.tracking.plausible import FixTimeScreen
from services.tracking.policy import AlertPolicy
from services.tracking.ports import at_sea, at_sea_array
from services.tracking.state import VesselState
from services.tracking.watch import SilenceWatch
from services.zones import active_zones
from streams.app import app
from streams.deadletter import Rejected, send_dead_letters
from streams.positions.cache import StateCache
from streams.positions.changelog import ChangelogPacer
from streams.positions.decode import decode_position_records
from streams.positions.events import offer_fixes
from streams.positions.hotspots import HotspotWatch
from streams.positions.runtime import publish_alerts, shorten_fetch_wait
from streams.positions.screen import not_after_creation, screen_batch
from streams.positions.store import PositionStore
from streams.retry import GaveUp, until_stored
from streams.topics import alerts_topic, positions_topic

__all__ = ["track_positions", "vessel_table"]

log = logging.getLogger(__name__)
settings = get_settings()
shorten_fetch_wait(int(settings.kafka_fetch_max_wait_s * 1000))
policy = AlertPolicy.from_settings(settings)
cache = StateCache()  # newest state of each vessel (the table is the recoverable copy)
pacer = ChangelogPacer(settings.table_refresh_s, settings.table_refresh_per_s)
store = PositionStore()  # history, unknown vessels, latest positions
hotspots = HotspotWatch(settings)  # places of past seizures (refreshed on a timer)
# silence deadlines, each on its own source's clock; source stalls
silences = SilenceWatch(policy, settings.source_stall_s, settings.replay_lag_s)
time_screen = FixTimeScreen(
    settings.fix_ahead_s,
    settings.replay_ahead_s,
    settings.fix_past_days * 86_400.0,
    settings.replay_lag_s,
)  # plausible fix times, per source
fleet = Fleet()  # whose boat each vessel is (registry facts, refreshed by a timer)
cadence = CadenceWatch()  # 12 positions a day for VMS boats at sea (Decree 37/2024)
_cadence_checked: set[str] = set()  # vessels whose stored cadence day was looked up
counts: dict[str, int] = {}  # fixes used, duplicate, out of order, bad, since start
_reseed_dark = True  # set by a rebalance: index the deadlines of recovered vessels
_fleet_loaded = False

vessel_table = app.Table(
    "vessel-state",
    default=None,
    partitions=settings.topic_partitions,
    key_type=str,
    # Plain JSON objects. Not ``value_type=dict``: faust treats any value type other than
    # None/int/float/Decimal/str/bytes as a faust Record and calls ``dict.from_data`` on every
    # changelog record it reads back, so recovery decoded nothing (state came from the
    # database instead) and, now and then, the error stopped recovery for good and the worker
    # never started processing (seen in tests/integration/stream/test_recovery.py).
    value_type=None,
)


def _country_name(code: str | None) -> str | None:
    from geo import country_name_vi

    return country_name_vi(code) if code else None


def _send(alert: Alert) -> Awaitable[Awaitable[Any]]:
    sent: Awaitable[Awaitable[Any]] = alerts_topic.send(  # faust is untyped
        key=(alert.vessel_id or "").encode(), value=alert.model_dump_json().encode()
    )
    return sent


def _source_spans(fixes: FixColumns) -> dict[str, tuple[int, float, float]]:
    """Per source: how many fixes, the oldest and the newest time (vectorised, per source).

    A batch nearly always holds one source, so there is no per-fix loop.
    """
    kinds = set(fixes.source)
    if len(kinds) == 1:
        (only,) = kinds
        return {only: (len(fixes), float(fixes.ts.min()), float(fixes.ts.max()))}
    src = np.asarray(fixes.source, dtype=object)
    spans = {}
    for kind in kinds:
        ts = fixes.ts[src == kind]
        spans[kind] = (len(ts), float(ts.min()), float(ts.max()))
    return spans


async def send_alerts(alerts: list[Alert], *, confirm: bool = False) -> None:
    await publish_alerts(alerts, _send, confirm=confirm)
    for alert in alerts:
        ALERTS_RAISED.labels(alert.kind.value).inc()


async def _finish(stream: Any, events: list[Any], outcome: TrackOutcome | None) -> None:
    """After a batch's history is stored: send on new-vessel alerts, then acknowledge its records.

    New-vessel alerts are already stored, with their vessels, by ``write_history``; the topic
    copy is for live consumers.

    Runs as a task of its own, so the actor goes on with the next batch while the database
    works, and an idle stream still acknowledges its last batch. Writes are idempotent, so a
    failed one is retried: while the database is away the records stay unacknowledged (a restart
    replays them); a write that keeps failing otherwise puts the records in dead letters with
    the reason, so the partition moves on and nothing is lost unseen.
    """
    if outcome is not None:
        try:
            new_vessel_alerts = await until_stored(
                store.write_history, outcome, what=f"history of {len(outcome.history)} fixes"
            )
        except GaveUp as exc:  # not the database being away: keep the records, with the reason
            await send_dead_letters(
                settings.topic("positions"),
                [
                    Rejected(exc.reason, bytes(e.value).decode("utf-8", "replace"),
                             e.message.partition, e.message.offset)
                    for e in events
                ],
            )  # fmt: skip
        else:
            await send_alerts(new_vessel_alerts)
    for event in events:
        await stream.ack(event)


def _absorb(fixes: FixColumns, outcome: TrackOutcome) -> list[Alert]:
    """Remember the batch's states, watch their silences and cadence, queue latest positions.

    Returns the cadence alerts (days the batch closed that fell short of the rule).
    """
    cache.absorb(outcome.states)
    for state in outcome.states.values():
        silences.seen(state, fleet.standing(state.vessel_id, state.source).ladder)
    days = []
    if outcome.used and outcome.sea is not None:
        # the used fixes come one run per vessel, in time order (see TrackOutcome.used)
        il = outcome.used
        used = np.asarray(il, dtype=np.intp)
        ids, src = fixes.vessel_id, fixes.source
        run_ids = [ids[i] for i in il]
        sources = set(src)
        binds = None
        if len(sources) == 1:  # nearly always: the rule binds VMS boats, asked once per run
            (only,) = sources
            binds = lambda v: fleet.standing(v, only).ladder == "vms"  # noqa: E731
        else:  # several sources: asked once per vessel and source, the others' fixes left out
            vms = {p for p in set(zip(ids, src, strict=True)) if fleet.standing(*p).ladder == "vms"}
            keep = np.fromiter(((ids[i], src[i]) in vms for i in il), dtype=bool, count=len(il))
            run_ids = [v for v, k in zip(run_ids, keep.tolist(), strict=True) if k]
            used = used[keep]
        days = cadence.observe_runs(
            run_ids, fixes.ts[used], fixes.lat[used], fixes.lon[used], outcome.sea[used], binds
        )
    store.queue_latest(outcome.latest)
    for key, value in outcome.counts.items():
        counts[key] = counts.get(key, 0) + value
        if key == "redelivered":
            FIXES_REDELIVERED.inc(value)
        elif key != "used" and value:
            FIXES_REJECTED.labels(key).inc(value)
    return cadence_alerts(days, datetime.now(UTC))


def _note_redelivered(partition: int, n: int) -> None:
    """A replay after a crash or rebalance: say so once per batch (the count is kept too)."""
    if n:
        log.warning(
            "partition %d: %d fixes redelivered (processed before a restart or rebalance); "
            "counted as redelivered, not rejected (%d since start)",
            partition, n, counts.get("redelivered", 0),
        )  # fmt: skip


@app.agent(positions_topic, isolated_partitions=True)
async def track_positions(stream: Any) -> None:
    source = settings.topic("positions")
    take, within_s = settings.position_take_records, settings.position_batch_within_s
    depth = max(1, settings.position_writes_in_flight)
    in_flight: deque[asyncio.Task[None]] = deque()
    async for events in stream.noack_take(take, within=within_s):
        partition = events[-1].message.partition  # one partition per actor
        values, offsets, ticks = [], [], []
        early: list[Rejected] = []
        for e in events:  # a replay's clock ticks ride in every partition, among the fixes
            if is_clock_record(e.value):
                try:
                    ticks.append((e.message.partition, parse_clock_record(e.value),
                                  e.message.offset))  # fmt: skip
                except ValueError as exc:
                    early.append(Rejected(str(exc), bytes(e.value).decode("utf-8", "replace"),
                                          partition, e.message.offset))  # fmt: skip
            else:
                values.append(e.value)
                offsets.append(e.message.offset)
        fixes, rejects = decode_position_records(values, offsets)
        # implausible times are refused before they reach any clock, state or watch
        fixes, kept_ticks, early_dead = screen_batch(
            time_screen, fixes, ticks, partition, time.time()
        )
        early += early_dead
        spans = _source_spans(fixes)
        for src, (n, _, _) in spans.items():
            FIXES_IN.labels(src).inc(n)
        if rejects:
            FIXES_REJECTED.labels("invalid").inc(len(rejects))
        if early_dead:
            FIXES_REJECTED.labels("implausible_time").inc(len(early_dead))
        outcome = None
        if len(fixes) and not _fleet_loaded:
            await _load_fleet()
        newest = {src: new for src, (_, _, new) in spans.items()}
        if len(fixes):
            oldest = {src: old for src, (_, old, _) in spans.items()}
            await send_alerts(silences.resumed(oldest, time.time()))
            missing = cache.missing(vessel_table, fixes.vessel_id)
            if missing:
                with contextlib.suppress(GaveUp):  # logged; they start from the table alone
                    await until_stored(cache.warm_start, vessel_table, missing, store.load_states,
                                       what="warm start", run=asyncio.to_thread)  # fmt: skip
            await _restore_cadence(fixes.vessel_id)
            cls = classify_fixes(
                fixes,
                settings.warning_distance_nm,
                settings.prediction_horizon_min,
                active_zones(),
            )
            outcome = track_batch(
                fixes, cls, lambda vid: cache.state_of(vessel_table, vid), policy,
                datetime.now(UTC), name_vi=_country_name, at_sea=at_sea_array,
                fleet=fleet, silence=silences.silence,
            )  # fmt: skip
            # Risk alerts reach the broker before the table records them as raised. The other
            # way round, a worker killed in between would recover a table saying "alerted" for
            # an alert nobody got, and never raise it again. This way a replay raises it again
            # with the same id, which the alert store keeps once.
            outcome.alerts = not_after_creation(outcome.alerts, time_screen, outcome.states)
            await send_alerts(outcome.alerts, confirm=True)
            # Table writes go to the partition of the event in context; after the awaits above
            # faust may have cleared it, so put this batch's own (single, isolated) partition back.
            # The take buffer reads ``stream.current_event`` when the next event arrives, so
            # it must be given back unchanged: there is no await in between.
            prior = stream.current_event
            stream._set_current_event(events[-1])
            try:
                partition = events[-1].message.partition
                writes = pacer.writes(partition, outcome.table_updates, time.monotonic())
                for vid, state in writes:
                    vessel_table[vid] = state.to_dict()
            finally:
                stream.current_event = prior
            # confirmed before the history that closed the day is stored: a restart rebuilds
            # the day from that history and will not judge it again
            low_cadence = _absorb(fixes, outcome)
            await send_alerts(low_cadence, confirm=True)
            offer_fixes(fixes, partition)  # behaviour events: detected on their own timer
            if hotspots.due(time.monotonic()):
                with contextlib.suppress(Exception):  # database away: tried again in 30 s
                    await writer.write(hotspots.refresh)
            await send_alerts(hotspots.alerts(outcome.latest, datetime.now(UTC)))
        # the source clocks move only now that the fixes read before them are watched
        silences.observed(newest, time.time())
        for tick_partition, tick in kept_ticks:
            await send_alerts(silences.tick(tick_partition, tick, time.time()))
        dead = early + [
            Rejected(r.reason, r.payload, partition, offsets[r.record] if r.record >= 0 else None)
            for r in rejects
        ]
        if outcome is not None:
            dead += [
                Rejected(reason, payload, partition, wire >> WIRE_SHIFT if wire >= 0 else None)
                for (reason, payload), wire in zip(
                    outcome.rejects, outcome.reject_wire, strict=True
                )
            ]
            _note_redelivered(partition, outcome.counts.get("redelivered", 0))
        if dead:
            await send_dead_letters(source, dead)
        in_flight.append(asyncio.ensure_future(_finish(stream, list(events), outcome)))
        while in_flight and (len(in_flight) > depth or in_flight[0].done()):
            await in_flight.popleft()


async def _restore_cadence(vessel_ids: Any) -> None:
    """Rebuild the open cadence days of vessels not looked up since start/rebalance.

    Once per vessel and worker life (again after a rebalance): a restarted worker counts on
    from the fixes stored before it, not from zero.
    """
    unchecked = [v for v in dict.fromkeys(vessel_ids) if v not in _cadence_checked]
    if not unchecked:
        return
    try:
        stored: dict[str, list[tuple[float, float, float, str]]] = await until_stored(
            store.load_day_fixes, unchecked, what="cadence days", run=asyncio.to_thread
        )
    except GaveUp:  # logged; looked up again with the next batch
        return
    vms = lambda v, src: fleet.standing(v, src).ladder == "vms"  # noqa: E731
    cadence.restore(days_from_history(cadence, stored, at_sea_array, vms))
    _cadence_checked.update(unchecked)


@app.on_rebalance_complete.connect  # type: ignore[arg-type]
async def _reseed_after_rebalance(sender: Any = None, **kwargs: Any) -> None:
    global _reseed_dark
    _reseed_dark = True
    pacer.forget()
    _cadence_checked.clear()  # vessels handed back may have moved on under another worker
    # a replay's clock is the oldest tick over the partitions this worker owns *now*
    topic = settings.topic("positions")
    with contextlib.suppress(Exception):  # no assignment known: judge on every tick seen
        owned = frozenset(tp.partition for tp in app.consumer.assignment() if tp.topic == topic)
        silences.clocks.own(owned or None)


@app.timer(interval=settings.dark_check_interval_s)
async def check_dark_vessels() -> None:
    """Raise source stalls and going-dark alerts passed on each source's own clock."""
    global _reseed_dark
    if _reseed_dark:  # once per rebalance, never per tick
        _reseed_dark = False
        seeded = set()
        for vid, data in vessel_table.items():
            if data:
                st = VesselState.from_dict(data)
                silences.seen(st, fleet.standing(vid, st.source).ladder)
                seeded.add(vid)
        await _reseed_from_database(seeded | set(cache.live))
    alerts = silences.check(time.time(), datetime.now(UTC))
    if alerts:
        await send_alerts(alerts)


async def _reseed_from_database(known: set[str]) -> None:
    """Watch the silences of this worker's vessels that only the database remembers.

    The table's first write of a vessel in safe waters is paced, and the broker keeps the
    table in memory: a boat that went silent just before a ``kill -9``, or before the broker
    was recycled, would otherwise never reach its next step (the 10-day return among them).
    Steps already raised are raised again with the same ids, which are stored once.
    """
    global _reseed_dark
    topic = settings.topic("positions")
    try:
        owned = frozenset(tp.partition for tp in app.consumer.assignment() if tp.topic == topic)
    except Exception:  # no assignment known yet: after the next rebalance
        return
    if not owned:
        return
    try:
        found: dict[str, dict[str, Any]] = await until_stored(
            store.load_owned_states, owned, settings.topic_partitions, known,
            what="silences to watch", run=asyncio.to_thread,
        )  # fmt: skip
    except GaveUp:
        _reseed_dark = True  # try again on the next check
        return
    for vid, data in found.items():
        if vid in cache.live or vessel_table.get(vid):
            continue  # reported since the look-up began
        st = VesselState.from_dict({**data, "at_sea": at_sea(data["lat"], data["lon"])})
        silences.seen(st, fleet.standing(vid, st.source).ladder)


@app.timer(interval=settings.hotspot_refresh_s, on_leader=False)
async def refresh_hotspots() -> None:
    """Reload the past seizures the boats are warned of (new cases, new reports)."""
    try:
        await writer.write(hotspots.refresh)
    except Exception:  # database away: the index already loaded stays in effect
        log.exception("could not reload past seizures; will retry")


@app.timer(interval=settings.fleet_refresh_s, on_leader=False)
async def refresh_fleet() -> None:
    """Reload whose boat each vessel is (registry imports, new lengths, VMS devices)."""
    await _load_fleet()


async def _load_fleet() -> None:
    global _fleet_loaded
    try:
        fleet.update(await writer.write(store.fleet_facts))
        _fleet_loaded = True
    except Exception:  # database away: the facts already loaded stay in effect
        log.exception("could not reload the fleet of interest; will retry")


@app.timer(interval=settings.latest_flush_interval_s)
async def flush_latest_positions() -> None:
    try:
        await writer.write(store.flush_latest)
    except Exception:  # database briefly unavailable: rows stay queued for the next tick
        log.exception("could not write latest positions; will retry")
