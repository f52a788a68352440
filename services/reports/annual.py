"""The year's section, in the form of a province's annual results on protecting its fishermen.

Provinces report the year in one paragraph of fleet and incident figures, e.g. Ninh Thuận: "Toàn
tỉnh có 2.295 tàu cá có chiều dài từ 06 mét trở lên, trong đó: có 849 tàu cá có chiều dài từ
15 mét trở lên" (Báo cáo 387-BC/TU of the provincial Party Committee's standing board, 14 Nov
2023, as printed by Báo Ninh Thuận: http://baoninhthuan.com.vn/news/141633p155c160/) and, for
VMS, "798/812 tàu cá lắp đặt thiết bị giám sát hành trình, đạt tỷ lệ 98,3%" (Báo Tin tức,
18 Oct 2022: https://baotintuc.vn/dia-phuong/tuan-thu-quy-dinh-chong-danh-bat-hai-san-iuu-ninh-
thuan-khong-co-tau-ca-vi-pham-vung-bien-nuoc-ngoai-20221018094856792.htm). Published figures do
not always add up: issue 17 quotes the province's 2022 paragraph with 791 boats with a device and
20 without out of 807 (791 + 20 = 811). Here every figure is computed from the registry and the
year's cases, so the parts add up by construction, and :meth:`AnnualCounts.check` says so.

Pure: the registry boats and the year's :class:`MonthlyCounts` in, figures and text out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from services.reports.facts import RegistryBoat
from services.reports.format_vi import country_name, format_count
from services.reports.tallies import IncidentTally, MonthlyCounts
from services.vocabulary import CaseKind

__all__ = ["AnnualCounts", "annual_paragraph", "compute_annual"]

SMALL_M, VMS_M = 6.0, 15.0  # the registry's lower bound, and the VMS rule (Decree 26/2019)


@dataclass(frozen=True, slots=True)
class AnnualCounts:
    """The fleet at the end of the period, and the year's incidents and detentions."""

    year: int
    boats_6m: int
    boats_15m: int
    with_vms: int
    without_vms: int
    high_risk: int
    below_high_risk: int
    incidents: IncidentTally  # every kind: vụ / tàu / lao động
    detentions: IncidentTally  # detention and boat seizure cases
    boats_detained: int
    fishermen_detained: int
    detained_by_country: dict[str, int]

    @property
    def vms_percent(self) -> float | None:
        return round(self.with_vms * 100 / self.boats_15m, 1) if self.boats_15m else None

    def check(self) -> list[str]:
        """What does not add up (empty when every part sums to its whole)."""
        problems = []
        if self.with_vms + self.without_vms != self.boats_15m:
            problems.append("with + without VMS != boats of 15 m and over")
        if self.high_risk + self.below_high_risk != self.boats_15m:
            problems.append("high-risk + below != boats of 15 m and over")
        if self.boats_15m > self.boats_6m:
            problems.append("more boats of 15 m than of 6 m")
        if sum(self.detained_by_country.values()) != self.fishermen_detained:
            problems.append("countries do not sum to the fishermen detained")
        return problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "boats_6m": self.boats_6m,
            "boats_15m": self.boats_15m,
            "with_vms": self.with_vms,
            "without_vms": self.without_vms,
            "vms_percent": self.vms_percent,
            "high_risk": self.high_risk,
            "below_high_risk": self.below_high_risk,
            "incidents": self.incidents.to_dict(),
            "detentions": self.detentions.to_dict(),
            "boats_detained": self.boats_detained,
            "fishermen_detained": self.fishermen_detained,
            "detained_by_country": dict(self.detained_by_country),
        }


def _sum(tallies: Iterable[IncidentTally]) -> IncidentTally:
    items = list(tallies)
    return IncidentTally(
        cases=sum(t.cases for t in items),
        vessels=sum(t.vessels for t in items),
        people=sum(t.people for t in items),
    )


