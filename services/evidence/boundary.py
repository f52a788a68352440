"""Where a position lies against Vietnam's boundary lines: which line, which side, how far.

The lines are Marine Regions v12's fourteen boundary lines of Vietnam's EEZ (MRGID 8484), each
with its line type (treaty, median, connection, unsettled) and source document; straight
baselines are left out (a boat is never "across" a baseline in the sense that matters here).
Distances are geodesic (WGS 84): the nearest point is found in the Mercator plane for all
lines at once (:func:`geo.measure.mercator`), then measured with pyproj.

Which side: see :func:`_side` (probes either side of the nearest point, the one nearer
Vietnam's baselines is Vietnam's side). A position within 50 m of a line is "on" it. What the
zone set (:mod:`geo`) says of the position is reported beside it. Lines and zones from public
datasets are indicative, and every answer says so.

>>> near = positions_against_lines(6 + 25 / 60, 109 + 39 / 60, within_nm=10)  # VOV, 24 July
>>> [(p.line.line_id, p.side, round(p.distance_nm, 1)) for p in near]
[(4052, 'OUTSIDE', 1.9), (1330, 'VN', 4.1)]
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point, shape
from shapely.geometry.base import BaseGeometry

from geo import classify
from geo.measure import (
    METRES_PER_NM,
    lonlat_from_mercator,
    mercator,
    mercator_scale,
    nearest_on_segments,
)
from services.vocabulary import HOME_COUNTRY, country_name_vi

__all__ = [
    "LINES_PATH",
    "OUTSIDE",
    "BoundaryLine",
    "BoundaryPosition",
    "boundary_lines",
    "position_against_lines",
    "positions_against_lines",
]

LINES_PATH = (
    Path(__file__).resolve().parents[2]
    / "geo"
    / "data"
    / "sources"
    / "marineregions_v12_vietnam"
    / "vietnam_boundary_lines.geojson"  # the one copy
)
SOURCE_VI = (
    "Marine Regions, Maritime Boundaries Geodatabase v12 (Flanders Marine Institute, 2023, "
    "https://doi.org/10.14284/632, CC BY 4.0)"
)
ON_LINE_M = 50.0
OUTSIDE = "OUTSIDE"
# A place on the neighbour's side of each treaty line, (lon, lat), from Wikipedia's coordinates:
# Ranai on Natuna Besar 3°56'N 108°23'E (https://en.wikipedia.org/wiki/Ranai; south of the 2003
# continental-shelf line), Dongfang on Hainan 19°06'N 108°39'E
# (https://en.wikipedia.org/wiki/Dongfang; east of the Gulf of Tonkin line of 2000), Ko Samui
# 9°30'N 100°00'E (https://en.wikipedia.org/wiki/Ko_Samui; west of the 1997 Thailand line).
# The neighbour's coast, not Vietnam's, because the lines bend towards Vietnam's side at their
# ends (the 2003 line's last leg runs south-east, with Côn Sơn and Natuna both west of it).
_FAR_SIDE_OF: dict[int, tuple[float, float]] = {
    1330: (108 + 23 / 60, 3 + 56 / 60),
    1294: (108 + 39 / 60, 19 + 6 / 60),
    1352: (100.0, 9.5),
}  # beyond Vietnam's outer limit, where no neighbour is named by the line
PROBE_NM = 1.0
_GEOD = Geod(ellps="WGS84")
_TERRITORY = {
    "China": "CN",
    "Indonesia": "ID",
    "Thailand": "TH",
    "Malaysia": "MY",
    "Cambodia": "KH",
    "Vietnam": "VN",
}
_TYPE_VI = {
    "Treaty": "đường phân định theo điều ước",
    "Median line": "đường trung tuyến tham khảo (Marine Regions tính, chưa phân định)",
    "Connection line": "đường nối tham khảo (Marine Regions)",
    "Unsettled median line (land)": "đoạn chưa phân định (tham khảo)",
    "Unsettled (land)": "ranh giới 200 hải lý chưa phân định (tham khảo)",
}
_TREATY_VI = {
    1294: "Đường phân định Vịnh Bắc Bộ Việt Nam – Trung Quốc (Hiệp định ngày 25/12/2000)",
    1330: "Đường ranh giới thềm lục địa Việt Nam – Indonesia (Hiệp định ngày 26/6/2003)",
    1352: "Đường phân định Việt Nam – Thái Lan trong Vịnh Thái Lan (Hiệp định ngày 9/8/1997)",
}


@dataclass(frozen=True)
class BoundaryLine:
    """One boundary line with what it is and where it comes from."""

    line_id: int
    name_vi: str
    line_type: str  # as Marine Regions types it
    line_type_vi: str
    other: str | None  # ISO alpha-2 of the neighbour across it (None: Vietnam's outer limit)
    source: str  # the source document Marine Regions cites
    url: str | None
    geometry: LineString | MultiLineString

    @property
    def indicative(self) -> bool:
        return self.line_type != "Treaty"


@dataclass(frozen=True)
class BoundaryPosition:
    """A position against the nearest boundary line."""

    lat: float
    lon: float
    line: BoundaryLine
    distance_nm: float
    side: str | None  # "VN", the neighbour's code, "ON" (within 50 m), OUTSIDE, None (unknown)
    nearest_lat: float
    nearest_lon: float
    zone_country: str | None  # what the zone set says of the position itself
    zone_kind: str | None

    @property
    def side_vi(self) -> str:
        """The side in words: "phía Việt Nam", "phía Indonesia", "trên đường ranh giới"."""
        if self.side == "ON":
            return "trên đường ranh giới"
        if self.side is None:
            return "chưa xác định được phía"
        if self.side == OUTSIDE:
            return "phía ngoài (ngoài ranh giới 200 hải lý của Việt Nam)"
        return f"phía {country_name_vi(self.side) or self.side}"


def _name_vi(line_id: int, line_type: str, other: str | None) -> str:
    if line_id in _TREATY_VI:
        return _TREATY_VI[line_id]
    if other is None:
        return "Ranh giới ngoài 200 hải lý của vùng biển Việt Nam (tham khảo)"
    who = country_name_vi(other) or other
    if line_type == "Connection line":
        return f"Đường nối Việt Nam – {who} (tham khảo)"
    if line_type.startswith("Unsettled"):
        return f"Đoạn ranh giới chưa phân định Việt Nam – {who} (tham khảo)"
    return f"Đường trung tuyến Việt Nam – {who} (tham khảo)"


@lru_cache(maxsize=4)
def _read(path: Path) -> tuple[tuple[BoundaryLine, ...], BaseGeometry]:
    data = json.loads(path.read_text(encoding="utf-8"))
    lines: list[BoundaryLine] = []
    baselines = []
    for feature in data["features"]:
        p = feature["properties"]
        line_type = str(p["line_type"])
        if line_type == "Straight baseline":
            baselines.append(shape(feature["geometry"]))
            continue
        codes = {_TERRITORY.get(str(p.get(k))) for k in ("territory1", "territory2")}
        others = sorted(c for c in codes if c and c != HOME_COUNTRY)
        other = others[0] if others else None
        line_id = int(p["line_id"])
        lines.append(
            BoundaryLine(
                line_id=line_id,
                name_vi=_name_vi(line_id, line_type, other),
                line_type=line_type,
                line_type_vi=_TYPE_VI.get(line_type, line_type),
                other=other,
                source=str(p.get("source1") or ""),
                url=p.get("url1"),
                geometry=shape(feature["geometry"]),
            )
        )
    baseline = _project(shapely.union_all(baselines))
    shapely.prepare(baseline)
    return tuple(lines), baseline


def boundary_lines(path: Path = LINES_PATH) -> tuple[BoundaryLine, ...]:
    """The boundary lines of Vietnam's EEZ, baselines left out (read once)."""
    return _read(path)[0]


