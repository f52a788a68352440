"""One clock per source: what "now" is for the vessels a feed reports.

A silence is judged against the clock of the source that carries the vessel, never against a
clock another source moves:

* **live** (a VMS provider, an AIS station, the TCP feed): the wall clock, less the feed's
  measured latency — the time a fix takes from the boat to the worker (a provider batching its
  exports every 10 minutes is 10 minutes late by design, not 10 minutes dark);
* **replay** (``seawatch feed replay``, the speeded-up simulator): the feed's own time. The
  producer declares it with *clock ticks* sent to every partition (:func:`tick_record`): a tick
  ``T`` in a partition says "every fix before ``T`` is already in this partition". The replay's
  clock is the oldest tick over all partitions, so a worker never judges a vessel whose fixes
  are still queued in a slower partition, and a lone vessel's silence is judged even though no
  other vessel moves its partition. The last tick carries ``end``: the end of a replay settles
  every deadline it passed.

A source that declared nothing is live while its fixes arrive close to the wall clock. One
whose fixes are all older than ``replay_lag_s`` (a recorded file sent without ticks) falls back
to its newest fix time: wall-clock judgement would call the whole fleet dark at once.

The same clock answers the hardening rule "a fix from the future is implausible"
(:meth:`SourceClock.now_s` is that source's present) and the stall rule
(:meth:`SourceClock.silent_s`: wall seconds since the source last sent anything).

Pure: times are passed in (epoch seconds), so tests drive the clock by hand.
"""

from __future__ import annotations

import json
import math
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

__all__ = [
    "ClockTick",
    "FeedClocks",
    "SourceClock",
    "is_clock_record",
    "parse_clock_record",
    "tick_record",
]

Mode = Literal["live", "replay"]
_PREFIX = b'{"clock"'


@dataclass(frozen=True, slots=True)
class ClockTick:
    """A replay's declaration: in this partition, every fix before ``ts`` has been sent."""

    source: str
    ts: float  # epoch seconds of the feed's own time
    end: bool = False
    speed: float | None = None  # None: as fast as possible


def tick_record(tick: ClockTick) -> bytes:
    """The wire form of a tick (a JSON object whose first key is ``clock``)."""
    when = datetime.fromtimestamp(tick.ts, UTC).isoformat()
    body = {"source": tick.source, "ts": when, "end": tick.end, "speed": tick.speed}
    return b'{"clock":' + json.dumps(body, separators=(",", ":")).encode() + b"}"


def is_clock_record(raw: bytes | str) -> bool:
    """Cheap test the position agent runs on every record."""
    head = raw[:8] if isinstance(raw, bytes) else raw[:8].encode()
    return head == _PREFIX


def parse_clock_record(raw: bytes | str) -> ClockTick:
    """A tick from its wire form; ``ValueError`` (with the reason) if it is not one."""
    try:
        body = json.loads(raw)["clock"]
        ts = datetime.fromisoformat(str(body["ts"]))
        if ts.tzinfo is None:
            ts = ts.replace(tzinfo=UTC)
        source = str(body["source"])[:16]
        speed = body.get("speed")
        return ClockTick(source, ts.timestamp(), bool(body.get("end", False)),
                         float(speed) if speed is not None else None)  # fmt: skip
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"invalid clock record: {exc}") from None


@dataclass(slots=True)
class SourceClock:
    """The clock of one source, as one worker sees it."""

    source: str
    replay_lag_s: float = 3600.0
    latency_window: int = 256
    mode: Mode = "live"
    newest_fix_s: float = -math.inf
    last_arrival_s: float = -math.inf  # wall time the source last sent anything
    ended: bool = False
    _lags: deque[float] = field(default_factory=deque)
    _ticks: dict[int, float] = field(default_factory=dict)  # partition -> latest tick
    _ended: set[int] = field(default_factory=set)  # partitions whose end tick was read
    _partitions: frozenset[int] | None = None  # the partitions this worker owns

    # --- what arrives --------------------------------------------------------------------
    def observe(self, newest_fix_s: float, wall_s: float) -> None:
        """A batch of this source's fixes arrived at ``wall_s``; its newest fix time is given.

        Fixes after the end of a replay (every owned partition has its end tick) are a live
        feed again under the same source name: the clock goes back to the wall clock.
        """
        if self.mode == "replay" and self.ended:
            self.mode, self.ended = "live", False
            self._ticks.clear()
            self._ended.clear()
            self._lags.clear()
            self.newest_fix_s = -math.inf
        self.last_arrival_s = max(self.last_arrival_s, wall_s)
        self.newest_fix_s = max(self.newest_fix_s, newest_fix_s)
        if self.mode == "live":
            self._lags.append(wall_s - newest_fix_s)
            if len(self._lags) > self.latency_window:
                self._lags.popleft()

    def tick(self, partition: int, tick: ClockTick, wall_s: float) -> None:
        """A replay tick read from ``partition``: the source runs on its own clock from now."""
        self.mode = "replay"
        self.last_arrival_s = max(self.last_arrival_s, wall_s)
        self._ticks[partition] = max(self._ticks.get(partition, -math.inf), tick.ts)
        if tick.end:
            self._ended.add(partition)
            owned = self._partitions
            self.ended = self._ended >= owned if owned else True

    def own(self, partitions: frozenset[int] | None) -> None:
        """The partitions assigned to this worker (after a rebalance); ``None``: all seen.

        Ticks of partitions it no longer owns are dropped: a stale one would hold the clock.
        """
        self._partitions = partitions
        if partitions is not None:
            for gone in set(self._ticks) - partitions:
                del self._ticks[gone]
            self._ended &= partitions

    # --- what it says ----------------------------------------------------------------------
    @property
    def latency_s(self) -> float:
        """Measured feed latency: the median lag of recent batches, never negative."""
        if not self._lags:
            return 0.0
        ordered = sorted(self._lags)
        return max(0.0, ordered[len(ordered) // 2])

    @property
    def judged_on_feed_time(self) -> bool:
        """True for a replay, or a feed so far behind the wall clock it must be one."""
        return self.mode == "replay" or self.latency_s > self.replay_lag_s

    def now_s(self, wall_s: float) -> float:
        """The source's present, in epoch seconds (what its deadlines are compared with)."""
        if self.mode == "replay":
            owned = self._partitions
            ticks = [t for p, t in self._ticks.items() if owned is None or p in owned]
            if not ticks:
                return self.newest_fix_s
            # every owned partition that has ticked has sent all fixes before the oldest tick
            return min(ticks) if len(ticks) >= (len(owned) if owned else 1) else -math.inf
        if self.latency_s > self.replay_lag_s:
            return self.newest_fix_s
        return wall_s - self.latency_s

    def silent_s(self, wall_s: float) -> float:
        """Wall seconds since the source last sent anything (inf before the first record)."""
        return wall_s - self.last_arrival_s


class FeedClocks:
    """Every source's clock in one worker (keyed by the fixes' ``source`` field)."""

    def __init__(self, replay_lag_s: float = 3600.0) -> None:
        self.replay_lag_s = replay_lag_s
        self._clocks: dict[str, SourceClock] = {}
        self._owned: frozenset[int] | None = None

    def __getitem__(self, source: str) -> SourceClock:
        clock = self._clocks.get(source)
        if clock is None:
            clock = self._clocks[source] = SourceClock(source, self.replay_lag_s)
            clock.own(self._owned)
        return clock

    def __iter__(self) -> Any:
        return iter(list(self._clocks.values()))

    def own(self, partitions: frozenset[int] | None) -> None:
        self._owned = partitions
        for clock in self._clocks.values():
            clock.own(partitions)
