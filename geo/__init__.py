"""Seawatch geo core: maritime zones, fix classification and crossing prediction.

Pure and vectorised (numpy + shapely 2); imports no faust, SQLAlchemy or FastAPI.

>>> from geo import classify_point, country_name_vi
>>> p = classify_point(6.2, 108.9)
>>> p.risk, country_name_vi(p.country)
('INSIDE_FOREIGN', 'Indonesia')
"""

from __future__ import annotations

from geo.classify import (
    HIGH_SEAS,
    Classification,
    PointClassification,
    Risk,
    classify,
    classify_point,
)
from geo.countries import COUNTRY_NAMES_VI, HOME_COUNTRY, country_name_vi, to_alpha2
from geo.errors import GeoError, ZoneDataError, ZoneImportError
from geo.measure import geodesic_nm
from geo.zones import DEFAULT_ZONES_PATH, KINDS, REGION_BOUNDS, ZoneSet, load_zones

__all__ = [
    "COUNTRY_NAMES_VI",
    "DEFAULT_ZONES_PATH",
    "HIGH_SEAS",
    "HOME_COUNTRY",
    "KINDS",
    "REGION_BOUNDS",
    "Classification",
    "GeoError",
    "PointClassification",
    "Risk",
    "ZoneDataError",
    "ZoneImportError",
    "ZoneSet",
    "classify",
    "classify_point",
    "country_name_vi",
    "geodesic_nm",
    "load_zones",
    "to_alpha2",
]