def _project(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda xy: np.column_stack(mercator(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=4)
def _mercator_lines(path: Path) -> np.ndarray:
    geoms = np.array([_project(line.geometry) for line in _read(path)[0]], dtype=object)
    shapely.prepare(geoms)
    return geoms


def positions_against_lines(
    lat: float, lon: float, *, within_nm: float = 60.0, path: Path = LINES_PATH
) -> list[BoundaryPosition]:
    """The position against every boundary line within ``within_nm`` (at least the nearest),
    nearest first: geodesic distance, nearest point, and the side it lies on."""
    lines, baseline = _read(path)
    geoms = _mercator_lines(path)
    px, py = mercator(np.array([lon]), np.array([lat]))
    here = Point(float(px[0]), float(py[0]))
    rough_nm = shapely.distance(here, geoms) / mercator_scale(lat)[()] / METRES_PER_NM
    order = [int(i) for i in np.argsort(rough_nm)]
    chosen = [i for i in order if rough_nm[i] <= within_nm * 1.01] or order[:1]
    zone = classify(np.array([lon]), np.array([lat]))
    zone_country, zone_kind = _first(zone.country), _first(zone.zone_kind)
    found = []
    for i in chosen:
        (qx, qy) = shapely.shortest_line(here, geoms[i]).coords[1]
        qlon_a, qlat_a = lonlat_from_mercator(np.array([qx]), np.array([qy]))
        qlon, qlat = float(qlon_a[0]), float(qlat_a[0])
        _, _, metres = _GEOD.inv(lon, lat, qlon, qlat)
        distance_nm = float(metres) / METRES_PER_NM
        side = (
            "ON"
            if metres <= ON_LINE_M
            else _side(lon, lat, qlon, qlat, distance_nm, lines[i], baseline)
        )
        found.append(
            BoundaryPosition(
                lat=lat,
                lon=lon,
                line=lines[i],
                distance_nm=distance_nm,
                side=side,
                nearest_lat=qlat,
                nearest_lon=qlon,
                zone_country=zone_country,
                zone_kind=zone_kind,
            )
        )
    return sorted(found, key=lambda b: b.distance_nm)


def position_against_lines(lat: float, lon: float, path: Path = LINES_PATH) -> BoundaryPosition:
    """The position against its nearest boundary line (see :func:`positions_against_lines`)."""
    return positions_against_lines(lat, lon, within_nm=0.0, path=path)[0]


def _first(values: object) -> str | None:
    seq = list(values) if values is not None else []  # type: ignore[call-overload]
    value = seq[0] if seq else None
    return str(value) if isinstance(value, str) and value else None


def _side(
    lon: float,
    lat: float,
    qlon: float,
    qlat: float,
    distance_nm: float,
    line: BoundaryLine,
    baseline: BaseGeometry,
) -> str | None:
    """Which country's side of ``line`` the position is on.

    A treaty line has a place on the neighbour's coast (:data:`_FAR_SIDE_OF`): the position is
    on the neighbour's side when it and that place lie on the same side of the line through
    the nearest segment, on Vietnam's otherwise. For the other lines, two probes 1 nm off the
    nearest point ``Q``, one towards the position and one away. When
    the zone set puts exactly one of them in Vietnam's waters, it has drawn this line, and that
    probe is on Vietnam's side. Otherwise the one nearer Vietnam's straight baselines (Marine
    Regions' lines 980 and 2036, from which Vietnam's zones are measured) is on Vietnam's
    side: across a median line or the 200-nm limit that is so by construction. When the probes
    are about as near (a line running straight away from the coast) None is returned.
    """
    far_side = line.other or OUTSIDE
    across = _FAR_SIDE_OF.get(line.line_id)
    if across is not None:
        segment = _nearest_segment(line, qlon, qlat)
        here, there = _half_plane(segment, lon, lat), _half_plane(segment, *across)
        if here and there:
            return far_side if here == there else HOME_COUNTRY
    az, _, _ = _GEOD.inv(qlon, qlat, lon, lat)
    step_m = min(PROBE_NM, distance_nm) * METRES_PER_NM
    towards = _GEOD.fwd(qlon, qlat, az, step_m)
    away = _GEOD.fwd(qlon, qlat, az + 180.0, step_m)
    plon, plat = np.array([towards[0], away[0]]), np.array([towards[1], away[1]])
    zone = [str(c) if isinstance(c, str) and c else None for c in classify(plon, plat).country]
    if (zone[0] == HOME_COUNTRY) != (zone[1] == HOME_COUNTRY):  # the zone set draws this line
        return HOME_COUNTRY if zone[0] == HOME_COUNTRY else far_side
    x, y = mercator(plon, plat)
    d_towards, d_away = shapely.distance(shapely.points(x, y), baseline)
    margin = 0.2 * step_m * float(mercator_scale(qlat)[()])
    if d_towards + margin < d_away:
        return HOME_COUNTRY
    if d_away + margin < d_towards:
        return far_side
    return None


def _nearest_segment(line: BoundaryLine, qlon: float, qlat: float) -> tuple[float, ...]:
    """The segment of ``line`` (Mercator x0, y0, x1, y1) that holds its nearest point Q."""
    best: tuple[float, ...] = ()
    best_d = math.inf
    qx, qy = (float(v[0]) for v in mercator(np.array([qlon]), np.array([qlat])))
    for part in shapely.get_parts(line.geometry):
        xy = shapely.get_coordinates(part)
        x, y = mercator(xy[:, 0], xy[:, 1])
        segs = np.column_stack([x[:-1], y[:-1], x[1:], y[1:]])
        if not len(segs):
            continue
        d, _, _ = nearest_on_segments(np.full(len(segs), qx), np.full(len(segs), qy), segs)
        i = int(np.argmin(d))
        if d[i] < best_d:
            best_d, best = float(d[i]), tuple(float(v) for v in segs[i])
    return best


def _half_plane(segment: tuple[float, ...], lon: float, lat: float) -> int:
    """+1 or -1: which side of the line through ``segment`` a point lies on (0: on it)."""
    if not segment:
        return 0
    x0, y0, x1, y1 = segment
    x, y = (float(v[0]) for v in mercator(np.array([lon]), np.array([lat])))
    cross = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)
    return 0 if cross == 0 else (1 if cross > 0 else -1)
