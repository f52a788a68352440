"""IUU figures from the database: manual position reports, silences, crossings, the registry.

Callers own the transaction (the API's request session).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from infra.db.iuu import ManualPositionReportRow
from infra.db.models import AlertRow, PositionRow, Vessel
from services.reports.iuu import (
    VMS_MIN_LENGTH_M,
    BoatLine,
    Crossing,
    IuuFigures,
    ManualReport,
    VesselLine,
    iuu_figures,
    silences_from,
)
from services.reports.own import OwnBoats
from services.reports.period import Period
from services.vocabulary import VN_TZ

__all__ = ["MEANS", "BoatRow", "ManualReportInput", "boats_behind", "list_reports",
           "load_iuu_figures", "period_bounds", "record_report"]  # fmt: skip

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


# a silence that began up to this long before the period may still run into it
_LOOKBACK = timedelta(days=60)


def _own_filter(session: Session, own: OwnBoats | None) -> Callable[[str], bool]:
    if own is None or not own.filters:
        return lambda _vid: True
    home = {
        r.vessel_id: (r.home_port, r.province)
        for r in session.execute(select(Vessel.vessel_id, Vessel.home_port, Vessel.province))
    }
    return lambda vid: own.includes(vid, *home.get(vid, (None, None)))


def load_iuu_figures(
    session: Session, period: Period, now: datetime | None = None, own: OwnBoats | None = None
) -> IuuFigures:
    """The period's figures; a period still running is judged up to ``now``.

    With ``own``, only the province's own boats count (the report's "toàn tỉnh").
    """
    start, end = period_bounds(period)
    mine = _own_filter(session, own)
    rows = session.execute(
        select(AlertRow.kind, AlertRow.vessel_id, AlertRow.ts, AlertRow.details)
        .where(AlertRow.kind.in_(("DARK", "DARK_24H", "DARK_10D", "SIGNAL_RESTORED")))
        .where(AlertRow.vessel_id.is_not(None))
        .where(AlertRow.ts >= start - _LOOKBACK, AlertRow.ts < end + _LOOKBACK)
    )  # fmt: skip
    silences = silences_from(
        (kind, vid, ts, (details or {}).get("last_fix"))
        for kind, vid, ts, details in rows if vid and mine(vid)
    )  # fmt: skip
    reports = [ManualReport(v, t) for v, t in session.execute(
        select(ManualPositionReportRow.vessel_id, ManualPositionReportRow.ts)
        .where(ManualPositionReportRow.ts >= start - _LOOKBACK,
               ManualPositionReportRow.ts < end + _LOOKBACK)) if mine(v)]  # fmt: skip
    crossing = select(AlertRow.vessel_id, AlertRow.ts, AlertRow.country).where(
        AlertRow.kind == "INSIDE_FOREIGN", AlertRow.vessel_id.is_not(None),
        AlertRow.ts >= start, AlertRow.ts < end,
    )  # fmt: skip
    crossed = [Crossing(v, ts, c) for v, ts, c in session.execute(crossing) if v and mine(v)]
    reported = exists().where(
        PositionRow.vessel_id == Vessel.vessel_id, PositionRow.source != "ais",
        PositionRow.ts >= start, PositionRow.ts < end,
    )  # fmt: skip
    registry = select(Vessel.vessel_id, Vessel.length_m, Vessel.vms_device_id, Vessel.registered,
                      reported.label("reporting")).where(
        Vessel.registered.is_(True), Vessel.length_m >= VMS_MIN_LENGTH_M)  # fmt: skip
    vessels = [VesselLine(v, length, device, bool(reg), bool(rep))
               for v, length, device, reg, rep in session.execute(registry) if mine(v)]  # fmt: skip
    return iuu_figures(start, end, silences, reports, crossed, vessels, until=now)


@dataclass(frozen=True, slots=True)
class BoatRow:
    """A boat behind a figure, with the registry's name for it (for the page's list)."""

    line: BoatLine
    name: str | None
    home_port: str | None
    length_m: float | None
    vms_device_id: str | None


def boats_behind(session: Session, figures: IuuFigures, figure: str) -> list[BoatRow]:
    """The boats counted in ``figure``, in the figure's order, with their registry rows."""
    lines = figures.lines.get(figure, ())
    ids = [b.vessel_id for b in lines]
    known = {
        r.vessel_id: r
        for r in session.execute(
            select(Vessel.vessel_id, Vessel.name, Vessel.home_port, Vessel.length_m,
                   Vessel.vms_device_id).where(Vessel.vessel_id.in_(ids))
        )
    } if ids else {}  # fmt: skip
    out = []
    for b in lines:
        r = known.get(b.vessel_id)
        out.append(BoatRow(b, r.name if r else None, r.home_port if r else None,
                           r.length_m if r else None, r.vms_device_id if r else None))  # fmt: skip
    return out
