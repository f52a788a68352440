"""The report use case: load, count, word, lay out. Called by the API route and the CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.reports.counts import compute_counts
from services.reports.docx_out import render_docx
from services.reports.errors import ReportError
from services.reports.markdown_out import render_markdown
from services.reports.period import Period
from services.reports.ports import FactsSource
from services.reports.tallies import MonthlyCounts
from services.reports.text_vi import ReportText, render_text

__all__ = ["FORMATS", "Rendered", "Report", "build_report", "render"]

FORMATS: dict[str, tuple[str, str]] = {
    "json": ("application/json", "json"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


@dataclass(frozen=True, slots=True)
class Report:
    counts: MonthlyCounts
    text: ReportText
    issued_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.counts.to_dict()
        data["text"] = self.text.to_dict()
        data["issued_at"] = self.issued_at.isoformat() if self.issued_at else None
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
) -> Report:
    """Count ``period`` from ``source``; ``as_of`` re-issues it as recorded at that time."""
    facts = source.load(period)
    counts = compute_counts(
        period, facts.events, facts.incidents, facts.alerts, facts.vessels, as_of, facts.notes
    )
    return Report(counts, render_text(counts, province), issued_at)


def render(report: Report, fmt: str) -> Rendered:
    """The report in ``fmt`` (json, md or docx) with its media type and a file name."""
    if fmt not in FORMATS:
        raise ReportError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    media_type, ext = FORMATS[fmt]
    filename = f"bao-cao-bao-ho-ngu-dan-{report.counts.period.key.replace('..', '_')}.{ext}"
    if fmt == "json":
        body = json.dumps(report.to_dict(), ensure_ascii=False, indent=2).encode()
    elif fmt == "md":
        body = render_markdown(report.counts, report.text, report.issued_at).encode()
    else:
        body = render_docx(report.counts, report.text, report.issued_at)
    return Rendered(body, media_type, filename)
