"""The map layer of places where boats were seized ("khu vực thường xảy ra bắt giữ")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter

from infra.repositories.hotspots import load_seizures
from infra.settings import get_settings
from services.api.deps import SessionDep
from services.api.security import TrackingReader
from services.cases.hotspots import HotspotIndex
from services.vocabulary import country_name_vi, vn_date

__all__ = ["router"]

router = APIRouter(prefix="/api/hotspots", tags=["hotspots"])


@router.get("")
def hotspots(user: TrackingReader, session: SessionDep) -> dict[str, Any]:
    """Areas of past seizures within the configured period, with the seizures in each."""
    settings = get_settings()
    today = vn_date(datetime.now(UTC))
    since = today - timedelta(days=round(settings.hotspot_years * 365.25))
    index = HotspotIndex(
        load_seizures(session, since),
        today=today,
        years=settings.hotspot_years,
        area_radius_nm=settings.hotspot_radius_nm,
    )
    return {
        "radius_nm": settings.hotspot_radius_nm,
        "years": settings.hotspot_years,
        "areas": [
            {
                "id": a.id,
                "lat": a.lat,
                "lon": a.lon,
                "count": a.count,
                "first_on": a.seizures[0].on.isoformat(),
                "last_on": a.seizures[-1].on.isoformat(),
                "seizures": [
                    {
                        "on": s.on.isoformat(),
                        "country": s.country,
                        "country_vi": country_name_vi(s.country),
                        "vessel_id": s.vessel_id,
                        "ref": s.ref,
                        "lat": s.lat,
                        "lon": s.lon,
                    }
                    for s in a.seizures
                ],
            }
            for a in index.areas
        ],
    }
