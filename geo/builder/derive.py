"""Deriving the default zone set. Method and limits: ``docs/zones.md``.

In order of precedence (an earlier zone is cut out of every later one):

1. **Viet Nam's territorial sea**: 12 nm from Viet Nam's land, its islands (Natural Earth minor
   islands inside Viet Nam's polygon and the cited positions of ``cited_positions.json``) and the
   1982 straight baseline, within Viet Nam's polygon;
2. **archipelagos** (kind ``archipelago``): quần đảo Hoàng Sa and quần đảo Trường Sa, the convex
   hull of their features (Natural Earth plus cited positions of the features Viet Nam holds)
   widened by 12 nm; **Scarborough** (kind ``disputed``) likewise;
3. **overlap / enforcement-risk areas** (kind ``overlap``, country = the neighbour that patrols):
   see :mod:`geo.builder.overlaps`;
4. **Viet Nam's waters** (``eez``): the Marine Regions v12 polygon (MRGID 8484, repaired), plus
   the water within 200 nm of Viet Nam's coast, islands and baseline, nearer to Viet Nam's
   coasts, islands and archipelagos than to any neighbour's, that the Marine Regions polygon
   leaves out (the sea around Hoàng Sa: Marine Regions
   keeps it in a separate overlapping-claim polygon; its absence says nothing of sovereignty);
5. **neighbours' waters**: equidistance regions of every coast (Voronoi of coast samples, with
   Viet Nam's islands and archipelago features as Vietnamese seeds), within 200 nm of the
   neighbour's land; next to a Marine Regions line with a neighbour (treaty, connection or median
   line; never the unsettled line China claims around Hoàng Sa) the water across the line goes
   to that neighbour, so neighbours' zones meet Viet Nam's limit exactly.

No simplification touches Viet Nam's limit: it keeps Marine Regions' full resolution.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.builder.cited import archipelago_features, islands
from geo.builder.overlaps import OCA_BAND_NM, foreign_areas, overlap_areas
from geo.builder.sources import (
    SOURCES_DIR,
    WORK_AREA,
    WORK_BOUNDS,
    island_label,
    labelled_land,
    read_sources,
)
from geo.builder.vietnam import MR_SOURCE, boundary_lines, read_eez, repair_eez
from geo.countries import HOME_COUNTRY, country_name_vi, to_alpha2
from geo.zones import REGION_BOUNDS
from services.vocabulary.zones import ZONE_NAMES_VI

__all__ = ["REGION_BOUNDS", "build_default_zones", "build_lines", "write_default_zones"]

TS_NM, EEZ_NM = 12.0, 200.0
LAND_TOLERANCE_DEG = 0.0135  # ~1.5 km: generalised coasts must not put harbours "on land"
COAST_STEP_DEG = 0.02
STRIP_DEG = 0.6  # how far across a Marine Regions line the neighbour's side is taken
_NM = 1852.0
_NE = "Natural Earth 1:50m land and 1:10m minor islands (public domain), derived"
# Marine Regions lines whose far side is the neighbour's: line_id -> ISO alpha-2.
_NEIGHBOUR_LINES = {
    1294: "CN",
    3803: "CN",
    3900: "CN",
    3435: "CN",
    1330: "ID",
    1352: "TH",
    3825: "TH",
    3831: "KH",
    3557: "KH",
    3484: "MY",
}
# Box of each archipelago's Natural Earth features (reefs carry no name or country).
_ARCHIPELAGO_BOXES = {
    "hoang_sa": ("CH1", (110.5, 15.5, 113.0, 17.5)),
    "truong_sa": ("PGA", (109.5, 7.0, 117.0, 12.0)),
}
ARCHIPELAGO_NAMES = {key: ZONE_NAMES_VI[key] for key in ("hoang_sa", "truong_sa")}
SCARBOROUGH_NAME = ZONE_NAMES_VI["scarborough"]
# Approach-warning distance (nm) of each risk zone; foreign waters use the setting.
ARCHIPELAGO_WARNING_NM = 12.0
SCARBOROUGH_WARNING_NM = 12.0


def _aeqd(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return (
        Transformer.from_crs(4326, crs, always_xy=True),
        Transformer.from_crs(crs, 4326, always_xy=True),
    )


def _transform(geom: BaseGeometry, tf: Transformer, segment_m: float | None = None) -> BaseGeometry:
    if segment_m:
        geom = shapely.segmentize(geom, segment_m)
    return shapely.transform(geom, lambda xy: np.column_stack(tf.transform(xy[:, 0], xy[:, 1])))


def buffer_nm(geom: BaseGeometry, nm: float) -> BaseGeometry:
    """Geodesic-enough buffer: done in an azimuthal equidistant projection centred on ``geom``."""
    centre = geom.centroid
    fwd, inv = _aeqd(round(centre.x, 3), round(centre.y, 3))
    projected = _transform(geom, fwd)
    buffered = projected.buffer(nm * _NM, quad_segs=16)
    return shapely.make_valid(_transform(buffered, inv, segment_m=5000))


def _coast_samples(
    land: gpd.GeoDataFrame, seeds: list[tuple[float, float, str]]
) -> tuple[np.ndarray, np.ndarray]:
    """Points every ~2 km along each country's coast, plus island/feature seeds."""
    frame = WORK_AREA.boundary.buffer(1e-6)
    xy_parts, labels = [], []
    for country, geom in zip(land["country"], land.geometry, strict=True):
        coast = shapely.difference(shapely.segmentize(geom.boundary, COAST_STEP_DEG), frame)
        xy = shapely.get_coordinates(coast)
        xy_parts.append(xy)
        labels.extend([country] * len(xy))
    if seeds:
        xy_parts.append(np.array([(x, y) for x, y, _ in seeds]))
        labels.extend(c for _, _, c in seeds)
    xy = np.vstack(xy_parts)
    _, keep = np.unique(np.round(xy, 7), axis=0, return_index=True)
    keep.sort()
    return xy[keep], np.asarray(labels, dtype=object)[keep]


