"""The evidence file of a detention ("hồ sơ hành trình"), assembled from plain values.

What the Consular Department needs to ask for the men's release, or to protest a seizure in
Vietnamese waters: where the boat was in the 72 hours before the reported detention time, where
it was at that time against the boundary lines (which line, which side, how far, what kind of
line and on whose authority), what the tracker told the border guard meanwhile and what the
border guard did about it. Pure: the loader reads the rows, the writers render the result.

The position at the detention time is given twice when both are known: as reported (the case's
position) and as the boat's own VMS/AIS track had it (interpolated between the fixes either side
of the time, or the last fix before it, with how old that fix was). A gap between the two is a
fact worth reading, not an error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from itertools import pairwise

from geo.measure import geodesic_nm
from services.cases.model import Case
from services.evidence.boundary import BoundaryPosition, positions_against_lines
from services.vocabulary import VN_TZ

__all__ = [
    "AlertRecord",
    "EvidenceFile",
    "Fix",
    "PositionAt",
    "assemble",
    "detention_time",
]

DEFAULT_HOURS = 72.0
LINES_WITHIN_NM = 60.0


@dataclass(frozen=True)
class Fix:
    ts: datetime  # UTC
    lat: float
    lon: float
    speed_kn: float | None = None
    course_deg: float | None = None
    source: str = "vms"
    risk: str | None = None


@dataclass(frozen=True)
class AlertRecord:
    """An alert raised for the boat, and what the border guard did with it."""

    alert_id: str
    kind: str
    severity: str
    ts: datetime
    created_at: datetime
    message: str
    lat: float | None = None
    lon: float | None = None
    acked_by: str | None = None
    acked_role: str | None = None
    acked_at: datetime | None = None
    ack_note: str | None = None
    escalated_at: datetime | None = None


@dataclass(frozen=True)
class PositionAt:
    """A position at the detention time and how it was obtained."""

    how: str  # "reported", "interpolated", "last_fix"
    lat: float
    lon: float
    at: datetime | None  # the fix's time (last_fix), the detention time otherwise
    age_h: float | None  # hours between that fix and the detention time (last_fix)
    boundaries: tuple[BoundaryPosition, ...]

    @property
    def how_vi(self) -> str:
        return {
            "reported": "Vị trí theo thông báo bắt giữ",
            "interpolated": "Vị trí theo hành trình VMS/AIS (nội suy tại thời điểm bắt giữ)",
            "last_fix": "Vị trí cuối cùng của tàu trước thời điểm bắt giữ (VMS/AIS)",
        }[self.how]


@dataclass(frozen=True)
class EvidenceFile:
    case: Case
    vessel_id: str
    vessel: dict[str, str | None]
    detention_at: datetime
    time_known: bool  # False: only the date was reported; the end of that day is used
    start: datetime
    track: tuple[Fix, ...]
    positions: tuple[PositionAt, ...]
    alerts: tuple[AlertRecord, ...]
    distance_nm: float
    longest_gap_h: float | None
    sources: tuple[str, ...]
    first_foreign: Fix | None  # first fix of the window the tracker judged inside foreign waters
    generated_at: datetime
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def hours(self) -> float:
        return (self.detention_at - self.start).total_seconds() / 3600


def detention_time(case: Case) -> tuple[datetime, bool]:
    """The reported detention time, or the end of the reported day (Vietnam) when only the
    date is known; and whether the time was known."""
    if case.occurred_at is not None:
        return case.occurred_at, True
    end = datetime.combine(case.occurred_on, time(23, 59, 59), tzinfo=VN_TZ)
    return end, False


def _interpolate(before: Fix, after: Fix, at: datetime) -> tuple[float, float]:
    span = (after.ts - before.ts).total_seconds()
    f = 0.0 if span <= 0 else (at - before.ts).total_seconds() / span
    return before.lat + f * (after.lat - before.lat), before.lon + f * (after.lon - before.lon)


def _track_position(track: Sequence[Fix], later: Fix | None, at: datetime) -> PositionAt | None:
    """The boat's own position at ``at``: interpolated when a fix follows within 6 hours,
    else the last fix before (with its age)."""
    if not track:
        return None
    last = track[-1]
    if later is not None and (later.ts - last.ts) <= timedelta(hours=6) and last.ts < at:
        lat, lon = _interpolate(last, later, at)
        return PositionAt(
            "interpolated",
            lat,
            lon,
            at,
            None,
            tuple(positions_against_lines(lat, lon, within_nm=LINES_WITHIN_NM)),
        )
    age = (at - last.ts).total_seconds() / 3600
    return PositionAt(
        "last_fix",
        last.lat,
        last.lon,
        last.ts,
        age,
        tuple(positions_against_lines(last.lat, last.lon, within_nm=LINES_WITHIN_NM)),
    )


def assemble(
    case: Case,
    fixes: Sequence[Fix],
    alerts: Sequence[AlertRecord],
    *,
    vessel: dict[str, str | None] | None = None,
    hours: float = DEFAULT_HOURS,
    generated_at: datetime,
) -> EvidenceFile:
    """The evidence file of ``case`` from the boat's fixes and alerts (any order, any span).

    Raises ``ValueError`` for a case without a vessel: there is no track to speak of.
    """
    if not case.vessel_id:
        raise ValueError("the case names no vessel")
    at, known = detention_time(case)
    start = at - timedelta(hours=hours)
    ordered = sorted(fixes, key=lambda f: f.ts)
    track = tuple(f for f in ordered if start <= f.ts <= at)
    later = next((f for f in ordered if f.ts > at), None)
    positions: list[PositionAt] = []
    if case.lat is not None and case.lon is not None:
        positions.append(
            PositionAt(
                "reported",
                case.lat,
                case.lon,
                at,
                None,
                tuple(positions_against_lines(case.lat, case.lon, within_nm=LINES_WITHIN_NM)),
            )
        )
    own = _track_position(track, later, at)
    if own is not None:
        positions.append(own)
    if len(track) > 1:
        lat = [f.lat for f in track]
        lon = [f.lon for f in track]
        legs = geodesic_nm(lon[:-1], lat[:-1], lon[1:], lat[1:])
        distance = float(legs.sum())
        gap = max((b.ts - a.ts).total_seconds() / 3600 for a, b in pairwise(track))
    else:
        distance, gap = 0.0, None
    notes: list[str] = []
    if not known:
        notes.append(
            "Thông báo bắt giữ chỉ có ngày, không có giờ: hồ sơ lấy mốc cuối ngày "
            f"{case.occurred_on:%d/%m/%Y} (giờ Việt Nam)."
        )
    if not track:
        notes.append(
            f"Không có dữ liệu VMS/AIS của tàu trong {hours:g} giờ trước thời điểm bắt giữ."
        )
    elif own is not None and own.how == "last_fix" and own.age_h is not None and own.age_h > 6:
        notes.append(
            f"Tín hiệu cuối cùng của tàu cách thời điểm bắt giữ {_hours_vi(own.age_h)}: "
            "vị trí lúc bắt giữ có thể khác."
        )
    window_alerts = tuple(
        sorted((a for a in alerts if start <= a.ts <= at + timedelta(hours=24)), key=lambda a: a.ts)
    )
    return EvidenceFile(
        case=case,
        vessel_id=case.vessel_id,
        vessel=dict(vessel or {}),
        detention_at=at,
        time_known=known,
        start=start,
        track=track,
        positions=tuple(positions),
        alerts=window_alerts,
        distance_nm=distance,
        longest_gap_h=gap,
        sources=tuple(sorted({f.source for f in track})),
        first_foreign=next((f for f in track if f.risk == "INSIDE_FOREIGN"), None),
        generated_at=generated_at,
        notes=tuple(notes),
    )


def _hours_vi(h: float) -> str:
    if h >= 48:
        return f"{h / 24:.1f} ngày".replace(".", ",")
    whole = math.floor(h)
    minutes = round((h - whole) * 60)
    return f"{whole} giờ {minutes:02d} phút" if minutes else f"{whole} giờ"
