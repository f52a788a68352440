"""IUU figures from the database: manual position reports, silences, crossings, the registry.

Callers own the transaction (the API's request session).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from infra.db.iuu import ManualPositionReportRow
from infra.db.models import AlertRow, Vessel
from services.reports.iuu import IuuFigures, ManualReport, VesselLine, iuu_figures, silences_from
from services.reports.period import Period
from services.vocabulary import VN_TZ

__all__ = ["MEANS", "ManualReportInput", "list_reports", "load_iuu_figures", "period_bounds",
           "record_report"]  # fmt: skip

MEANS = ("phone", "radio", "other")  # điện thoại, vô tuyến (HF/VHF), khác


@dataclass(frozen=True, slots=True)
class ManualReportInput:
    vessel_id: str
    ts: datetime
    lat: float
    lon: float
    means: str
    note: str | None = None


def record_report(
    session: Session, report: ManualReportInput, actor: str
) -> tuple[ManualPositionReportRow, bool]:
    """Store a report once per vessel and time; returns the row and whether it was new."""
    existing = session.scalar(select(ManualPositionReportRow).where(
        ManualPositionReportRow.vessel_id == report.vessel_id,
        ManualPositionReportRow.ts == report.ts,
    ))  # fmt: skip
    if existing is not None:
        return existing, False
    row = ManualPositionReportRow(
        vessel_id=report.vessel_id, ts=report.ts, lat=report.lat, lon=report.lon,
        means=report.means, reported_by=actor, note=report.note, created_at=datetime.now(UTC),
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same report at the same moment from elsewhere
        found = session.scalar(select(ManualPositionReportRow).where(
            ManualPositionReportRow.vessel_id == report.vessel_id,
            ManualPositionReportRow.ts == report.ts,
        ))  # fmt: skip
        assert found is not None
        return found, False
    return row, True


def list_reports(
    session: Session, vessel_id: str, limit: int = 200
) -> list[ManualPositionReportRow]:
    stmt = (select(ManualPositionReportRow)
            .where(ManualPositionReportRow.vessel_id == vessel_id)
            .order_by(ManualPositionReportRow.ts.desc()).limit(limit))  # fmt: skip
    return list(session.scalars(stmt))


def period_bounds(period: Period) -> tuple[datetime, datetime]:
    """UTC instants of the period's first Vietnam midnight and the one after its last day."""
    start = datetime.combine(period.start, time(), VN_TZ).astimezone(UTC)
    end = datetime.combine(period.end + timedelta(days=1), time(), VN_TZ).astimezone(UTC)
    return start, end


def load_iuu_figures(session: Session, period: Period, now: datetime | None = None) -> IuuFigures:
    """The period's figures; a period still running is judged up to ``now``."""
    start, end = period_bounds(period)
    if now is not None:
        end = min(end, now)
    # a silence that began up to 60 days earlier may still run into the period
    rows = session.execute(
        select(AlertRow.kind, AlertRow.vessel_id, AlertRow.ts, AlertRow.details)
        .where(AlertRow.kind.in_(("DARK", "DARK_24H", "DARK_10D", "SIGNAL_RESTORED")))
        .where(AlertRow.ts >= start - timedelta(days=60), AlertRow.ts < end + timedelta(days=60))
    )  # fmt: skip
    silences = silences_from(
        (kind, vid or "", ts, (details or {}).get("last_fix")) for kind, vid, ts, details in rows
    )
    reports = [ManualReport(v, t) for v, t in session.execute(
        select(ManualPositionReportRow.vessel_id, ManualPositionReportRow.ts)
        .where(ManualPositionReportRow.ts >= start - timedelta(days=60),
               ManualPositionReportRow.ts < end))]  # fmt: skip
    crossing = select(AlertRow.vessel_id).where(
        AlertRow.kind == "INSIDE_FOREIGN", AlertRow.ts >= start, AlertRow.ts < end
    )
    crossed = [v for (v,) in session.execute(crossing) if v]
    registry = select(Vessel.vessel_id, Vessel.length_m, Vessel.vms_device_id, Vessel.registered)
    vessels = [VesselLine(v, length, device, bool(reg))
               for v, length, device, reg in session.execute(registry)]  # fmt: skip
    return iuu_figures(start, end, silences, reports, crossed, vessels)