def _median_regions(
    land: gpd.GeoDataFrame, seeds: list[tuple[float, float, str]]
) -> dict[str, BaseGeometry]:
    """Each country's equidistance region (Voronoi cells of its coast samples), in lon/lat."""
    xy, labels = _coast_samples(land, seeds)
    fwd, inv = _aeqd(112.0, 12.0)
    px, py = fwd.transform(xy[:, 0], xy[:, 1])
    extent = box(px.min() - 1e6, py.min() - 1e6, px.max() + 1e6, py.max() + 1e6)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(
            shapely.multipoints(np.column_stack([px, py])), extend_to=extent, ordered=True
        )
    )
    work = _transform(box(*WORK_BOUNDS), fwd, segment_m=20000)
    regions = {}
    for country in np.unique(labels):
        merged = shapely.intersection(shapely.union_all(cells[labels == country]), work)
        regions[str(country)] = shapely.make_valid(_transform(merged, inv, segment_m=5000))
    return regions


def _line_strips(lines: gpd.GeoDataFrame, vn_waters: BaseGeometry) -> dict[str, BaseGeometry]:
    """Water just across Viet Nam's limit, split between neighbours by the nearest MR line."""
    rows = lines[lines["line_id"].isin(list(_NEIGHBOUR_LINES))]
    # short lines first: at a shared end (point K) the connection line's neighbour wins
    rows = rows.iloc[np.argsort(rows["length_km"].to_numpy(), kind="stable")]
    pts, labels = [], []
    for line_id, geom in zip(rows["line_id"], rows.geometry, strict=True):
        xy = shapely.get_coordinates(shapely.segmentize(geom, 0.02))
        pts.append(xy)
        labels.extend([_NEIGHBOUR_LINES[int(line_id)]] * len(xy))
    xy_all = np.vstack(pts)
    _, keep = np.unique(np.round(xy_all, 7), axis=0, return_index=True)
    keep.sort()
    xy, lab = xy_all[keep], np.asarray(labels, dtype=object)[keep]
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=box(*WORK_BOUNDS), ordered=True)
    )
    band = shapely.union_all(rows.geometry.values).buffer(STRIP_DEG)
    strips = {}
    for country in np.unique(lab):
        cell = shapely.union_all(cells[lab == country])
        strips[str(country)] = shapely.make_valid(cell.intersection(band).difference(vn_waters))
    return strips


