"""Classifying fixes: whose waters, how far from foreign waters, and the risk level.

:func:`classify` is the batch API the stream worker uses (numpy arrays in, numpy arrays out,
no Python loop over fixes); :func:`classify_point` wraps it for one fix. Bad fixes never
raise: they come back ``INVALID`` with a reason.

>>> import numpy as np
>>> res = classify(np.array([108.9, 100.0]), np.array([6.2, 15.0]))
>>> [Risk(r).name for r in res.risk]
['INSIDE_FOREIGN', 'INVALID']
>>> res.country[0], res.reason[1]
('ID', 'on land')
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from enum import IntEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from geo.index import LAND, NONE
from geo.predict import crossings
from geo.zones import ZoneSet, load_zones
from services.vocabulary import RiskLevel

__all__ = [
    "HIGH_SEAS",
    "Classification",
    "PointClassification",
    "Risk",
    "classify",
    "classify_point",
]

HIGH_SEAS = "high_seas"  # zone_kind of water that is in no zone of the set
ObjArray = npt.NDArray[np.object_]
FloatArray = npt.NDArray[np.float64]


class Risk(IntEnum):
    """Risk level of a fix as the ``int8`` code of geo's result arrays.

    The level itself (its wire name, escalation rank and severity) is
    :class:`services.vocabulary.RiskLevel`; the codes are its ``code``s, and ``Risk(code).name``
    (or ``.level``) gives the level.
    """

    SAFE = RiskLevel.SAFE.code
    APPROACHING = RiskLevel.APPROACHING.code
    IMMINENT = RiskLevel.IMMINENT.code
    INSIDE_FOREIGN = RiskLevel.INSIDE_FOREIGN.code
    DISPUTED = RiskLevel.DISPUTED.code
    INVALID = RiskLevel.INVALID.code
    OVERLAP = RiskLevel.OVERLAP.code
    ARCHIPELAGO = RiskLevel.ARCHIPELAGO.code

    @property
    def level(self) -> RiskLevel:
        return RiskLevel[self.name]


@dataclass(frozen=True, eq=False)
class Classification:
    """Per-fix results; every field is a numpy array as long as the input."""

    risk: npt.NDArray[np.int8]
    country: ObjArray
    zone_kind: ObjArray
    zone_name: ObjArray
    foreign: npt.NDArray[np.bool_]
    distance_nm: FloatArray
    nearest_country: ObjArray
    minutes_to_crossing: FloatArray
    entering_country: ObjArray
    reason: ObjArray
    # the watched zone across the nearest frontier / entered by the predicted track
    nearest_kind: ObjArray = None  # type: ignore[assignment]  # filled in __post_init__
    nearest_name: ObjArray = None  # type: ignore[assignment]
    entering_kind: ObjArray = None  # type: ignore[assignment]
    entering_name: ObjArray = None  # type: ignore[assignment]
    # the approach-warning distance of the watched zone across the nearest frontier (its own
    # warning_nm, else the default): what the tracker's hysteresis is measured from
    warning_nm: FloatArray = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        for name in ("nearest_kind", "nearest_name", "entering_kind", "entering_name"):
            if getattr(self, name) is None:  # built by hand (tests, adapters): all unknown
                object.__setattr__(self, name, np.full(self.risk.shape, None, dtype=object))
        if self.warning_nm is None:
            object.__setattr__(self, "warning_nm", np.full(self.risk.shape, np.nan))

    def __len__(self) -> int:
        return int(self.risk.shape[0])

    def row(self, i: int) -> PointClassification:
        """Fix ``i`` as Python scalars (NaN becomes ``None``)."""

        def num(value: float) -> float | None:
            return None if math.isnan(value) else round(float(value), 3)

        return PointClassification(
            risk=Risk(int(self.risk[i])).name,
            country=self.country[i],
            zone_kind=self.zone_kind[i],
            zone_name=self.zone_name[i],
            foreign=bool(self.foreign[i]),
            distance_nm=num(self.distance_nm[i]),
            nearest_country=self.nearest_country[i],
            minutes_to_crossing=num(self.minutes_to_crossing[i]),
            entering_country=self.entering_country[i],
            reason=self.reason[i],
            nearest_kind=self.nearest_kind[i],
            nearest_name=self.nearest_name[i],
            entering_kind=self.entering_kind[i],
            entering_name=self.entering_name[i],
            warning_nm=num(self.warning_nm[i]),
        )


@dataclass(frozen=True)
class PointClassification:
    """One fix's result, JSON-ready (what the CLI prints and the API returns)."""

    risk: str
    country: str | None
    zone_kind: str | None
    zone_name: str | None
    foreign: bool
    distance_nm: float | None
    nearest_country: str | None
    minutes_to_crossing: float | None
    entering_country: str | None
    reason: str | None
    nearest_kind: str | None = None
    nearest_name: str | None = None
    entering_kind: str | None = None
    entering_name: str | None = None
    warning_nm: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _floats(value: npt.ArrayLike | None, n: int, what: str) -> FloatArray:
    """Speed or course as a float array of length ``n`` (``None`` = all unknown)."""
    if value is None:
        return np.full(n, np.nan)
    arr = np.asarray(value, dtype=np.float64).ravel()
    if arr.size not in (1, n):
        raise ValueError(f"{what} has {arr.size} values for {n} positions")
    return np.broadcast_to(arr, (n,)).copy()


