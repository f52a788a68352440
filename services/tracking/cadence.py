"""Reporting cadence: a VMS boat at sea must send at least 12 positions a day, one every 2 hours.

Decree 26/2019/NĐ-CP Art. 44(1) as amended by Art. 1(20) of Decree 37/2024/NĐ-CP, Appendix VII:
the device sends "tối thiểu 12 vị trí/ngày với tần suất 02 giờ/lần"
(https://thuvienphapluat.vn/phap-luat/yeu-cau-doi-voi-thiet-bi-giam-sat-hanh-trinh-lap-dat-tren-tau-ca-tu-ngay-1952024-theo-nghi-dinh-372-160122.html).

A boat that reports, but too seldom, is not dark — yet it does not meet the rule. Each Vietnam
calendar day is judged when the boat's first fix of a later day arrives: over the time it spent
at sea that day (the intervals between consecutive at-sea fixes, each counted up to the first
silence step, since a longer one is a silence of its own), its rate must reach 12 a day. Days
with less than ``min_sea_h`` at sea (departure, arrival) are not judged.

A restarted or rebalanced worker rebuilds each boat's open day from the track history
(:func:`days_from_history`: the day's fixes, led by the last one before its midnight, through
the same :meth:`CadenceWatch.observe`) and takes it back (:meth:`CadenceWatch.restore`). The
history of a batch is committed before its records are acknowledged, so a ``kill -9`` neither
loses the fixes counted before it nor counts a replayed one twice (a fix not after the day's
last is ignored); a day judged again after a replay raises the same alert id, stored once.
Nothing is written for the rule itself: an earlier checkpoint of every boat's day with every
batch (table ``cadence_days``) cost the position flow a fifth to a third of its throughput as
multi-row statements or, as an ``executemany``, 2–4 s of alert latency at p99
(bench/stream.py; docs/silences.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from services.vocabulary import VN_TZ

__all__ = ["CadenceDay", "CadenceEvent", "CadenceWatch", "days_from_history", "vn_midnight"]

#: A fix within this of a boat's last one is that fix again: the history keeps microseconds,
#: so a fix read back from it may differ from the wire's value in the last digits.
SAME_FIX_S = 1e-3


@dataclass(frozen=True, slots=True)
class CadenceEvent:
    vessel_id: str
    day_start_s: float  # midnight in Vietnam, epoch seconds
    fixes: int
    at_sea_h: float
    lat: float
    lon: float

    @property
    def ts(self) -> float:
        """The end of the judged day (the moment it could be judged)."""
        return self.day_start_s + 86400.0

    @property
    def per_day(self) -> float:
        return self.fixes / self.at_sea_h * 24.0 if self.at_sea_h else 0.0


@dataclass(frozen=True, slots=True)
class CadenceDay:
    """The checkpoint of one boat's open day: what :meth:`CadenceWatch.restore` takes back."""

    vessel_id: str
    day_start_s: float
    fixes: int
    sea_s: float
    last_ts: float
    last_sea: bool
    lat: float
    lon: float


@dataclass(slots=True)
class _Day:
    day: int
    day_start_s: float
    fixes: int = 0
    sea_s: float = 0.0
    last_ts: float = 0.0
    last_sea: bool = False
    lat: float = 0.0
    lon: float = 0.0


