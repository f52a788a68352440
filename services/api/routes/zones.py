"""Zones API: the active zone set as GeoJSON, a basemap, and one-fix classification."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

import shapely
from fastapi import APIRouter, HTTPException, Query

from geo import GeoError, ZoneSet, classify_point
from services.api.deps import SettingsDep
from services.zones import active_zones

__all__ = ["router"]

router = APIRouter(prefix="/api/zones", tags=["zones"])

_BASEMAP_SIMPLIFY_DEG = 0.01  # ~1 km
_LAND_TOLERANCE_DEG = 0.0135  # the land mask is eroded by this much (see docs/zones.md)


@lru_cache(maxsize=8)
def _zones_geojson(zones: ZoneSet, simplify_deg: float) -> dict[str, Any]:
    return zones.to_geojson(simplify_deg=simplify_deg, decimals=4 if simplify_deg else 6)


@lru_cache(maxsize=4)
def _basemap(zones: ZoneSet) -> dict[str, Any]:
    land = zones.land.buffer(_LAND_TOLERANCE_DEG).simplify(_BASEMAP_SIMPLIFY_DEG)
    parts = [p for p in shapely.get_parts(land) if p.area > 1e-4]
    features = [
        {
            "type": "Feature",
            "properties": {"kind": "land"},
            "geometry": shapely.geometry.mapping(shapely.set_precision(p, 1e-3)),
        }
        for p in parts
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "attribution": "Natural Earth (public domain)",
    }


@router.get("")
def zones_geojson(
    simplify: Annotated[float, Query(ge=0, le=0.1, description="degrees; 0 = full")] = 0.005,
) -> dict[str, Any]:
    """The active zones as a GeoJSON FeatureCollection (simplified for maps by default)."""
    return _zones_geojson(active_zones(), simplify)


@router.get("/basemap")
def basemap() -> dict[str, Any]:
    """Land polygons simplified to ~1 km, for the operations map."""
    return _basemap(active_zones())


@router.get("/classify")
def classify(
    settings: SettingsDep,
    lat: Annotated[float, Query(ge=-90, le=90)],
    lon: Annotated[float, Query(ge=-180, le=180)],
    speed: Annotated[float | None, Query(ge=0, le=102.2)] = None,
    course: Annotated[float | None, Query(ge=0, le=360)] = None,
) -> dict[str, Any]:
    """Classify one position (same JSON as ``seawatch geo classify``)."""
    try:
        result = classify_point(
            lat,
            lon,
            speed,
            course,
            zones=active_zones(),
            warning_nm=settings.warning_distance_nm,
            horizon_min=settings.prediction_horizon_min,
        )
    except GeoError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return result.to_dict()
