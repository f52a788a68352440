"""The hand transcriptions (cited_positions.json) against their sources and the published data."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo import load_zones
from geo.builder.cited import (
    archipelago_features,
    cited,
    historic_waters_ring,
    islands,
    jda_ring,
    parse_dms,
    point,
)
from geo.builder.overlaps import NATUNA_BAND_NM, historic_waters, jda
from geo.builder.vietnam import boundary_lines

_GEOD = Geod(ellps="WGS84")


def _line_xy(line_id: int) -> np.ndarray:
    lines = boundary_lines()
    return shapely.get_coordinates(lines.loc[lines["line_id"] == line_id].geometry.iloc[0])


def test_parse_dms_forms_and_errors() -> None:
    assert parse_dms("09°15.0'N") == pytest.approx(9.25)
    assert parse_dms("102°55.2'E") == pytest.approx(102.92)
    assert parse_dms("01°30'S") == pytest.approx(-1.5)
    with pytest.raises(ValueError, match="not a degrees-minutes"):
        parse_dms("9.25")


def test_treaty_points_c_and_k_equal_marine_regions_vertices() -> None:
    c, k = point("thailand_vietnam_1997_C"), point("thailand_vietnam_1997_K")
    xy = _line_xy(1352)
    assert (c.lon, c.lat) == pytest.approx(tuple(xy[0]), abs=1e-7)
    assert (k.lon, k.lat) == pytest.approx(tuple(xy[-1]), abs=1e-7)


def test_point_20_is_the_start_of_the_2003_line() -> None:
    p20 = point("indonesia_malaysia_1969_point_20")
    assert (p20.lon, p20.lat) == pytest.approx(tuple(_line_xy(1330)[0]), abs=1e-4)


def test_baseline_points_in_the_islands_list_match_the_1982_baseline() -> None:
    baseline = _line_xy(980)
    named = {p.name: p for p in islands()}
    for name in (
        "Cồn Cỏ",
        "Lý Sơn",
        "Hòn Ông Căn",
        "Hòn Đôi",
        "Hòn Hải (Phú Quý)",
        "Côn Đảo (Hòn Bảy Cạnh)",
        "Côn Đảo (Hòn Tài Lớn)",
        "Hòn Đá Lẻ",
        "Hòn Nhạn (Thổ Chu)",
    ):
        p = named[name]
        nearest = np.min(np.hypot(baseline[:, 0] - p.lon, baseline[:, 1] - p.lat))
        assert nearest < 0.01, (name, nearest)  # within a minute of arc: rounding of the text
    assert len(named) == len(cited()["islands"]) >= 20


def test_historic_waters_as_in_article_1() -> None:
    ring = historic_waters_ring()
    assert len(ring) == 11
    assert (ring[0].lat, ring[0].lon) == pytest.approx((9 + 54.2 / 60, 102 + 55.2 / 60))
    assert (ring[-1].lat, ring[-1].lon) == pytest.approx((9.25, 103.45))  # Hòn Nhạn = A1
    poly = historic_waters()
    assert poly.is_valid and poly.geom_type == "Polygon"
    area_km2 = abs(_GEOD.geometry_area_perimeter(poly)[0]) / 1e6
    assert 8_000 < area_km2 < 9_500  # 8,843 km² as transcribed
    # the land-border terminus stands in from Marine Regions line 3557's first vertex
    assert (ring[6].lon, ring[6].lat) == pytest.approx(tuple(_line_xy(3557)[0]), abs=0.005)


def test_archipelago_features_lie_inside_their_zone() -> None:
    zs = load_zones()
    for key, name in (("hoang_sa", "quần đảo Hoàng Sa"), ("truong_sa", "quần đảo Trường Sa")):
        zone = zs.zones[zs.zones["name"] == name].geometry.iloc[0]
        feats = archipelago_features(key)
        assert len(feats) >= 7
        inside = shapely.contains_xy(zone, [f.lon for f in feats], [f.lat for f in feats])
        assert inside.all(), [f.name for f, ok in zip(feats, inside, strict=True) if not ok]


def test_natuna_band_is_as_wide_as_documented() -> None:
    zs = load_zones()
    band = zs.zones[zs.zones["name"] == "vùng chồng lấn Việt Nam – Indonesia"].geometry.iloc[0]
    line = shapely.LineString(_line_xy(1330))
    far = shapely.get_coordinates(shapely.boundary(band))
    far = far[(far[:, 0] > 106.8) & (far[:, 0] < 109.0)]
    d_nm = []
    for x, y in far[::7]:
        q = line.interpolate(line.project(shapely.Point(x, y)))
        d_nm.append(_GEOD.inv(x, y, q.x, q.y)[2] / 1852)
    d = np.array(d_nm)
    on_line, outer = d < 0.1, d > 1.0
    assert outer.sum() >= 10
    assert np.all(np.abs(d[outer] - NATUNA_BAND_NM) < 0.5), d[outer]
    assert on_line.any()


def _km2(geom: shapely.Geometry) -> float:
    return abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def _named(name: str) -> shapely.Geometry:
    zs = load_zones()
    return shapely.union_all(zs.zones[zs.zones["name"] == name].geometry.values)


def test_joint_development_area_as_in_article_1_of_the_1979_mou() -> None:
    ring = jda_ring()
    assert [p.name for p in ring] == list("ABCDEFG")
    a, c = ring[0], ring[2]
    assert (a.lat, a.lon) == (parse_dms("06°50.0'N"), parse_dms("102°21.2'E"))
    # C, its northernmost point, lies 1' of latitude from point C of the 1997 agreement
    c97 = point("thailand_vietnam_1997_C")
    assert max(p.lat for p in ring) == c.lat
    assert _GEOD.inv(c.lon, c.lat, c97.lon, c97.lat)[2] / 1852 < 1.1
    reported = cited()["malaysia_thailand_jda_1979"]["area_km2_reported"]
    assert abs(_km2(jda()) - reported) / reported < 0.01  # 7,238 km² against 7,250


def test_the_joint_development_area_is_covered_once_and_patrolled_by_its_claimants() -> None:
    """Its foreign part stays Malaysia's and Thailand's waters (split by equidistance), Viet
    Nam's part is the three-country overlap area: together, the whole area."""
    zs = load_zones()
    z = zs.zones
    foreign = z[z["name"] == "vùng phát triển chung Malaysia – Thái Lan"]
    three = z[z["name"] == "vùng chồng lấn Việt Nam – Malaysia – Thái Lan"]
    assert set(foreign["country"]) == {"MY", "TH"} and set(foreign["kind"]) == {"eez"}
    assert list(three["kind"]) == ["overlap"] and list(three["country"]) == ["MY"]
    parts = shapely.union_all([*foreign.geometry.values, *three.geometry.values])
    assert abs(_km2(parts) - _km2(jda())) / _km2(jda()) < 0.005
    assert 1_000 < _km2(three.geometry.iloc[0]) < 1_600  # 1,337 km² of MRGID 8484


