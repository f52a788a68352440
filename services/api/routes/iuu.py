"""Positions reported by other means while a VMS is down, and the month's IUU figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field, field_validator

from infra.db.iuu import ManualPositionReportRow
from infra.repositories.iuu import ManualReportInput, list_reports, load_iuu_figures, record_report
from services.api.deps import SessionDep
from services.api.security import PositionWriter, TrackingReader
from services.reports.errors import ReportError
from services.reports.iuu import iuu_paragraph
from services.reports.period import parse_period
from services.vocabulary import utc

__all__ = ["router"]

router = APIRouter(tags=["iuu"])


class ManualReportIn(BaseModel):
    """A position the owner or captain gave by phone or radio (every 6 h while the VMS is down)."""

    ts: datetime
    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)
    means: Literal["phone", "radio", "other"] = "phone"
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("ts")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return utc(value)


def _out(row: ManualPositionReportRow) -> dict[str, Any]:
    return {"id": row.id, "vessel_id": row.vessel_id, "ts": row.ts.isoformat(), "lat": row.lat,
            "lon": row.lon, "means": row.means, "reported_by": row.reported_by,
            "note": row.note, "created_at": row.created_at.isoformat()}  # fmt: skip


@router.post("/api/vessels/{vessel_id}/position-reports", status_code=201)
def record_position_report(
    session: SessionDep, user: PositionWriter, vessel_id: str, body: ManualReportIn
) -> dict[str, Any]:
    """Record a position reported by other means; the same vessel and time is stored once."""
    if body.ts > datetime.now(UTC):
        raise HTTPException(status_code=422, detail="thời điểm báo cáo ở tương lai")
    report = ManualReportInput(vessel_id[:64], body.ts, body.lat, body.lon, body.means, body.note)
    row, created = record_report(session, report, user.actor)
    session.flush()
    return {**_out(row), "created": created}


@router.get("/api/vessels/{vessel_id}/position-reports")
def read_position_reports(
    session: SessionDep, user: TrackingReader, vessel_id: str
) -> list[dict[str, Any]]:
    """The vessel's reports by other means, newest first."""
    return [_out(r) for r in list_reports(session, vessel_id[:64])]


@router.get("/api/reports/iuu")
def iuu_report(
    session: SessionDep,
    user: TrackingReader,
    month: Annotated[str | None, Query(description="2026-11")] = None,
    start: Annotated[str | None, Query(alias="from", description="2026-11-01")] = None,
    end: Annotated[str | None, Query(alias="to", description="2026-11-30")] = None,
) -> dict[str, Any]:
    """The period's IUU figures (VMS compliance), with the report's Vietnamese paragraph."""
    try:
        period = parse_period(month, start, end)
    except ReportError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    figures = load_iuu_figures(session, period, now=datetime.now(UTC))
    return {**figures.to_dict(), "text": iuu_paragraph(figures)}
