"""The shipped zone set: loads, is complete, is current, and does not overlap itself."""

from __future__ import annotations

import numpy as np
import shapely

from geo import DEFAULT_ZONES_PATH, country_name_vi, load_zones, to_alpha2
from geo.builder import build_default_zones

NEIGHBOURS = {"VN", "CN", "ID", "MY", "TH", "PH", "KH", "BN"}


def test_shipped_file_has_every_country_and_kind() -> None:
    zones = load_zones()
    assert DEFAULT_ZONES_PATH.exists()
    assert set(c for c in zones.country if c) >= NEIGHBOURS
    assert {"territorial_sea", "eez", "disputed", "archipelago", "overlap"} <= set(zones.kind)
    assert set(zones.name[zones.kind == "disputed"]) == {"bãi cạn Scarborough"}
    assert set(zones.name[zones.kind == "archipelago"]) == {
        "quần đảo Hoàng Sa",
        "quần đảo Trường Sa",
    }
    assert set(zones.country[zones.kind == "archipelago"]) == {"VN"}
    assert all(zones.zones["indicative"])
    vn = zones.zones[
        (zones.zones["country"] == "VN") & zones.zones["kind"].isin(["territorial_sea", "eez"])
    ]
    assert vn["source"].str.contains("CC BY 4.0|Equidistance construction").all()
    assert zones.lines is not None and set(zones.lines["line_id"]) >= {
        1294,
        1330,
        1352,
        3803,
        3825,
        3831,
        3900,
        3435,
        3484,
        3557,
        3434,
        4052,
        980,
        2036,
    }


def test_zones_do_not_overlap() -> None:
    geoms = load_zones().geometries
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]]))
    assert np.all(overlap < 1e-6)


def test_shipped_file_is_current_with_the_build() -> None:
    built, land = build_default_zones()
    shipped = load_zones()
    assert list(built["country"].fillna("")) == list(shipped.zones["country"].fillna(""))
    assert list(built["kind"]) == list(shipped.zones["kind"])
    diff = shapely.area(
        shapely.symmetric_difference(built.geometry.values, shipped.zones.geometry.values)
    )
    assert np.all(diff < 1e-6)
    assert shapely.area(shapely.symmetric_difference(land.geometry[0], shipped.land)) < 1e-6


def test_country_names_in_vietnamese() -> None:
    assert country_name_vi("CN") == "Trung Quốc"
    assert [country_name_vi(c) for c in ("ID", "MY", "TH", "PH", "KH", "BN", "VN")] == [
        "Indonesia",
        "Malaysia",
        "Thái Lan",
        "Philippines",
        "Campuchia",
        "Brunei",
        "Việt Nam",
    ]
    assert to_alpha2("VNM") == "VN" and to_alpha2("hkg") == "CN" and to_alpha2("XX") is None
    assert country_name_vi("XX") == "XX" and country_name_vi(None) is None
