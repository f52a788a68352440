"""Reproducible build of the default East Sea zone set from the copied sources.

``build_default_zones()`` reads ``geo/data/sources/`` (Marine Regions treaty lines, Natural Earth
land and boundaries) and returns the zones and the land mask; ``write_default_zones()`` writes
the GeoPackage the package ships. The method and its limits are in ``docs/zones.md``.
"""

from __future__ import annotations

from geo.builder.derive import REGION_BOUNDS, build_default_zones, write_default_zones

__all__ = ["REGION_BOUNDS", "build_default_zones", "write_default_zones"]
