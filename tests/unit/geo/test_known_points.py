"""The default zone set gives the right answers at known places and along treaty lines."""

from __future__ import annotations

import numpy as np
import pytest

from geo import Risk, classify, classify_point
from tests.common import KNOWN_POINTS, offset_nm, treaty_vertices


@pytest.mark.parametrize(
    ("label", "lon", "lat", "country", "risk"), KNOWN_POINTS, ids=[p[0] for p in KNOWN_POINTS]
)
def test_known_point(label: str, lon: float, lat: float, country: str | None, risk: str) -> None:
    result = classify_point(lat, lon)
    assert result.risk == risk, (label, result)
    assert result.country == country, (label, result)
    assert result.foreign == (risk == "INSIDE_FOREIGN")


def _normals(vertices: np.ndarray) -> np.ndarray:
    """Unit left-normals at each vertex (bisector of the adjacent segments), in nm space."""
    cos_lat = np.cos(np.radians(vertices[:, 1]))
    scaled = vertices * np.column_stack([cos_lat, np.ones(len(vertices))])
    before = np.vstack([scaled[1] - scaled[0], scaled[1:] - scaled[:-1]])
    after = np.vstack([scaled[1:] - scaled[:-1], scaled[-1] - scaled[-2]])
    tangent = (
        before / np.linalg.norm(before, axis=1)[:, None]
        + after / np.linalg.norm(after, axis=1)[:, None]
    )
    tangent /= np.linalg.norm(tangent, axis=1)[:, None]
    return np.column_stack([-tangent[:, 1], tangent[:, 0]])


@pytest.mark.parametrize(("line_id", "first", "last", "left", "right"), [
    (1294, 7, 20, "CN", "VN"),   # Gulf of Tonkin 2000, drawn north to south: China on the left
    # Vietnam-Indonesia 2003, drawn west to east: Viet Nam's side is the Natuna overlap area,
    # which Indonesia patrols (zone country ID, kind overlap, not foreign)
    (1330, 1, 5, "ID", "ID"),
])  # fmt: skip
def test_sides_of_treaty_lines(line_id: int, first: int, last: int, left: str, right: str) -> None:
    vertices = treaty_vertices(line_id)
    normals = _normals(vertices)[first:last]
    points = vertices[first:last]
    for side, expected in ((1.0, left), (-1.0, right)):
        moved = offset_nm(points, normals * side, 2.0)
        res = classify(moved[:, 0], moved[:, 1])
        assert list(res.country) == [expected] * len(points), (line_id, expected, res.country)
        if line_id == 1330:
            kinds = ["overlap"] * len(points) if side > 0 else ["eez"] * len(points)
            assert list(res.zone_kind) == kinds


@pytest.mark.parametrize("line_id", [1294, 1352])
def test_treaty_points_lie_on_the_boundary(line_id: int) -> None:
    vertices = treaty_vertices(line_id)
    inner = vertices[1:-1] if len(vertices) > 2 else (vertices[:1] + vertices[1:]) / 2
    res = classify(inner[:, 0], inner[:, 1])
    assert np.all(res.distance_nm < 0.25), res.distance_nm


def test_thailand_vietnam_1997_line_sides() -> None:
    a, b = treaty_vertices(1352)[[0, -1]]
    mid = ((a + b) / 2)[None, :]
    direction = (b - a) / np.linalg.norm(b - a)
    left = np.array([[-direction[1], direction[0]]])
    north_east = classify(*offset_nm(mid, -left, 3.0).T)
    south_west = classify(*offset_nm(mid, left, 3.0).T)
    assert {north_east.country[0], south_west.country[0]} == {"VN", "TH"}
    vn_side = (
        offset_nm(mid, -left, 3.0) if north_east.country[0] == "VN" else offset_nm(mid, left, 3.0)
    )
    assert vn_side[0, 0] > mid[0, 0]  # Vietnam's side is the east side (towards Cà Mau)


def test_invalid_fixes_have_reasons_and_never_raise() -> None:
    lon = np.array([np.nan, 108.0, 200.0, 90.0, 105.85, 108.0])
    lat = np.array([10.0, 95.0, 10.0, 10.0, 21.03, np.inf])
    res = classify(lon, lat)
    assert [Risk(r).name for r in res.risk] == ["INVALID"] * 6
    assert list(res.reason) == [
        "NaN coordinate",
        "latitude out of range",
        "longitude out of range",
        "outside zone coverage (lon 99..125, lat 0..25)",
        "on land",
        "NaN coordinate",
    ]
    assert np.isnan(res.distance_nm).all()
