"""Overlap and enforcement-risk areas: where a neighbour patrols, arrests and seizes boats.

Two sorts (see ``docs/zones.md``; transcriptions are tested in ``tests/unit/geo/test_cited.py``):

**Overlap areas** (zone kind ``overlap``, :func:`overlap_areas`): water Viet Nam holds as its own
where a neighbour enforces its claim; ``country`` is the neighbour that patrols there, and each
area has its own approach-warning distance (``warning_nm``).

* **Viet Nam – Indonesia, north of Natuna** (constructed, indicative). Indonesia enforces its own
  EEZ claim line, north of the 2003 continental-shelf line; that claim (national map of 14 July
  2017, "Laut Natuna Utara") and the 2022 EEZ agreement have no published coordinates. The area is
  the water on Viet Nam's side of the 2003 line (Marine Regions line 1330) within
  :data:`NATUNA_BAND_NM`, a width chosen from reported arrest positions: 10–12 nm (Kiên Giang,
  13/4/2017), 18 nm (21/5/2017) and 22 nm (BV 4419 TS, 18/3/2021) north of the line.
* **Viet Nam – Malaysia** (constructed from published points, indicative): Viet Nam's water
  between Malaysia's 1979 claim, taken as the straight line from point D of the 1979
  Malaysia–Thailand Joint Development Area (on that claim) to point 20 of the 1969
  Indonesia–Malaysia agreement (the 1992 Defined Area's point E), and the Joint Development
  Area's south-eastern edge (D–E–F). The 1992 Defined Area's own points are not published in
  the sources found.
* **Viet Nam – Malaysia – Thái Lan** (transcribed): Viet Nam's water inside the 1979 Joint
  Development Area, where all three claims meet; patrolled by the neighbour whose equidistance
  region holds most of it.
* **Viet Nam – Cambodia historic waters** (transcribed): the limit of Article 1 of the agreement
  of 7 July 1982, point by point (``cited_positions.json``).

**Named areas in neighbours' waters** (:func:`foreign_areas`): claimed by two neighbours, not by
Viet Nam. They stay foreign waters (``INSIDE_FOREIGN``), split between the claimants by the
equidistance regions the builder computes (the neighbour whose coast is nearer patrols), and
carry the area's name so that alerts say where the boat is:

* **the Malaysia–Thailand Joint Development Area** (transcribed): points A–G of the 1979 MoU;
* **the Cambodia–Thailand overlapping claims area** (constructed, indicative): the claim lines
  of 1972 and 1973 have no published coordinates; Thailand's claim keeps to an equidistance
  line and Cambodia's lies west of it, so the area is the water on Thailand's side of the
  Cambodia–Thailand equidistance line within :data:`OCA_BAND_NM`, a width chosen so that the
  area is the ~26,000 km² reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from geo.builder.cited import historic_waters_ring, jda_ring, point
from services.vocabulary.zones import ZONE_NAMES_VI

__all__ = [
    "MALAYSIA_WARNING_NM",
    "NATUNA_BAND_NM",
    "NATUNA_WARNING_NM",
    "OCA_BAND_NM",
    "ForeignArea",
    "OverlapArea",
    "cambodia_thailand_area",
    "foreign_areas",
    "historic_waters",
    "jda",
    "malaysia_area",
    "natuna_area",
    "overlap_areas",
    "tripartite_area",
]

NATUNA_BAND_NM = 30.0
OCA_BAND_NM = 42.0  # the builder's equidistance line gives ~26,000 km², as reported
# Approach-warning distances (nm) where a neighbour patrols: wider than the 5-nm default, so a
# boat is warned before the first patrol line, not at the far claim. Settings may override
# (``SEAWATCH_ZONE_WARNING_NM``, geo.zones.parse_warning_overrides).
NATUNA_WARNING_NM = 10.0
MALAYSIA_WARNING_NM = 8.0
GULF_FOREIGN_WARNING_NM = 8.0
_NM = 1852.0


@dataclass(frozen=True)
class OverlapArea:
    country: str
    name: str
    geometry: BaseGeometry
    source: str
    warning_nm: float


@dataclass(frozen=True)
class ForeignArea:
    """A named area claimed by two neighbours: each one's part stays its waters, with the name."""

    name: str
    geometry: BaseGeometry
    source: str
    warning_nm: float
    countries: tuple[str, ...]


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


def jda() -> BaseGeometry:
    """The 1979 Malaysia–Thailand Joint Development Area (straight lines A to G and back)."""
    return shapely.Polygon([(p.lon, p.lat) for p in jda_ring()])


def malaysia_area(lines: gpd.GeoDataFrame, vn_waters: BaseGeometry) -> BaseGeometry:
    """Viet Nam's water between Malaysia's claim (JDA point D -> point 20) and the JDA's edge.

    ``lines`` is unused since the area no longer follows the median line 3484 itself: Viet
    Nam's water (bounded by it) is intersected instead.
    """
    ring = {p.name: (p.lon, p.lat) for p in jda_ring()}
    e = point("indonesia_malaysia_1969_point_20")
    # D -> point 20 (Malaysia's claim), then round the south of it and back along F -> E -> D
    south = (ring["F"][0], e.lat - 1.0)
    outline = shapely.Polygon([ring["D"], (e.lon, e.lat), south, ring["F"], ring["E"]])
    return shapely.make_valid(outline).intersection(vn_waters).difference(jda())


