"""Distances in nautical miles, fast enough for millions of fixes.

Distances to boundaries are measured in the ellipsoidal Mercator plane (WGS 84): it is
conformal, so the nearest point found there is the geodesic nearest point for all practical
purposes, and a Mercator length divided by the scale factor at the segment's mid-latitude
is the geodesic length to well under 0.1 % for the tens of miles that matter near borders
(tests check < 0.5 % against :class:`pyproj.Geod`). Dead-reckoning tracks at constant course
are rhumb lines, which are straight in this plane.

>>> import numpy as np
>>> x, y = mercator(np.array([108.0]), np.array([10.0]))
>>> round(float(lonlat_from_mercator(x, y)[1][0]), 9)
10.0
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from pyproj import Geod

__all__ = [
    "METRES_PER_NM",
    "WGS84_A",
    "ellipsoidal_nm",
    "geodesic_nm",
    "lonlat_from_mercator",
    "mercator",
    "mercator_scale",
    "nearest_on_segments",
]

FloatArray = npt.NDArray[np.float64]

METRES_PER_NM = 1852.0
WGS84_A = 6378137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_E = float(np.sqrt(_E2))
_GEOD = Geod(ellps="WGS84")


def mercator(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Ellipsoidal Mercator (EPSG:3395) metres for degrees, without pyproj's per-call cost."""
    lam = np.radians(np.asarray(lon, dtype=np.float64))
    phi = np.radians(np.asarray(lat, dtype=np.float64))
    es = _E * np.sin(phi)
    y = WGS84_A * (np.arctanh(np.sin(phi)) - _E * np.arctanh(es))
    return WGS84_A * lam, y


def lonlat_from_mercator(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Inverse of :func:`mercator`: a series for the conformal latitude, then two fixed-point
    steps of the exact relation (< 1e-12 degree)."""
    t = np.exp(np.asarray(y, dtype=np.float64) / WGS84_A)
    chi = 2 * np.arctan(t) - np.pi / 2
    e2, e4, e6 = _E2, _E2**2, _E2**3
    phi = (
        chi
        + (e2 / 2 + 5 * e4 / 24 + e6 / 12) * np.sin(2 * chi)
        + (7 * e4 / 48 + 29 * e6 / 240) * np.sin(4 * chi)
        + (7 * e6 / 120) * np.sin(6 * chi)
    )
    for _ in range(2):
        es = _E * np.sin(phi)
        phi = 2 * np.arctan(t * ((1 + es) / (1 - es)) ** (_E / 2)) - np.pi / 2
    return np.degrees(np.asarray(x, dtype=np.float64) / WGS84_A), np.degrees(phi)


def mercator_scale(lat: npt.ArrayLike) -> FloatArray:
    """Mercator scale factor k(φ): Mercator metres per true metre at latitude ``lat``."""
    phi = np.radians(np.asarray(lat, dtype=np.float64))
    return np.sqrt(1 - _E2 * np.sin(phi) ** 2) / np.cos(phi)


def geodesic_nm(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> FloatArray:
    """Geodesic distance on WGS 84 in nautical miles (pyproj; the reference for tests)."""
    shape = np.broadcast(lon1, lat1, lon2, lat2).shape
    a, b, c, d = (
        np.broadcast_to(np.asarray(v, dtype=np.float64), shape).ravel()
        for v in (lon1, lat1, lon2, lat2)
    )
    _, _, dist_m = _GEOD.inv(a, b, c, d)
    return np.asarray(dist_m, dtype=np.float64).reshape(shape) / METRES_PER_NM


def ellipsoidal_nm(
    lon1: FloatArray, lat1: FloatArray, lon2: FloatArray, lat2: FloatArray
) -> FloatArray:
    """Distance on WGS 84 by the Andoyer-Lambert formula, vectorised (no pyproj call).

    A spherical central angle on reduced latitudes corrected to first order in the flattening:
    within a metre of :func:`geodesic_nm` for the tens of miles the classifier measures (tested
    against pyproj), at a small fraction of its cost per point.
    """
    b1 = np.arctan((1 - _F) * np.tan(np.radians(lat1)))
    b2 = np.arctan((1 - _F) * np.tan(np.radians(lat2)))
    dl = np.radians(lon2 - lon1)
    h = np.sin((b2 - b1) / 2) ** 2 + np.cos(b1) * np.cos(b2) * np.sin(dl / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    p, q = (b1 + b2) / 2, (b2 - b1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * np.sin(p) ** 2 * np.cos(q) ** 2 / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * np.cos(p) ** 2 * np.sin(q) ** 2 / np.sin(sigma / 2) ** 2
        d = WGS84_A * (sigma - _F / 2 * (x + y))
    return np.where(sigma > 1e-12, d, 0.0) / METRES_PER_NM


def nearest_on_segments(
    px: FloatArray, py: FloatArray, segs: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Pairwise nearest point of point *i* on segment *i*, all in Mercator metres.

    ``segs`` has shape (n, 4): x0, y0, x1, y1. Returns (distance, t, _) where ``t`` in [0, 1]
    locates the nearest point along the segment; distances are Mercator metres (divide by the
    scale factor for true metres).
    """
    x0, y0, x1, y1 = segs[:, 0], segs[:, 1], segs[:, 2], segs[:, 3]
    dx, dy = x1 - x0, y1 - y0
    len2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = ((px - x0) * dx + (py - y0) * dy) / len2
    t = np.clip(np.nan_to_num(t, nan=0.0), 0.0, 1.0)
    qx, qy = x0 + t * dx, y0 + t * dy
    return np.hypot(px - qx, py - qy), t, qy
