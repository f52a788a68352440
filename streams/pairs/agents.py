"""Pairs across workers, as faust agents: thin adapters around :mod:`services.events.cells`.

The position worker's event timer hands its pair samples and marks to
:func:`publish_samples`; :func:`join_cells` (one actor per partition of pair samples) joins
the bins each cell partition owns and sends the close pairs on by pair; :func:`follow_pairs`
(one actor per partition of pair records) follows the runs and sends the alerts. Both
acknowledge a message only once their stage no longer needs it, so a restarted or rebalanced
actor reads again what it must (at-least-once; duplicates are dropped by the stages, and an
alert's id names its event).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Awaitable, Iterator, Sequence
from typing import Any

import numpy as np

from infra.settings import get_settings
from services.alerts.model import Alert
from services.events.alerts import event_alerts
from services.events.cells import CellGrid, CellJoiner, PairStage, pair_partition
from services.events.live import LIVE_KINDS, LiveEvents
from services.events.params import EventParams
from services.events.runs import pair_families
from streams.app import app
from streams.deadletter import send_dead_letters
from streams.pairs import wire
from streams.positions.runtime import publish_alerts
from streams.topics import alerts_topic, pair_records_topic, pair_samples_topic

__all__ = ["follow_pairs", "join_cells", "publish_samples", "sample_messages"]

log = logging.getLogger(__name__)
settings = get_settings()
params = EventParams.from_settings(settings)
families = pair_families(params, LIVE_KINDS)
PARTITIONS = settings.topic_partitions  # of positions, pair samples and pair records alike
grid = CellGrid(settings.events_pair_cell_km * 1000.0, PARTITIONS)
if families and grid.cell_m < 2 * max(f.within_m for f in families):
    raise ValueError("events_pair_cell_km must be at least twice the largest pair distance")


def sample_messages(live: LiveEvents) -> Iterator[tuple[int, bytes, int]]:
    """The samples made since the last call, encoded by cell: ``(cell partition, message,
    samples in it)``."""
    names = live.names
    for fam, s in live.take_samples():
        for q, take in grid.split(s, fam.within_m):
            value = wire.samples(fam.name, names[s.vessel[take]].tolist(), s.bin[take],
                                 s.lat[take], s.lon[take])  # fmt: skip
            yield q, value, len(take)


async def publish_samples(live: LiveEvents, owned: list[int], unheard: Sequence[int]) -> int:
    """Send the samples made since the last call by cell, then a mark to every cell partition.

    Samples first, mark last, from one producer: a cell partition reads the mark after every
    sample it covers. ``unheard``: the owned partitions whose marks carry no clock (no fix read
    from them yet while they still hold records: ``streams.positions.events``). Returns the
    samples sent (copies included).
    """
    sent = 0
    for q, value, n in sample_messages(live):
        await pair_samples_topic.send(value=value, partition=q)
        sent += n
    if owned:
        mark = wire.marks(live.progress(owned), live.clock, unheard)
        for q in range(PARTITIONS):
            await pair_samples_topic.send(value=mark, partition=q)
    return sent


async def _ack_done(stream: Any, held: deque[Any], needed: int | None) -> None:
    """Acknowledge, in order, the messages older than the oldest one still needed."""
    while held and (needed is None or held[0].message.offset < needed):
        await stream.ack(held.popleft())


@app.agent(pair_samples_topic, isolated_partitions=True)
async def join_cells(stream: Any) -> None:
    source = settings.topic("pair-samples")
    joiner: CellJoiner | None = None
    held: deque[Any] = deque()
    async for events in stream.noack_take(500, within=0.2):
        q = events[-1].message.partition  # one partition per actor
        if joiner is None:
            joiner = CellJoiner(grid, q, PARTITIONS, families, params.pair_max_gap_h * 3600)
        bad = []
        for e in events:
            held.append(e)
            try:
                msg = wire.decode(e.value)
                if msg["t"] == "s":
                    joiner.add(msg["f"], msg["v"], msg["b"], msg["la"], msg["lo"],
                               e.message.offset)  # fmt: skip
                elif msg["t"] == "m":
                    for p, groups in msg["p"].items():
                        joiner.mark(int(p), groups, wire.mark_clock(msg, int(p)))
                else:
                    raise ValueError(f"a {msg['t']!r} message on the pair-samples topic")
            except (ValueError, TypeError, KeyError) as exc:
                bad.append((f"pair samples: {exc}", bytes(e.value).decode("utf-8", "replace")))
        for out in joiner.close():
            if not out.a:
                continue
            dest = np.asarray([pair_partition(a, b, PARTITIONS) for a, b in
                               zip(out.a, out.b, strict=True)])  # fmt: skip
            for r in np.unique(dest).tolist():
                k = np.flatnonzero(dest == r)
                value = wire.records(out.family.name, [out.a[i] for i in k],
                                     [out.b[i] for i in k], out.records.take(k))  # fmt: skip
                await pair_records_topic.send(value=value, partition=r)
        done = wire.closed(q, joiner.done())
        for r in range(PARTITIONS):
            await pair_records_topic.send(value=done, partition=r)
        if bad:
            await send_dead_letters(source, bad)
        await _ack_done(stream, held, joiner.needed())


def _send(alert: Alert) -> Awaitable[Awaitable[Any]]:
    sent: Awaitable[Awaitable[Any]] = alerts_topic.send(  # faust is untyped
        key=(alert.vessel_id or "").encode(), value=alert.model_dump_json().encode()
    )
    return sent


@app.agent(pair_records_topic, isolated_partitions=True)
async def follow_pairs(stream: Any) -> None:
    source = settings.topic("pair-records")
    stage = PairStage(PARTITIONS, families, params)
    held: deque[Any] = deque()
    async for events in stream.noack_take(500, within=0.2):
        bad = []
        for e in events:
            held.append(e)
            try:
                msg = wire.decode(e.value)
                if msg["t"] == "r":
                    stage.add(msg["f"], msg["a"], msg["b"], msg["bin"], msg["d"], msg["la_a"],
                              msg["lo_a"], msg["la_b"], msg["lo_b"], e.message.offset)  # fmt: skip
                elif msg["t"] == "d":
                    stage.mark(msg["c"], msg["done"])
                else:
                    raise ValueError(f"a {msg['t']!r} message on the pair-records topic")
            except (ValueError, TypeError, KeyError) as exc:
                bad.append((f"pair records: {exc}", bytes(e.value).decode("utf-8", "replace")))
        found = stage.close()
        if found:
            log.info("pairs: %d events (%s)", len(found), ", ".join(str(e.kind) for e in found))
            await publish_alerts(event_alerts(found), _send, confirm=True)
        if bad:
            await send_dead_letters(source, bad)
        await _ack_done(stream, held, stage.needed())
