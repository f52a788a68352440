"""Dead reckoning: will a boat on its present course and speed cross into watched waters?

A constant course is a rhumb line, a straight line in the Mercator plane, so each track is
one segment tested against the frontier segments with an STRtree and a vectorised
segment-intersection formula. Tracks over land are not special-cased (a boat does not sail
through an island; the crossing is then reported where the straight track meets the frontier).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import shapely

from geo.measure import METRES_PER_NM, mercator, mercator_scale

if TYPE_CHECKING:
    from geo.index import ZoneIndex

__all__ = ["crossings"]

FloatArray = npt.NDArray[np.float64]
_M_PER_DEG_LAT = 110_574.0  # near the equator; only used for the mid-latitude estimate


def crossings(
    index: ZoneIndex,
    lon: FloatArray,
    lat: FloatArray,
    speed_kn: FloatArray,
    course_deg: FloatArray,
    horizon_min: float,
) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Minutes until each track first meets the frontier (NaN if not within the horizon).

    Returns ``(minutes, entering_zone)`` (zone number, -1 when none). Inputs are already filtered
    to moving boats outside watched waters.
    """
    minutes = np.full(lon.shape, np.nan)
    entering = np.full(lon.shape, -1, dtype=np.int64)
    if lon.size == 0 or len(index.seg_merc) == 0:
        return minutes, entering
    reach_m = speed_kn * (horizon_min / 60.0) * METRES_PER_NM
    theta = np.radians(course_deg)
    mid_lat = lat + np.cos(theta) * reach_m / 2 / _M_PER_DEG_LAT
    scale = mercator_scale(mid_lat)
    x0, y0 = mercator(lon, lat)
    x1 = x0 + np.sin(theta) * reach_m * scale
    y1 = y0 + np.cos(theta) * reach_m * scale
    tracks = shapely.linestrings(
        np.stack([np.column_stack([x0, y0]), np.column_stack([x1, y1])], axis=1)
    )
    track_idx, seg_idx = index.seg_tree.query(tracks, predicate="intersects")
    if track_idx.size == 0:
        return minutes, entering
    seg = index.seg_merc[seg_idx]
    px, py = x0[track_idx], y0[track_idx]
    rx, ry = x1[track_idx] - px, y1[track_idx] - py
    sx, sy = seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1]
    denom = rx * sy - ry * sx
    qpx, qpy = seg[:, 0] - px, seg[:, 1] - py
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(np.abs(denom) > 1e-9, (qpx * sy - qpy * sx) / denom, 0.0)
    t = np.clip(np.nan_to_num(t, nan=0.0), 0.0, 1.0)
    best = np.full(lon.shape, np.inf)
    np.minimum.at(best, track_idx, t)
    hit = np.isfinite(best)
    minutes[hit] = best[hit] * horizon_min
    is_first = t == best[track_idx]
    first_track, pos = np.unique(track_idx[is_first], return_index=True)
    entering[first_track] = index.seg_zone[seg_idx[np.flatnonzero(is_first)[pos]]]
    return minutes, entering
