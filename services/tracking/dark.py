"""Going dark: vessels at sea that stopped reporting, judged on their source's clock.

Decree 26/2019/NĐ-CP Art. 44 as amended by Decree 37/2024/NĐ-CP: boats of 15 m and over carry
VMS and report from port to port; when the device loses its connection the owner must report
the position by other means every 6 hours, and the boat must be back in port within 10 days.
So a registered VMS boat ≥ 15 m at sea walks the *VMS ladder* (by default "mất kết nối" at
6 h, 24 h, and the 10-day return deadline); a provincial ladder (5 h / 8 h / 1 day / 10 days)
with a recipient per step is a setting (``SEAWATCH_DARK_LADDER``). AIS-only and smaller boats
walk the *AIS ladder*: one lower-severity "AIS gap". Vessels outside the fleet of interest walk
none.

``now`` is the vessel's source's clock (:mod:`services.tracking.clock`), never another source's;
deadlines sit in a heap, so a tick costs O(due · log n), never a scan of every vessel. While a
source is down its watch is *held* (no judgement), and when it is back the outage is excused
(:meth:`DarkWatch.excuse`): a stalled feed is one alert, not 300 dark boats.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.tracking.policy import AlertPolicy, LadderStep

__all__ = ["DarkEvent", "DarkWatch"]


@dataclass(frozen=True, slots=True)
class DarkEvent:
    kind: str  # DARK, DARK_24H, DARK_10D, AIS_GAP
    vessel_id: str
    last_ts: float
    lat: float
    lon: float
    threshold_h: float
    due_ts: float = 0.0  # last fix + excused outage + threshold; 0: last fix + threshold
    audience: tuple[str, ...] = ()
    late: bool = False  # first seen when the vessel reported again
    step: int = 0

    @property
    def ts(self) -> float:
        """Event time of the alert: the moment the threshold was passed (deterministic)."""
        return self.due_ts or self.last_ts + self.threshold_h * 3600.0


@dataclass(slots=True)
class _Silence:
    ts: float
    lat: float
    lon: float
    at_sea: bool
    ladder: str
    level: int = 0  # steps already raised for this silence
    excused_s: float = 0.0  # source outages inside this silence (not the boat's fault)


@dataclass(slots=True)
class DarkWatch:
    """Deadline index of silent vessels, fed with each vessel's newest fix.

    Each vessel has at most one live entry in the heap, set for its next step. A vessel that
    keeps reporting does not push a new entry per fix: its entry stays, and when it comes up
    the deadline is worked out again from the newest fix and moved later if the vessel
    reported in between. An entry is only ever early, never late, so no step is missed.
    """

    policy: AlertPolicy
    watermark: float = 0.0
    held: bool = False
    _ladders: Mapping[str, tuple[LadderStep, ...]] = field(default_factory=dict)
    _v: dict[str, _Silence] = field(default_factory=dict)
    _heap: list[tuple[float, str]] = field(default_factory=list)
    _queued: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ladders = self.policy.ladders

    def __len__(self) -> int:
        return len(self._v)

    def _deadline(self, s: _Silence) -> float | None:
        steps = self._ladders.get(s.ladder, ())
        if not s.at_sea or s.level >= len(steps):
            return None
        return s.ts + s.excused_s + steps[s.level].after_h * 3600.0

    def _push(self, deadline: float, vessel_id: str) -> None:
        heapq.heappush(self._heap, (deadline, vessel_id))
        self._queued[vessel_id] = deadline
        if len(self._heap) > 4 * len(self._queued) + 1024:
            self._heap = [e for e in self._heap if self._queued.get(e[1]) == e[0]]
            heapq.heapify(self._heap)

    def seen(
        self, vessel_id: str, ts: float, lat: float, lon: float, at_sea: bool,
        ladder: str | None = "vms",
    ) -> None:  # fmt: skip
        """Record a vessel's newest good fix (older ones ignored); ``ladder`` None: unwatched."""
        if ts > self.watermark:
            self.watermark = ts
        if ladder is None:
            self.forget(vessel_id)
            return
        s = self._v.get(vessel_id)
        if s is None:
            s = self._v[vessel_id] = _Silence(ts, lat, lon, at_sea, ladder)
        elif s.ts >= ts:
            return
        else:  # a new silence begins at this fix: the same record, started again (no allocation)
            s.ts, s.lat, s.lon, s.at_sea, s.ladder, s.level, s.excused_s = (
                ts, lat, lon, at_sea, ladder, 0, 0.0
            )  # fmt: skip
        deadline = self._deadline(s)
        if deadline is not None:
            queued = self._queued.get(vessel_id)
            if queued is None or queued > deadline:
                self._push(deadline, vessel_id)

    def forget(self, vessel_id: str) -> None:
        """Stop watching a vessel (it left the fleet of interest, or moved to another source)."""
        self._v.pop(vessel_id, None)
        self._queued.pop(vessel_id, None)

    def silence(self, vessel_id: str, last_ts: float) -> tuple[int, float]:
        """Steps already raised and outage excused for the silence that began at ``last_ts``."""
        s = self._v.get(vessel_id)
        if s is None or s.ts != last_ts:
            return 0, 0.0
        return s.level, s.excused_s

    def advance(self, now_ts: float) -> None:
        if now_ts > self.watermark:
            self.watermark = now_ts

    def hold(self) -> None:
        """The source is down: judge nobody until :meth:`excuse`."""
        self.held = True

    def excuse(self, outage_s: float) -> None:
        """The source is back after ``outage_s``: that time does not count against any boat."""
        self.held = False
        if outage_s <= 0:
            return
        self._heap, self._queued = [], {}
        for vid, s in self._v.items():
            s.excused_s += outage_s
            deadline = self._deadline(s)
            if deadline is not None:
                self._push(deadline, vid)

    def due(self, now_ts: float | None = None) -> list[DarkEvent]:
        """Pop every step passed by ``now_ts`` (default: the watermark); none while held."""
        if self.held:
            return []
        now = self.watermark if now_ts is None else now_ts
        events: list[DarkEvent] = []
        heap = self._heap
        while heap and heap[0][0] <= now:
            deadline, vid = heapq.heappop(heap)
            if self._queued.get(vid) != deadline:
                continue  # superseded by an earlier entry
            del self._queued[vid]
            s = self._v.get(vid)
            if s is None:
                continue
            true_deadline = self._deadline(s)
            if true_deadline is None:
                continue  # in port, or every step passed: nothing to watch
            if true_deadline > now:  # it reported since the entry was set: look again later
                self._push(true_deadline, vid)
                continue
            step = self._ladders[s.ladder][s.level]
            events.append(DarkEvent(step.kind, vid, s.ts, s.lat, s.lon, step.after_h,
                                    true_deadline, step.audience, False, s.level))  # fmt: skip
            s.level += 1
            following = self._deadline(s)
            if following is not None:
                self._push(following, vid)
        return events
