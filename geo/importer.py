"""Importing authoritative zone files (GeoJSON, GeoPackage, Shapefile) in place of ours.

Every feature is checked on its own and either accepted, repaired (with the reason) or
rejected (with the reason); a file is refused as a whole only if no feature survives. Features
may not overlap: a later feature loses the part an earlier one already covers (reported as a
repair), so that each point of sea has one answer.

Accepted attribute names (case-insensitive): country in ``country``, ``iso2``, ``iso_a2``,
``iso3``, ``iso_sov1`` or ``sovereign`` (alpha-2 or alpha-3); kind in ``kind``, ``zone_kind``
or ``type`` (``territorial_sea``/``territorial sea``/``12nm``, ``eez``/``200nm``, ``disputed``,
``joint``/``joint regime``/``joint development``, ``archipelago``, ``overlap``); optional
``name``, ``source``, ``warning_nm`` (the zone's approach-warning distance),
``indicative``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.countries import country_name_vi, to_alpha2
from geo.errors import ZoneImportError
from geo.zones import KINDS, ZoneSet

__all__ = ["ImportReport", "import_zones", "merge_zones", "normalise_zones", "read_zone_file"]

Mode = Literal["replace", "extend"]
_COUNTRY_KEYS = ("country", "iso2", "iso_a2", "iso3", "iso_sov1", "sovereign")
_KIND_KEYS = ("kind", "zone_kind", "type")
_KIND_ALIASES = {
    "territorial_sea": "territorial_sea", "territorial sea": "territorial_sea",
    "territorial": "territorial_sea", "12nm": "territorial_sea", "ts": "territorial_sea",
    "eez": "eez", "exclusive economic zone": "eez", "200nm": "eez",
    "disputed": "disputed", "disputed area": "disputed", "overlapping claim": "disputed",
    "joint": "joint", "joint regime": "joint", "joint development": "joint",
    "joint development area": "joint",
    "archipelago": "archipelago", "quần đảo": "archipelago",
    "overlap": "overlap", "overlap area": "overlap", "enforcement area": "overlap",
    "vùng chồng lấn": "overlap",
}  # fmt: skip


@dataclass
class ImportReport:
    """What happened to each feature of an imported file."""

    zones: gpd.GeoDataFrame
    repaired: list[tuple[int, str]] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return len(self.zones)


def read_zone_file(path: Path) -> gpd.GeoDataFrame:
    """Read any vector file geopandas knows (a GeoPackage's ``zones`` layer if it has one)."""
    try:
        if path.suffix.lower() == ".gpkg" and "zones" in set(gpd.list_layers(path)["name"]):
            return gpd.read_file(path, layer="zones")
        return gpd.read_file(path)
    except Exception as exc:  # pyogrio/fiona raise many types; the message is what matters
        raise ZoneImportError(f"cannot read {path}: {exc}") from exc


def _pick(row: pd.Series, keys: tuple[str, ...]) -> object:
    lower = {str(k).lower(): k for k in row.index}
    for key in keys:
        if key in lower:
            value = row[lower[key]]
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def normalise_zones(frame: gpd.GeoDataFrame, source: str) -> ImportReport:
    """Check, repair and normalise features to the zone schema in EPSG:4326."""
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise ZoneImportError("the file has no CRS and its coordinates are not degrees")
        frame = frame.set_crs(4326)
    frame = frame.to_crs(4326)
    rows, repaired, rejected = [], [], []
    covered = shapely.Polygon()
    for i, (_, row) in enumerate(frame.iterrows()):
        geom = row.geometry
        if geom is None or geom.is_empty:
            rejected.append((i, "empty geometry"))
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            rejected.append((i, f"not a polygon ({geom.geom_type})"))
            continue
        if not geom.is_valid:
            why = shapely.is_valid_reason(geom)
            geom = _polygonal(shapely.make_valid(geom))
            if geom.is_empty:
                rejected.append((i, f"invalid geometry could not be repaired ({why})"))
                continue
            repaired.append((i, f"invalid geometry repaired ({why})"))
        raw_kind = _pick(row, _KIND_KEYS)
        kind = _KIND_ALIASES.get(str(raw_kind).lower()) if raw_kind else None
        if kind is None:
            rejected.append((i, f"unknown or missing kind {raw_kind!r} (expected one of {KINDS})"))
            continue
        raw_country = _pick(row, _COUNTRY_KEYS)
        country = to_alpha2(str(raw_country)) if raw_country else None
        if raw_country and country is None:
            rejected.append((i, f"unknown country code {raw_country!r}"))
            continue
        if country is None and kind in ("territorial_sea", "eez"):
            rejected.append((i, f"a {kind} zone needs a country"))
            continue
        if geom.intersects(covered):
            trimmed = _polygonal(geom.difference(covered))
            if trimmed.is_empty:
                rejected.append((i, "entirely covered by earlier features"))
                continue
            if trimmed.area < geom.area * (1 - 1e-9):
                repaired.append((i, "overlapped earlier features; overlap removed"))
            geom = trimmed
        covered = covered.union(geom)
        indicative = row.get("indicative", False)
        warn = pd.to_numeric(pd.Series([row.get("warning_nm")]), errors="coerce").iloc[0]
        rows.append(
            {
                "country": country,
                "country_name_vi": country_name_vi(country),
                "kind": kind,
                "name": _pick(row, ("name",)),
                "source": _pick(row, ("source",)) or source,
                "indicative": bool(indicative) if pd.notna(indicative) else False,
                "warning_nm": float(warn) if pd.notna(warn) else float("nan"),
                "geometry": geom,
            }
        )
    if not rows:
        raise ZoneImportError("no usable zone in the file", rejected)
    zones = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    return ImportReport(zones=zones, repaired=repaired, rejected=rejected)


def merge_zones(base: ZoneSet, imported: gpd.GeoDataFrame, mode: Mode) -> gpd.GeoDataFrame:
    """``replace``: the imported zones alone; ``extend``: they win where they overlap ours."""
    if mode == "replace":
        return imported
    cover = shapely.union_all(imported.geometry.values)
    kept = base.zones.copy()
    kept["geometry"] = [_polygonal(g.difference(cover)) for g in kept.geometry]
    kept = kept[~kept.geometry.is_empty]
    merged = pd.concat([kept[imported.columns], imported], ignore_index=True)
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=4326)


def import_zones(path: Path, target: Path, base: ZoneSet, mode: Mode = "replace") -> ImportReport:
    """Import ``path`` and write the resulting zone set (with ``base``'s land) to ``target``."""
    report = normalise_zones(read_zone_file(path), source=path.name)
    zones = merge_zones(base, report.zones, mode)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp.gpkg")
    if tmp.exists():
        tmp.unlink()
    zones.to_file(tmp, layer="zones", driver="GPKG")
    gpd.GeoDataFrame({"kind": ["land"]}, geometry=[base.land], crs=4326).to_file(
        tmp, layer="land", driver="GPKG", mode="a"
    )
    tmp.replace(target)  # atomic: readers see the old or the new set, never half of one
    report.zones = zones
    return report
