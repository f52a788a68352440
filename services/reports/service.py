"""The report use case: load, count, word, lay out. Called by the API route and the CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from services.reports.annual import AnnualCounts, annual_paragraph, compute_annual
from services.reports.counts import compute_counts
from services.reports.docx_out import render_docx
from services.reports.errors import ReportError
from services.reports.format_vi import format_date
from services.reports.iuu_text import IuuSection, iuu_section
from services.reports.letterhead import Letterhead
from services.reports.markdown_out import render_markdown
from services.reports.own import OwnBoats
from services.reports.period import Period
from services.reports.ports import FactsSource, IuuSource
from services.reports.tallies import MonthlyCounts
from services.reports.text_vi import ReportText, render_text

__all__ = [
    "FORMATS",
    "Letterhead",
    "Rendered",
    "Report",
    "build_report",
    "letterhead_from",
    "own_boats_from",
    "province_port_names",
    "render",
]

FORMATS: dict[str, tuple[str, str]] = {
    "json": ("application/json", "json"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


def letterhead_from(settings: object) -> Letterhead:
    """The letterhead from the one settings object (agency, parent, province)."""
    return Letterhead(
        agency=getattr(settings, "report_agency", None) or "Sở Ngoại vụ",
        parent=getattr(settings, "report_parent", None),
        province=getattr(settings, "province", None),
    )


def province_port_names(settings: object) -> list[str]:
    """Names of the port registry's ports in the settings' province (for :class:`OwnBoats`)."""
    province = getattr(settings, "province", None)
    if not province:
        return []
    from services.ports import get_registry

    return [p.name for p in get_registry() if p.province == province]


def own_boats_from(settings: object, province_ports: list[str] | None = None) -> OwnBoats:
    """The province's own boats, as the settings define them (see :mod:`services.reports.own`)."""
    return OwnBoats.configure(
        getattr(settings, "province", None),
        getattr(settings, "report_vessel_prefixes", "") or None,
        getattr(settings, "report_home_ports", "") or None,
        province_ports or (),
    )


@dataclass(frozen=True, slots=True)
class Report:
    counts: MonthlyCounts
    text: ReportText
    issued_at: datetime | None = None
    annual: AnnualCounts | None = None
    annual_text: str = ""
    letterhead: Letterhead = field(default_factory=Letterhead)
    # the period's IUU figures (services/reports/iuu.py) and their section, when the source has them
    iuu: dict[str, Any] | None = None
    iuu_section: IuuSection | None = None

    @property
    def iuu_text(self) -> str:
        return self.iuu_section.text if self.iuu_section else ""

    def to_dict(self) -> dict[str, Any]:
        data = self.counts.to_dict()
        data["iuu"] = self.iuu
        data["text"] = self.text.to_dict()
        data["issued_at"] = self.issued_at.isoformat() if self.issued_at else None
        data["annual"] = self.annual.to_dict() if self.annual else None
        data["text"]["annual"] = self.annual_text
        data["text"]["iuu"] = self.iuu_text
        data["text"]["iuu_section"] = self.iuu_section.to_dict() if self.iuu_section else None
        return data


@dataclass(frozen=True, slots=True)
class Rendered:
    content: bytes
    media_type: str
    filename: str


def build_report(
    source: FactsSource,
    period: Period,
    as_of: datetime | None = None,
    province: str | None = None,
    issued_at: datetime | None = None,
    letterhead: Letterhead | None = None,
) -> Report:
    """Count ``period`` from ``source``; ``as_of`` re-issues it as recorded at that time.

    Beside the period, the year's section: 1 January of the period's last year to its last day;
    and, when the source can give them (:class:`IuuSource`), the period's IUU figures, judged up
    to ``issued_at`` while the period runs. (They read the alerts as stored now: ``as_of`` does
    not re-issue them.)
    """
    facts = source.load(period)
    counts = compute_counts(
        period, facts.events, facts.incidents, facts.alerts, facts.vessels, as_of, facts.notes,
        facts.returns,
    )  # fmt: skip
    year = Period(date(period.end.year, 1, 1), period.end)
    yfacts = facts if year == period else source.load(year)
    ycounts = compute_counts(
        year, yfacts.events, yfacts.incidents, yfacts.alerts, yfacts.vessels, as_of,
        yfacts.notes, yfacts.returns,
    )  # fmt: skip
    annual = compute_annual(year.end.year, yfacts.registry or facts.registry, ycounts)
    to_date = "" if year.end == date(year.end.year, 12, 31) else format_date(year.end)
    head = letterhead or Letterhead(province=province)
    iuu = source.load_iuu(period, issued_at) if isinstance(source, IuuSource) else None
    return Report(
        counts, render_text(counts, province), issued_at, annual,
        annual_paragraph(annual, province, to_date), head,
        iuu.to_dict() if iuu else None, iuu_section(iuu) if iuu else None,
    )  # fmt: skip


def render(report: Report, fmt: str) -> Rendered:
    """The report in ``fmt`` (json, md or docx) with its media type and a file name."""
    if fmt not in FORMATS:
        raise ReportError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    media_type, ext = FORMATS[fmt]
    filename = f"bao-cao-bao-ho-ngu-dan-{report.counts.period.key.replace('..', '_')}.{ext}"
    if fmt == "json":
        body = json.dumps(report.to_dict(), ensure_ascii=False, indent=2).encode()
    elif fmt == "md":
        text = render_markdown(
            report.counts, report.text, report.issued_at, report.iuu_section, report.annual_text
        )
        body = text.encode()
    else:
        body = render_docx(
            report.counts, report.text, report.issued_at, report.letterhead, report.annual_text,
            report.iuu_section,
        )  # fmt: skip
    return Rendered(body, media_type, filename)