class CadenceWatch:
    def __init__(self, per_day: int = 12, min_sea_h: float = 12.0, max_interval_h: float = 6.0):
        self.per_day = per_day
        self.min_sea_h = min_sea_h
        self.max_interval_s = max_interval_h * 3600.0
        self._days: dict[str, _Day] = {}

    @staticmethod
    def _day_of(ts: float) -> tuple[int, float]:
        local = datetime.fromtimestamp(ts, UTC).astimezone(VN_TZ)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight.toordinal(), midnight.timestamp()

    def observe(self, vessel_id: str, ts: float, lat: float, lon: float,
                at_sea: bool) -> CadenceEvent | None:  # fmt: skip
        """One good fix (in time order per vessel); returns the judgement of a day it closed."""
        d = self._days.get(vessel_id)
        if d is not None and ts <= d.last_ts + SAME_FIX_S:
            return None
        event = None
        if d is None or ts >= d.day_start_s + 86400.0:
            if d is not None:
                event = self._judge(vessel_id, d)
                # the interval across midnight counts for the new day
            day, start = self._day_of(ts)
            prev_ts, prev_sea = (d.last_ts, d.last_sea) if d is not None else (ts, False)
            d = self._days[vessel_id] = _Day(day, start, last_ts=prev_ts, last_sea=prev_sea)
        if at_sea:
            d.fixes += 1
            if d.last_sea:
                d.sea_s += min(ts - max(d.last_ts, d.day_start_s), self.max_interval_s)
        d.last_ts, d.last_sea, d.lat, d.lon = ts, at_sea, lat, lon
        return event

    def observe_runs(
        self,
        vessel_ids: Sequence[str],
        ts: npt.NDArray[np.float64],
        lat: npt.NDArray[np.float64],
        lon: npt.NDArray[np.float64],
        at_sea: npt.NDArray[np.bool_],
        binds: Callable[[str], bool] | None = None,
    ) -> list[CadenceEvent]:
        """:meth:`observe` over fix columns whose fixes come in runs, one per vessel, in time order.

        ``binds(vessel)``: whether the rule binds that vessel (None: every one); asked once per
        run, the runs of the others are left out.

        What the position flow hands in (a batch's used fixes: each vessel's together). Nearly
        every run stays inside its vessel's open day, after its last fix: those are counted as
        arrays, with one update per vessel instead of one call per fix. A run that opens or
        closes a day, a vessel not watched yet, a fix not after the one before it, or a vessel
        in two runs goes through :meth:`observe` fix by fix, so both ways count alike
        (``tests/unit/tracking/test_cadence.py``). Sums of the time at sea may differ from
        fix-by-fix addition in the last bits only.
        """
        n = len(ts)
        if n == 0:
            return []
        ids = np.asarray(vessel_ids, dtype=object)
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        vessels: list[str] = ids[starts].tolist()
        known = self._days
        days = [known.get(v) for v in vessels]
        runs = len(starts)
        sizes = np.diff(np.r_[starts, n])
        group = np.repeat(np.arange(runs), sizes)
        missing = np.fromiter((d is None for d in days), dtype=bool, count=runs)
        last_ts = np.fromiter((d.last_ts if d else 0.0 for d in days), np.float64, runs)
        last_sea = np.fromiter((d.last_sea if d else False for d in days), bool, runs)
        day_start = np.fromiter((d.day_start_s if d else 0.0 for d in days), np.float64, runs)
        first = np.zeros(n, dtype=bool)
        first[starts] = True
        prev_ts = np.where(first, last_ts[group], np.r_[0.0, ts[:-1]])
        prev_sea = np.where(first, last_sea[group], np.r_[False, at_sea[:-1]])
        odd = (ts <= prev_ts + SAME_FIX_S) | (ts >= day_start[group] + 86400.0)
        slow = missing | (np.bincount(group, weights=odd, minlength=runs) > 0)
        if len(set(vessels)) != runs:  # a vessel in two runs: count them all one by one
            slow[:] = True
        sea_inc = np.where(
            at_sea & prev_sea,
            np.minimum(ts - np.maximum(prev_ts, day_start[group]), self.max_interval_s),
            0.0,
        )
        fixes_add = np.bincount(group, weights=at_sea, minlength=runs).astype(np.int64).tolist()
        sea_add = np.bincount(group, weights=sea_inc, minlength=runs).tolist()
        first_l, ends = starts.tolist(), (starts + sizes - 1).tolist()
        ts_l, lat_l, lon_l, sea_l = ts.tolist(), lat.tolist(), lon.tolist(), at_sea.tolist()
        out: list[CadenceEvent] = []
        for k, (d, is_slow, end) in enumerate(zip(days, slow.tolist(), ends, strict=True)):
            vid = vessels[k]
            if binds is not None and not binds(vid):
                continue
            if is_slow:
                for i in range(first_l[k], end + 1):
                    event = self.observe(vid, ts_l[i], lat_l[i], lon_l[i], sea_l[i])
                    if event is not None:
                        out.append(event)
                continue
            assert d is not None
            d.fixes += fixes_add[k]
            d.sea_s += sea_add[k]
            d.last_ts, d.last_sea, d.lat, d.lon = ts_l[end], sea_l[end], lat_l[end], lon_l[end]
        return out

    def _judge(self, vessel_id: str, d: _Day) -> CadenceEvent | None:
        sea_h = d.sea_s / 3600.0
        if sea_h < self.min_sea_h or d.fixes / sea_h * 24.0 >= self.per_day:
            return None
        return CadenceEvent(vessel_id, d.day_start_s, d.fixes, sea_h, d.lat, d.lon)

    def forget(self, vessel_id: str) -> None:
        self._days.pop(vessel_id, None)

    def knows(self, vessel_id: str) -> bool:
        return vessel_id in self._days

    def checkpoint(self, vessel_ids: Iterable[str]) -> list[CadenceDay]:
        """The open days of ``vessel_ids`` (those watched), to be stored with their fixes."""
        days = self._days
        return [
            CadenceDay(v, d.day_start_s, d.fixes, d.sea_s, d.last_ts, d.last_sea, d.lat, d.lon)
            for v in dict.fromkeys(vessel_ids)
            if (d := days.get(v)) is not None
        ]

    def rebuild(
        self, vessel_id: str, fixes: Iterable[tuple[float, float, float, bool]]
    ) -> CadenceDay | None:
        """The open day ``fixes`` (``(ts, lat, lon, at_sea)``, in time order) leave a boat with,
        as this watch would count it; nothing here changes. Days they close are not judged."""
        scratch = CadenceWatch(self.per_day, self.min_sea_h, self.max_interval_s / 3600.0)
        for ts, lat, lon, sea in fixes:
            scratch.observe(vessel_id, ts, lat, lon, sea)
        days = scratch.checkpoint([vessel_id])
        return days[0] if days else None

    def restore(self, days: Iterable[CadenceDay]) -> int:
        """Take back stored open days; the one with the later last fix wins. How many taken.

        A rebuilt day newer than this worker's copy was counted by a worker before a restart or
        a rebalance; fixes replayed after it are not later than its last fix, so none counts
        twice.
        """
        taken = 0
        for c in days:
            mine = self._days.get(c.vessel_id)
            if mine is not None and mine.last_ts >= c.last_ts:
                continue
            day, start = self._day_of(c.day_start_s)
            self._days[c.vessel_id] = _Day(day, start, c.fixes, c.sea_s, c.last_ts, c.last_sea,
                                           c.lat, c.lon)  # fmt: skip
            taken += 1
        return taken


