"""Positions reported by other means while a VMS is down, and the month's IUU figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field, field_validator

from infra.db.iuu import ManualPositionReportRow
from infra.repositories.iuu import (
    ManualReportInput,
    boats_behind,
    list_reports,
    load_iuu_figures,
    record_report,
)
from services.api.deps import SessionDep, SettingsDep
from services.api.security import PositionWriter, TrackingReader
from services.reports.errors import ReportError
from services.reports.iuu import FIGURES, IuuFigures
from services.reports.iuu_text import IUU_LABELS, iuu_paragraph, iuu_section
from services.reports.period import parse_period
from services.reports.service import own_boats_from, province_port_names
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


Figure = Literal["lost_6h", "lost_6h_unreported", "not_back_10d", "crossed", "no_working_device"]
assert set(FIGURES) == set(Figure.__args__)  # type: ignore[attr-defined]


def _figures(
    session: SessionDep, settings: SettingsDep, month: str | None, start: str | None,
    end: str | None,
) -> IuuFigures:  # fmt: skip
    try:
        period = parse_period(month, start, end)
    except ReportError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    own = own_boats_from(settings, province_port_names(settings))
    return load_iuu_figures(session, period, now=datetime.now(UTC), own=own)


@router.get("/api/reports/iuu")
def iuu_report(
    session: SessionDep,
    settings: SettingsDep,
    user: TrackingReader,
    month: Annotated[str | None, Query(description="2026-11")] = None,
    start: Annotated[str | None, Query(alias="from", description="2026-11-01")] = None,
    end: Annotated[str | None, Query(alias="to", description="2026-11-30")] = None,
) -> dict[str, Any]:
    """The period's IUU figures (VMS compliance) for the province's own boats, with the
    report's Vietnamese section and a label per figure."""
    figures = _figures(session, settings, month, start, end)
    return {**figures.to_dict(), "text": iuu_paragraph(figures),
            "section": iuu_section(figures).to_dict(), "labels": IUU_LABELS}  # fmt: skip


@router.get("/api/reports/iuu/vessels")
def iuu_boats(
    session: SessionDep,
    settings: SettingsDep,
    user: TrackingReader,
    figure: Figure,
    month: Annotated[str | None, Query(description="2026-11")] = None,
    start: Annotated[str | None, Query(alias="from", description="2026-11-01")] = None,
    end: Annotated[str | None, Query(alias="to", description="2026-11-30")] = None,
) -> dict[str, Any]:
    """The boats behind one figure, each once, with what put it there (silence, crossing…)."""
    figures = _figures(session, settings, month, start, end)
    rows = boats_behind(session, figures, figure)
    return {
        "figure": figure, "label": IUU_LABELS[figure], "count": len(rows),
        "from": figures.start.isoformat(), "to": figures.end.isoformat(),
        "vessels": [{**r.line.to_dict(), "name": r.name, "home_port": r.home_port,
                     "length_m": r.length_m} for r in rows],
    }  # fmt: skip
