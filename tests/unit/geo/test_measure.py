"""Distances against pyproj's Geod: under 0.5 % error near borders."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo import classify, geodesic_nm, load_zones
from geo.measure import lonlat_from_mercator, mercator, mercator_scale


def test_mercator_round_trip() -> None:
    lon, lat = np.array([99.0, 108.3, 124.9]), np.array([0.0, 12.5, 24.9])
    back_lon, back_lat = lonlat_from_mercator(*mercator(lon, lat))
    assert np.abs(back_lon - lon).max() < 1e-11 and np.abs(back_lat - lat).max() < 1e-11
    assert mercator_scale(np.array([0.0]))[0] == pytest.approx(1.0)


def test_distance_to_frontier_within_half_a_percent_of_geod() -> None:
    index = load_zones().index
    a_lon, a_lat = lonlat_from_mercator(index.seg_merc[:, 0], index.seg_merc[:, 1])
    b_lon, b_lat = lonlat_from_mercator(index.seg_merc[:, 2], index.seg_merc[:, 3])
    lines = shapely.linestrings(
        np.stack([np.column_stack([a_lon, a_lat]), np.column_stack([b_lon, b_lat])], axis=1)
    )
    dense = shapely.get_coordinates(shapely.segmentize(lines, 0.002))  # ~200 m
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(99, 125, 200_000), rng.uniform(0, 25, 200_000)
    res = classify(lon, lat, warning_nm=5.0)
    pick = np.flatnonzero((res.distance_nm > 1.0) & (res.distance_nm < 15.0))[:150]
    assert pick.size > 50
    for i in pick:
        planar = np.hypot((dense[:, 0] - lon[i]) * np.cos(np.radians(lat[i])), dense[:, 1] - lat[i])
        near = dense[np.argsort(planar)[:400]]
        ref = geodesic_nm(lon[i], lat[i], near[:, 0], near[:, 1]).min()
        assert res.distance_nm[i] == pytest.approx(ref, rel=0.005), (lon[i], lat[i])


def test_geodesic_nm_one_degree_of_latitude() -> None:
    assert geodesic_nm(108.0, 10.0, 108.0, 11.0) == pytest.approx(59.8, abs=0.1)