def test_malaysia_area_lies_between_malaysia_s_claim_and_the_joint_development_area() -> None:
    area = _named("vùng chồng lấn Việt Nam – Malaysia")
    ring = {p.name: p for p in jda_ring()}
    e = point("indonesia_malaysia_1969_point_20")
    assert area.distance(shapely.Point(e.lon, e.lat)) < 0.01  # point 20 (Defined Area's E)
    assert area.distance(shapely.Point(ring["D"].lon, ring["D"].lat)) < 0.05
    assert area.intersection(jda()).area < 1e-6  # the JDA's edge bounds it
    km2 = _km2(area)
    # the 1992 Defined Area is reported as ~2,800 km²; its own points are unpublished, and this
    # construction (3,811 km²) over-covers by about a third (it was twice as large before)
    assert 2_800 < km2 < 4_000


def test_cambodia_thailand_area_is_as_large_as_reported_and_thai_patrolled() -> None:
    zs = load_zones()
    z = zs.zones[zs.zones["name"] == "vùng chồng lấn Campuchia – Thái Lan"]
    assert set(z["country"]) == {"TH"} and set(z["kind"]) == {"eez"}
    reported = cited()["cambodia_thailand_oca"]["area_km2_reported"]
    km2 = _km2(shapely.union_all(z.geometry.values))
    assert abs(km2 - reported) / reported < 0.05, km2
    # the two Thai navy seizures of April 2016 off Trat and Chonburi lie in it
    inside = shapely.contains_xy(
        shapely.union_all(z.geometry.values),
        [parse_dms("102°08'E"), parse_dms("101°30'E")],
        [parse_dms("10°45'N"), parse_dms("10°30'N")],
    )
    assert inside.all()
