"""Behaviour events in the position flow: fixes offered on the hot path, detected on a timer.

The detectors are :mod:`services.events` (the batch command's code); this module only holds
the worker's :class:`~services.events.live.LiveFeed` and sends what it finds to the alerts
topic. What a partitioned stream can and cannot find live is said in
:mod:`services.events.live`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from infra.settings import get_settings
from services.alerts.model import Alert
from services.events.alerts import event_alerts
from services.events.live import LiveFeed
from services.events.params import EventParams
from streams.app import app
from streams.positions.runtime import publish_alerts
from streams.topics import alerts_topic

__all__ = ["feed", "offer_fixes"]

log = logging.getLogger(__name__)
settings = get_settings()
feed = LiveFeed(EventParams.from_settings(settings)) if settings.events_live else None


def offer_fixes(fixes: Any) -> None:
    """Hot path: keep a reference to the batch's decoded columns (nothing computed here)."""
    if feed is not None:
        feed.offer(fixes)


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
    try:
        events = feed.drain()
    except Exception:  # a detector bug must not stop the position flow: say so, go on
        log.exception("behaviour event detection failed on a batch; its fixes are skipped")
        return
    if events:
        await publish_alerts(event_alerts(events), _send)