def _invalid_reasons(
    lon: FloatArray, lat: FloatArray, zones: ZoneSet
) -> tuple[ObjArray, npt.NDArray[np.intp]]:
    """Why each fix is invalid (``None`` when it is not), and the positions of the valid ones.

    Masks only: the object array is written where a fix is bad, never compared per fix (a
    million-fix batch is almost all valid).
    """
    reason = np.full(lon.shape, None, dtype=object)
    minx, miny, maxx, maxy = zones.bounds
    with np.errstate(invalid="ignore"):
        checks = [
            (~np.isfinite(lon) | ~np.isfinite(lat), "NaN coordinate"),
            (np.abs(lat) > 90, "latitude out of range"),
            (np.abs(lon) > 180, "longitude out of range"),
            (
                (lon < minx) | (lon > maxx) | (lat < miny) | (lat > maxy),
                f"outside zone coverage (lon {minx:g}..{maxx:g}, lat {miny:g}..{maxy:g})",
            ),
        ]
    bad = np.zeros(lon.shape, dtype=bool)
    for mask, _ in checks:
        bad |= mask
    if bad.any():
        for mask, text in reversed(checks):  # the first check that applies is written last
            reason[mask] = text
    return reason, np.flatnonzero(~bad)


def _where_known(known: npt.NDArray[np.bool_], values: ObjArray) -> ObjArray:
    """``values`` where ``known``, ``None`` elsewhere."""
    out = np.full(values.shape, None, dtype=object)
    out[known] = values[known]
    return out


