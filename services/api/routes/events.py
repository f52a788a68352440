"""Behaviour events of one boat from its stored track: port visits and trips (chuyến biển)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from infra.repositories.vessel_queries import vessel_track
from infra.settings import get_settings
from services.api.deps import SessionDep
from services.api.routes.vessels import latest_fix_time
from services.api.security import TrackingReader
from services.events import EventParams, Tracks, detect
from services.events.portset import ports_in_force
from services.vocabulary import EventKind, utc

__all__ = ["router"]

router = APIRouter(prefix="/api/events", tags=["events"])


@router.get("/trips")
def vessel_trips(
    session: SessionDep,
    user: TrackingReader,
    vessel_id: Annotated[str, Query(min_length=1, max_length=64)],
    days: Annotated[float, Query(gt=0, le=400)] = 30.0,
    until: datetime | None = None,
) -> dict[str, Any]:
    """A boat's trips, departures and arrivals over ``days`` before its latest fix (feed clock)."""
    end = utc(until if until is not None else latest_fix_time(session, vessel_id))
    start = end - timedelta(days=days)
    rows = [r for r in vessel_track(session, vessel_id, start, end, limit=200_000)
            if r.flag != "BAD_FIX"]  # fmt: skip
    params = EventParams.from_settings(get_settings())
    events = []
    if rows:
        tracks = Tracks.build(
            [vessel_id] * len(rows), [utc(r.ts).timestamp() for r in rows],
            [r.lat for r in rows], [r.lon for r in rows],
            [float("nan") if r.speed_kn is None else r.speed_kn for r in rows],
        )  # fmt: skip
        events = detect(tracks, ports_in_force(params), params, kinds=["port"]).events()
    return {
        "vessel_id": vessel_id,
        "since": start.isoformat(),
        "until": end.isoformat(),
        "fixes": len(rows),
        "trips": [e.to_json() for e in events if e.kind is EventKind.TRIP],
        "port_events": [e.to_json() for e in events if e.kind is not EventKind.TRIP],
    }