def vn_midnight(ts: float) -> float:
    """The Vietnam midnight that begins the day of ``ts`` (epoch seconds)."""
    return CadenceWatch._day_of(ts)[1]


#: A vessel's fixes as the history gives them: ``(ts, lat, lon, source)`` in time order.
HistoryFixes = Sequence[tuple[float, float, float, str]]


def days_from_history(
    watch: CadenceWatch,
    fixes: Mapping[str, HistoryFixes],
    at_sea: Callable[[npt.NDArray[np.float64], npt.NDArray[np.float64]], npt.NDArray[np.bool_]],
    counts: Callable[[str, str], bool],
) -> list[CadenceDay]:
    """The open day of each vessel, rebuilt from its stored fixes (see the module's docstring).

    ``fixes``: per vessel, its used fixes from the last one before the Vietnam midnight of its
    newest on (:func:`infra.db.tracking.load_day_fixes`); ``at_sea``: the port rule, vectorised;
    ``counts(vessel, source)``: whether the rule binds that vessel on that source (VMS boats).
    """
    out = []
    for vessel_id, rows in fixes.items():
        kept = [r for r in rows if counts(vessel_id, r[3])]
        if not kept:
            continue
        lat = np.fromiter((r[1] for r in kept), dtype=np.float64, count=len(kept))
        lon = np.fromiter((r[2] for r in kept), dtype=np.float64, count=len(kept))
        sea = np.asarray(at_sea(lat, lon), dtype=bool).tolist()
        day = watch.rebuild(
            vessel_id, ((r[0], r[1], r[2], s) for r, s in zip(kept, sea, strict=True))
        )
        if day is not None:
            out.append(day)
    return out
