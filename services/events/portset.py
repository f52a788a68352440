"""Ports as arrays, with a grid for "which port is near this fix" over millions of fixes.

The detectors need one question answered per fix: the nearest port within a few kilometres,
and how far. A grid of cells at least that radius wide, each listing the ports whose radius
reaches it, turns this into one hash look-up per fix and a distance to the one or two ports
listed there; fixes in open sea (almost all) stop at the look-up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from services.events.tracks import distance_m

__all__ = ["PortSet", "ports_in_force"]

_OFF = 1 << 20  # keeps cell numbers positive in the packed key
_M_PER_DEG = 111_320.0


@dataclass(frozen=True, eq=False)
class PortSet:
    """Named port positions with an entry and an exit radius each (metres)."""

    names: tuple[str, ...]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    entry_m: npt.NDArray[np.float64]
    exit_m: npt.NDArray[np.float64]
    _grid: dict[float, tuple[Any, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_points(
        cls,
        names: Sequence[str],
        lat: Sequence[float],
        lon: Sequence[float],
        entry_m: float | Sequence[float] = 3000.0,
        exit_m: float | Sequence[float] = 4000.0,
    ) -> PortSet:
        n = len(names)
        return cls(
            tuple(names),
            np.asarray(lat, dtype=np.float64).reshape(n),
            np.asarray(lon, dtype=np.float64).reshape(n),
            np.broadcast_to(np.asarray(entry_m, dtype=np.float64), (n,)).copy(),
            np.broadcast_to(np.asarray(exit_m, dtype=np.float64), (n,)).copy(),
        )

    @classmethod
    def from_ports(cls, ports: Iterable[Any], entry_m: float, exit_m: float) -> PortSet:
        """From objects with ``name``, ``lat``, ``lon`` (the port registry's, or the pilot list)."""
        items = list(ports)
        return cls.from_points(
            [p.name for p in items], [p.lat for p in items], [p.lon for p in items],
            entry_m, exit_m,
        )  # fmt: skip

    @classmethod
    def from_registry(cls, registry: Iterable[Any], params: Any) -> PortSet:
        """From the port registry (:mod:`services.ports`): each port's own radius is its entry.

        The registry's positions are approximate (±0.02°, about 2 km) and its radius (3 nm by
        default) is what the rest of Seawatch calls "in port", so it is the entry radius here
        too; the exit radius keeps Global Fishing Watch's ratio (4 km out for 3 km in).
        """
        items = list(registry)
        ratio = params.port_exit_m / params.port_entry_m
        entry = [p.radius_nm * 1852.0 if getattr(p, "radius_nm", None) else params.port_entry_m
                 for p in items]  # fmt: skip
        return cls.from_points(
            [p.name for p in items], [p.lat for p in items], [p.lon for p in items],
            entry, [e * ratio for e in entry],
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self.names)

    def _cells(self, within_m: float) -> tuple[Any, ...]:
        """Cell sizes and, per occupied cell, the ports whose ``within_m`` reaches it (CSR)."""
        cached = self._grid.get(within_m)
        if cached is not None:
            return cached
        ch = max(within_m / _M_PER_DEG, 1e-4)
        top = min(89.0, float(np.abs(self.lat).max(initial=0.0)) + 2 * ch)
        cw = ch / math.cos(math.radians(top))  # cells at least within_m wide up to ``top``
        cx = np.floor(self.lon / cw).astype(np.int64)
        cy = np.floor(self.lat / ch).astype(np.int64)
        keys, owners = [], []
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                keys.append((cy + dy + _OFF) << 32 | (cx + dx + _OFF))
                owners.append(np.arange(len(self)))
        k, o = np.concatenate(keys), np.concatenate(owners)
        order = np.argsort(k, kind="stable")
        k, o = k[order], o[order]
        ukeys, first = np.unique(k, return_index=True)
        bounds = np.r_[first, len(k)]
        grid = (ch, cw, ukeys, bounds, o)
        self._grid[within_m] = grid
        return grid

    def nearest(
        self, lat: npt.ArrayLike, lon: npt.ArrayLike, within_m: float
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        """Index of the nearest port within ``within_m`` of each point (-1: none) and metres.

        >>> ps = PortSet.from_points(["A"], [15.0], [109.0])
        >>> idx, d = ps.nearest([15.0, 15.0], [109.02, 110.0], 4000.0)
        >>> idx.tolist(), round(float(d[0]))
        ([0, -1], 2148)
        """
        la = np.asarray(lat, dtype=np.float64)
        lo = np.asarray(lon, dtype=np.float64)
        n = la.shape[0]
        idx = np.full(n, -1, dtype=np.int32)
        dist = np.full(n, np.inf, dtype=np.float32)
        if n == 0 or len(self) == 0:
            return idx, dist
        ch, cw, ukeys, bounds, owner = self._cells(within_m)
        key = (np.floor(la / ch).astype(np.int64) + _OFF) << 32 | (
            np.floor(lo / cw).astype(np.int64) + _OFF
        )
        pos = np.searchsorted(ukeys, key)
        pos[pos >= len(ukeys)] = 0
        hit = np.flatnonzero(ukeys[pos] == key)
        if hit.size == 0:
            return idx, dist
        lo_b, hi_b = bounds[pos[hit]], bounds[pos[hit] + 1]
        cnt = hi_b - lo_b
        who = np.repeat(hit, cnt)
        first = np.cumsum(cnt) - cnt
        cand = owner[np.repeat(lo_b - first, cnt) + np.arange(int(cnt.sum()))]
        d = distance_m(la[who], lo[who], self.lat[cand], self.lon[cand])
        best = np.minimum.reduceat(d, first)
        is_best = d == np.repeat(best, cnt)
        owners, at = np.unique(np.repeat(np.arange(hit.size), cnt)[is_best], return_index=True)
        chosen = cand[np.flatnonzero(is_best)[at]]
        ok = best[owners] <= within_m
        rows = hit[owners[ok]]
        idx[rows] = chosen[ok]
        dist[rows] = best[owners[ok]]
        return idx, dist


def ports_in_force(params: Any) -> PortSet:
    """The port registry in effect (``seawatch ports import`` changes it) as a :class:`PortSet`."""
    from services.ports import get_registry

    return PortSet.from_registry(get_registry(), params)
