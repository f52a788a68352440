"""The report's Vietnamese wording, built from :class:`MonthlyCounts`.

Sentences follow the department's monthly report ("Toàn tỉnh không có tàu và ngư dân bị nước
ngoài bắt giữ; tuy nhiên, có 01 tàu cá bị nước ngoài ngăn cản, lấy tài sản. …") and its yearly
plan ("03 vụ/05 tàu cá/22 lao động"): two-digit counts, countries by descending count, a
"không có …" sentence for a zero, Vietnamese separators.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.reports.format_vi import country_name, format_count, format_date, format_percent
from services.reports.period import Period
from services.reports.tallies import CountryCounts, IncidentTally, MonthlyCounts
from services.vocabulary import ZONE_KIND_VI, CaseKind

__all__ = [
    "COUNTRY_TABLE_HEADER",
    "ReportText",
    "country_rows",
    "incident_lines",
    "monitoring_paragraph",
    "period_label",
    "protection_paragraph",
    "render_text",
    "vms_sentence",
]

_INCIDENT_LABELS: tuple[tuple[CaseKind, str], ...] = (
    (CaseKind.DETENTION, "Tàu cá, ngư dân bị nước ngoài bắt giữ"),
    (CaseKind.BOAT_SEIZED, "Tàu cá bị nước ngoài thu giữ"),
    (CaseKind.ROBBERY, "Tàu cá bị nước ngoài lấy tài sản"),
    (CaseKind.OBSTRUCTION, "Tàu cá bị nước ngoài ngăn cản"),
    (CaseKind.DISTRESS, "Cứu hộ, cứu nạn tàu cá gặp nạn"),
    (CaseKind.COLLISION, "Tàu cá bị đâm va trên biển"),
    (CaseKind.DEATH_MISSING, "Ngư dân chết, mất tích trên biển"),
)


def period_label(period: Period) -> str:
    """``tháng 7/2021`` for a month, ``từ ngày 01/7/2021 đến ngày 15/7/2021`` otherwise."""
    if period.is_month:
        return f"tháng {period.start.month}/{period.start.year}"
    return f"từ ngày {format_date(period.start)} đến ngày {format_date(period.end)}"


def _within(period: Period) -> str:
    return "Trong tháng" if period.is_month else "Trong kỳ báo cáo"


def _total(counts: CountryCounts) -> int:
    return sum(counts.values())


def _by(counts: CountryCounts) -> str:
    """Who did it: the country's name when there is one, "nước ngoài" otherwise."""
    return country_name(next(iter(counts))) if len(counts) == 1 else "nước ngoài"


def _breakdown(counts: CountryCounts) -> str:
    """`` (Indonesia: 13, Malaysia: 07)`` for two countries or more, nothing for one."""
    if len(counts) < 2:
        return ""
    parts = ", ".join(f"{country_name(c)}: {format_count(n)}" for c, n in counts.items())
    return f" ({parts})"


def _detention_clause(counts: MonthlyCounts) -> tuple[str, bool]:
    boats, people = counts.boats_detained, counts.fishermen_detained
    n_boats, n_people = _total(boats), _total(people)
    if not n_boats and not n_people:
        return "Toàn tỉnh không có tàu và ngư dân bị nước ngoài bắt giữ", False
    countries = sorted(
        set(boats) | set(people), key=lambda c: (-people.get(c, 0), -boats.get(c, 0), c)
    )
    subject = " và ".join(
        part
        for part in (
            f"{format_count(n_boats)} tàu cá" if n_boats else "",
            f"{format_count(n_people)} ngư dân" if n_people else "",
        )
        if part
    )
    who = country_name(countries[0]) if len(countries) == 1 else "nước ngoài"
    detail = ""
    if len(countries) > 1:
        parts = []
        for c in countries:
            bits = [f"{format_count(boats.get(c, 0))} tàu"] if n_boats else []
            if n_people:
                bits.append(f"{format_count(people.get(c, 0))} ngư dân")
            parts.append(f"{country_name(c)}: {'/'.join(bits)}")
        detail = f" ({', '.join(parts)})"
    return f"Toàn tỉnh có {subject} bị {who} bắt giữ{detail}", True


def protection_paragraph(counts: MonthlyCounts) -> str:
    """The paragraph on protecting fishermen, in the words of the monthly report."""
    clause, any_detained = _detention_clause(counts)
    robbed = counts.obstructed.vessels or counts.obstructed.cases
    if robbed:
        link = "; ngoài ra, có" if any_detained else "; tuy nhiên, có"
        first = f"{clause}{link} {format_count(robbed)} tàu cá bị nước ngoài ngăn cản, lấy tài sản."
    elif any_detained:
        first = f"{clause}; không có tàu cá bị nước ngoài ngăn cản, lấy tài sản."
    else:
        first = f"{clause}, ngăn cản, lấy tài sản."

    within = _within(counts.period)
    home = counts.fishermen_repatriated
    if _total(home):
        second = (
            f"{within}, có {format_count(_total(home))} ngư dân bị {_by(home)} bắt giữ "
            f"về nước{_breakdown(home)}."
        )
    else:
        second = f"{within}, không có ngư dân bị nước ngoài bắt giữ về nước."
    freed = counts.fishermen_released_awaiting_return
    if _total(freed):
        second += (
            f" Có {format_count(_total(freed))} ngư dân được {_by(freed)} trả tự do, "
            f"đang chờ về nước{_breakdown(freed)}."
        )

    still = counts.still_detained
    if _total(still):
        who = country_name(next(iter(still))) if len(still) == 1 else "các nước"
        third = (
            "Tính đến thời điểm hiện tại, toàn tỉnh vẫn còn "
            f"{format_count(_total(still))} ngư dân đang bị {who} bắt giữ{_breakdown(still)}."
        )
    else:
        third = (
            "Tính đến thời điểm hiện tại, toàn tỉnh không còn ngư dân nào "
            "đang bị nước ngoài bắt giữ."
        )
    return " ".join((first, second, third))


