"""Overlap and enforcement-risk areas: where a neighbour patrols water Viet Nam holds as its own.

Each area is a zone of kind ``overlap`` whose ``country`` is the neighbour that patrols and
arrests there, with its own approach-warning distance (``warning_nm``). How each is made (see
``docs/zones.md``; transcriptions are tested in ``tests/unit/geo/test_cited.py``):

* **Viet Nam – Indonesia, north of Natuna** (constructed, indicative). Indonesia enforces its own
  EEZ claim line, north of the 2003 continental-shelf line; that claim (national map of 14 July
  2017, "Laut Natuna Utara") and the 2022 EEZ agreement have no published coordinates. The area is
  the water on Viet Nam's side of the 2003 line (Marine Regions line 1330) within
  :data:`NATUNA_BAND_NM`, a width chosen from reported arrest positions: 10–12 nm (Kiên Giang,
  13/4/2017), 18 nm (21/5/2017) and 22 nm (BV 4419 TS, 18/3/2021) north of the line.
* **Viet Nam – Malaysia** (constructed from published points, indicative): between Marine
  Regions' median line 3484 and Malaysia's 1979 claim line, taken as the straight line from
  point 20 of the 1969 Indonesia–Malaysia agreement (the Defined Area's point E) to point C of
  the 1997 Thailand–Viet Nam agreement (point 43 of Malaysia's 1979 claim); the 1992 Defined
  Area's intermediate points are not published in the sources found.
* **Viet Nam – Cambodia historic waters** (transcribed): the limit of Article 1 of the agreement
  of 7 July 1982, point by point (``cited_positions.json``).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from geo.builder.cited import historic_waters_ring, point
from services.vocabulary.zones import ZONE_NAMES_VI

__all__ = [
    "NATUNA_BAND_NM",
    "OverlapArea",
    "historic_waters",
    "malaysia_area",
    "natuna_area",
    "overlap_areas",
]

NATUNA_BAND_NM = 30.0
_NM = 1852.0


@dataclass(frozen=True)
class OverlapArea:
    country: str
    name: str
    geometry: BaseGeometry
    source: str
    warning_nm: float


def _project(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return (
        Transformer.from_crs(4326, crs, always_xy=True),
        Transformer.from_crs(crs, 4326, always_xy=True),
    )


def _tf(geom: BaseGeometry, tf: Transformer, segment: float) -> BaseGeometry:
    """``geom`` through ``tf``, densified first to ``segment`` (in the input's units)."""
    return shapely.transform(
        shapely.segmentize(geom, segment),
        lambda xy: np.column_stack(tf.transform(xy[:, 0], xy[:, 1])),
    )


def _line(lines: gpd.GeoDataFrame, line_id: int) -> BaseGeometry:
    geom = lines.loc[lines["line_id"] == line_id].geometry.iloc[0]
    merged = shapely.line_merge(geom)
    if merged.geom_type != "LineString":
        merged = max(shapely.get_parts(merged), key=lambda g: g.length)
    return merged


def natuna_area(
    lines: gpd.GeoDataFrame, vn_waters: BaseGeometry, band_nm: float = NATUNA_BAND_NM
) -> BaseGeometry:
    """Viet Nam's side (north, the left of the west-to-east line) of line 1330, ``band_nm`` wide."""
    line = _line(lines, 1330)
    c = line.centroid
    fwd, inv = _project(round(c.x, 2), round(c.y, 2))
    band = _tf(line, fwd, 0.02).buffer(band_nm * _NM, single_sided=True)
    return shapely.make_valid(_tf(band, inv, 2000.0)).intersection(vn_waters)


def malaysia_area(lines: gpd.GeoDataFrame, vn_waters: BaseGeometry) -> BaseGeometry:
    """Between the median line 3484 and the straight line point 20 (E) -> point C."""
    median = np.asarray(_line(lines, 3484).coords)
    e, c = point("indonesia_malaysia_1969_point_20"), point("thailand_vietnam_1997_C")
    if np.hypot(*(median[0] - (e.lon, e.lat))) > np.hypot(*(median[-1] - (e.lon, e.lat))):
        median = median[::-1]  # from the E end to the C end
    ring = np.vstack([[(e.lon, e.lat)], median, [(c.lon, c.lat)], [(e.lon, e.lat)]])
    area = shapely.make_valid(shapely.Polygon(ring))
    return area.intersection(vn_waters)


def historic_waters() -> BaseGeometry:
    """The 1982 historic waters as a polygon (its limit in the order of the agreement)."""
    ring = [(p.lon, p.lat) for p in historic_waters_ring()]
    return shapely.make_valid(shapely.Polygon(ring))


def overlap_areas(lines: gpd.GeoDataFrame, vn_waters: BaseGeometry) -> list[OverlapArea]:
    """The areas in the order the zone set takes them."""
    natuna = (
        "Constructed (indicative): the water on Viet Nam's side of the 2003 Viet Nam–"
        f"Indonesia continental-shelf line (Marine Regions v12 line 1330) within "
        f"{NATUNA_BAND_NM:g} nm; Indonesia enforces its unpublished EEZ claim line there. "
        "Arrest reports: https://m.baophapluat.vn/bi-tau-la-tan-cong-hoi-nghe-ca-thanh-"
        "pho-rach-gia-kien-giang-de-nghi-duoc-bao-ve-post246068.html ; "
        "https://docnhanh.vn/index.php/the-gioi/viet-nam-yeu-cau-indonesia-tha-ngu-dan-"
        "bi-bat-tintuc455421 ; https://oceanjusticeinitiative.org/en/2023/02/28/155-"
        "vietnamese-fishing-vessels-operate-in-the-zone-of-overlapping-indonesian-and-"
        "vietnamese-eez-claims-in-the-north-natuna-sea/"
    )
    malaysia = (
        "Constructed from published points (indicative): between Marine Regions v12 "
        "median line 3484 and the straight line from point 20 of the 1969 Indonesia–"
        "Malaysia agreement (06°05.8'N 105°49.2'E) to point C of the 1997 Thailand–"
        "Viet Nam agreement (07°48'N 103°02.5'E, point 43 of Malaysia's 1979 claim); "
        "1992 memorandum of understanding (Defined Area), see docs/zones.md"
    )
    cambodia = (
        "Transcribed: Hiệp định về vùng nước lịch sử Việt Nam – Campuchia, 7/7/1982, "
        "Điều 1 (cited_positions.json); Viet Nam's territorial sea around Phú Quốc and "
        "Thổ Chu is taken out"
    )
    return [
        OverlapArea("ID", ZONE_NAMES_VI["overlap_id"], natuna_area(lines, vn_waters), natuna, 10.0),
        OverlapArea(
            "MY", ZONE_NAMES_VI["overlap_my"], malaysia_area(lines, vn_waters), malaysia, 5.0
        ),
        OverlapArea("KH", ZONE_NAMES_VI["historic_kh"], historic_waters(), cambodia, float("nan")),
    ]
