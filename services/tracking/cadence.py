"""Reporting cadence: a VMS boat at sea must send at least 12 positions a day, one every 2 hours.

Decree 26/2019/NĐ-CP Art. 44(1) as amended by Art. 1(20) of Decree 37/2024/NĐ-CP, Appendix VII:
the device sends "tối thiểu 12 vị trí/ngày với tần suất 02 giờ/lần"
(https://thuvienphapluat.vn/phap-luat/yeu-cau-doi-voi-thiet-bi-giam-sat-hanh-trinh-lap-dat-tren-tau-ca-tu-ngay-1952024-theo-nghi-dinh-372-160122.html).

A boat that reports, but too seldom, is not dark — yet it does not meet the rule. Each Vietnam
calendar day is judged when the boat's first fix of a later day arrives: over the time it spent
at sea that day (the intervals between consecutive at-sea fixes, each counted up to the first
silence step, since a longer one is a silence of its own), its rate must reach 12 a day. Days
with less than ``min_sea_h`` at sea (departure, arrival) are not judged.

The open day of each boat is checkpointed (:meth:`CadenceWatch.checkpoint`, stored with the
batch's history before its records are acknowledged) and taken back by a restarted or
rebalanced worker (:meth:`CadenceWatch.restore`), so a ``kill -9`` neither loses the fixes
counted before it nor counts a replayed one twice (a fix not after the day's last is
ignored); a day judged again after a replay raises the same alert id, stored once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from services.vocabulary import VN_TZ

__all__ = ["CadenceDay", "CadenceEvent", "CadenceWatch"]


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
        if d is not None and ts <= d.last_ts:
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

    def observe_many(
        self, fixes: Iterable[tuple[str, float, float, float, bool]]
    ) -> list[CadenceEvent]:
        """:meth:`observe` over ``(vessel_id, ts, lat, lon, at_sea)`` fixes; the days closed."""
        days = []
        for vessel_id, ts, lat, lon, at_sea in fixes:
            day = self.observe(vessel_id, ts, lat, lon, at_sea)
            if day is not None:
                days.append(day)
        return days

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

    def restore(self, days: Iterable[CadenceDay]) -> int:
        """Take back stored open days; the one with the later last fix wins. How many taken.

        A stored day newer than this worker's copy was counted by a worker before a restart or
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
