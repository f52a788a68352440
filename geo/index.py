"""The spatial index behind the batch classifier: a grid over the zone set plus the frontier.

Why a grid: ``contains_xy`` against every zone costs ~0.3 µs per point and zone, and an exact
distance to a boundary ~12 µs. A 0.02° grid answers most fixes with one array lookup:

* ``cell_zone`` holds the zone of every cell that no zone or land boundary touches
  (``MIXED`` cells, within one cell of a boundary, are resolved exactly with shapely);
* ``cell_lb_nm`` holds a lower bound of the distance from anywhere in the cell to the
  *frontier*, the boundary between *watched* waters (foreign waters, overlap and enforcement-risk
  areas, the archipelagos, disputed areas: :attr:`~geo.zones.ZoneSet.watched`) and the rest
  (home, joint or high seas waters); coasts are not frontier. Each frontier segment knows the
  zone on its watched side and that zone's approach-warning distance;
* cells whose bound is under :data:`EXACT_NM` keep the few frontier segments that can be
  nearest to a point inside them (CSR arrays), so exact distances are a vectorised
  point-to-segment computation in the Mercator plane instead of a tree search.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import shapely

from geo.measure import (
    METRES_PER_NM,
    ellipsoidal_nm,
    lonlat_from_mercator,
    mercator,
    mercator_scale,
    nearest_on_segments,
)

if TYPE_CHECKING:
    from geo.zones import ZoneSet

__all__ = ["EXACT_NM", "GRID_DEG", "LAND", "MIXED", "NONE", "ZoneIndex"]

GRID_DEG = 0.02
COARSE = 5  # fine cells per coarse cell side
EXACT_NM = 20.0
MARGIN_EXACT_NM = 10.0  # warning margins are exact for default warning distances up to this
NONE, MIXED, _LAND_CELL = -1, -2, -3
LAND = 10_000
_FRONTIER_STEP_DEG = 0.05  # ~5.5 km
_PROBE_DEG = 0.004  # farther than the coverage simplification (0.001°) leaves slivers
# Largest half-diagonal of a cell in nautical miles (at the equator), with a safety margin.
_HALF_DIAG_NM = GRID_DEG / 2 * np.hypot(60.11, 59.71) * 1.01
_COARSE_HALF_DIAG_NM = _HALF_DIAG_NM * COARSE

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(eq=False)
class ZoneIndex:
    """Arrays built from a :class:`~geo.zones.ZoneSet` by :meth:`build`."""

    zones: ZoneSet
    x0: float
    y0: float
    nx: int
    ny: int
    cell_zone: npt.NDArray[np.int16]
    cell_lb_nm: npt.NDArray[np.float32]
    cand_start: npt.NDArray[np.int64]
    cand_seg: npt.NDArray[np.int32]
    seg_merc: FloatArray  # (m, 4) x0 y0 x1 y1 in Mercator metres
    seg_lat: FloatArray  # (m, 2) latitudes of the ends
    seg_country: npt.NDArray[np.object_]
    seg_zone: npt.NDArray[np.int64]  # the watched zone across each segment
    seg_warn_nm: FloatArray  # its approach-warning distance (NaN: the caller's default)
    seg_tree: shapely.STRtree

    # ---- lookups -------------------------------------------------------------------------
    def cells(self, lon: FloatArray, lat: FloatArray) -> IntArray:
        """Flat cell number of each (in-coverage) point."""
        ix = np.clip(((lon - self.x0) / GRID_DEG).astype(np.int64), 0, self.nx - 1)
        iy = np.clip(((lat - self.y0) / GRID_DEG).astype(np.int64), 0, self.ny - 1)
        return iy * self.nx + ix

    @cached_property
    def _exact_geoms(self) -> tuple[list[tuple[int, shapely.Geometry]], FloatArray]:
        """Land, then every zone in order, with their bounding boxes as one (k, 4) array."""
        geoms = [(LAND, self.zones.land), *enumerate(self.zones.geometries)]
        return geoms, np.array([g.bounds for _, g in geoms], dtype=float).reshape(-1, 4)

    def exact_zone(self, lon: FloatArray, lat: FloatArray) -> IntArray:
        """Zone number (or ``LAND``/``NONE``) of each point by exact point-in-polygon tests.

        The first geometry covering a point wins (land first), so a point exactly on a shared
        boundary (a treaty vertex given in whole minutes, as fixes often are) belongs to the
        earlier zone rather than to none ("high seas"). Bounding boxes are screened
        for all points and geometries at once, so a small batch costs a few array operations
        rather than a loop over every zone (the stream classifies many small batches).
        """
        out = np.full(lon.shape, NONE, dtype=np.int64)
        if lon.size == 0:
            return out
        geoms, box = self._exact_geoms
        x, y = lon[:, None], lat[:, None]
        maybe = (x >= box[:, 0]) & (x <= box[:, 2]) & (y >= box[:, 1]) & (y <= box[:, 3])
        for k in np.flatnonzero(maybe.any(axis=0)).tolist():
            code, geom = geoms[k]
            todo = np.flatnonzero(maybe[:, k] & (out == NONE))
            if todo.size:
                hit = shapely.intersects_xy(geom, lon[todo], lat[todo])
                out[todo[hit]] = code
        return out

    def zone_of(self, lon: FloatArray, lat: FloatArray) -> IntArray:
        """Zone number of each in-coverage point: grid lookup, exact test in mixed cells."""
        code = self.cell_zone.ravel()[self.cells(lon, lat)].astype(np.int64)
        code[code == _LAND_CELL] = LAND
        mixed = np.flatnonzero(code == MIXED)
        if mixed.size:
            code[mixed] = self.exact_zone(lon[mixed], lat[mixed])
        return code

    def distance_nm(
        self,
        lon: FloatArray,
        lat: FloatArray,
        exact_below_nm: float = EXACT_NM,
        warning_nm: float = float("nan"),
    ) -> tuple[FloatArray, npt.NDArray[np.int64], FloatArray]:
        """Distance to the frontier, the zone across it, and the warning margin.

        Exact (geodesic, < 0.5 % error) where the grid's lower bound is under
        ``max(exact_below_nm, EXACT_NM)``; elsewhere the lower bound itself, which is at most
        ~9 nm below the truth. The zone is -1 where only the bound is known. The margin is the
        smallest ``distance - warning distance`` over the candidate segments (each segment warns
        at its zone's ``warning_nm``, or at ``warning_nm`` when the zone has none): a fix outside
        watched waters is approaching when it is <= 0, even if the nearest segment warns less.
        """
        cell = self.cells(lon, lat)
        dist = self.cell_lb_nm.ravel()[cell].astype(np.float64)
        zone = np.full(lon.shape, -1, dtype=np.int64)
        margin = dist - max(self._max_warn(warning_nm), 0.0)
        near = np.flatnonzero(dist < max(exact_below_nm, EXACT_NM))
        if near.size == 0 or len(self.seg_merc) == 0:
            return dist, zone, margin
        warn = np.where(np.isnan(self.seg_warn_nm), warning_nm, self.seg_warn_nm)
        start, stop = self.cand_start[cell[near]], self.cand_start[cell[near] + 1]
        counts = stop - start
        fast = counts > 0
        if fast.any():
            idx, cnt = near[fast], counts[fast]
            owner = np.repeat(np.arange(idx.size), cnt)
            first = np.cumsum(cnt) - cnt
            seg = self.cand_seg[np.repeat(start[fast] - first, cnt) + np.arange(cnt.sum())]
            px, py = mercator(lon[idx], lat[idx])
            per_nm = mercator_scale(lat[idx]) * METRES_PER_NM
            d_merc, _, _ = nearest_on_segments(px[owner], py[owner], self.seg_merc[seg])
            d_nm = d_merc / per_nm[owner]  # to choose the nearest; measured exactly below
            best = np.minimum.reduceat(d_nm, first)
            margin[idx] = np.minimum.reduceat(d_nm - warn[seg], first)
            is_best = d_nm == best[owner]
            owners, pos = np.unique(owner[is_best], return_index=True)
            best_seg = seg[np.flatnonzero(is_best)[pos]]
            dist[idx] = best
            dist[idx[owners]] = self._geodesic_nm(lon[idx[owners]], lat[idx[owners]], best_seg)
            zone[idx[owners]] = self.seg_zone[best_seg]
        slow = near[~fast]
        if slow.size:  # beyond the precomputed band (large warning distances): tree search
            px, py = mercator(lon[slow], lat[slow])
            pairs = self.seg_tree.query_nearest(shapely.points(px, py), all_matches=False)
            order = np.argsort(pairs[0])
            seg = pairs[1][order]
            dist[slow] = self._geodesic_nm(lon[slow], lat[slow], seg)
            zone[slow] = self.seg_zone[seg]
            margin[slow] = dist[slow] - warn[seg]
        return dist, zone, margin

    def _max_warn(self, default_nm: float) -> float:
        finite = self.seg_warn_nm[np.isfinite(self.seg_warn_nm)]
        top = float(finite.max()) if finite.size else 0.0
        return max(top, default_nm if np.isfinite(default_nm) else 0.0)

    def _geodesic_nm(self, lon: FloatArray, lat: FloatArray, seg: IntArray) -> FloatArray:
        """Ellipsoidal nm from each point to its foot on segment ``seg[i]``.

        The foot is found in the Mercator plane (conformal, so it is the geodesic foot to
        second order); measuring the distance itself on the ellipsoid keeps the result within
        metres of :class:`pyproj.Geod` out to 50 nm, where Mercator length over the mid-latitude
        scale drifts by tens of metres.
        """
        if lon.size == 0:
            return np.zeros(0)
        px, py = mercator(lon, lat)
        segs = self.seg_merc[seg]
        _, t, qy = nearest_on_segments(px, py, segs)
        qx = segs[:, 0] + t * (segs[:, 2] - segs[:, 0])
        q_lon, q_lat = lonlat_from_mercator(qx, qy)
        return ellipsoidal_nm(lon, lat, q_lon, q_lat)

    def _pair_nm(self, lon: FloatArray, lat: FloatArray, seg: IntArray) -> FloatArray:
        """Geodesic nm from each point to segment ``seg[i]`` (Mercator length / mid scale)."""
        px, py = mercator(lon, lat)
        d_merc, t, _ = nearest_on_segments(px, py, self.seg_merc[seg])
        lat_q = self.seg_lat[seg, 0] + t * (self.seg_lat[seg, 1] - self.seg_lat[seg, 0])
        return d_merc / (mercator_scale((lat + lat_q) / 2) * METRES_PER_NM)

    # ---- construction --------------------------------------------------------------------
    @classmethod
    def build(cls, zones: ZoneSet) -> ZoneIndex:
        """Grid, frontier and candidate lists for ``zones`` (a few seconds for the default)."""
        minx, miny, maxx, maxy = zones.bounds
        step = GRID_DEG * COARSE
        x0, y0 = np.floor(minx / step) * step, np.floor(miny / step) * step
        nx = int(np.ceil((maxx - x0) / step)) * COARSE
        ny = int(np.ceil((maxy - y0) / step)) * COARSE
        self = cls.__new__(cls)
        self.zones, self.x0, self.y0, self.nx, self.ny = zones, float(x0), float(y0), nx, ny
        self.cell_zone = self._grid_zones()
        self._frontier()
        self._distances()
        return self

    def _centres(self, res: float, nx: int, ny: int) -> tuple[FloatArray, FloatArray]:
        xs = self.x0 + (np.arange(nx) + 0.5) * res
        ys = self.y0 + (np.arange(ny) + 0.5) * res
        gx, gy = np.meshgrid(xs, ys)
        return gx.ravel(), gy.ravel()

    def _grid_zones(self) -> npt.NDArray[np.int16]:
        lon, lat = self._centres(GRID_DEG, self.nx, self.ny)
        code = self.exact_zone(lon, lat).reshape(self.ny, self.nx)
        code[code == LAND] = _LAND_CELL  # int16 cells; zone_of maps it back to LAND
        grid = code.astype(np.int16)
        edges = [self.zones.land.boundary, *shapely.boundary(self.zones.geometries)]
        xy = shapely.get_coordinates(shapely.segmentize(edges, GRID_DEG / 2))
        ix = np.floor((xy[:, 0] - self.x0) / GRID_DEG).astype(np.int64)
        iy = np.floor((xy[:, 1] - self.y0) / GRID_DEG).astype(np.int64)
        ok = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        touched = np.zeros((self.ny + 2, self.nx + 2), dtype=bool)
        for dy in (0, 1, 2):  # mark the touched cell and its 8 neighbours
            for dx in (0, 1, 2):
                touched[iy[ok] + dy, ix[ok] + dx] = True
        grid[touched[1:-1, 1:-1]] = MIXED
        return grid

    def _frontier(self) -> None:
        zs = self.zones
        watched_geoms = zs.geometries[zs.watched]
        lines = shapely.get_parts(shapely.boundary(shapely.union_all(watched_geoms)))
        # short segments: a segment straight in lon/lat stays straight in the Mercator plane
        lines = shapely.segmentize(lines, _FRONTIER_STEP_DEG)
        xy, part = shapely.get_coordinates(lines, return_index=True)
        same = part[:-1] == part[1:]
        a, b = xy[:-1][same], xy[1:][same]
        d = b - a
        length = np.hypot(d[:, 0], d[:, 1])
        keep = length > 1e-12
        a, b, d, length = a[keep], b[keep], d[keep], length[keep]
        mid = (a + b) / 2
        normal = np.column_stack([-d[:, 1], d[:, 0]]) / length[:, None] * _PROBE_DEG
        sides = [mid + normal, mid - normal]
        codes = [self.exact_zone(s[:, 0], s[:, 1]) for s in sides]
        minx, miny, maxx, maxy = zs.bounds
        inside = [
            (s[:, 0] > minx) & (s[:, 0] < maxx) & (s[:, 1] > miny) & (s[:, 1] < maxy) for s in sides
        ]
        last = len(zs.watched) - 1
        in_zone = [(c >= 0) & (c < LAND) for c in codes]
        is_foreign = [
            z & zs.watched[np.clip(c, 0, last)] for c, z in zip(codes, in_zone, strict=True)
        ]
        open_water = [
            (c == NONE) | (z & ~f) for c, z, f in zip(codes, in_zone, is_foreign, strict=True)
        ]
        frontier = (
            ((is_foreign[0] & open_water[1]) | (is_foreign[1] & open_water[0]))
            & inside[0]
            & inside[1]
        )
        foreign_code = np.where(is_foreign[0], codes[0], codes[1])[frontier]
        a, b = a[frontier], b[frontier]
        ax, ay = mercator(a[:, 0], a[:, 1])
        bx, by = mercator(b[:, 0], b[:, 1])
        self.seg_merc = np.column_stack([ax, ay, bx, by])
        self.seg_lat = np.column_stack([a[:, 1], b[:, 1]])
        self.seg_zone = foreign_code.astype(np.int64)
        self.seg_country = (
            zs.country[foreign_code] if foreign_code.size else np.array([], dtype=object)
        )
        self.seg_warn_nm = (
            zs.warning_nm[foreign_code] if foreign_code.size else np.zeros(0, dtype=np.float64)
        )
        self.seg_tree = shapely.STRtree(
            shapely.linestrings(self.seg_merc.reshape(-1, 2, 2)) if len(a) else []
        )

    def _nearest_nm(self, lon: FloatArray, lat: FloatArray) -> FloatArray:
        if len(self.seg_merc) == 0:
            return np.full(lon.shape, np.inf)
        px, py = mercator(lon, lat)
        pairs = self.seg_tree.query_nearest(shapely.points(px, py), all_matches=False)
        seg = pairs[1][np.argsort(pairs[0])]
        return self._pair_nm(lon, lat, seg)

    def _distances(self) -> None:
        cnx, cny = self.nx // COARSE, self.ny // COARSE
        clon, clat = self._centres(GRID_DEG * COARSE, cnx, cny)
        coarse_lb = self._nearest_nm(clon, clat) * 0.995 - _COARSE_HALF_DIAG_NM
        lb = np.repeat(np.repeat(coarse_lb.reshape(cny, cnx), COARSE, 0), COARSE, 1)
        reach = EXACT_NM + _HALF_DIAG_NM
        near = np.flatnonzero(lb.ravel() < reach)
        lon, lat = self._centres(GRID_DEG, self.nx, self.ny)
        lon, lat = lon[near], lat[near]
        centre_nm = self._nearest_nm(lon, lat)
        fine_lb = centre_nm * 0.995 - _HALF_DIAG_NM
        lb.ravel()[near] = fine_lb
        self.cell_lb_nm = np.maximum(lb, 0.0).astype(np.float32)
        # Segments that can be nearest to some point of a near cell lie within
        # centre distance + 2 half-diagonals of its centre (triangle inequality).
        exact = np.flatnonzero(fine_lb < EXACT_NM)
        counts = np.zeros(self.nx * self.ny, dtype=np.int64)
        self.cand_seg = np.zeros(0, dtype=np.int32)
        if exact.size:
            # a segment farther than the nearest still sets the warning margin when its zone
            # warns from farther out: keep every segment within the largest warning distance
            # (a zone's, or MARGIN_EXACT_NM for the caller's default) of the cell too
            reach = max(float(np.nanmax(self.seg_warn_nm, initial=0.0)), MARGIN_EXACT_NM)
            radius_nm = np.maximum(centre_nm[exact] * 1.005, reach) + 2 * _HALF_DIAG_NM + 0.05
            px, py = mercator(lon[exact], lat[exact])
            radius_m = radius_nm * METRES_PER_NM * mercator_scale(lat[exact] + 0.5) * 1.01
            pairs = self.seg_tree.query(
                shapely.points(px, py), predicate="dwithin", distance=radius_m
            )
            order = np.lexsort((pairs[1], pairs[0]))
            cells = near[exact][pairs[0][order]]
            self.cand_seg = pairs[1][order].astype(np.int32)
            counts = np.bincount(cells, minlength=self.nx * self.ny)
        self.cand_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
