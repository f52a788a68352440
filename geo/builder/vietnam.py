"""Viet Nam's own waters and outer limit, from Marine Regions v12 (MRGID 8484) at full resolution.

The published polygon is invalid: its outer ring crosses itself near 106.2°E 6.25°N, where the
2003 Viet Nam–Indonesia line has a vertex. :func:`repair_eez` mends it with
``shapely.make_valid`` and returns a :class:`Repair` saying what changed (area, rings, where), so
the repair is visible and tested rather than silent. Marine Regions cuts land out of the polygon
(1,217 holes: islands and the Mekong delta's land); the zone set fills them and takes land from its
own land mask, so that every water fix near the coast is in a zone.

The 14 boundary lines keep their Marine Regions ``line_type`` and source document; the map shows
them, and the frontier of the classifier is traced along them where they bound Viet Nam.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["MR_DIR", "MR_SOURCE", "Repair", "boundary_lines", "read_eez", "repair_eez"]

MR_DIR = Path(__file__).resolve().parent.parent / "data" / "sources" / "marineregions_v12_vietnam"
MR_SOURCE = (
    "Flanders Marine Institute (2023), Maritime Boundaries Geodatabase v12, "
    "https://doi.org/10.14284/632, CC BY 4.0"
)
# line_type in the source -> the Vietnamese label users read (the map legend and popups).
LINE_TYPES_VI = {
    "Treaty": "ranh giới theo hiệp định",
    "Connection line": "đoạn nối (Marine Regions)",
    "Median line": "đường trung tuyến tính toán (Marine Regions)",
    "Unsettled median line (land)": "đường trung tuyến chưa phân định",
    "Unsettled (land)": "ranh giới 200 hải lý (chưa phân định)",
    "Straight baseline": "đường cơ sở thẳng",
    "Transcribed": "ranh giới theo văn bản (chép tọa độ)",
    "Constructed": "ranh giới tham khảo (dựng theo phương pháp)",
}


@dataclass(frozen=True)
class Repair:
    """What :func:`repair_eez` changed; all figures in square degrees / counts."""

    valid_before: bool
    reason_before: str
    area_before: float
    area_after: float
    rings_before: int
    rings_after: int
    parts_after: int

    @property
    def area_change(self) -> float:
        """Relative change of area (the repair must not move more than a sliver)."""
        return abs(self.area_after - self.area_before) / self.area_before


def read_eez(mr_dir: Path = MR_DIR) -> BaseGeometry:
    """The source polygon exactly as published (invalid)."""
    frame = gpd.read_file(mr_dir / "vietnam_eez.geojson")
    return frame.geometry.iloc[0]


def repair_eez(geom: BaseGeometry) -> tuple[BaseGeometry, Repair]:
    """A valid polygon of the same water, and the record of the repair.

    ``make_valid`` splits the ring at the self-intersection; the pieces are kept (no area is
    dropped) and land holes are filled (see the module docstring).
    """
    reason = shapely.is_valid_reason(geom)
    fixed = shapely.make_valid(geom)
    polys = [p for p in shapely.get_parts(fixed) if p.geom_type == "Polygon"]
    filled = shapely.union_all([shapely.Polygon(p.exterior) for p in polys])
    filled = shapely.make_valid(filled)

    def rings(g: BaseGeometry) -> int:
        return int(
            sum(1 + len(p.interiors) for p in shapely.get_parts(g) if p.geom_type == "Polygon")
        )

    record = Repair(
        valid_before=bool(geom.is_valid),
        reason_before=reason,
        area_before=float(geom.area),
        area_after=float(shapely.union_all(polys).area),
        rings_before=rings(geom),
        rings_after=rings(shapely.union_all(polys)),
        parts_after=len(shapely.get_parts(filled)),
    )
    return filled, record


def boundary_lines(mr_dir: Path = MR_DIR) -> gpd.GeoDataFrame:
    """The 14 lines with ``line_id``, ``line_type``, ``line_type_vi``, ``with`` and ``source``."""
    frame = gpd.read_file(mr_dir / "vietnam_boundary_lines.geojson")
    other = [
        t2 if s1 == "Vietnam" else s1
        for s1, t2 in zip(frame["sovereign1"], frame["sovereign2"], strict=True)
    ]
    source = [
        f"{s1}; {u1}" if isinstance(u1, str) else str(s1)
        for s1, u1 in zip(frame["source1"], frame["url1"], strict=True)
    ]
    out = gpd.GeoDataFrame(
        {
            "line_id": frame["line_id"].astype(int),
            "line_name": frame["line_name"],
            "line_type": frame["line_type"],
            "line_type_vi": [LINE_TYPES_VI.get(t, t) for t in frame["line_type"]],
            "with": [o if isinstance(o, str) else None for o in other],
            "doc_date": frame["doc_date"],
            "length_km": frame["length_km"].astype(float),
            "source": [f"{s} (Marine Regions v12, CC BY 4.0)" for s in source],
        },
        geometry=shapely.line_merge(frame.geometry.values),
        crs=4326,
    )
    return out


def vertex_count(geoms: object) -> int:
    """Number of coordinates of a geometry or an array of them."""
    return int(np.sum(shapely.get_num_coordinates(np.asarray(geoms, dtype=object))))
