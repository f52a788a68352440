"""Alert flow: persist every alert once (deterministic ids), then hand new ones to delivery."""

from __future__ import annotations

import json
import logging
from typing import Any

from pydantic import ValidationError

from infra.db.base import session_scope
from infra.db.tracking import save_dead_letters
from infra.repositories.outbox import save_and_enqueue
from infra.settings import get_settings
from services.alerts.model import Alert
from streams.app import app
from streams.deadletter import send_dead_letters
from streams.records import DeadLetter
from streams.retry import GaveUp, until_stored
from streams.topics import alerts_topic, deadletter_topic

__all__ = ["persist_alerts", "persist_dead_letters"]

log = logging.getLogger(__name__)
settings = get_settings()


def _store(alerts: list[Alert]) -> int:
    with session_scope() as session:
        return len(save_and_enqueue(session, alerts))


@app.agent(alerts_topic)
async def persist_alerts(stream: Any) -> None:
    source = settings.topic("alerts")
    async for values in stream.take(500, within=0.1):
        alerts: list[Alert] = []
        bad: list[tuple[str, str]] = []
        for raw in values:
            try:
                alerts.append(Alert.model_validate_json(raw))
            except ValidationError as exc:
                bad.append(
                    (
                        f"invalid alert: {exc.errors()[0].get('msg')}",
                        bytes(raw).decode("utf-8", "replace"),
                    )
                )
        if alerts:
            try:
                await until_stored(_store, alerts, what=f"{len(alerts)} alerts")
            except GaveUp as exc:  # kept as dead letters, with the reason, not lost unseen
                bad.extend((exc.reason, a.model_dump_json()) for a in alerts)
        if bad:
            await send_dead_letters(source, bad)


def _store_dead(letters: list[DeadLetter]) -> None:
    with session_scope() as session:
        save_dead_letters(session, letters)


@app.agent(deadletter_topic)
async def persist_dead_letters(stream: Any) -> None:
    """Keep dead letters in the database too: the embedded broker forgets on restart."""
    async for values in stream.take(500, within=0.2):
        letters = []
        for raw in values:
            try:
                letters.append(DeadLetter.model_validate_json(raw))
            except ValidationError:
                log.error(
                    "unreadable dead letter dropped after logging: %r",
                    json.dumps(bytes(raw).decode("utf-8", "replace")),
                )
        if letters:
            try:
                await until_stored(_store_dead, letters, what=f"{len(letters)} dead letters")
            except GaveUp:  # the log is the last place left for them
                for letter in letters:
                    log.error("dead letter not stored: %s", letter.model_dump_json())
