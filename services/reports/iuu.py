"""The month's IUU figures: what provinces report for the EC's inspections of VMS compliance.

Decree 26/2019/NĐ-CP Art. 44 as amended by Decree 37/2024/NĐ-CP: a boat of 15 m and over keeps
its VMS device working from port to port; when it loses connection the owner reports the
position by other means (phone, radio) every 6 hours, and the boat is back in port within 10
days. Press reports of provincial figures count exactly these (e.g. Nam Định, 2024: "386 lượt /
14 tàu … mất tín hiệu kết nối trên 6 giờ", "mất tín hiệu kết nối trên 10 ngày trên biển là 35
lượt/31 tàu", https://thuonghieucongluan.com.vn/nhieu-tau-ca-nam-dinh-mat-tin-hieu-ket-noi-tren-bien-a241273.html).

Figures, each a number of distinct boats (and of silences where that differs):

* lost connection for more than 6 h at sea without any report by other means during the
  silence (and, for the record, silences with their reports: required vs received);
* not back in port 10 days after losing connection (the DARK_10D step);
* crossed into foreign waters (INSIDE_FOREIGN);
* boats of 15 m and over without a working device: none fitted, or silent at the period's end.

Pure: the inputs are plain records the repository loads for the period.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from services.reports.format_vi import format_count

__all__ = ["IuuFigures", "ManualReport", "Silence", "VesselLine", "iuu_figures", "iuu_paragraph",
           "silences_from"]  # fmt: skip

REPORT_EVERY = timedelta(hours=6)
_LOST = ("DARK", "DARK_24H", "DARK_10D")


@dataclass(frozen=True, slots=True)
class ManualReport:
    """A position reported by other means (phone, radio…), recorded by an officer."""

    vessel_id: str
    ts: datetime


@dataclass(frozen=True, slots=True)
class VesselLine:
    vessel_id: str
    length_m: float | None
    vms_device_id: str | None
    registered: bool = True


@dataclass(slots=True)
class Silence:
    vessel_id: str
    last_fix: datetime
    restored: datetime | None = None
    steps: set[str] = field(default_factory=set)

    def end(self, until: datetime) -> datetime:
        return min(self.restored, until) if self.restored else until

    def required_reports(self, until: datetime) -> int:
        """Reports due by ``until``: one every 6 h once the silence passed 6 h."""
        span = self.end(until) - self.last_fix
        return max(0, math.floor(span / REPORT_EVERY))


def silences_from(alerts: Iterable[tuple[str, str, datetime, str | None]]) -> list[Silence]:
    """Silences from (kind, vessel, ts, last_fix ISO) alert rows: lost steps and restorations."""
    found: dict[tuple[str, str], Silence] = {}
    restored: dict[tuple[str, str], datetime] = {}
    for kind, vessel, ts, last_fix in alerts:
        if not last_fix:
            continue
        key = (vessel, last_fix)
        if kind in _LOST:
            s = found.setdefault(key, Silence(vessel, datetime.fromisoformat(last_fix)))
            s.steps.add(kind)
        elif kind == "SIGNAL_RESTORED":
            restored[key] = ts
    for key, when in restored.items():
        if key in found:
            found[key].restored = when
    return sorted(found.values(), key=lambda s: (s.last_fix, s.vessel_id))


@dataclass(frozen=True, slots=True)
class IuuFigures:
    start: datetime
    end: datetime
    lost_6h_boats: int
    lost_6h_silences: int
    lost_6h_unreported_boats: int
    reports_required: int
    reports_received: int
    not_back_10d_boats: int
    crossed_boats: int
    boats_15m: int
    no_device_boats: int
    device_silent_boats: int
    unreported: tuple[str, ...] = ()

    @property
    def without_working_device(self) -> int:
        return self.no_device_boats + self.device_silent_boats

    def to_dict(self) -> dict[str, object]:
        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(),
            "lost_connection_over_6h": {"boats": self.lost_6h_boats,
                                        "silences": self.lost_6h_silences},
            "lost_over_6h_without_reporting": {"boats": self.lost_6h_unreported_boats,
                                               "vessel_ids": list(self.unreported)},
            "position_reports": {"required": self.reports_required,
                                 "received": self.reports_received},
            "not_back_in_port_after_10_days": {"boats": self.not_back_10d_boats},
            "crossed_into_foreign_waters": {"boats": self.crossed_boats},
            "boats_15m_and_over": self.boats_15m,
            "boats_15m_without_working_device": {
                "boats": self.without_working_device, "no_device": self.no_device_boats,
                "device_silent": self.device_silent_boats,
            },
        }  # fmt: skip


def iuu_figures(
    start: datetime,
    end: datetime,
    silences: list[Silence],
    reports: Iterable[ManualReport],
    crossed: Iterable[str],
    vessels: Iterable[VesselLine],
) -> IuuFigures:
    """The figures for ``[start, end)`` (UTC instants of the period's Vietnam dates)."""
    in_period = [s for s in silences if s.last_fix < end and s.end(end) >= start]
    by_vessel: dict[str, list[datetime]] = {}
    for r in reports:
        by_vessel.setdefault(r.vessel_id, []).append(r.ts)
    unreported: set[str] = set()
    required = received = 0
    for s in in_period:
        got = [t for t in by_vessel.get(s.vessel_id, ()) if s.last_fix <= t <= s.end(end)]
        required += s.required_reports(end)
        received += len(got)
        if not got:
            unreported.add(s.vessel_id)
    long_boats = [v for v in vessels if v.registered and (v.length_m or 0) >= 15.0]
    open_at_end = {s.vessel_id for s in silences if s.last_fix < end and
                   (s.restored is None or s.restored >= end)}  # fmt: skip
    no_device = {v.vessel_id for v in long_boats if not v.vms_device_id}
    silent = {v.vessel_id for v in long_boats if v.vms_device_id and v.vessel_id in open_at_end}
    return IuuFigures(
        start, end,
        lost_6h_boats=len({s.vessel_id for s in in_period}),
        lost_6h_silences=len(in_period),
        lost_6h_unreported_boats=len(unreported),
        reports_required=required, reports_received=received,
        not_back_10d_boats=len({s.vessel_id for s in in_period if "DARK_10D" in s.steps}),
        crossed_boats=len(set(crossed)),
        boats_15m=len(long_boats), no_device_boats=len(no_device),
        device_silent_boats=len(silent), unreported=tuple(sorted(unreported)),
    )  # fmt: skip


def _boats(n: int) -> str:
    return f"{format_count(n)} tàu" if n else "không có tàu nào"


def iuu_paragraph(f: IuuFigures) -> str:
    """The figures in the report's Vietnamese."""
    return (
        "Về chống khai thác IUU (Nghị định 26/2019/NĐ-CP, sửa đổi bởi Nghị định 37/2024/NĐ-CP): "
        f"{_boats(f.lost_6h_boats)} mất kết nối thiết bị giám sát hành trình trên 6 giờ trên biển "
        f"({format_count(f.lost_6h_silences)} lượt), trong đó {_boats(f.lost_6h_unreported_boats)} "
        "không báo cáo vị trí bằng phương tiện khác; đã nhận "
        f"{format_count(f.reports_received)}/{format_count(f.reports_required)} lượt báo cáo vị "
        f"trí 6 giờ/lần theo quy định; {_boats(f.not_back_10d_boats)} quá 10 ngày chưa đưa tàu "
        f"về cảng; {_boats(f.crossed_boats)} vượt ranh giới vào vùng biển nước ngoài; "
        f"{_boats(f.without_working_device)} có chiều dài từ 15 m trở lên không có thiết bị "
        f"giám sát hành trình hoạt động (chưa lắp: {format_count(f.no_device_boats)}; mất kết "
        f"nối cuối kỳ: {format_count(f.device_silent_boats)}) trên tổng số "
        f"{format_count(f.boats_15m)} tàu."
    )
