"""Send dead letters: every message a worker could not use, with the reason, never dropped.

Each letter says where its record sat (topic, partition, offset) and how many identical
rejects that record held; its key makes a redelivered record's rejects land on the same row
(see :mod:`services.deadletters`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from services.deadletters import Rejected, letters_for
from streams.records import DeadLetter
from streams.topics import deadletter_topic

__all__ = ["Rejected", "send_dead_letters"]


async def send_dead_letters(
    source_topic: str, rejects: Iterable[Rejected | tuple[str, str]]
) -> int:
    """Publish rejects (``Rejected`` or ``(reason, payload)``) to the dead-letter topic."""
    now = datetime.now(UTC)
    items = [r if isinstance(r, Rejected) else Rejected(r[0], r[1]) for r in rejects]
    letters = letters_for(source_topic, items)
    for letter in letters:
        record = DeadLetter(
            source_topic=source_topic, reason=letter.reason, payload=letter.payload,
            partition=letter.partition, offset=letter.offset, count=letter.count,
            key=letter.key, at=now,
        )  # fmt: skip
        await deadletter_topic.send(value=record.model_dump_json().encode())
    return len(letters)
