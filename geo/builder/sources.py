"""Reading the copied source files and giving every piece of land a country.

Natural Earth's land polygons carry no country, so the mainland and Borneo are cut along the
Natural Earth land-boundary lines and each face takes the country on its side of the line
(``adm0_a3_l``/``adm0_a3_r``). Islands touch no boundary line; they are labelled by a few
explicit rules (the Philippines, Taiwan, Indonesia's islands, Singapore and Vietnam's own
islands, which are nearer to a neighbour's coast than to Vietnam's) and otherwise take the
country of the nearest labelled coast.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.countries import to_alpha2

__all__ = [
    "SOURCES_DIR",
    "WORK_AREA",
    "WORK_BOUNDS",
    "island_label",
    "labelled_land",
    "read_sources",
]

SOURCES_DIR = Path(__file__).resolve().parent.parent / "data" / "sources"
WORK_BOUNDS = (95.0, -5.0, 129.0, 29.0)  # wider than the region so edges see their neighbours
# The hills of Yunnan, Laos and Myanmar have no coast; leaving them out keeps China and Myanmar
# from joining through boundary lines that run out of the source's bounding box.
WORK_AREA = box(*WORK_BOUNDS).difference(box(WORK_BOUNDS[0], 22.5, 104.5, WORK_BOUNDS[3]))

LAND = "ne_50m_land_scs.geojson"
LAND_BOUNDARIES = "ne_10m_admin_0_boundary_lines_land_scs.geojson"
DISPUTED = "ne_10m_admin_0_disputed_areas_scale_rank_minor_islands_scs.geojson"
MINOR_ISLANDS = "ne_10m_minor_islands_scs.geojson"
REEFS = "ne_10m_reefs_scs.geojson"

# (min lon, min lat, max lon, max lat, country) checked in order for islands.
_ISLAND_RULES: list[tuple[float, float, float, float, str]] = [
    (103.8, 9.9, 104.2, 10.5, "VN"),    # Phú Quốc
    (106.4, 8.5, 106.9, 8.9, "VN"),     # Côn Đảo
    (103.55, 1.15, 104.1, 1.5, "SG"),   # Singapore
    (99.6, 6.15, 100.0, 6.5, "MY"),     # Langkawi
    (119.5, 21.8, 122.5, 25.5, "TW"),   # Taiwan
    (122.5, 23.0, 129.0, 29.0, "JP"),   # Yaeyama islands
    (116.9, 7.5, 129.0, 21.5, "PH"),    # Palawan, Balabac, Luzon, Visayas, Mindanao, Batanes
    (119.3, 4.5, 129.0, 7.5, "PH"),     # Sulu archipelago
    (95.0, -5.0, 129.0, 1.3, "ID"),     # Sumatra, Riau, Lingga, Sulawesi...
    (95.0, 1.3, 103.4, 2.2, "ID"),      # Rupat, Bengkalis (Sumatran side of Malacca Strait)
    (105.0, 2.0, 109.5, 4.6, "ID"),     # Natuna, Anambas
]  # fmt: skip


def read_sources(sources_dir: Path = SOURCES_DIR) -> dict[str, gpd.GeoDataFrame]:
    """The Natural Earth layers, in EPSG:4326 (Marine Regions: :mod:`geo.builder.vietnam`)."""
    layers = {}
    for key, name in (
        ("land", LAND),
        ("land_boundaries", LAND_BOUNDARIES),
        ("disputed", DISPUTED),
        ("minor_islands", MINOR_ISLANDS),
        ("reefs", REEFS),
    ):
        frame = gpd.read_file(sources_dir / name)
        layers[key] = frame.set_crs(4326) if frame.crs is None else frame.to_crs(4326)
    return layers


def island_label(lon: float, lat: float) -> str | None:
    """Country of a foreign island by the explicit rules (``None`` when no rule applies)."""
    return next(
        (
            c
            for x0, y0, x1, y1, c in _ISLAND_RULES
            if x0 <= lon <= x1 and y0 <= lat <= y1 and c != "VN"
        ),
        None,
    )


def _extended(line: BaseGeometry, by_deg: float) -> list[shapely.LineString]:
    """Each part of ``line`` lengthened at both ends, so it reaches a generalised coast."""
    out = []
    for part in getattr(line, "geoms", [line]):
        xy = np.asarray(part.coords)
        if len(xy) < 2:
            continue
        starts = []
        for a, b in ((xy[0], xy[1]), (xy[-1], xy[-2])):
            direction = (a - b) / max(float(np.hypot(*(a - b))), 1e-12)
            starts.append(a + direction * by_deg)
        out.append(shapely.LineString(np.vstack([starts[0], xy, starts[1]])))
    return out


def _label_faces(faces: list[BaseGeometry], boundaries: gpd.GeoDataFrame) -> list[str | None]:
    """Vote a country for each face from the sides of the boundary lines it borders."""
    tree = shapely.STRtree(faces)
    votes: list[dict[str, int]] = [{} for _ in faces]
    for line, left, right in zip(
        boundaries.geometry, boundaries["adm0_a3_l"], boundaries["adm0_a3_r"], strict=True
    ):
        for part in getattr(line, "geoms", [line]):
            xy = np.asarray(part.coords)
            for i in range(0, len(xy) - 1, 4):
                a, b = xy[i], xy[i + 1]
                seg = b - a
                norm = float(np.hypot(*seg))
                if norm < 1e-9:
                    continue
                mid, left_normal = (a + b) / 2, np.array([-seg[1], seg[0]]) / norm
                for code, sign in ((left, 1.0), (right, -1.0)):
                    probe = shapely.Point(mid + sign * 0.002 * left_normal)
                    for idx in tree.query(probe, predicate="within"):
                        alpha2 = to_alpha2(code)
                        if alpha2:
                            votes[idx][alpha2] = votes[idx].get(alpha2, 0) + 1
    return [max(v, key=lambda k: v[k]) if v else None for v in votes]


def labelled_land(layers: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Land inside :data:`WORK_BOUNDS`, one row per piece, with its ISO alpha-2 ``country``."""
    land = shapely.intersection(shapely.union_all(layers["land"].geometry.values), WORK_AREA)
    bounds = layers["land_boundaries"]
    cut_lines = [seg for geom in bounds.geometry for seg in _extended(geom, 0.2)]
    noded = shapely.union_all([land.boundary, *cut_lines])
    faces = [
        f
        for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
        if land.contains(f.representative_point())
    ]
    labels = _label_faces(faces, bounds)
    known = [(f, c) for f, c in zip(faces, labels, strict=True) if c]
    known_tree = shapely.STRtree([f for f, _ in known])
    countries: list[str] = []
    for face, label in zip(faces, labels, strict=True):
        if label is None:
            point = face.representative_point()
            label = next(
                (
                    c
                    for x0, y0, x1, y1, c in _ISLAND_RULES
                    if x0 <= point.x <= x1 and y0 <= point.y <= y1
                ),
                None,
            )
        if label is None:
            label = known[int(known_tree.query_nearest(face)[0])][1]
        countries.append(label)
    frame = gpd.GeoDataFrame({"country": countries}, geometry=faces, crs=4326)
    return frame.dissolve("country", as_index=False)
