"""The report as Markdown, for the web page, e-mail and pasting into a chat."""

from __future__ import annotations

from datetime import datetime

from services.reports.format_vi import format_date
from services.reports.iuu_text import IuuSection
from services.reports.period import local_date
from services.reports.tallies import MonthlyCounts
from services.reports.text_vi import COUNTRY_TABLE_HEADER, ReportText, country_rows

__all__ = ["render_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(
    counts: MonthlyCounts,
    text: ReportText,
    issued_at: datetime | None = None,
    iuu: IuuSection | None = None,
    annual: str = "",
) -> str:
    """Markdown with the same sections, sentences and table as the Word document."""
    p = counts.period
    lines = [
        f"# {text.title}",
        "",
        f"_Kỳ báo cáo: từ ngày {format_date(p.start)} đến ngày {format_date(p.end)} "
        "(giờ Việt Nam)._",
    ]
    if counts.as_of is not None:
        lines.append(f"_Số liệu như đã ghi nhận đến ngày {format_date(local_date(counts.as_of))}._")
    if issued_at is not None:
        lines.append(f"_Lập ngày {format_date(local_date(issued_at))}._")
    lines += ["", "## 1. Tàu cá, ngư dân bị nước ngoài bắt giữ", "", text.protection, ""]
    rows = country_rows(counts)
    if rows:
        lines.append("| " + " | ".join(COUNTRY_TABLE_HEADER) + " |")
        lines.append("|" + "|".join([" --- "] + [" ---: "] * (len(COUNTRY_TABLE_HEADER) - 1)) + "|")
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    lines += ["## 2. Sự cố trên biển", ""]
    lines += [f"- {line}" for line in text.incidents]
    lines += ["", "## 3. Giám sát tàu cá trên biển", "", text.monitoring, "", text.vms, ""]
    number = 4
    if iuu is not None:
        lines += [f"## {number}. {iuu.heading}", "", iuu.lead, ""]
        lines += [f"- {_cell(item)}" for item in iuu.items]
        lines += ["", f"_{iuu.basis}_", ""]
        number += 1
    if annual:
        lines += [f"## {number}. Kết quả năm {counts.period.end.year}", "", annual, ""]
    if text.notes:
        lines += ["## Ghi chú về số liệu", ""]
        lines += [f"- {_cell(note)}" for note in text.notes]
        lines.append("")
    lines.append("_Nguồn: Seawatch, tổng hợp từ hồ sơ vụ việc và cảnh báo giám sát hành trình._")
    return "\n".join(lines) + "\n"
