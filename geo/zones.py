"""Zone sets: the polygons the classifier answers with, loaded once and cached.

A zone set is a GeoPackage (or any file geopandas reads) with a ``zones`` layer: one row per
zone with ``country`` (ISO alpha-2, empty for disputed areas), ``kind`` (one of :data:`KINDS`),
``name``, ``source``, ``indicative``, an optional ``warning_nm`` (the zone's own approach-warning
distance) and a polygonal geometry in EPSG:4326, an optional ``land`` layer (the shipped land
mask is used when it is missing) and an optional ``lines`` layer (boundary lines with their type
and source, for the map). Zones must not overlap; the
default set is built by :mod:`geo.builder` and :func:`geo.importer.import_zones` checks imports.

>>> zs = load_zones()
>>> sorted(set(zs.zones["kind"]))
['archipelago', 'disputed', 'eez', 'overlap', 'territorial_sea']
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from geo.countries import HOME_COUNTRY, country_name_vi
from geo.errors import ZoneDataError
from services.vocabulary.zones import LINE_TYPE_CODES

if TYPE_CHECKING:
    from geo.index import ZoneIndex

__all__ = [
    "DEFAULT_ZONES_PATH",
    "FOREIGN_KINDS",
    "KINDS",
    "MAX_WARNING_NM",
    "REGION_BOUNDS",
    "RISK_KINDS",
    "ZoneSet",
    "load_zones",
    "parse_warning_overrides",
]

DEFAULT_ZONES_PATH = Path(__file__).resolve().parent / "data" / "zones.gpkg"
REGION_BOUNDS = (99.0, 0.0, 125.0, 25.0)
MAX_WARNING_NM = 18.0  # the index computes exact distances up to 20 nm
KINDS = ("territorial_sea", "eez", "archipelago", "overlap", "disputed", "joint")
FOREIGN_KINDS = ("territorial_sea", "eez")  # joint, disputed, overlap areas are not "foreign"
# Kinds whose entry is itself a risk: foreign forces patrol, seize and expel there.
RISK_KINDS = ("archipelago", "overlap", "disputed")
COLUMNS = ("country", "country_name_vi", "kind", "name", "source", "indicative", "warning_nm")


@dataclass(eq=False)
class ZoneSet:
    """Zones plus the land mask; the spatial index is built on first use and kept."""

    zones: gpd.GeoDataFrame
    land: BaseGeometry
    lines: gpd.GeoDataFrame | None = None  # boundary lines with their type and source (map)
    home: str = HOME_COUNTRY
    path: Path | None = None
    bounds: tuple[float, float, float, float] = field(default=REGION_BOUNDS)

    def __post_init__(self) -> None:
        if self.zones.empty:
            raise ZoneDataError("a zone set needs at least one zone")
        unknown = set(self.zones["kind"]) - set(KINDS)
        if unknown:
            raise ZoneDataError(f"unknown zone kind(s): {sorted(unknown)}")
        minx, miny, maxx, maxy = self.zones.total_bounds
        b = self.bounds
        self.bounds = (min(b[0], minx), min(b[1], miny), max(b[2], maxx), max(b[3], maxy))

    @cached_property
    def geometries(self) -> npt.NDArray[np.object_]:
        """Zone polygons, prepared for fast point tests."""
        geoms = np.asarray(self.zones.geometry.values, dtype=object)
        shapely.prepare(geoms)
        return geoms

    def column(self, name: str) -> npt.NDArray[np.object_]:
        """A text column as an object array with ``None`` (never NaN) for missing values."""
        return np.array(
            [v if isinstance(v, str) and v else None for v in self.zones[name]], dtype=object
        )

    @cached_property
    def country(self) -> npt.NDArray[np.object_]:
        return self.column("country")

    @cached_property
    def kind(self) -> npt.NDArray[np.object_]:
        return self.column("kind")

    @cached_property
    def name(self) -> npt.NDArray[np.object_]:
        return self.column("name")

    @cached_property
    def foreign(self) -> npt.NDArray[np.bool_]:
        """Per zone: True when it is another country's territorial sea or EEZ."""
        return np.array(
            [
                bool(c) and c != self.home and k in FOREIGN_KINDS
                for c, k in zip(self.country, self.kind, strict=True)
            ],
            dtype=bool,
        )

    @cached_property
    def watched(self) -> npt.NDArray[np.bool_]:
        """Per zone: foreign waters or a risk kind; the classifier warns before entering these."""
        return self.foreign | np.isin(self.kind.astype(str), RISK_KINDS)

    @cached_property
    def inside_risk(self) -> npt.NDArray[np.int8]:
        """Per zone: the risk code of a fix inside it before prediction (``geo.Risk`` codes)."""
        from services.vocabulary import RiskLevel

        by_kind = {
            "disputed": RiskLevel.DISPUTED,
            "overlap": RiskLevel.OVERLAP,
            "archipelago": RiskLevel.ARCHIPELAGO,
        }
        codes = [
            RiskLevel.INSIDE_FOREIGN.code if f else by_kind.get(str(k), RiskLevel.SAFE).code
            for k, f in zip(self.kind, self.foreign, strict=True)
        ]
        return np.array(codes, dtype=np.int8)

    @cached_property
    def warning_nm(self) -> npt.NDArray[np.float64]:
        """Per zone approach-warning distance in nm (NaN: the classifier's default)."""
        if "warning_nm" not in self.zones.columns:
            return np.full(len(self.zones), np.nan)
        values = np.asarray(self.zones["warning_nm"], dtype=np.float64)
        return np.clip(values, 0.0, MAX_WARNING_NM)

    def warning_keys(self, i: int) -> tuple[str, ...]:
        """The keys an override may use for zone ``i``, most specific first."""
        name, kind, country = self.name[i], str(self.kind[i]), self.country[i]
        keys = [name] if name else []
        if country:
            keys += [f"{kind}:{country}", country]
        return (*keys, kind)

    def with_warnings(self, overrides: Mapping[str, float]) -> ZoneSet:
        """A copy whose zones warn from the distances in ``overrides`` (settings over the file).

        A zone takes the value of its most specific key: its name, then ``kind:country``
        (``eez:MY``), its country, its kind (``overlap``). Zones no key matches keep their own
        ``warning_nm``. Classification stays vectorised: the distances become the index's
        per-segment column, as the file's do.

        >>> zs = load_zones().with_warnings({"overlap": 15.0, "ID": 11.0})
        >>> keys = zip(zs.kind, zs.country, zs.name, strict=True)
        >>> warn = {k: float(v) for k, v in zip(keys, zs.warning_nm, strict=True)}
        >>> warn["overlap", "ID", "vùng chồng lấn Việt Nam – Indonesia"]  # its country first
        11.0
        >>> warn["overlap", "MY", "vùng chồng lấn Việt Nam – Malaysia"], warn["eez", "ID", None]
        (15.0, 11.0)
        >>> warn["archipelago", "VN", "quần đảo Hoàng Sa"]  # no key: the file's own
        12.0
        """
        if not overrides:
            return self
        warn = self.warning_nm.copy()
        for i in range(len(self.zones)):
            for key in self.warning_keys(i):
                if key in overrides:
                    warn[i] = float(overrides[key])
                    break
        zones = self.zones.copy()
        zones["warning_nm"] = warn
        return ZoneSet(
            zones=zones,
            land=self.land,
            lines=self.lines,
            home=self.home,
            path=self.path,
            bounds=self.bounds,
        )

    def unmatched_warning_keys(self, overrides: Mapping[str, float]) -> list[str]:
        """Override keys that match no zone of this set (a typo, or a zone an import dropped)."""
        known = {key for i in range(len(self.zones)) for key in self.warning_keys(i)}
        return sorted(set(overrides) - known)

    @cached_property
    def index(self) -> ZoneIndex:
        """The grid and boundary index used by :func:`geo.classify` (built once, ~seconds)."""
        from geo.index import ZoneIndex

        return ZoneIndex.build(self)

    def to_geojson(self, simplify_deg: float = 0.0, decimals: int = 6) -> dict[str, Any]:
        """The zones as a GeoJSON FeatureCollection (properties as in the zone file).

        ``simplify_deg`` simplifies the zones together (no gaps or overlaps appear) and
        ``decimals`` rounds coordinates, both to keep a map's download small.
        """
        frame = self.zones[[c for c in (*COLUMNS, "geometry") if c in self.zones.columns]].copy()
        geoms = frame.geometry.values
        if simplify_deg:
            geoms = shapely.coverage_simplify(geoms, simplify_deg)
        frame["geometry"] = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
        frame["indicative"] = frame["indicative"].astype(bool)
        frame = frame.astype({"country": object, "name": object})
        frame = frame.where(frame.notna(), None)
        result: dict[str, Any] = json.loads(frame.to_json(drop_id=True, to_wgs84=False))
        if self.lines is not None and len(self.lines):
            result["features"].extend(self._line_features(simplify_deg, decimals))
        return result

    def _line_features(self, simplify_deg: float, decimals: int) -> list[dict[str, Any]]:
        """Boundary lines as features: Vietnamese name, line-type code, source, indicative."""
        lines = self.lines if self.lines is not None else gpd.GeoDataFrame()
        geoms = lines.geometry.values
        if simplify_deg:
            geoms = shapely.simplify(geoms, simplify_deg)
        geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
        out = []
        for row, geom in zip(lines.itertuples(index=False), geoms, strict=True):
            if geom is None or geom.is_empty:
                continue
            code = LINE_TYPE_CODES.get(str(row.line_type), "other")
            out.append(
                {
                    "type": "Feature",
                    "geometry": shapely.geometry.mapping(geom),
                    "properties": {
                        "kind": "line",
                        "line_type": code,
                        "country": _text(row.neighbour),
                        "name": _text(row.name_vi),
                        "source": _text(row.source),
                        "line_id": int(row.line_id),
                        "source_vi": _text(getattr(row, "source_vi", None)),
                        "indicative": code != "treaty",
                    },
                }
            )
        return out


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _frame(path: Path, layer: str) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path, layer=layer)
    return frame.set_crs(4326) if frame.crs is None else frame.to_crs(4326)


