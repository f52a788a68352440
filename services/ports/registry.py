"""The port registry as arrays: "is this fix in port?" and "which port is nearest?" in bulk.

The stream asks this for every fix, so the test is vectorised: a bounding box (the ports' box
widened by the largest radius) screens out open sea without any distance; fixes inside it get
the equirectangular distance to every port at once (there are tens of ports, not thousands).
Equirectangular distance is exact enough within a few nautical miles of a port.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

import numpy as np

from services.ports.model import Port

__all__ = ["PortRegistry"]

_NM_PER_DEG = 60.0


class PortRegistry:
    """An immutable set of ports with vectorised look-ups.

    >>> reg = PortRegistry([Port("Cà Ná", "Ninh Thuận", 11.335, 108.875)])
    >>> bool(reg.in_port(11.34, 108.88)), bool(reg.in_port(10.0, 112.0))
    (True, False)
    """

    def __init__(self, ports: Iterable[Port]) -> None:
        self.ports: tuple[Port, ...] = tuple(ports)
        self._lat = np.array([p.lat for p in self.ports], dtype=float)
        self._lon = np.array([p.lon for p in self.ports], dtype=float)
        self._radius = np.array([p.radius_nm for p in self.ports], dtype=float)
        if self.ports:
            margin_deg = float(self._radius.max()) / _NM_PER_DEG / 0.5 + 0.01  # cos(lat) ≥ 0.5
            self._box = (
                float(self._lat.min()) - margin_deg, float(self._lat.max()) + margin_deg,
                float(self._lon.min()) - margin_deg, float(self._lon.max()) + margin_deg,
            )  # fmt: skip
        else:
            self._box = (math.inf, -math.inf, math.inf, -math.inf)

    def __len__(self) -> int:
        return len(self.ports)

    def __iter__(self) -> Iterator[Port]:
        return iter(self.ports)

    def _distances_nm(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """(n, ports) distance matrix, equirectangular."""
        mid = np.radians((lat[:, None] + self._lat[None, :]) / 2.0)
        dx = (lon[:, None] - self._lon[None, :]) * np.cos(mid) * _NM_PER_DEG
        dy = (lat[:, None] - self._lat[None, :]) * _NM_PER_DEG
        out: np.ndarray = np.hypot(dx, dy)
        return out

    def nearest_array(
        self, lat: np.ndarray | float, lon: np.ndarray | float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Index of the nearest port and its distance (nm) for each fix; -1 / inf if none."""
        la = np.atleast_1d(np.asarray(lat, dtype=float))
        lo = np.atleast_1d(np.asarray(lon, dtype=float))
        idx = np.full(la.shape, -1, dtype=np.int64)
        dist = np.full(la.shape, np.inf)
        if self.ports and len(la):
            d = self._distances_nm(la, lo)
            idx = d.argmin(axis=1)
            dist = d[np.arange(len(la)), idx]
        return idx, dist

    def port_at_array(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Index of the port each fix lies in (within that port's radius), -1 at sea."""
        la = np.atleast_1d(np.asarray(lat, dtype=float))
        lo = np.atleast_1d(np.asarray(lon, dtype=float))
        out = np.full(la.shape, -1, dtype=np.int64)
        lat_min, lat_max, lon_min, lon_max = self._box
        near = np.flatnonzero((la >= lat_min) & (la <= lat_max) & (lo >= lon_min) & (lo <= lon_max))
        if len(near):
            d = self._distances_nm(la[near], lo[near])
            inside = d <= self._radius[None, :]
            d = np.where(inside, d, np.inf)
            best = d.argmin(axis=1)
            hit = np.isfinite(d[np.arange(len(near)), best])
            out[near[hit]] = best[hit]
        return out

    def in_port(self, lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
        """True where a fix lies within a port's radius (arrays in, a boolean array out)."""
        return self.port_at_array(np.asarray(lat), np.asarray(lon)) >= 0

    def at_sea(self, lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
        """The complement of :meth:`in_port` (the tracker's ``at_sea`` column)."""
        return ~self.in_port(lat, lon)

    def port_at(self, lat: float, lon: float) -> Port | None:
        """The port a single fix lies in, or ``None`` at sea."""
        i = int(self.port_at_array(np.array([lat]), np.array([lon]))[0])
        return self.ports[i] if i >= 0 else None

    def nearest(self, lat: float, lon: float) -> tuple[Port, float] | None:
        """The nearest port and its distance in nautical miles (``None``: empty registry)."""
        idx, dist = self.nearest_array(lat, lon)
        i = int(idx[0])
        return (self.ports[i], float(dist[0])) if i >= 0 else None

    def in_province(self, province: str) -> tuple[Port, ...]:
        return tuple(p for p in self.ports if p.province == province)