def classify(
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    speed_kn: npt.ArrayLike | None = None,
    course_deg: npt.ArrayLike | None = None,
    *,
    zones: ZoneSet | None = None,
    warning_nm: float = 5.0,
    horizon_min: float = 60.0,
) -> Classification:
    """Classify many fixes at once against ``zones`` (the shipped default set if ``None``).

    Risk, in order of precedence: ``INVALID`` (NaN, out of range, outside coverage, on
    land), ``INSIDE_FOREIGN`` (another country's territorial sea or EEZ), ``ARCHIPELAGO``
    (inside quần đảo Hoàng Sa or Trường Sa, where foreign forces seize and expel Vietnamese
    boats), ``IMMINENT`` (the dead-reckoned track meets watched waters within ``horizon_min``;
    needs speed and course), ``OVERLAP`` (inside an area where a neighbour patrols and arrests),
    ``APPROACHING`` (within the warning distance of watched waters: the zone's own
    ``warning_nm``, else ``warning_nm``), ``DISPUTED``, ``SAFE``. NaN speed or course means
    unknown. ``distance_nm`` is exact (geodesic) below ~20 nm or the warning distance and a lower
    bound beyond; it is NaN for invalid fixes. ``nearest_*`` describe the watched zone across the
    nearest frontier, ``entering_*`` the one a predicted track enters.
    """
    zs = zones if zones is not None else load_zones()
    index = zs.index
    lon_a = np.atleast_1d(np.asarray(lon, dtype=np.float64)).ravel()
    lat_a = np.atleast_1d(np.asarray(lat, dtype=np.float64)).ravel()
    if lon_a.shape != lat_a.shape:  # a programming error, not bad data: raise
        raise ValueError("lon and lat must have the same length")
    n = lon_a.size
    speed, course = _floats(speed_kn, n, "speed_kn"), _floats(course_deg, n, "course_deg")
    reason, ok = _invalid_reasons(lon_a, lat_a, zs)

    risk = np.full(n, Risk.INVALID, dtype=np.int8)
    country = np.full(n, None, dtype=object)
    kind = np.full(n, None, dtype=object)
    name = np.full(n, None, dtype=object)
    foreign = np.zeros(n, dtype=bool)
    distance = np.full(n, np.nan)
    nearest = np.full(n, None, dtype=object)
    minutes = np.full(n, np.nan)
    entering = np.full(n, None, dtype=object)
    near_kind = np.full(n, None, dtype=object)
    near_name = np.full(n, None, dtype=object)
    ent_kind = np.full(n, None, dtype=object)
    ent_name = np.full(n, None, dtype=object)
    warn = np.full(n, np.nan)

    code = index.zone_of(lon_a[ok], lat_a[ok])
    on_land = code == LAND
    reason[ok[on_land]] = "on land"
    ok, code = ok[~on_land], code[~on_land]
    in_zone = code != NONE
    zc = np.where(in_zone, code, 0)
    inz = ok[in_zone]
    country[inz], kind[inz], name[inz] = (
        zs.country[zc[in_zone]],
        zs.kind[zc[in_zone]],
        zs.name[zc[in_zone]],
    )
    kind[ok[~in_zone]] = HIGH_SEAS
    foreign[ok] = in_zone & zs.foreign[zc]
    watched = in_zone & zs.watched[zc]

    exact_nm = max(warning_nm, float(np.nanmax(zs.warning_nm, initial=0.0))) + 1.0
    dist, near_z, margin = index.distance_nm(
        lon_a[ok], lat_a[ok], exact_below_nm=exact_nm, warning_nm=warning_nm
    )
    distance[ok] = dist
    known = near_z >= 0
    nz = np.where(known, near_z, 0)
    near_c, near_k, near_n = (
        _where_known(known, col[nz]) for col in (zs.country, zs.kind, zs.name)
    )
    fill = watched & ~known  # deep inside watched waters: the zone itself
    near_c[fill], near_k[fill], near_n[fill] = (country[ok][fill], kind[ok][fill], name[ok][fill])
    nearest[ok], near_kind[ok], near_name[ok] = near_c, near_k, near_n
    own = np.where(known, zs.warning_nm[nz], np.nan)
    warn[ok] = np.where(np.isfinite(own), own, warning_nm)

    with np.errstate(invalid="ignore"):
        moving = (speed[ok] > 0) & np.isfinite(course[ok]) & ~watched
        moving &= dist < speed[ok] * horizon_min / 60.0
    mv = ok[moving]
    m_min, m_zone = crossings(
        index, lon_a[mv], lat_a[mv], speed[mv], np.mod(course[mv], 360.0), horizon_min
    )
    minutes[mv] = m_min
    hit = m_zone >= 0
    mz = np.where(hit, m_zone, 0)
    entering[mv], ent_kind[mv], ent_name[mv] = (
        _where_known(hit, col[mz]) for col in (zs.country, zs.kind, zs.name)
    )

    # the level of being inside each zone, looked up by zone number (no string comparisons)
    inside = zs.inside_risk[zc]
    r = np.where(in_zone & (inside == Risk.DISPUTED), Risk.DISPUTED, Risk.SAFE).astype(np.int8)
    r[~watched & (margin <= 0)] = Risk.APPROACHING
    r[in_zone & (inside == Risk.OVERLAP)] = Risk.OVERLAP
    r[np.isfinite(minutes[ok])] = Risk.IMMINENT
    r[in_zone & (inside == Risk.ARCHIPELAGO)] = Risk.ARCHIPELAGO
    r[foreign[ok]] = Risk.INSIDE_FOREIGN
    risk[ok] = r
    return Classification(
        risk=risk,
        country=country,
        zone_kind=kind,
        zone_name=name,
        foreign=foreign,
        distance_nm=distance,
        nearest_country=nearest,
        minutes_to_crossing=minutes,
        entering_country=entering,
        reason=reason,
        nearest_kind=near_kind,
        nearest_name=near_name,
        entering_kind=ent_kind,
        entering_name=ent_name,
        warning_nm=warn,
    )


def classify_point(
    lat: float,
    lon: float,
    speed_kn: float | None = None,
    course_deg: float | None = None,
    *,
    zones: ZoneSet | None = None,
    warning_nm: float = 5.0,
    horizon_min: float = 60.0,
) -> PointClassification:
    """One fix (note: latitude first, as people say it); wraps :func:`classify`."""
    res = classify(
        np.array([lon], dtype=np.float64),
        np.array([lat], dtype=np.float64),
        None if speed_kn is None else np.array([speed_kn], dtype=np.float64),
        None if course_deg is None else np.array([course_deg], dtype=np.float64),
        zones=zones,
        warning_nm=warning_nm,
        horizon_min=horizon_min,
    )
    return res.row(0)
