"""Shared test geometry: known positions around Vietnam's maritime boundaries.

Each entry is (label, lon, lat, expected country, expected risk) for the shipped default zone
set. Positions were chosen well inside their zone (tens of miles from any boundary) except
where the label says otherwise, so they test the data, not the last decimal.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

__all__ = ["KNOWN_POINTS", "TREATY_FILE", "offset_nm", "treaty_vertices"]

TREATY_FILE = (
    Path(__file__).resolve().parent.parent
    / "geo"
    / "data"
    / "sources"
    / "marineregions_v12_vietnam"
    / "vietnam_boundary_lines.geojson"
)

KNOWN_POINTS: list[tuple[str, float, float, str | None, str]] = [
    ("Natuna waters", 108.2, 4.6, "ID", "INSIDE_FOREIGN"),
    ("north of Natuna, south of the 2003 line", 107.5, 5.6, "ID", "INSIDE_FOREIGN"),
    ("off Sabah (Kota Kinabalu)", 115.6, 6.4, "MY", "INSIDE_FOREIGN"),
    ("off Sarawak (Miri)", 113.6, 4.8, "MY", "INSIDE_FOREIGN"),
    ("off Palawan, South China Sea side", 117.8, 9.8, "PH", "INSIDE_FOREIGN"),
    ("off Luzon (Subic)", 119.6, 14.8, "PH", "INSIDE_FOREIGN"),
    ("Gulf of Thailand, off Chumphon", 100.0, 10.3, "TH", "INSIDE_FOREIGN"),
    ("Gulf of Thailand, off Sihanoukville", 103.2, 10.4, "KH", "INSIDE_FOREIGN"),
    ("off Brunei", 114.6, 5.2, "BN", "INSIDE_FOREIGN"),
    ("south of Hainan", 109.5, 17.8, "CN", "INSIDE_FOREIGN"),
    ("near Côn Đảo", 106.7, 8.55, "VN", "SAFE"),
    ("south of Phú Quốc", 103.95, 9.85, "VN", "SAFE"),
    ("off Nha Trang", 109.6, 12.2, "VN", "SAFE"),
    ("off Đà Nẵng", 108.6, 16.2, "VN", "SAFE"),
    ("Bạch Long Vĩ waters", 107.6, 20.0, "VN", "SAFE"),
    ("quần đảo Hoàng Sa", 111.9, 16.5, "VN", "ARCHIPELAGO"),
    ("quần đảo Trường Sa", 114.3, 10.2, "VN", "ARCHIPELAGO"),
    ("Hà Nội (land)", 105.85, 21.03, None, "INVALID"),
]


def treaty_vertices(line_id: int) -> np.ndarray:
    """Vertices (lon, lat) of one Marine Regions treaty line, in order."""
    frame = gpd.read_file(TREATY_FILE)
    geom = frame[frame["line_id"] == line_id].geometry.iloc[0]
    return shapely.get_coordinates(shapely.line_merge(geom))


def offset_nm(points: np.ndarray, direction: np.ndarray, nm: float) -> np.ndarray:
    """Move each (lon, lat) by ``nm`` along unit vector ``direction`` (east, north) components."""
    dlat = direction[:, 1] * nm / 60.0
    dlon = direction[:, 0] * nm / (60.0 * np.cos(np.radians(points[:, 1])))
    return np.column_stack([points[:, 0] + dlon, points[:, 1] + dlat])
