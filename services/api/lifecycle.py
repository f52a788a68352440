"""API start-up and shutdown: the live alert hub and the lazily-created Kafka publisher.

Nothing here needs the broker to start: the API serves the page, the database views and the
live stream even while the broker is down (health then reports it), and connects a publisher
only when a client first POSTs positions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from typing import Any

from fastapi import FastAPI

from services.api.live import AlertHub

__all__ = ["get_publisher", "shutdown", "startup"]

log = logging.getLogger(__name__)
_publisher_lock = threading.Lock()


async def startup(app: FastAPI) -> None:
    from infra.repositories.ports import use_database_registry

    await asyncio.to_thread(use_database_registry)  # "in port" as the province imported it
    hub = AlertHub()
    app.state.alert_hub = hub
    app.state.publisher = None
    app.state.hub_task = asyncio.create_task(hub.run(), name="alert-hub")


async def shutdown(app: FastAPI) -> None:
    hub: AlertHub | None = getattr(app.state, "alert_hub", None)
    if hub is not None:
        hub.stop()
    task = getattr(app.state, "hub_task", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    publisher = getattr(app.state, "publisher", None)
    if publisher is not None:
        await asyncio.to_thread(publisher.close)


def get_publisher(app: Any) -> Any:
    """The app's Kafka publisher, created on first use (raises if no broker is configured)."""
    with _publisher_lock:
        if getattr(app.state, "publisher", None) is None:
            from infra.kafka import KafkaPublisher

            app.state.publisher = KafkaPublisher()
        return app.state.publisher
