"""Transport helpers of the position flow: the consumer's fetch wait, confirmed alert sends.

The flow's other pieces each have their module: the state cache (``cache``), changelog pacing
(``changelog``), database writes (``store``); the domain (tracking, dark watch, alert text) is
:mod:`services.tracking`'s.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from services.alerts.backoff import backoff_s
from services.alerts.model import Alert

__all__ = ["publish_alerts", "shorten_fetch_wait"]

log = logging.getLogger(__name__)


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
