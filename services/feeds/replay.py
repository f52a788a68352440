"""Replay a recorded feed: pick the decoder, pace by the fixes' own times, hand batches to a sink.

Pacing keeps the original rhythm of a log at ``speed`` times real time: the first fix anchors
log time to the wall clock and each later fix waits until its scaled offset has elapsed. Fixes
older than the anchor (logs are not always sorted) go out at once. Before every pause the
pending batch is handed over, so a paced replay never holds fixes back while it sleeps; without
pacing, fixes go out in batches of ``batch_max`` (one Kafka record per partition per batch).

The clock and sleep are injected so the pacing logic is tested with a fake clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal, Protocol

from services.feeds.common import FeedItem, FeedStats, Ignored, Reject
from services.feeds.errors import FeedFormatError, FeedSpeedError
from services.feeds.nmea import decode_nmea
from services.feeds.vms import decode_vms_csv, decode_vms_json
from services.vessels.directory import VesselDirectory
from services.vessels.model import StaticUpdate
from streams.records import PositionReport

__all__ = [
    "FORMATS",
    "FeedFormat",
    "Pacer",
    "ReplaySink",
    "decode_file",
    "detect_format",
    "parse_speed",
    "replay",
]

FeedFormat = Literal["nmea", "vms-json", "vms-csv"]
FORMATS: tuple[FeedFormat, ...] = ("nmea", "vms-json", "vms-csv")
_BY_SUFFIX: dict[str, FeedFormat] = {
    ".nmea": "nmea",
    ".aivdm": "nmea",
    ".ais": "nmea",
    ".log": "nmea",
    ".txt": "nmea",
    ".jsonl": "vms-json",
    ".ndjson": "vms-json",
    ".json": "vms-json",
    ".csv": "vms-csv",
}


def parse_speed(text: str | None) -> float | None:
    """``"60x"`` / ``"60"`` → 60.0; ``None``, ``"max"`` or ``"0"`` → ``None`` (no pacing)."""
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("max", "", "inf"):
        return None
    value = value.removesuffix("x").strip()
    if value in ("0", "0.0"):
        return None
    try:
        speed = float(value)
    except ValueError:
        raise FeedSpeedError(f"speed must look like 60x, 1x or max, not {text!r}") from None
    if not speed > 0 or speed != speed:
        raise FeedSpeedError(f"speed must be positive, not {text!r}")
    return speed


def detect_format(path: Path) -> FeedFormat:
    """Format from the file suffix, else from the first non-blank line."""
    by_suffix = _BY_SUFFIX.get(path.suffix.lower())
    if by_suffix is not None and by_suffix != "nmea":
        return by_suffix
    with path.open("rb") as handle:
        for raw in handle:
            line = raw.strip()
            if not line or line.startswith(b"#"):
                continue
            if line[:1] in (b"!", b"$", b"\\"):
                return "nmea"
            if line[:1] == b"{":
                return "vms-json"
            if b"," in line or b";" in line:
                return "vms-csv"
            break
    if by_suffix is None:
        raise FeedFormatError(f"cannot tell the format of {path}; pass --format")
    return by_suffix


def _lines(handle: BinaryIO, on_bytes: Callable[[int], None] | None) -> Iterator[bytes]:
    if on_bytes is None:
        yield from handle
        return
    unreported = 0
    for raw in handle:
        unreported += len(raw)
        if unreported >= 256 * 1024:  # a progress update per line would cost more than decoding
            on_bytes(unreported)
            unreported = 0
        yield raw
    on_bytes(unreported)


def decode_file(
    handle: BinaryIO,
    fmt: FeedFormat,
    directory: VesselDirectory | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[FeedItem]:
    """Decode an open binary file in ``fmt``; ``on_bytes`` is told how much was read (progress)."""
    lines = _lines(handle, on_bytes)
    if fmt == "nmea":
        return decode_nmea(lines, directory)
    if fmt == "vms-json":
        return decode_vms_json(lines, directory)
    if fmt == "vms-csv":
        return decode_vms_csv((raw.decode("utf-8", "replace") for raw in lines), directory)
    raise FeedFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


class ReplaySink(Protocol):
    """Where replayed items go: a Kafka publisher, or stdout in a dry run."""

    def positions(self, reports: list[PositionReport]) -> None: ...

    def static(self, update: StaticUpdate) -> None: ...

    def reject(self, reject: Reject) -> None: ...


@dataclass
class Pacer:
    """Waits so that fixes leave at ``speed`` × their original rhythm (``None``: no waiting)."""

    speed: float | None
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _anchor: tuple[datetime, float] | None = field(default=None, init=False)

    def delay_s(self, ts: datetime) -> float:
        """Seconds to wait before sending a fix stamped ``ts`` (anchors on the first call)."""
        if self.speed is None:
            return 0.0
        now = self.clock()
        if self._anchor is None:
            self._anchor = (ts, now)
            return 0.0
        log_start, wall_start = self._anchor
        due = wall_start + (ts - log_start).total_seconds() / self.speed
        return max(0.0, due - now)

    def wait(
        self,
        ts: datetime,
        before_sleep: Callable[[], None] | None = None,
        on_clock: Callable[[float], None] | None = None,
    ) -> float:
        """Sleep until ``ts`` is due; ``before_sleep`` runs first (to flush a pending batch).

        With ``on_clock``, a long pause is slept a second at a time and each second the log's
        own time (epoch seconds) is reported: a replay's clock keeps moving through a silence,
        so a boat that stops reporting is judged dark at the replayed moment, not on its return.
        """
        delay = self.delay_s(ts)
        if delay > 0:
            if before_sleep is not None:
                before_sleep()
            if on_clock is None or delay <= 1.0 or self._anchor is None or not self.speed:
                self.sleep(delay)
                return delay
            log_start, wall_start = self._anchor
            left = delay
            while left > 0:
                step = min(1.0, left)
                self.sleep(step)
                left -= step
                feed_s = log_start.timestamp() + (self.clock() - wall_start) * self.speed
                on_clock(min(feed_s, ts.timestamp()))
        return delay


def replay(
    items: Iterable[FeedItem],
    sink: ReplaySink,
    pacer: Pacer | None = None,
    batch_max: int = 500,
) -> FeedStats:
    """Send every item to ``sink`` in order, positions batched and paced; return the counts."""
    stats = FeedStats()
    pending: list[PositionReport] = []

    def flush() -> None:
        if pending:
            sink.positions(list(pending))
            pending.clear()

    for item in items:
        stats.count(item)
        if isinstance(item, PositionReport):
            if pacer is not None:
                pacer.wait(item.ts, before_sleep=flush, on_clock=getattr(sink, "feed_time", None))
            pending.append(item)
            if len(pending) >= batch_max:
                flush()
        elif isinstance(item, StaticUpdate):
            sink.static(item)
        elif isinstance(item, Reject):
            sink.reject(item)
        elif not isinstance(item, Ignored):  # pragma: no cover - exhaustive
            raise TypeError(f"unexpected feed item {item!r}")
    flush()
    return stats
