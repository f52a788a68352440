"""Property tests (hypothesis) over the whole region."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import Risk, classify, load_zones
from geo.measure import lonlat_from_mercator

_lon = st.floats(99.0, 125.0, allow_nan=False)
_lat = st.floats(0.0, 25.0, allow_nan=False)
_TEN_M_DEG = 10.0 / 111_000.0
_TEN_M_NM = 10.0 / 1852.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_lon, _lat), min_size=1, max_size=200))
def test_distance_is_positive_for_valid_fixes(points: list[tuple[float, float]]) -> None:
    xy = np.array(points)
    res = classify(xy[:, 0], xy[:, 1])
    valid = res.risk != Risk.INVALID
    assert np.all(res.distance_nm[valid] > 0)  # random points are never exactly on a boundary
    assert np.all(np.isnan(res.distance_nm[~valid]))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.0, 1.0))
def test_distance_is_zero_on_the_frontier(seg_pick: int, t: float) -> None:
    index = load_zones().index
    seg = index.seg_merc[seg_pick % len(index.seg_merc)]
    x, y = seg[0] + t * (seg[2] - seg[0]), seg[1] + t * (seg[3] - seg[1])
    lon, lat = lonlat_from_mercator(np.array([x]), np.array([y]))
    res = classify(lon, lat)
    assert res.distance_nm[0] < 0.01


def _safe_points() -> np.ndarray:
    """SAFE fixes spread over the region, half of them close to the warning distance."""
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(99, 125, 400_000), rng.uniform(0, 25, 400_000)
    res = classify(lon, lat)
    safe = res.risk == Risk.SAFE
    near = safe & (res.distance_nm < 8.0)
    pick = np.concatenate([np.flatnonzero(near)[:500], np.flatnonzero(safe & ~near)[:500]])
    return np.column_stack([lon[pick], lat[pick]])


_SAFE = _safe_points()


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(_SAFE) - 1), st.floats(0.0, 2 * np.pi))
def test_safe_points_stay_safe_under_a_ten_metre_nudge(pick: int, angle: float) -> None:
    zones = load_zones()
    lon, lat = (float(v) for v in _SAFE[pick])
    res = classify(np.array([lon]), np.array([lat]), zones=zones)
    assert res.risk[0] == Risk.SAFE
    if res.distance_nm[0] < 5.0 + 2 * _TEN_M_NM:
        return  # within 10 m of the warning line
    edges = [zones.land.boundary, *shapely.boundary(zones.geometries)]
    point = shapely.Point(lon, lat)
    if min(shapely.distance(point, e) for e in edges) < 2 * _TEN_M_DEG:
        return  # within 10 m of a zone or land boundary: allowed to change
    nudged_lon = lon + np.cos(angle) * _TEN_M_DEG / np.cos(np.radians(lat))
    nudged_lat = lat + np.sin(angle) * _TEN_M_DEG
    after = classify(np.array([nudged_lon]), np.array([nudged_lat]), zones=zones)
    assert after.risk[0] == Risk.SAFE
    assert after.country[0] == res.country[0]
