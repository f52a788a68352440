"""Going dark: vessels at sea that stopped reporting.

Decree 26/2019 requires VMS on boats of 15 m and over, from port to port; a broken device means
reporting position by other means every 6 hours and returning for repair within 10 days. Hence
three thresholds (6 h, 24 h, 10 days by default).

Time is the *feed's* clock — the newest fix time seen (the watermark) — not the wall clock, so
a feed outage does not mark the whole fleet dark and a replay at any speed behaves as in real
time. Deadlines sit in a heap, so a tick costs O(due · log n), never a scan of every vessel.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from services.tracking.policy import AlertPolicy

__all__ = ["DarkEvent", "DarkWatch"]


@dataclass(frozen=True, slots=True)
class DarkEvent:
    kind: str  # DARK, DARK_24H, DARK_10D
    vessel_id: str
    last_ts: float
    lat: float
    lon: float
    threshold_h: float

    @property
    def ts(self) -> float:
        """Event time of the alert: the moment the threshold was passed (deterministic)."""
        return self.last_ts + self.threshold_h * 3600.0


class DarkWatch:
    """Deadline index of silent vessels, fed with each vessel's newest fix."""

    def __init__(self, policy: AlertPolicy) -> None:
        self._thresholds = policy.dark_thresholds_h
        self._last: dict[
            str, tuple[float, float, float, bool]
        ] = {}  # vid -> (ts, lat, lon, at_sea)
        self._level: dict[str, int] = {}  # thresholds already passed for the current silence
        self._heap: list[tuple[float, str, float]] = []  # (deadline, vid, last_ts it was set for)
        self.watermark = 0.0

    def __len__(self) -> int:
        return len(self._last)

    def seen(self, vessel_id: str, ts: float, lat: float, lon: float, at_sea: bool) -> None:
        """Record a vessel's newest good fix (older ones are ignored)."""
        if ts > self.watermark:
            self.watermark = ts
        old = self._last.get(vessel_id)
        if old is not None and old[0] >= ts:
            return
        self._last[vessel_id] = (ts, lat, lon, at_sea)
        self._level[vessel_id] = 0
        if at_sea:
            heapq.heappush(self._heap, (ts + self._thresholds[0][1] * 3600.0, vessel_id, ts))
        if len(self._heap) > 4 * len(self._last) + 1024:
            self._compact()

    def advance(self, now_ts: float) -> None:
        if now_ts > self.watermark:
            self.watermark = now_ts

    def due(self, now_ts: float | None = None) -> list[DarkEvent]:
        """Pop every threshold passed by ``now_ts`` (default: the watermark)."""
        now = self.watermark if now_ts is None else now_ts
        events: list[DarkEvent] = []
        while self._heap and self._heap[0][0] <= now:
            _, vid, set_for = heapq.heappop(self._heap)
            last = self._last.get(vid)
            if last is None or last[0] != set_for or not last[3]:
                continue  # stale entry: the vessel reported again, or is in port
            level = self._level.get(vid, 0)
            if level >= len(self._thresholds):
                continue
            kind, hours = self._thresholds[level]
            events.append(DarkEvent(kind, vid, last[0], last[1], last[2], hours))
            self._level[vid] = level + 1
            if level + 1 < len(self._thresholds):
                next_h = self._thresholds[level + 1][1]
                heapq.heappush(self._heap, (last[0] + next_h * 3600.0, vid, last[0]))
        return events

    def _compact(self) -> None:
        self._heap = [e for e in self._heap if self._last.get(e[1], (None,))[0] == e[2]]
        heapq.heapify(self._heap)
