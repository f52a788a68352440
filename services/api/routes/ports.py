"""Fishing ports and storm anchorages for the map, from the port registry in effect."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.api.security import TrackingReader
from services.ports import get_registry

__all__ = ["router"]

router = APIRouter(prefix="/api/ports", tags=["ports"])


@router.get("")
def list_ports(user: TrackingReader) -> list[dict[str, Any]]:
    """Every port of the registry in effect, with its kind, class, sources and precision."""
    return [
        {
            "name": p.name,
            "province": p.province,
            "lat": p.lat,
            "lon": p.lon,
            "kind": p.kind,
            "port_class": p.port_class,
            "radius_nm": p.radius_nm,
            "source": p.source,
            "position_source": p.position_source,
            "precision_m": p.precision_m,
        }
        for p in get_registry()
    ]