def _archipelago(layers: dict[str, gpd.GeoDataFrame], key: str) -> tuple[BaseGeometry, int]:
    """Hull of the group's features widened by 12 nm, and how many features it was made of."""
    code, bounds = _ARCHIPELAGO_BOXES[key]
    disputed = layers["disputed"]
    parts = list(disputed[disputed["sr_sov_a3"] == code].geometry.values)
    reefs = layers["reefs"]
    parts += [g for g in reefs.geometry.values if box(*bounds).contains(g.centroid)]
    cited = [shapely.Point(p.lon, p.lat) for p in archipelago_features(key)]
    hull = shapely.convex_hull(shapely.union_all(parts + cited))
    return buffer_nm(hull, TS_NM), len(parts) + len(cited)


def _polygons(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygonal parts (overlays leave lines and points behind), as a MultiPolygon."""
    polys = [
        p
        for p in shapely.get_parts(shapely.make_valid(geom))
        if p.geom_type == "Polygon" and p.area > 1e-9
    ]
    return shapely.multipolygons(polys) if polys else shapely.MultiPolygon()


def _trace(step: str) -> None:
    if os.environ.get("SEAWATCH_BUILD_TRACE"):
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{time.perf_counter():10.1f}s {rss:8.0f} MB  {step}", file=sys.stderr)


def build_default_zones(
    sources_dir: Path = SOURCES_DIR,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Zones (one row per zone) and the land mask, EPSG:4326."""
    layers = read_sources(sources_dir)
    land = labelled_land(layers)
    region = box(*REGION_BOUNDS)
    land_all = shapely.union_all(layers["land"].geometry.values)
    land_mask = shapely.intersection(land_all.buffer(-LAND_TOLERANCE_DEG), region)
    lines = boundary_lines()
    _trace("lines = boundary_lines()")

    vn_mr, _ = repair_eez(read_eez())
    minor = layers["minor_islands"]
    seeds: list[tuple[float, float, str]] = []
    vn_islands: list[BaseGeometry] = []
    other_islands: dict[str, list[BaseGeometry]] = {}
    for geom in minor.geometry.values:
        p = geom.representative_point()
        if vn_mr.contains(p):
            vn_islands.append(geom)
            seeds.append((p.x, p.y, HOME_COUNTRY))
        else:
            code = island_label(p.x, p.y)
            if code:
                other_islands.setdefault(code, []).append(geom)
                seeds.append((p.x, p.y, code))
    for cited_island in islands():
        pt = shapely.Point(cited_island.lon, cited_island.lat)
        vn_islands.append(pt)
        seeds.append((pt.x, pt.y, HOME_COUNTRY))
    arch = {key: _archipelago(layers, key) for key in ARCHIPELAGO_NAMES}
    for key in ARCHIPELAGO_NAMES:
        for f in archipelago_features(key):
            seeds.append((f.lon, f.lat, HOME_COUNTRY))
    for geom in layers["disputed"].geometry.values:
        p = geom.representative_point()
        if p.y < 14.0 or p.x < 113.0:  # Hoàng Sa and Trường Sa features are Vietnamese seeds
            seeds.append((p.x, p.y, HOME_COUNTRY))

    regions = _median_regions(land, seeds)
    _trace("regions = _median_regions(land")
    vn_land = land[land["country"] == HOME_COUNTRY].geometry.values
    vn_coast = shapely.union_all([*vn_land, *vn_islands])
    baselines = lines[lines["line_type"] == "Straight baseline"].geometry.values
    vn_ts = buffer_nm(shapely.union_all([vn_coast, *baselines]), TS_NM)
    # Viet Nam's waters: the Marine Regions polygon, widened to our land mask along the coast.
    # never across a line with a neighbour (the estuaries at the land borders)
    near_strips = shapely.union_all(list(_line_strips(lines, vn_mr).values()))
    coastal = shapely.union_all(vn_land).buffer(0.03).intersection(regions[HOME_COUNTRY])
    vn_waters = shapely.union_all([vn_mr, coastal.difference(near_strips)])
    vn_ts = vn_ts.intersection(vn_waters)
    _trace("vn_ts = vn_ts.intersection(vn_")

    scarborough = layers["disputed"][layers["disputed"]["sr_sov_a3"] == "SCR"]
    scr = buffer_nm(shapely.convex_hull(shapely.union_all(scarborough.geometry.values)), TS_NM)
    overlaps = overlap_areas(lines, vn_waters, regions)
    named = foreign_areas(regions, vn_waters)
    _trace("overlaps = overlap_areas(lines")

    rows: list[dict[str, object]] = []
    taken = land_mask

    def add(
        country: str | None,
        kind: str,
        name: str | None,
        geom: BaseGeometry,
        source: str,
        warning_nm: float = float("nan"),
    ) -> None:
        nonlocal taken
        shape = _polygons(geom.intersection(region).difference(taken))
        if shape.is_empty or shape.area < 1e-6:
            return
        taken = shapely.union_all([taken, shape])
        _trace(f"zone {country} {kind}")
        rows.append(
            {
                "country": country,
                "kind": kind,
                "name": name,
                "source": source,
                "indicative": True,
                "warning_nm": warning_nm,
                "geometry": shape,
            }
        )

    add(
        HOME_COUNTRY,
        "territorial_sea",
        None,
        vn_ts,
        f"12 nm from Viet Nam's land, islands and 1982 straight baseline; limit: {MR_SOURCE}",
    )
    for key, name in ARCHIPELAGO_NAMES.items():
        geom, count = arch[key]
        add(
            HOME_COUNTRY,
            "archipelago",
            name,
            geom,
            f"Convex hull of {count} features (Natural Earth 1:10m and cited positions, "
            f"geo/data/sources/cited_positions.json), widened by 12 nm",
            ARCHIPELAGO_WARNING_NM,
        )
    add(
        None,
        "disputed",
        SCARBOROUGH_NAME,
        scr,
        "Natural Earth 1:10m (Scarborough Reef), hull widened by 12 nm",
        SCARBOROUGH_WARNING_NM,
    )
    for area in overlaps:
        add(area.country, "overlap", area.name, area.geometry, area.source, area.warning_nm)
    add(HOME_COUNTRY, "eez", None, vn_waters, f"{MR_SOURCE} (MRGID 8484, repaired: see docs)")
    strips = _line_strips(lines, vn_waters)
    _trace("strips")
    # 200 nm from the coast, islands and baseline: Viet Nam's published claim (its 2016 letter,
    # Marine Regions line 4052); the archipelagos' own zones are left unmodelled.
    vn_reach = buffer_nm(shapely.union_all([vn_coast, *baselines]), EEZ_NM)
    across = shapely.union_all(list(strips.values()))  # a neighbour's side of an MR line
    add(
        HOME_COUNTRY,
        "eez",
        None,
        regions[HOME_COUNTRY].intersection(vn_reach).difference(across),
        "Equidistance construction (indicative): water within 200 nm of Viet Nam's coast, "
        "islands and 1982 baseline and nearer to Viet Nam's coasts, islands, Hoàng Sa and "
        "Trường Sa than to any neighbour, outside MRGID 8484 (Marine Regions keeps the sea "
        "around Hoàng Sa in a separate overlapping-claim polygon)",
    )

    for country, geom in zip(land["country"], land.geometry, strict=True):
        if country == HOME_COUNTRY or not geom.intersects(region.buffer(4.0)):
            continue
        own = shapely.union_all([geom, *other_islands.get(country, [])])
        reach_ts, reach_eez = buffer_nm(own, TS_NM), buffer_nm(own, EEZ_NM)
        water = regions.get(country, shapely.Polygon())
        if country in strips:
            water = water.union(strips[country].intersection(reach_eez.buffer(1.0)))
        source = _NE + "; median lines where claims overlap"
        if country in strips:
            source += f"; meets Viet Nam's limit along Marine Regions lines ({MR_SOURCE})"
        add(country, "territorial_sea", None, water.intersection(reach_ts), source)
        for claimed in named:  # its part of an area two neighbours claim keeps the area's name
            if country in claimed.countries:
                part = water.intersection(reach_eez).intersection(claimed.geometry)
                add(country, "eez", claimed.name, part, claimed.source, claimed.warning_nm)
        add(
            country,
            "eez",
            None,
            water.intersection(reach_eez.union(strips.get(country, shapely.Polygon()))),
            source,
        )

    zones = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    _trace("zones = gpd.GeoDataFrame(rows,")
    zones["country_name_vi"] = [country_name_vi(c) for c in zones["country"]]
    land_frame = gpd.GeoDataFrame({"kind": ["land"]}, geometry=[land_mask], crs=4326)
    columns = [
        "country",
        "country_name_vi",
        "kind",
        "name",
        "source",
        "indicative",
        "warning_nm",
        "geometry",
    ]
    return zones[columns].reset_index(drop=True), land_frame


_MR_VI = "dữ liệu Marine Regions v12 (VLIZ, CC BY 4.0)"
# What each line is made from, in the words the map shows (Vietnamese only).
_LINE_SOURCE_VI = {
    1294: "Hiệp định phân định Vịnh Bắc Bộ Việt Nam – Trung Quốc, 25/12/2000",
    1330: "Hiệp định phân định thềm lục địa Việt Nam – Indonesia, 26/6/2003",
    1352: "Hiệp định phân định ranh giới biển Việt Nam – Thái Lan, 9/8/1997",
    980: "Tuyên bố của Chính phủ Việt Nam về đường cơ sở, 12/11/1982",
    2036: "Hiệp định phân định Vịnh Bắc Bộ 2000, Điều I.2",
    4052: "Công hàm của Việt Nam gửi Liên hợp quốc, 13/6/2016 (ranh giới 200 hải lý)",
}
_LINE_TYPE_SOURCE_VI = {
    "Connection line": "đoạn nối do Marine Regions vẽ",
    "Median line": "đường trung tuyến do Marine Regions tính",
    "Unsettled median line (land)": "đường trung tuyến chưa phân định do Marine Regions tính",
}
_ZONE_SOURCE_VI = {
    ZONE_NAMES_VI["hoang_sa"]: "dựng theo phương pháp: bao các đảo, đá + 12 hải lý",
    ZONE_NAMES_VI["truong_sa"]: "dựng theo phương pháp: bao các đảo, đá + 12 hải lý",
    ZONE_NAMES_VI["scarborough"]: "dựng theo phương pháp: bao bãi cạn + 12 hải lý",
    ZONE_NAMES_VI["overlap_id"]: "dựng theo phương pháp: dải 30 hải lý phía Việt Nam của đường "
    "thềm lục địa 2003 (Indonesia tuần tra tại đây)",
    ZONE_NAMES_VI["overlap_my"]: "dựng theo phương pháp: vùng biển Việt Nam giữa đường yêu sách "
    "1979 của Malaysia (điểm D của vùng phát triển chung 1979 – điểm 20 của hiệp định 1969) và "
    "rìa vùng phát triển chung Malaysia – Thái Lan",
    ZONE_NAMES_VI["overlap_my_th"]: "vùng biển Việt Nam trong vùng phát triển chung Malaysia – "
    "Thái Lan (Bản ghi nhớ 21/2/1979, chép tọa độ điểm A–G)",
    ZONE_NAMES_VI["jda_my_th"]: "Bản ghi nhớ Thái Lan – Malaysia 21/2/1979, Điều I (chép tọa độ "
    "điểm A–G); chia phần Malaysia, Thái Lan theo đường cách đều",
    ZONE_NAMES_VI["overlap_kh_th"]: f"dựng theo phương pháp: dải {OCA_BAND_NM:g} hải lý phía Thái "
    "Lan của đường cách đều Campuchia – Thái Lan (diện tích ~26.000 km² như báo chí nêu)",
    ZONE_NAMES_VI["historic_kh"]: "Hiệp định về vùng nước lịch sử Việt Nam – Campuchia, "
    "7/7/1982 (chép tọa độ)",
}


def build_lines(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The boundary lines shown on the map: Marine Regions' 14, then each risk zone's limit."""
    mr = boundary_lines()
    rows = [mr]
    # each risk zone's limit, and each named area's (the JDA's two parts: one outline)
    named = zones[
        zones["kind"].isin(["archipelago", "overlap", "disputed"]) | zones["name"].notna()
    ]
    risk = named.dissolve(by="name", sort=False, aggfunc="first").reset_index()
    if len(risk):
        extra = gpd.GeoDataFrame(
            {
                "line_id": [-(i + 1) for i in range(len(risk))],
                "line_name": list(risk["name"]),
                "line_type": [
                    "Constructed"
                    if "construct" in s.lower() or "hull" in s.lower()
                    else "Transcribed"
                    for s in risk["source"]
                ],
                "with": [to_alpha2(c) if c else None for c in risk["country"]],
                "doc_date": None,
                "length_km": np.nan,
                "source": list(risk["source"]),
            },
            geometry=shapely.boundary(risk.geometry.values),
            crs=4326,
        )
        from geo.builder.vietnam import LINE_TYPES_VI

        extra["line_type_vi"] = [LINE_TYPES_VI[t] for t in extra["line_type"]]
        rows.append(extra)
    out = gpd.GeoDataFrame(gpd.pd.concat(rows, ignore_index=True), crs=4326)
    out["neighbour"] = [
        (to_alpha2(w) or _name_code(w)) if isinstance(w, str) and w else None for w in out["with"]
    ]
    own = {
        "Unsettled (land)": "Ranh giới ngoài 200 hải lý của Việt Nam",
        "Straight baseline": "Đường cơ sở thẳng của Việt Nam",
    }
    out["name_vi"] = [
        name
        if lid < 0
        else (
            f"Việt Nam – {country_name_vi(code)}"
            if isinstance(code, str)
            else own.get(str(t), "Ranh giới của Việt Nam")
        )
        for lid, name, code, t in zip(
            out["line_id"], out["line_name"], out["neighbour"], out["line_type"], strict=True
        )
    ]
    out = out.drop(columns=["with"])

    def line_source(lid: int, t: object) -> str:
        return _LINE_SOURCE_VI.get(int(lid)) or _LINE_TYPE_SOURCE_VI.get(str(t), str(t))

    out["source_vi"] = [
        _ZONE_SOURCE_VI.get(str(name), "dựng theo phương pháp")
        if lid < 0
        else f"{line_source(lid, t)}; {_MR_VI}"
        for lid, name, t in zip(out["line_id"], out["line_name"], out["line_type"], strict=True)
    ]
    return out


def _name_code(name: object) -> str | None:
    names = {
        "vietnam": "VN",
        "china": "CN",
        "thailand": "TH",
        "indonesia": "ID",
        "cambodia": "KH",
        "malaysia": "MY",
        "philippines": "PH",
    }
    return names.get(str(name).strip().lower())


def write_default_zones(path: Path, sources_dir: Path = SOURCES_DIR) -> gpd.GeoDataFrame:
    """Build and write the GeoPackage (layers ``zones``, ``land``, ``lines``); returns zones."""
    zones, land = build_default_zones(sources_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    zones.to_file(path, layer="zones", driver="GPKG")
    land.to_file(path, layer="land", driver="GPKG", mode="a")
    build_lines(zones).to_file(path, layer="lines", driver="GPKG", mode="a")
    return zones