def tripartite_area(vn_waters: BaseGeometry) -> BaseGeometry:
    """Viet Nam's water inside the Joint Development Area: all three claims meet there."""
    return jda().intersection(vn_waters)


def _nearest_claimant(
    geom: BaseGeometry, regions: dict[str, BaseGeometry], candidates: tuple[str, ...]
) -> str:
    """The candidate whose equidistance region holds most of ``geom`` (the first on a tie)."""
    share = [geom.intersection(regions.get(c, shapely.Polygon())).area for c in candidates]
    return candidates[int(np.argmax(share))]


def cambodia_thailand_area(
    regions: dict[str, BaseGeometry], vn_waters: BaseGeometry, band_nm: float = OCA_BAND_NM
) -> BaseGeometry:
    """Thailand's side of the Cambodia–Thailand equidistance line, ``band_nm`` wide."""
    th, kh = regions["TH"], regions["KH"]
    shared = shapely.line_merge(shapely.intersection(th.boundary, kh.boundary))
    parts = [p for p in shapely.get_parts(shared) if p.geom_type == "LineString"]
    if not parts:
        return shapely.Polygon()
    line = shapely.multilinestrings(parts)
    c = line.centroid
    fwd, inv = _project(round(c.x, 2), round(c.y, 2))
    band = _tf(line, fwd, 0.02).buffer(band_nm * _NM)
    return shapely.make_valid(_tf(band, inv, 2000.0)).intersection(th).difference(vn_waters)


def historic_waters() -> BaseGeometry:
    """The 1982 historic waters as a polygon (its limit in the order of the agreement)."""
    ring = [(p.lon, p.lat) for p in historic_waters_ring()]
    return shapely.make_valid(shapely.Polygon(ring))


def overlap_areas(
    lines: gpd.GeoDataFrame,
    vn_waters: BaseGeometry,
    regions: dict[str, BaseGeometry] | None = None,
) -> list[OverlapArea]:
    """The areas in the order the zone set takes them (``regions``: who patrols the JDA part)."""
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
        "Constructed from published points (indicative): Viet Nam's water (Marine Regions v12 "
        "MRGID 8484) between Malaysia's 1979 claim, taken as the straight line from point D "
        "of the 1979 Malaysia–Thailand Joint Development Area (07°22'N 103°42.5'E) to point 20 "
        "of the 1969 Indonesia–Malaysia agreement (06°05.8'N 105°49.2'E), and the Joint "
        "Development Area's edge D–E–F; 1992 memorandum of understanding (Defined Area, "
        "~2,800 km² reported), see docs/zones.md"
    )
    tripartite = (
        "Transcribed: Viet Nam's water (Marine Regions v12 MRGID 8484) inside the 1979 "
        "Malaysia–Thailand Joint Development Area (points A–G, cited_positions.json), where "
        "the three claims meet; the patrolling neighbour is the one whose equidistance region "
        "holds most of it"
    )
    cambodia = (
        "Transcribed: Hiệp định về vùng nước lịch sử Việt Nam – Campuchia, 7/7/1982, "
        "Điều 1 (cited_positions.json); Viet Nam's territorial sea around Phú Quốc and "
        "Thổ Chu is taken out"
    )
    three = tripartite_area(vn_waters)
    patrol = _nearest_claimant(three, regions or {}, ("MY", "TH"))
    return [
        OverlapArea(
            "ID",
            ZONE_NAMES_VI["overlap_id"],
            natuna_area(lines, vn_waters),
            natuna,
            NATUNA_WARNING_NM,
        ),
        OverlapArea(
            "MY",
            ZONE_NAMES_VI["overlap_my"],
            malaysia_area(lines, vn_waters),
            malaysia,
            MALAYSIA_WARNING_NM,
        ),
        OverlapArea(patrol, ZONE_NAMES_VI["overlap_my_th"], three, tripartite, MALAYSIA_WARNING_NM),
        OverlapArea("KH", ZONE_NAMES_VI["historic_kh"], historic_waters(), cambodia, float("nan")),
    ]


def foreign_areas(regions: dict[str, BaseGeometry], vn_waters: BaseGeometry) -> list[ForeignArea]:
    """Named areas in neighbours' waters, each to be split between its claimants."""
    jda_source = (
        "Transcribed: Memorandum of Understanding Thailand–Malaysia, 21/2/1979, Article I, "
        "points A–G (cited_positions.json); split between Malaysia and Thailand by the "
        "equidistance regions of the builder (indicative)"
    )
    oca_source = (
        "Constructed (indicative): the water on Thailand's side of the Cambodia–Thailand "
        f"equidistance line within {OCA_BAND_NM:g} nm, a width chosen so that the area is the "
        "~26,000 km² reported (The Nation, 5/11/2024); the 1972 and 1973 claim lines have no "
        "published coordinates (cited_positions.json)"
    )
    return [
        ForeignArea(
            ZONE_NAMES_VI["jda_my_th"],
            jda().difference(vn_waters),
            jda_source,
            GULF_FOREIGN_WARNING_NM,
            ("MY", "TH"),
        ),
        ForeignArea(
            ZONE_NAMES_VI["overlap_kh_th"],
            cambodia_thailand_area(regions, vn_waters),
            oca_source,
            GULF_FOREIGN_WARNING_NM,
            ("TH",),  # built on Thailand's side: the Thai navy patrols it
        ),
    ]
