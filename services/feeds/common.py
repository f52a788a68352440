"""What every decoder yields: position reports, static updates, rejects and ignored lines.

Decoders are generators of :data:`FeedItem` so a file of millions of lines or an endless TCP
feed is decoded in constant memory; :class:`FeedStats` counts what went by, for the replay
summary and for tests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeAlias

from services.vessels.model import StaticUpdate
from streams.records import DeadLetter, PositionReport

__all__ = ["FeedItem", "FeedStats", "Ignored", "Reject", "report_json"]


@dataclass(frozen=True, slots=True)
class Reject:
    """An input line that could not become a position: kept with why, never dropped silently."""

    line_no: int
    raw: str
    reason: str

    def dead_letter(self, source: str, at: datetime | None = None) -> DeadLetter:
        """The dead-letter record published for this reject (``source`` names feed and file)."""
        return DeadLetter(
            source_topic=f"{source}:{self.line_no}"[:200],
            reason=self.reason,
            payload=self.raw,
            at=at or datetime.now(UTC),
        )


@dataclass(frozen=True, slots=True)
class Ignored:
    """A well-formed line that carries no vessel position (GPS sentences, AIS base stations…)."""

    line_no: int
    what: str


FeedItem: TypeAlias = PositionReport | StaticUpdate | Reject | Ignored


@dataclass(slots=True)
class FeedStats:
    """Counts of what a decoder produced, by kind; rejects and ignored lines by reason."""

    positions: int = 0
    statics: int = 0
    rejects: Counter[str] = field(default_factory=Counter)
    ignored: Counter[str] = field(default_factory=Counter)

    def count(self, item: FeedItem) -> None:
        if isinstance(item, PositionReport):
            self.positions += 1
        elif isinstance(item, StaticUpdate):
            self.statics += 1
        elif isinstance(item, Reject):
            self.rejects[_reason_key(item.reason)] += 1
        else:
            self.ignored[item.what] += 1

    @property
    def rejected(self) -> int:
        return sum(self.rejects.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "positions": self.positions,
            "statics": self.statics,
            "rejected": self.rejected,
            "rejects": dict(self.rejects.most_common()),
            "ignored": dict(self.ignored.most_common()),
        }


def _reason_key(reason: str) -> str:
    """Group rejects by the reason's leading phrase (before any colon with details)."""
    return reason.split(":", 1)[0]


def report_json(report: PositionReport) -> dict[str, Any]:
    """A position report as one dry-run JSON object: every schema field, ``None`` as null."""
    return report.model_dump(mode="json")