@lru_cache(maxsize=8)
def _load(path_str: str, mtime: float) -> ZoneSet:
    path = Path(path_str)
    try:
        layers = set(gpd.list_layers(path)["name"]) if path.suffix.lower() == ".gpkg" else set()
        zones = _frame(path, "zones") if "zones" in layers else gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise ZoneDataError(f"cannot read zones from {path}: {exc}") from exc
    if zones.crs is None:
        zones = zones.set_crs(4326)
    zones = zones.to_crs(4326)
    missing = {"country", "kind"} - set(zones.columns)
    if missing:
        raise ZoneDataError(f"{path}: zones lack column(s) {sorted(missing)}")
    zones["country"] = [c if isinstance(c, str) and c else None for c in zones["country"]]
    for column, default in (
        ("name", None),
        ("source", str(path.name)),
        ("indicative", True),
        ("warning_nm", float("nan")),
    ):
        if column not in zones.columns:
            zones[column] = default
    zones["country_name_vi"] = [country_name_vi(c) for c in zones["country"]]
    if "land" in layers:
        land = shapely.union_all(_frame(path, "land").geometry.values)
    elif path != DEFAULT_ZONES_PATH:
        land = load_zones().land
    else:
        raise ZoneDataError(f"{path}: the default zone set has no land layer")
    lines = _frame(path, "lines") if "lines" in layers else None
    return ZoneSet(zones=zones.reset_index(drop=True), land=land, lines=lines, path=path)


