"""Dead letters as an audit trail: which record, where it sat, why, and how many times.

Pure: the stream adapters hand in what they rejected with where it came from; this module
groups identical rejects of one source record into one letter with a count, and gives each
letter a key derived from where it came from, so a record redelivered after a crash files
its rejects on the same row instead of twice (:func:`letters_for`). Rejects whose source
position is unknown get a random key: nothing merges them with another.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Letter", "Rejected", "letter_key", "letters_for", "reason_family"]


@dataclass(frozen=True, slots=True)
class Rejected:
    """One thing a worker could not use, and where it sat on the wire (None: unknown)."""

    reason: str
    payload: str
    partition: int | None = None
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class Letter:
    """What is sent to the dead-letter topic: a reject, its position, its count, its key."""

    reason: str
    payload: str
    partition: int | None
    offset: int | None
    count: int
    key: str


def letter_key(topic: str, partition: int, offset: int, reason: str, payload: str) -> str:
    """The same reject of the same record always has the same key (64 hex digits).

    Keyed by the *kind* of reason: a reason's particulars may differ when the record is read
    again (a plausibility window names the clock it was judged by).
    """
    text = f"{topic}|{partition}|{offset}|{reason_family(reason)}|{payload}"
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


def letters_for(
    topic: str, rejected: Iterable[Rejected], max_payload: int = 100_000
) -> list[Letter]:
    """Group identical rejects of one record (counted); key each by where it came from."""
    out: list[Letter] = []
    counted: Counter[tuple[str, str, int | None, int | None]] = Counter()
    first_reason: dict[tuple[str, str, int | None, int | None], str] = {}
    for r in rejected:
        group = (reason_family(r.reason), r.payload[:max_payload], r.partition, r.offset)
        counted[group] += 1
        first_reason.setdefault(group, r.reason)
    for group, count in counted.items():
        _, payload, partition, offset = group
        reason = first_reason[group]
        if partition is not None and offset is not None and offset >= 0:
            key = letter_key(topic, partition, offset, reason, payload)
        else:
            key = uuid.uuid4().hex
            if count > 1:  # unknown position: keep each one, never merge them
                out.extend(
                    Letter(reason, payload, partition, offset, 1, uuid.uuid4().hex)
                    for _ in range(count - 1)
                )
                count = 1
        out.append(Letter(reason, payload, partition, offset, count, key))
    return out


def reason_family(reason: str) -> str:
    """The kind of a reject, without its particulars (for the operator's listing by reason).

    ``"invalid position report — lat: Input should be ≤ 90"`` → ``"invalid position report"``;
    ``"malformed JSON: Expecting value…"`` → ``"malformed JSON"``.
    """
    head = reason.split(" — ", 1)[0]
    head = head.split(":", 1)[0]
    head = head.split(" (", 1)[0]
    return head.strip() or reason[:80]