def compute_annual(year: int, boats: Iterable[RegistryBoat], counts: MonthlyCounts) -> AnnualCounts:
    """The year's figures: the fleet from ``boats``, incidents and detentions from ``counts``.

    ``counts`` are the counts of the year so far (1 January to the report's last day).
    A boat of unknown length counts in neither size class.
    """
    unique = {b.vessel_id: b for b in boats}.values()
    six = [b for b in unique if b.length_m is not None and b.length_m >= SMALL_M]
    fifteen = [b for b in six if b.length_m is not None and b.length_m >= VMS_M]
    with_vms = sum(1 for b in fifteen if b.has_device)
    risky = sum(1 for b in fifteen if b.high_risk)
    detention_kinds = (CaseKind.DETENTION, CaseKind.BOAT_SEIZED)
    return AnnualCounts(
        year=year,
        boats_6m=len(six),
        boats_15m=len(fifteen),
        with_vms=with_vms,
        without_vms=len(fifteen) - with_vms,
        high_risk=risky,
        below_high_risk=len(fifteen) - risky,
        incidents=_sum(counts.incidents.values()),
        detentions=_sum(counts.incidents.get(k, IncidentTally()) for k in detention_kinds),
        boats_detained=sum(counts.boats_detained.values()),
        fishermen_detained=sum(counts.fishermen_detained.values()),
        detained_by_country=dict(counts.fishermen_detained),
    )


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def annual_paragraph(a: AnnualCounts, province: str | None = None, to_date: str = "") -> str:
    """The year in the province's own form: fleet, VMS, risk groups, incidents, detentions.

    >>> from services.reports.tallies import IncidentTally
    >>> t = IncidentTally(1, 1, 9)
    >>> a = AnnualCounts(2026, 300, 120, 118, 2, 30, 90, t, t, 1, 9, {"CN": 9})
    >>> "118/120 tàu" in annual_paragraph(a, "Quảng Ngãi")
    True
    """
    where = f"tỉnh {province}" if province else "tỉnh"
    span = f"năm {a.year}" + (f" (đến ngày {to_date})" if to_date else "")
    fleet = (
        f"Toàn {where} có {format_count(a.boats_6m)} tàu cá có chiều dài từ 06 mét trở lên, "
        f"trong đó có {format_count(a.boats_15m)} tàu cá có chiều dài từ 15 mét trở lên"
    )
    if a.boats_15m:
        fleet += (
            f"; {format_count(a.with_vms)}/{format_count(a.boats_15m)} tàu đã lắp thiết bị giám "
            f"sát hành trình (đạt {_percent(a.vms_percent)}), {format_count(a.without_vms)} tàu "
            f"chưa lắp; {format_count(a.high_risk)} tàu thuộc nhóm có nguy cơ cao vi phạm vùng "
            f"biển nước ngoài, {format_count(a.below_high_risk)} tàu dưới nhóm nguy cơ cao"
        )
    fleet += "."
    inc = a.incidents
    if inc.cases:
        events = (
            f" Trong {span}, xảy ra {format_count(inc.cases)} vụ/{format_count(inc.vessels)} "
            f"tàu/{format_count(inc.people)} lao động gặp sự cố trên biển"
        )
    else:
        events = f" Trong {span}, không xảy ra vụ việc tàu cá, ngư dân gặp sự cố trên biển"
    d = a.detentions
    if d.cases:
        countries = ", ".join(
            f"{country_name(c)}: {format_count(n)}"
            for c, n in sorted(a.detained_by_country.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        events += (
            f"; trong đó {format_count(d.cases)} vụ/{format_count(a.boats_detained)} "
            f"tàu/{format_count(a.fishermen_detained)} ngư dân bị nước ngoài bắt giữ"
            + (f" ({countries})" if countries else "")
        )
    else:
        events += "; không có tàu cá, ngư dân bị nước ngoài bắt giữ"
    return fleet + events + "."
