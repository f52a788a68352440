"""Positions against Vietnam's real boundary lines (Marine Regions v12, CC BY 4.0, shipped in
geo/data/sources/marineregions_v12_vietnam/vietnam_boundary_lines.geojson): which line,
which side, how far.

Points are placed off the lines' own vertices and segments, so the expected distance is known
by construction and checked against pyproj's geodesic; the expected side is geography (north
of the 2003 continental-shelf line is Vietnam's side, Natuna is south; in the Gulf of Tonkin
Vietnam is west of the 2000 line, Hainan east).
"""

from __future__ import annotations

import pytest
import shapely
from pyproj import Geod

from services.evidence.boundary import (
    OUTSIDE,
    boundary_lines,
    position_against_lines,
    positions_against_lines,
)

GEOD = Geod(ellps="WGS84")
NM = 1852.0


def _line(line_id: int):  # type: ignore[no-untyped-def]
    return next(line for line in boundary_lines() if line.line_id == line_id)


def _offset(lon: float, lat: float, azimuth: float, nm: float) -> tuple[float, float]:
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, nm * NM)
    return lon2, lat2


def test_the_lines_are_the_published_ones_with_type_and_source() -> None:
    lines = {line.line_id: line for line in boundary_lines()}
    assert set(lines) == {1294, 1330, 1352, 3803, 3825, 3831, 3900, 3435, 3484, 3557, 3434, 4052}
    assert lines[1330].line_type == "Treaty" and lines[1330].other == "ID"
    assert "26 June 2003" in lines[1330].source and lines[1330].url.endswith("bulletin67e.pdf")
    assert not lines[1330].indicative and lines[3484].indicative  # median line with Malaysia
    assert lines[4052].other is None  # Vietnam's 200-nm limit: nobody named across it
    assert "tham khảo" in lines[3484].name_vi


@pytest.mark.parametrize("line_id", [1330, 1294])
def test_a_vertex_of_a_treaty_line_is_on_it(line_id: int) -> None:
    coords = shapely.get_coordinates(_line(line_id).geometry)
    lon, lat = coords[len(coords) // 2]
    pos = position_against_lines(float(lat), float(lon))
    assert pos.line.line_id == line_id and pos.side == "ON"
    assert pos.distance_nm < 0.03


@pytest.mark.parametrize(("azimuth", "side"), [(0.0, "VN"), (180.0, "ID")])
def test_either_side_of_the_2003_continental_shelf_line(azimuth: float, side: str) -> None:
    # midway along the segment 106.317E 6.25N - 106.66E 6.35N, far from every other line
    lon, lat = (106.317 + 106.66) / 2, (6.25 + 6.35) / 2
    plon, plat = _offset(lon, lat, azimuth, 5.0)
    pos = position_against_lines(plat, plon)
    assert pos.line.line_id == 1330 and pos.side == side
    _, _, metres = GEOD.inv(plon, plat, pos.nearest_lon, pos.nearest_lat)
    assert pos.distance_nm == pytest.approx(metres / NM, rel=1e-9)
    assert pos.distance_nm == pytest.approx(5.0 * 0.96, rel=0.05)  # the segment is tilted 16°


@pytest.mark.parametrize(("azimuth", "side"), [(270.0, "VN"), (90.0, "CN")])
def test_either_side_of_the_gulf_of_tonkin_line(azimuth: float, side: str) -> None:
    coords = shapely.get_coordinates(_line(1294).geometry)
    lon, lat = coords[len(coords) // 2]
    plon, plat = _offset(float(lon), float(lat), azimuth, 3.0)
    pos = position_against_lines(plat, plon)
    assert pos.line.line_id == 1294 and pos.side == side
    assert 1.0 < pos.distance_nm <= 3.0 + 1e-6
    assert pos.side_vi == ("phía Việt Nam" if side == "VN" else "phía Trung Quốc")


def test_a_real_seizure_north_of_natuna() -> None:
    """Nine Bình Thuận boats taken by Indonesian patrol ship 6003 were moved to 06°25'N –
    109°39'E, "giáp đường phân định" (VOV, https://amp.vov.vn/xa-hoi/10-tau-ca-binh-thuan-bi-bat-giu-tai-indonesia-va-malaysia-534644.vov):
    on Vietnam's side of the 2003 line, about 4 nm from it, and just beyond Vietnam's 200-nm
    limit - the overlap where Indonesia enforces its own EEZ claim."""
    near = positions_against_lines(6 + 25 / 60, 109 + 39 / 60, within_nm=10)
    by_line = {p.line.line_id: p for p in near}
    assert set(by_line) == {1330, 4052}
    # Beside the 2003 line's last leg (109°17'E 6°50'N - 109°39'E 6°18'N; the nearest point is
    # inside it, not its end), on the side away from Natuna: Vietnam's. Told by the geometry
    # and the neighbour's coast, not by the zone set, whose Indonesian EEZ since issue 13 lies
    # on both sides of the leg there (beyond Vietnam's 200-nm limit, line 4052).
    assert by_line[1330].side == "VN" and by_line[1330].distance_nm == pytest.approx(4.09, abs=0.05)
    assert by_line[4052].side == OUTSIDE and by_line[4052].distance_nm == pytest.approx(
        1.89, abs=0.05
    )
    assert near[0].distance_nm <= near[1].distance_nm  # nearest first
