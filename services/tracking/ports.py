"""Fishing ports of the pilot provinces: a fix near one means the boat is in port, not at sea.

Decree 26/2019 asks for VMS from port to port, so a boat that goes silent *in port* is not
"going dark". Coordinates are approximate harbour mouths (to ~0.01°), enough for a 3 nm radius.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["PORTS", "Port", "at_sea", "at_sea_array", "nearest_port"]

IN_PORT_RADIUS_NM = 3.0


@dataclass(frozen=True, slots=True)
class Port:
    name: str
    province: str
    prefix: str  # registration prefix of boats from this province
    lat: float
    lon: float


PORTS: tuple[Port, ...] = (
    Port("Sa Kỳ", "Quảng Ngãi", "QNg", 15.205, 108.930),
    Port("Tịnh Kỳ", "Quảng Ngãi", "QNg", 15.230, 108.920),
    Port("Sa Huỳnh", "Quảng Ngãi", "QNg", 14.660, 109.075),
    Port("Lý Sơn", "Quảng Ngãi", "QNg", 15.380, 109.110),
    Port("Ninh Chữ", "Ninh Thuận", "NT", 11.590, 109.035),
    Port("Đông Hải", "Ninh Thuận", "NT", 11.555, 109.010),
    Port("Cà Ná", "Ninh Thuận", "NT", 11.335, 108.875),
)


def _distance_nm(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    kx = math.cos(math.radians((lat1 + lat2) / 2)) * 60.0
    return math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 60.0)


def nearest_port(lat: float, lon: float) -> tuple[Port, float]:
    """The closest port and its distance in nautical miles (equirectangular: short ranges)."""
    best = min(PORTS, key=lambda p: _distance_nm(lat, lon, p.lat, p.lon))
    return best, _distance_nm(lat, lon, best.lat, best.lon)


# The ports' bounding box widened by more than the in-port radius (0.1° ≥ 5.7 nm at these
# latitudes): outside it a fix is at sea without computing any distance — the stream path asks
# this for every fix.
_MARGIN_DEG = 0.1
_LAT_MIN = min(p.lat for p in PORTS) - _MARGIN_DEG
_LAT_MAX = max(p.lat for p in PORTS) + _MARGIN_DEG
_LON_MIN = min(p.lon for p in PORTS) - _MARGIN_DEG
_LON_MAX = max(p.lon for p in PORTS) + _MARGIN_DEG
assert _MARGIN_DEG * 60 * 0.95 > IN_PORT_RADIUS_NM


def at_sea(lat: float, lon: float) -> bool:
    """True unless within 3 nm of a known fishing port."""
    if not (_LAT_MIN <= lat <= _LAT_MAX and _LON_MIN <= lon <= _LON_MAX):
        return True
    return nearest_port(lat, lon)[1] > IN_PORT_RADIUS_NM


def at_sea_array(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """:func:`at_sea` for many fixes: the box test vectorised, the few fixes inside it exact.

    The fixes inside the box go through :func:`at_sea` itself, so both forms agree bit for bit.
    """
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    out = np.ones(lat.shape, dtype=bool)
    box = (lat >= _LAT_MIN) & (lat <= _LAT_MAX) & (lon >= _LON_MIN) & (lon <= _LON_MAX)
    near = np.flatnonzero(box)
    for i in near.tolist():
        out[i] = at_sea(float(lat[i]), float(lon[i]))
    return out
