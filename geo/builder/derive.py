"""Deriving the zones: 12 nm and 200 nm limits, median lines, treaty lines, disputed areas.

Method (see ``docs/zones.md`` for limits):

1. every country's coast is sampled every ~2 km; the Voronoi diagram of the samples, computed
   in an azimuthal equidistant projection centred on the East Sea, gives the median
   (equidistance) lines between neighbours;
2. a country's waters are its Voronoi region within 200 nm of its land (buffers computed in an
   azimuthal equidistant projection centred on that country), the part within 12 nm being its
   territorial sea;
3. where Vietnam has a treaty (Marine Regions v12 lines: Gulf of Tonkin 2000, Thailand 1997,
   Indonesia 2003) a strip on each side of the treaty line is handed to the party on that side,
   taking it only from the other party;
4. the Paracel, Spratly and Scarborough groups (Natural Earth) become ``disputed`` zones: the
   convex hull of each group's features widened by 12 nm, cut out of every country's zones.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.builder.sources import (
    SOURCES_DIR,
    WORK_AREA,
    WORK_BOUNDS,
    labelled_land,
    read_sources,
)
from geo.countries import HOME_COUNTRY, country_name_vi, to_alpha2
from geo.zones import REGION_BOUNDS

__all__ = ["REGION_BOUNDS", "build_default_zones", "write_default_zones"]

TS_NM, EEZ_NM = 12.0, 200.0
LAND_TOLERANCE_DEG = 0.0135  # ~1.5 km: generalised coasts must not put harbours "on land"
COAST_STEP_DEG = 0.02
SIMPLIFY_DEG = 0.001
_NM = 1852.0
_NE = "Natural Earth 1:50m coastline (public domain), derived"
_MR = "Marine Regions Maritime Boundaries v12 (CC BY 4.0)"
_DISPUTED = {
    "CH1": ("Quần đảo Hoàng Sa (Paracel)", "Paracel"),
    "PGA": ("Quần đảo Trường Sa (Spratly)", "Spratly"),
    "SCR": ("Bãi cạn Scarborough", "Scarborough"),
}
# line_id in the Marine Regions file -> treaty name; connection lines join their treaty.
_TREATIES = {
    "Gulf of Tonkin 2000": ([1294, 3803, 3900], 1.5),
    "Thailand-Vietnam 1997": ([1352, 3825, 3831], 0.6),
    "Vietnam-Indonesia 2003": ([1330], 0.8),
}


def _aeqd(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return (Transformer.from_crs(4326, crs, always_xy=True),
            Transformer.from_crs(crs, 4326, always_xy=True))


def _transform(geom: BaseGeometry, tf: Transformer, segment_m: float | None = None) -> BaseGeometry:
    if segment_m:
        geom = shapely.segmentize(geom, segment_m)
    return shapely.transform(geom, lambda xy: np.column_stack(tf.transform(xy[:, 0], xy[:, 1])))


def _coast_samples(land: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Points every ~2 km along each country's coast (not along the work-box cut)."""
    frame = WORK_AREA.boundary.buffer(1e-6)
    xy_parts, labels = [], []
    for country, geom in zip(land["country"], land.geometry, strict=True):
        coast = shapely.difference(shapely.segmentize(geom.boundary, COAST_STEP_DEG), frame)
        xy = shapely.get_coordinates(coast)
        xy_parts.append(xy)
        labels.extend([country] * len(xy))
    xy = np.vstack(xy_parts)
    _, keep = np.unique(np.round(xy, 7), axis=0, return_index=True)
    keep.sort()
    return xy[keep], np.asarray(labels, dtype=object)[keep]


def _median_regions(land: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    """Each country's equidistance region (Voronoi cells of its coast samples), in lon/lat."""
    xy, labels = _coast_samples(land)
    fwd, inv = _aeqd(112.0, 12.0)
    px, py = fwd.transform(xy[:, 0], xy[:, 1])
    extent = box(px.min() - 1e6, py.min() - 1e6, px.max() + 1e6, py.max() + 1e6)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(np.column_stack([px, py])),
                                 extend_to=extent, ordered=True))
    work = _transform(box(*WORK_BOUNDS), fwd, segment_m=20000)
    regions = {}
    for country in np.unique(labels):
        merged = shapely.intersection(shapely.union_all(cells[labels == country]), work)
        regions[str(country)] = shapely.make_valid(_transform(merged, inv, segment_m=5000))
    return regions


def _buffer_nm(geom: BaseGeometry, nm: float) -> BaseGeometry:
    """Geodesic-enough buffer: done in an azimuthal equidistant projection centred on ``geom``."""
    centre = geom.centroid
    fwd, inv = _aeqd(round(centre.x, 3), round(centre.y, 3))
    projected = _transform(geom, fwd)
    buffered = projected.buffer(nm * _NM, quad_segs=16)
    return shapely.make_valid(_transform(buffered, inv, segment_m=5000))


