"""Plausible time, per source: fixes (and clock ticks) no clock could have produced are refused.

A fix dated 2100 moved the feed's clock to 2100 and called every other boat dark at once; one
dated 1900 started a silence a century long. Every fix is screened against a window of its own
source, *before* it reaches any clock (:mod:`services.tracking.clock`), any vessel state or the
dark watch, and refused with its reason (a dead letter) when it falls outside:

* **after**: a live source (no clock ticks) reports what already happened, so a fix may be at
  most ``live_ahead_s`` after the receiving (wall) clock — device clocks drift a little. A
  replay or the simulator declares its clock with ticks; its fixes may run at most
  ``replay_ahead_s`` (30 days) ahead of its latest tick (a tick may come before or after its
  batch, and one batch of a sparse replay spans days of its feed). A
  source that lags far behind the wall clock (a recorded file sent without ticks) may not jump
  more than ``replay_ahead_s`` ahead of its own recent past either.
* **before**: at most ``past_s`` before the feed's recent past — for a replay the start it
  declared (its first tick), otherwise the median of its recent batches' median fix times —
  and never before ``floor_s`` (2000-01-01: older than any satellite VMS or AIS record kept),
  so a first batch of fossils cannot make itself the recent past.

No single record moves a window: the recent past is a median of batch medians, and a tick
is itself screened (at most ``replay_ahead_s`` after the later of the wall clock and the
source's last tick). A sustained shift (a feed that really did jump) moves the median within
half the history.

Pure: wall time is passed in (epoch seconds).
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from services.tracking.clock import ClockTick
from services.tracking.fixes import FixColumns

__all__ = ["FixTimeScreen", "TimeWindow"]


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """The fix times a source may plausibly report now (epoch seconds), and why."""

    low_s: float
    high_s: float
    high_basis: str  # "the receiving clock", "the replay's clock", "the feed's recent past"
    low_basis: str
    ahead_s: float


@dataclass(slots=True)
class _Source:
    first_tick_s: float | None = None
    last_tick_s: float | None = None
    recent: deque[float] = field(default_factory=deque)  # median fix time of recent batches


def _iso(ts: float) -> str:
    try:
        return datetime.fromtimestamp(ts, UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return repr(ts)


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:.0f} days"
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 60:.0f} min"


class FixTimeScreen:
    """Per-source plausibility windows for one worker."""

    def __init__(
        self,
        live_ahead_s: float = 600.0,
        replay_ahead_s: float = 30 * 86_400.0,
        past_s: float = 30 * 86_400.0,
        lag_s: float = 3_600.0,
        history: int = 32,
        max_sources: int = 1_000,
        floor_s: float = 946_684_800.0,  # 2000-01-01T00:00:00Z
    ) -> None:
        self.floor_s = floor_s
        self.live_ahead_s = live_ahead_s
        self.replay_ahead_s = replay_ahead_s
        self.past_s = past_s
        self.lag_s = lag_s
        self.history = history
        self.max_sources = max_sources
        self._sources: OrderedDict[str, _Source] = OrderedDict()

    def _state(self, source: str) -> _Source:
        state = self._sources.get(source)
        if state is None:
            state = self._sources[source] = _Source()
            while len(self._sources) > self.max_sources:  # a sender inventing source names
                self._sources.popitem(last=False)
        else:
            self._sources.move_to_end(source)
        return state

    def is_replay(self, source: str) -> bool:
        """True once the source declared its own clock (a plausible tick)."""
        state = self._sources.get(source)
        return state is not None and state.last_tick_s is not None

    # --- ticks -----------------------------------------------------------------------------
    def tick(self, tick: ClockTick, wall_s: float) -> str | None:
        """Screen a replay's clock tick; None (and it declares the window) or the reason."""
        state = self._state(tick.source)
        base = max(wall_s, state.last_tick_s if state.last_tick_s is not None else -math.inf)
        if not math.isfinite(tick.ts) or tick.ts > base + self.replay_ahead_s:
            return (
                f"implausible clock tick: {_iso(tick.ts)} is more than "
                f"{_span(self.replay_ahead_s)} after {_iso(base)} (the later of the receiving "
                "clock and the source's last tick)"
            )
        if state.first_tick_s is None or tick.ts < state.first_tick_s:
            state.first_tick_s = tick.ts
        if state.last_tick_s is None or tick.ts > state.last_tick_s:
            state.last_tick_s = tick.ts
        return None

    # --- fixes -----------------------------------------------------------------------------
    def window(self, source: str, wall_s: float, batch_ts: np.ndarray | None = None) -> TimeWindow:
        """The window a fix of ``source`` must fall in now (``batch_ts``: the fixes at hand,
        the only hint of a new source's recent past)."""
        state = self._state(source)
        if state.last_tick_s is not None:
            high, high_basis = state.last_tick_s + self.replay_ahead_s, "the replay's clock"
            ahead = self.replay_ahead_s
        else:
            high, high_basis = wall_s + self.live_ahead_s, "the receiving clock"
            ahead = self.live_ahead_s
        recent = self._recent_past(state, batch_ts, wall_s + self.live_ahead_s)
        lagging = recent is not None and recent < wall_s - self.lag_s
        if state.last_tick_s is None and recent is not None and lagging:
            # a feed far behind the wall clock runs on its own time: no leap far ahead of it
            high = min(high, recent + self.replay_ahead_s)
            if high == recent + self.replay_ahead_s:
                high_basis, ahead = "the feed's recent past", self.replay_ahead_s
        if state.first_tick_s is not None:
            low, low_basis = state.first_tick_s - self.past_s, "the replay's declared start"
        elif recent is not None:
            low, low_basis = recent - self.past_s, "the feed's recent past"
        else:
            low, low_basis = wall_s - self.past_s, "the receiving clock"
        if low < self.floor_s:
            low, low_basis = self.floor_s, "the oldest plausible record"
        return TimeWindow(low, high, high_basis, low_basis, ahead)

    def _recent_past(
        self, state: _Source, batch_ts: np.ndarray | None, cap_s: float
    ) -> float | None:
        if state.recent:
            return float(np.median(np.fromiter(state.recent, float)))
        if batch_ts is not None and len(batch_ts):
            # a recorded feed is never in the future, nor older than the floor
            clipped = batch_ts[(batch_ts <= cap_s) & (batch_ts >= self.floor_s)]
            if len(clipped):
                return float(np.median(clipped))
        return None

    def screen(self, fixes: FixColumns, wall_s: float) -> tuple[np.ndarray, list[tuple[int, str]]]:
        """Which fixes to keep (a boolean mask) and, for the others, (row, reason).

        Vectorised per source. Every batch then adds its median fix time (of all its fixes,
        capped at the receiving clock's allowance) to its source's recent past.
        """
        n = len(fixes)
        keep = np.ones(n, dtype=bool)
        reasons: list[tuple[int, str]] = []
        if n == 0:
            return keep, reasons
        sources = np.asarray(fixes.source, dtype=object)
        ts = fixes.ts
        for source in dict.fromkeys(fixes.source):
            rows = np.flatnonzero(sources == source)
            mine = ts[rows]
            win = self.window(source, wall_s, mine)
            late = mine > win.high_s
            early = mine < win.low_s
            bad = late | early | ~np.isfinite(mine)
            if bad.any():
                keep[rows[bad]] = False
                for row, value, is_late in zip(
                    rows[bad].tolist(), mine[bad].tolist(), late[bad].tolist(), strict=True
                ):
                    reasons.append((row, self._reason(value, win, is_late, wall_s)))
            cap = wall_s + self.live_ahead_s if not self.is_replay(source) else win.high_s
            capped = mine[(mine <= cap) & (mine >= self.floor_s)]
            if len(capped):
                state = self._state(source)
                state.recent.append(float(np.median(capped)))
                while len(state.recent) > self.history:
                    state.recent.popleft()
        return keep, reasons

    def _reason(self, ts: float, win: TimeWindow, late: bool, wall_s: float) -> str:
        if late:
            edge = win.high_s - win.ahead_s
            return (
                f"implausible time: {_iso(ts)} is {_span(ts - edge)} after {win.high_basis} "
                f"({_iso(edge)}; allowance {_span(win.ahead_s)})"
            )
        if win.low_basis == "the oldest plausible record":
            return f"implausible time: {_iso(ts)} is before {_iso(self.floor_s)}"
        edge = win.low_s + self.past_s
        return (
            f"implausible time: {_iso(ts)} is {_span(edge - ts)} before {win.low_basis} "
            f"({_iso(edge)}; allowance {_span(self.past_s)})"
        )
