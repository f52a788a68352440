"""Which maritime zone an incident happened in, from ``geo/`` (loaded on first use only).

Cases record the zone as ``<zone_kind>:<country or zone name>`` (``eez:ID``,
``archipelago:quần đảo Hoàng Sa``, ``overlap:vùng chồng lấn Việt Nam – Indonesia``,
``high_seas``) so officers and reports can tell an arrest inside a foreign EEZ from one in
Hoàng Sa or in an area a neighbour patrols; named zones are named, not given a flag.
"""

from __future__ import annotations

__all__ = ["zone_at"]


def zone_at(lat: float, lon: float) -> str | None:
    """The zone label at a point, or None when the zone data cannot say."""
    from geo import GeoError, classify_point

    try:
        found = classify_point(lat, lon)
    except (GeoError, ValueError):
        return None
    if found.zone_kind is None:
        return None
    named = found.zone_kind in ("archipelago", "overlap", "disputed") and found.zone_name
    where = found.zone_name if named else (found.country or found.zone_name)
    label = f"{found.zone_kind}:{where}" if where else found.zone_kind
    return label[:64]
