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
    """Deadline index of silent vessels, fed with each vessel's newest fix.

    Each vessel has at most one live entry in the heap, set for its next threshold. A vessel
    that keeps reporting does not push a new entry per fix (the stream reports every vessel of
    every batch here): its entry stays, and when it comes up the deadline is worked out again
    from the newest fix, and the entry moves later if the vessel reported in between. An entry
    is only ever early, never late, so no threshold is missed.
    """

    def __init__(self, policy: AlertPolicy) -> None:
        self._thresholds = policy.dark_thresholds_h
        self._last: dict[
            str, tuple[float, float, float, bool]
        ] = {}  # vid -> (ts, lat, lon, at_sea)
        self._level: dict[str, int] = {}  # thresholds already passed for the current silence
        self._heap: list[tuple[float, str]] = []  # (deadline, vid); stale ones are skipped
        self._queued: dict[str, float] = {}  # vid -> deadline of its live heap entry
        self.watermark = 0.0

    def __len__(self) -> int:
        return len(self._last)

    def _push(self, deadline: float, vessel_id: str) -> None:
        heapq.heappush(self._heap, (deadline, vessel_id))
        self._queued[vessel_id] = deadline

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
            deadline = ts + self._thresholds[0][1] * 3600.0
            queued = self._queued.get(vessel_id)
            if queued is None or queued > deadline:  # none yet, or set for a later threshold
                self._push(deadline, vessel_id)
                if len(self._heap) > 4 * len(self._queued) + 1024:
                    self._compact()

    def advance(self, now_ts: float) -> None:
        if now_ts > self.watermark:
            self.watermark = now_ts

    def due(self, now_ts: float | None = None) -> list[DarkEvent]:
        """Pop every threshold passed by ``now_ts`` (default: the watermark)."""
        now = self.watermark if now_ts is None else now_ts
        events: list[DarkEvent] = []
        heap, thresholds = self._heap, self._thresholds
        while heap and heap[0][0] <= now:
            deadline, vid = heapq.heappop(heap)
            if self._queued.get(vid) != deadline:
                continue  # superseded by an earlier entry
            del self._queued[vid]
            last = self._last.get(vid)
            level = self._level.get(vid, 0)
            if last is None or not last[3] or level >= len(thresholds):
                continue  # in port, or every threshold passed: nothing to watch
            kind, hours = thresholds[level]
            true_deadline = last[0] + hours * 3600.0
            if true_deadline > now:  # it reported since the entry was set: look again later
                self._push(true_deadline, vid)
                continue
            events.append(DarkEvent(kind, vid, last[0], last[1], last[2], hours))
            self._level[vid] = level + 1
            if level + 1 < len(thresholds):
                self._push(last[0] + thresholds[level + 1][1] * 3600.0, vid)
        return events

    def _compact(self) -> None:
        self._heap = [e for e in self._heap if self._queued.get(e[1]) == e[0]]
        heapq.heapify(self._heap)