def _tally_text(tally: IncidentTally) -> str:
    if not tally.cases:
        return "không có"
    return (
        f"{format_count(tally.cases)} vụ/{format_count(tally.vessels)} tàu cá/"
        f"{format_count(tally.people)} lao động"
    )


def incident_lines(counts: MonthlyCounts) -> list[str]:
    """One line per kind of incident, "03 vụ/05 tàu cá/22 lao động", then the total."""
    lines = [f"{label}: {_tally_text(counts.incidents[kind])}." for kind, label in _INCIDENT_LABELS]
    total = IncidentTally(
        cases=sum(t.cases for t in counts.incidents.values()),
        vessels=sum(t.vessels for t in counts.incidents.values()),
        people=sum(t.people for t in counts.incidents.values()),
    )
    lines.append(f"Tổng cộng: {_tally_text(total)}.")
    return lines


def _vessels(n: int, what: str) -> str:
    return f"{format_count(n)} tàu cá {what}" if n else f"không có tàu cá {what}"


def monitoring_paragraph(counts: MonthlyCounts) -> str:
    """What the tracking system saw: warnings, crossings, boats gone dark."""
    a = counts.alerts
    within = _within(counts.period)
    if not (a.warned_vessels or a.crossed_vessels or a.dark_vessels or a.disputed_vessels):
        return (
            f"{within}, hệ thống giám sát không ghi nhận tàu cá nào đến gần hoặc vượt ranh giới "
            "vùng biển nước ngoài, không có tàu cá mất kết nối thiết bị giám sát hành trình."
        )
    parts = [
        _vessels(a.warned_vessels, "được cảnh báo đến gần ranh giới vùng biển nước ngoài"),
        _vessels(a.crossed_vessels, "vượt ranh giới vào vùng biển nước ngoài"),
        _vessels(a.dark_vessels, "mất kết nối thiết bị giám sát hành trình"),
    ]
    if a.disputed_vessels:
        parts.append(_vessels(a.disputed_vessels, f"hoạt động trong {ZONE_KIND_VI['disputed']}"))
    text = f"{within}, hệ thống giám sát ghi nhận: {'; '.join(parts)}."
    if a.alerted_vessels:  # what the desk did about it: "đã cảnh báo N tàu, N tàu đã quay về"
        text += (
            f" Lực lượng trực ban đã cảnh báo {format_count(a.alerted_vessels)} tàu, "
            f"{format_count(a.returned_vessels)} tàu đã quay về vùng biển an toàn."
        )
    return text


def vms_sentence(counts: MonthlyCounts) -> str:
    """VMS coverage: "791 tàu cá đã lắp thiết bị giám sát hành trình … (đạt 97,4%)"."""
    v = counts.vms
    if not v.boats:
        return (
            "Chưa có dữ liệu tàu cá có chiều dài từ 15 m trở lên "
            "để tính tỷ lệ lắp thiết bị giám sát hành trình."
        )
    text = (
        f"Toàn tỉnh có {format_count(v.working)} tàu cá đã lắp thiết bị giám sát hành trình "
        f"và duy trì kết nối trên tổng số {format_count(v.boats)} tàu cá có chiều dài từ 15 m "
        f"trở lên (đạt {format_percent(v.working, v.boats)})"
    )
    silent = v.with_device - v.working
    if silent:
        text += f"; {format_count(silent)} tàu đã lắp thiết bị nhưng mất kết nối trong kỳ"
    return text + "."


COUNTRY_TABLE_HEADER = (
    "Quốc gia",
    "Tàu bị bắt giữ",
    "Ngư dân bị bắt giữ",
    "Được trả tự do",
    "Về nước",
    "Còn bị giữ",
)


def country_rows(counts: MonthlyCounts) -> list[tuple[str, ...]]:
    """The per-country table: one row per country with any figure, most still held first."""
    columns = (
        counts.boats_detained,
        counts.fishermen_detained,
        counts.fishermen_released,
        counts.fishermen_repatriated,
        counts.still_detained,
    )
    codes = {c for column in columns for c in column}
    still, new = counts.still_detained, counts.fishermen_detained
    order = sorted(codes, key=lambda c: (-still.get(c, 0), -new.get(c, 0), c))
    rows = [(country_name(c), *(_cell(column.get(c, 0)) for column in columns)) for c in order]
    if rows:
        rows.append(("Tổng", *(_cell(_total(column)) for column in columns)))
    return rows


def _cell(value: int) -> str:
    """A table cell: a dash for zero, as tables in administrative reports write it."""
    return format_count(value) if value else "-"


@dataclass(frozen=True, slots=True)
class ReportText:
    """Every piece of text a writer lays out, in order."""

    title: str
    period: str
    protection: str
    incidents: tuple[str, ...]
    monitoring: str
    vms: str
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "period": self.period,
            "protection": self.protection,
            "incidents": list(self.incidents),
            "monitoring": self.monitoring,
            "vms": self.vms,
            "notes": list(self.notes),
        }


def render_text(counts: MonthlyCounts, province: str | None = None) -> ReportText:
    """All the report's text for ``counts``; ``province`` only changes the title."""
    label = period_label(counts.period)
    where = f" tỉnh {province}" if province else ""
    return ReportText(
        title=f"Công tác bảo hộ ngư dân{where} {label}",
        period=label,
        protection=protection_paragraph(counts),
        incidents=tuple(incident_lines(counts)),
        monitoring=monitoring_paragraph(counts),
        vms=vms_sentence(counts),
        notes=counts.anomalies,
    )
