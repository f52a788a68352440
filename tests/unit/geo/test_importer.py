"""Importing authoritative zone files: reprojection, repair, rejection with reasons, modes."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Polygon, box

from geo import ZoneImportError, classify_point, load_zones
from geo.importer import import_zones, normalise_zones

BOWTIE = Polygon([(106.5, 7.0), (107.0, 7.5), (107.0, 7.0), (106.5, 7.5)])  # self-intersecting


def _frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "ISO3": ["MYS", "VNM", "KHM", "IDN", "THA"],
            "Kind": ["joint regime", "eez", "eez", "eez", "nonsense"],
            "name": ["Vùng chồng lấn", None, None, None, None],
        },
        geometry=[
            box(103.0, 6.5, 104.0, 7.5),
            box(103.5, 7.0, 106.0, 9.0),
            BOWTIE,
            LineString([(105, 5), (106, 5)]),
            box(101, 8, 102, 9),
        ],
        crs=4326,
    )


def test_features_are_accepted_repaired_or_rejected_with_reasons() -> None:
    report = normalise_zones(_frame(), source="test.geojson")
    assert list(report.zones["country"]) == ["MY", "VN", "KH"]
    assert list(report.zones["kind"]) == ["joint", "eez", "eez"]
    reasons = dict(report.repaired)
    assert "overlapped earlier features" in reasons[1]
    assert "invalid geometry repaired" in reasons[2]
    rejected = dict(report.rejected)
    assert rejected[3] == "not a polygon (LineString)"
    assert "unknown or missing kind 'nonsense'" in rejected[4]
    assert report.zones.geometry.is_valid.all()


def test_reprojects_to_wgs84(tmp_path: Path) -> None:
    src = _frame().iloc[[1]].to_crs(3857)
    path = tmp_path / "vn.shp"
    src.to_file(path)
    target = tmp_path / "out" / "zones.gpkg"
    report = import_zones(path, target, base=load_zones(), mode="replace")
    assert report.zones.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = report.zones.total_bounds
    assert (minx, miny, maxx, maxy) == pytest.approx((103.5, 7.0, 106.0, 9.0), abs=1e-6)


def test_replace_and_extend(tmp_path: Path) -> None:
    path = tmp_path / "zones.geojson"
    _frame().to_file(path, driver="GeoJSON")
    replaced = tmp_path / "replace.gpkg"
    import_zones(path, replaced, base=load_zones(), mode="replace")
    zs = load_zones(replaced)
    assert classify_point(6.8, 103.5, zones=zs).zone_kind == "joint"
    assert classify_point(6.8, 103.5, zones=zs).risk == "SAFE"  # joint areas are not foreign
    assert classify_point(4.6, 108.2, zones=zs).zone_kind == "high_seas"  # Natuna not imported
    extended = tmp_path / "extend.gpkg"
    import_zones(path, extended, base=load_zones(), mode="extend")
    ext = load_zones(extended)
    assert classify_point(6.8, 103.5, zones=ext).zone_kind == "joint"
    assert classify_point(4.6, 108.2, zones=ext).country == "ID"  # default kept elsewhere


def test_file_with_nothing_usable_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    gpd.GeoDataFrame({"kind": ["eez"]}, geometry=[box(104, 7, 105, 8)], crs=4326).to_file(path)
    with pytest.raises(ZoneImportError) as err:
        import_zones(path, tmp_path / "x.gpkg", base=load_zones())
    assert err.value.rejected == [(0, "a eez zone needs a country")]
    unreadable = tmp_path / "junk.geojson"
    unreadable.write_text("not json")
    with pytest.raises(ZoneImportError, match="cannot read"):
        import_zones(unreadable, tmp_path / "y.gpkg", base=load_zones())


def test_a_province_s_overlap_area_with_its_own_warning_distance(tmp_path: Path) -> None:
    """An authoritative file can carry the new kinds and a per-zone warning distance."""
    path = tmp_path / "province.geojson"
    gpd.GeoDataFrame(
        {
            "country": ["ID", "VN"],
            "kind": ["vùng chồng lấn", "eez"],
            "name": ["vùng chồng lấn Việt Nam – Indonesia", None],
            "warning_nm": [15.0, None],
        },
        geometry=[box(107.0, 6.5, 109.0, 7.0), box(107.0, 7.0, 109.0, 9.0)],
        crs=4326,
    ).to_file(path, driver="GeoJSON")
    target = tmp_path / "imported.gpkg"
    import_zones(path, target, base=load_zones(), mode="replace")
    zs = load_zones(target)
    inside = classify_point(6.75, 108.0, zones=zs)
    assert inside.risk == "OVERLAP" and inside.country == "ID" and not inside.foreign
    twelve_out = classify_point(7.2, 108.0, zones=zs)  # 12 nm north: inside the 15 nm warning
    assert twelve_out.risk == "APPROACHING" and twelve_out.nearest_kind == "overlap"
    assert classify_point(7.3, 108.0, zones=zs).risk == "SAFE"  # 18 nm
