"""Past seizures with a position, from the desk's cases and from incident reports.

A case opened from a report carries the report's position, so that report is not counted
twice; a later report of the same case with a position of its own (the boat moved, or the
first report had none) adds its seizure. Only detentions and boat seizures count.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db.cases import CaseRow, IncidentReportRow
from services.cases.hotspots import PastSeizure
from services.vocabulary import CaseKind, normalize_country, utc, vn_date

__all__ = ["load_seizures"]

_SEIZURE_KINDS = (CaseKind.DETENTION.value, CaseKind.BOAT_SEIZED.value)


def load_seizures(session: Session, since: date) -> list[PastSeizure]:
    """Every seizure with a position on or after ``since`` (Vietnam dates)."""
    found: list[PastSeizure] = []
    seen: set[tuple[float, float, date]] = set()
    first_reports: set[str] = set()
    for row in session.scalars(
        select(CaseRow).where(
            CaseRow.kind.in_(_SEIZURE_KINDS),
            CaseRow.lat.is_not(None),
            CaseRow.lon.is_not(None),
            CaseRow.occurred_on >= since,
        )
    ):
        assert row.lat is not None and row.lon is not None
        seen.add((round(row.lat, 3), round(row.lon, 3), row.occurred_on))
        if row.first_report_id:
            first_reports.add(row.first_report_id)
        found.append(
            PastSeizure(
                row.lat, row.lon, row.occurred_on, row.country, row.vessel_id, f"hồ sơ #{row.id}"
            )
        )
    for report in session.scalars(select(IncidentReportRow)):
        p = report.payload or {}
        if report.report_id in first_reports or p.get("kind") not in _SEIZURE_KINDS:
            continue
        lat, lon, at = p.get("lat"), p.get("lon"), p.get("occurred_at")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float) or not at:
            continue
        try:
            on = vn_date(utc(datetime.fromisoformat(str(at))))
        except ValueError:
            continue
        key = (round(float(lat), 3), round(float(lon), 3), on)
        if on < since or key in seen:
            continue
        seen.add(key)
        found.append(
            PastSeizure(
                float(lat),
                float(lon),
                on,
                normalize_country(str(p.get("country") or "")),
                p.get("vessel_id"),
                f"báo cáo {report.report_id}",
            )
        )
    return found
