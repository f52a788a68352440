"""Vessel registry and track history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from infra.repositories.vessel_queries import get_vessel, search_vessels, vessel_dict, vessel_track
from services.api.deps import SessionDep
from services.api.params import Offset
from services.api.security import TrackingReader
from services.vessels.errors import VesselNotFound
from services.vocabulary import utc

__all__ = ["router"]

router = APIRouter(prefix="/api/vessels", tags=["vessels"])


@router.get("")
def list_vessels(
    session: SessionDep,
    user: TrackingReader,
    q: Annotated[str | None, Query(max_length=100, description="Số đăng ký, tên, MMSI…")] = None,
    registered: bool | None = None,
    high_risk: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Search the registry."""
    personal = user.sees_vessel_contacts
    rows = search_vessels(
        session, q, registered, high_risk, limit=limit, offset=offset, by_owner=personal
    )
    return [vessel_dict(row, personal=personal) for row in rows]


@router.get("/{vessel_id}")
def read_vessel(session: SessionDep, user: TrackingReader, vessel_id: str) -> dict[str, Any]:
    """One vessel with its latest fix."""
    try:
        row, latest = get_vessel(session, vessel_id)
    except VesselNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return vessel_dict(row, latest, personal=user.sees_vessel_contacts)


@router.get("/{vessel_id}/track")
def read_track(
    session: SessionDep,
    user: TrackingReader,
    vessel_id: str,
    hours: Annotated[float, Query(gt=0, le=24 * 1100)] = 24.0,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
) -> dict[str, Any]:
    """Track over the ``hours`` before ``until`` (default: the vessel's own latest fix).

    The window is taken on the feed's clock, from the vessel's newest fix, never from the wall
    clock: under a speeded-up simulator or a replay the fixes run hours away from "now".
    """
    end = until if until is not None else latest_fix_time(session, vessel_id)
    end = utc(end)  # a naive ``until`` is UTC
    start = end - timedelta(hours=hours)
    rows = vessel_track(session, vessel_id, start, end, limit=limit)
    return {
        "vessel_id": vessel_id,
        "since": start.isoformat(),
        "until": end.isoformat(),
        "count": len(rows),
        "positions": [
            {
                "ts": row.ts.isoformat(),
                "lat": row.lat,
                "lon": row.lon,
                "speed_kn": row.speed_kn,
                "course_deg": row.course_deg,
                "source": row.source,
                "risk": row.risk,
                "flag": row.flag,
            }
            for row in rows
        ],
    }


def latest_fix_time(session: SessionDep, vessel_id: str) -> datetime:
    """The vessel's newest fix time (latest position, else history), else the wall clock."""
    from sqlalchemy import func, select

    from infra.db.models import LatestPosition, PositionRow

    latest = session.scalar(select(LatestPosition.ts).where(LatestPosition.vessel_id == vessel_id))
    if latest is None:
        latest = session.scalar(
            select(func.max(PositionRow.ts)).where(PositionRow.vessel_id == vessel_id)
        )
    return latest if latest is not None else datetime.now(UTC)