def _apply_treaties(regions: dict[str, BaseGeometry], treaties: gpd.GeoDataFrame
                    ) -> tuple[dict[str, str], dict[str, BaseGeometry]]:
    """Move water across each treaty line to the party on that side.

    Returns the treaty names used per country and, per country, the strip on its side of its
    treaty lines: a treaty line bounds a party's waters even where our coastline-based 200 nm
    limit (which ignores straight baselines) falls short of it.
    """
    used: dict[str, str] = {}
    strips: dict[str, BaseGeometry] = {}
    for name, (line_ids, strip_deg) in _TREATIES.items():
        rows = treaties[treaties["line_id"].isin(line_ids)]
        if rows.empty:
            continue
        main = rows[rows["line_id"] == line_ids[0]].iloc[0]
        a = to_alpha2(str(main["sovereign1"])[:3].upper()) or _name_code(main["sovereign1"])
        b = to_alpha2(str(main["sovereign2"])[:3].upper()) or _name_code(main["sovereign2"])
        line = shapely.line_merge(shapely.union_all(rows.geometry.values))
        if line.geom_type != "LineString":
            line = max(shapely.get_parts(line), key=lambda g: g.length)
        left = line.buffer(strip_deg, single_sided=True)
        right = line.buffer(-strip_deg, single_sided=True)
        a_left = regions[a].intersection(left).area >= regions[a].intersection(right).area
        side_a, side_b = (left, right) if a_left else (right, left)
        moved_to_a = regions[b].intersection(side_a)
        moved_to_b = regions[a].intersection(side_b)
        regions[a] = regions[a].difference(side_b).union(moved_to_a)
        regions[b] = regions[b].difference(side_a).union(moved_to_b)
        for code, side in ((a, side_a), (b, side_b)):
            used[code] = f"{used[code]}; {name}" if code in used else name
            strips[code] = strips[code].union(side) if code in strips else side
    return used, strips


def _name_code(name: object) -> str:
    names = {"vietnam": "VN", "china": "CN", "thailand": "TH", "indonesia": "ID",
             "cambodia": "KH", "malaysia": "MY", "philippines": "PH"}
    return names[str(name).strip().lower()]


def _disputed(layer: gpd.GeoDataFrame) -> list[tuple[str, str, BaseGeometry]]:
    out = []
    for code, (name_vi, name_en) in _DISPUTED.items():
        parts = layer[layer["sr_sov_a3"] == code]
        if parts.empty:
            continue
        hull = shapely.convex_hull(shapely.union_all(parts.geometry.values))
        out.append((name_vi, name_en, _buffer_nm(hull, TS_NM)))
    return out


def build_default_zones(sources_dir: Path = SOURCES_DIR
                        ) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Zones (one row per country and kind, plus disputed areas) and the land mask, EPSG:4326."""
    layers = read_sources(sources_dir)
    land = labelled_land(layers)
    region = box(*REGION_BOUNDS)
    land_all = shapely.union_all(layers["land"].geometry.values)
    land_mask = shapely.intersection(land_all.buffer(-LAND_TOLERANCE_DEG), region)
    regions = _median_regions(land)
    treaty_sources, treaty_strips = _apply_treaties(regions, layers["treaties"])
    disputed = _disputed(layers["disputed"])
    cut = shapely.union_all([land_mask, *(g for _, _, g in disputed)])

    rows: list[dict[str, object]] = []
    for country, geom in zip(land["country"], land.geometry, strict=True):
        if not geom.intersects(box(*REGION_BOUNDS).buffer(4.0)):
            continue
        reach_ts, reach_eez = _buffer_nm(geom, TS_NM), _buffer_nm(geom, EEZ_NM)
        if country in treaty_strips:
            reach_eez = reach_eez.union(treaty_strips[country].intersection(reach_eez.buffer(1.0)))
        water = regions[country].intersection(region).difference(cut)
        source = _NE + (f"; treaty lines: {treaty_sources[country]} ({_MR})"
                        if country in treaty_sources else "; median lines where claims overlap")
        for kind, shape in (("territorial_sea", water.intersection(reach_ts)),
                            ("eez", water.intersection(reach_eez).difference(reach_ts))):
            if shape.is_empty or shape.area < 1e-6:
                continue
            rows.append({"country": country, "kind": kind, "name": None,
                         "source": source, "indicative": True, "geometry": shape})
    for name_vi, name_en, geom in disputed:
        shape = geom.intersection(region).difference(land_mask)
        rows.append({"country": None, "kind": "disputed", "name": name_vi,
                     "source": f"Natural Earth 1:10m disputed areas ({name_en}), hull + 12 nm",
                     "indicative": True, "geometry": shape})
    zones = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    polys = shapely.get_parts  # keep only polygonal parts after overlays
    zones["geometry"] = [shapely.multipolygons([p for p in polys(g) if p.geom_type == "Polygon"])
                         for g in zones.geometry]
    zones["geometry"] = shapely.make_valid(
        shapely.coverage_simplify(zones.geometry.values, SIMPLIFY_DEG))
    zones["country_name_vi"] = [country_name_vi(c) for c in zones["country"]]
    zones["home"] = zones["country"] == HOME_COUNTRY
    zones = zones[~zones.geometry.is_empty].reset_index(drop=True)
    land_frame = gpd.GeoDataFrame({"kind": ["land"]}, geometry=[land_mask], crs=4326)
    return zones[["country", "country_name_vi", "kind", "name", "source", "indicative",
                  "geometry"]], land_frame


def write_default_zones(path: Path, sources_dir: Path = SOURCES_DIR) -> gpd.GeoDataFrame:
    """Build and write the GeoPackage (layers ``zones`` and ``land``); returns the zones."""
    zones, land = build_default_zones(sources_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    zones.to_file(path, layer="zones", driver="GPKG")
    land.to_file(path, layer="land", driver="GPKG", mode="a")
    return zones
