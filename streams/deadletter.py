"""Send dead letters: every message a worker could not use, with the reason, never dropped."""

from __future__ import annotations

from datetime import UTC, datetime

from streams.records import DeadLetter
from streams.topics import deadletter_topic

__all__ = ["send_dead_letters"]


async def send_dead_letters(source_topic: str, rejects: list[tuple[str, str]]) -> None:
    """Publish ``(reason, payload)`` pairs to the dead-letter topic."""
    now = datetime.now(UTC)
    for reason, payload in rejects:
        letter = DeadLetter(
            source_topic=source_topic, reason=reason, payload=payload[:100_000], at=now
        )
        await deadletter_topic.send(value=letter.model_dump_json().encode())