def load_zones(path: str | Path | None = None) -> ZoneSet:
    """The shipped default zone set, or the one in ``path``; cached per file and mtime."""
    target = Path(path) if path is not None else DEFAULT_ZONES_PATH
    if not target.exists():
        raise ZoneDataError(f"zone file not found: {target}")
    return _load(str(target.resolve()), target.stat().st_mtime)


def parse_warning_overrides(text: str) -> dict[str, float]:
    """Per-zone approach-warning distances from a setting: ``key=nm`` pairs split by ``;``.

    Keys are a zone name, ``kind:country``, a country code or a zone kind (see
    :meth:`ZoneSet.with_warnings`); distances are nautical miles, 0 to :data:`MAX_WARNING_NM`.
    A malformed entry raises :class:`ZoneDataError`: a setting nobody applies must be seen.

    >>> parse_warning_overrides("overlap=10; eez:MY = 8 ;vùng chồng lấn Việt Nam – Malaysia=12")
    {'overlap': 10.0, 'eez:MY': 8.0, 'vùng chồng lấn Việt Nam – Malaysia': 12.0}
    >>> parse_warning_overrides("")
    {}
    """
    out: dict[str, float] = {}
    for raw in text.split(";"):
        entry = raw.strip()
        if not entry:
            continue
        key, sep, value = entry.rpartition("=")
        key = key.strip()
        try:
            nm = float(value)
        except ValueError:
            nm = float("nan")
        if not sep or not key or not 0.0 <= nm <= MAX_WARNING_NM:
            raise ZoneDataError(
                f"zone warning distance {entry!r}: expected key=nm with 0 <= nm <= "
                f"{MAX_WARNING_NM:g}"
            )
        out[key] = nm
    return out
