"""Behaviour events in the position flow: fixes offered on the hot path, detected on a timer.

The detectors are :mod:`services.events` (the batch command's code); this module only holds
the worker's :class:`~services.events.live.LiveFeed` and sends what it finds to the alerts
topic. Pair samples go on to the cell stage (:mod:`streams.pairs.agents`), so two boats
tracked by different workers are joined too; with ``events_pair_cells`` off, each worker joins
the pairs of its own partitions (see :mod:`services.events.live`).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable
from typing import Any

from infra.settings import get_settings
from services.alerts.model import Alert
from services.events.alerts import event_alerts
from services.events.live import LiveFeed
from services.events.params import EventParams
from streams.app import app
from streams.pairs.agents import publish_samples
from streams.positions.runtime import publish_alerts
from streams.topics import alerts_topic

__all__ = ["feed", "offer_fixes"]

log = logging.getLogger(__name__)
settings = get_settings()
feed = LiveFeed(EventParams.from_settings(settings)) if settings.events_live else None


def offer_fixes(fixes: Any, partition: int = -1) -> None:
    """Hot path: keep a reference to the batch's decoded columns (nothing computed here)."""
    if feed is not None:
        feed.offer(fixes, partition)


def _owned() -> list[int]:
    """The partitions of positions this worker owns now (none known: none)."""
    topic = settings.topic("positions")
    with contextlib.suppress(Exception):
        return sorted(tp.partition for tp in app.consumer.assignment() if tp.topic == topic)
    return []


def _unread(unheard: list[int]) -> list[int]:
    """Of the owned partitions no fix was read from yet, those that may hold records to read.

    The broker's newest offset (as last fetched) against the offset committed when the
    partition was assigned: a partition with nothing past it is idle and counts as empty at
    once; one with records past it, or not fetched yet, gives its mark without a clock, so the
    cell stage waits for its backlog (``docs/events.md``).
    """
    from faust.types import TP

    topic = settings.topic("positions")
    consumer = app.consumer
    committed = getattr(consumer, "_committed_offset", None)  # faust's, set on assignment
    out = []
    for p in unheard:
        tp = TP(topic, p)
        try:
            high = consumer.highwater(tp)
        except Exception:  # not assigned or not fetched yet
            high = None
        start = committed.get(tp) if committed is not None else None
        if high is None or high > (start or 0):
            out.append(p)
    return out


def _send(alert: Alert) -> Awaitable[Awaitable[Any]]:
    sent: Awaitable[Awaitable[Any]] = alerts_topic.send(  # faust is untyped
        key=(alert.vessel_id or "").encode(), value=alert.model_dump_json().encode()
    )
    return sent


@app.timer(interval=settings.events_live_interval_s)
async def detect_events() -> None:
    """Run the detectors on the fixes offered since the last tick; send their alerts."""
    if feed is None:
        return
    cells = settings.events_pair_cells
    try:
        events = feed.drain(join_pairs=not cells)
    except Exception:  # a detector bug must not stop the position flow: say so, go on
        log.exception("behaviour event detection failed on a batch; its fixes are skipped")
        return
    if events:
        await publish_alerts(event_alerts(events), _send)
    if cells:
        try:
            owned = _owned()
            await publish_samples(feed.live, owned, _unread(feed.live.unheard(owned)))
        except Exception:  # the broker away: those samples are lost to the pair stage, say so
            log.exception("could not send pair samples to the cell stage")
