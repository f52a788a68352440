"""Risk levels, dead reckoning and the batch/single-fix contract."""

from __future__ import annotations

import numpy as np
import pytest

from geo import Risk, classify, classify_point, load_zones
from tests.common import offset_nm, treaty_vertices

# The 1997 Thailand-Viet Nam line C-K; Viet Nam's side is the north-east. A plain foreign
# frontier (the 2003 Indonesia line now has the Natuna overlap area on Viet Nam's side).
_C, _K = treaty_vertices(1352)[[0, -1]]
_MID = ((_C + _K) / 2)[None, :]
_ALONG = (_K - _C) * np.array([np.cos(np.radians(_MID[0, 1])), 1.0])
_ALONG /= np.linalg.norm(_ALONG)
_TO_VN = np.array([[_ALONG[1], -_ALONG[0]]])  # right of C->K: north-east
_COURSE_TO_LINE = float(np.degrees(np.arctan2(-_TO_VN[0, 0], -_TO_VN[0, 1])) % 360)


def _north_of_line(nm: float) -> tuple[float, float]:
    """``nm`` on Viet Nam's side of C-K, off its middle (name kept from the first version)."""
    lon, lat = offset_nm(_MID, _TO_VN, nm)[0]
    return float(lon), float(lat)


def test_every_field_is_an_array_as_long_as_the_input() -> None:
    lon = np.array([108.9, 109.6, np.nan])
    res = classify(lon, np.array([6.2, 12.2, 1.0]))
    for name in (
        "risk",
        "country",
        "zone_kind",
        "foreign",
        "distance_nm",
        "nearest_country",
        "minutes_to_crossing",
        "entering_country",
        "reason",
    ):
        assert len(getattr(res, name)) == 3, name
    assert res.risk.dtype == np.int8
    assert len(res) == 3


def test_approaching_within_warning_distance_and_configurable() -> None:
    lon, lat = _north_of_line(3.0)
    near = classify_point(lat, lon)
    assert near.risk == "APPROACHING"
    assert near.nearest_country == "TH"
    assert near.distance_nm == pytest.approx(3.0, abs=0.1)
    assert classify_point(lat, lon, warning_nm=2.0).risk == "SAFE"


def test_imminent_reports_minutes_and_entering_zone() -> None:
    lon, lat = _north_of_line(8.0)
    south = classify_point(lat, lon, speed_kn=10.0, course_deg=_COURSE_TO_LINE)
    assert south.risk == "IMMINENT"
    assert south.entering_country == "TH" and south.entering_kind == "eez"
    assert south.minutes_to_crossing == pytest.approx(48.0, abs=1.5)  # 8 nm at 10 kn
    north = classify_point(lat, lon, speed_kn=10.0, course_deg=(_COURSE_TO_LINE + 180) % 360)
    assert north.risk == "SAFE" and north.minutes_to_crossing is None
    short = classify_point(lat, lon, speed_kn=10.0, course_deg=_COURSE_TO_LINE, horizon_min=30.0)
    assert short.risk == "SAFE"


def test_unknown_speed_or_course_means_no_prediction() -> None:
    lon, lat = _north_of_line(8.0)
    res = classify(
        np.array([lon, lon, lon]),
        np.array([lat, lat, lat]),
        speed_kn=np.array([np.nan, 10.0, 0.0]),
        course_deg=np.array([_COURSE_TO_LINE, np.nan, _COURSE_TO_LINE]),
    )
    assert [Risk(r).name for r in res.risk] == ["SAFE", "SAFE", "SAFE"]
    assert np.isnan(res.minutes_to_crossing).all()


def test_inside_foreign_takes_precedence_and_reports_depth() -> None:
    lon, lat = offset_nm(_MID, -_TO_VN, 4.0)[0]
    res = classify_point(float(lat), float(lon), speed_kn=10, course_deg=0)
    assert res.risk == "INSIDE_FOREIGN" and res.country == "TH" and res.foreign
    assert res.distance_nm == pytest.approx(4.0, abs=0.1)


def test_point_wrapper_matches_batch() -> None:
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(99, 125, 200), rng.uniform(0, 25, 200)
    batch = classify(lon, lat)
    for i in range(0, 200, 17):
        one = classify_point(float(lat[i]), float(lon[i]))
        assert one.risk == Risk(int(batch.risk[i])).name
        assert one.country == batch.country[i]


def test_high_seas_is_neither_foreign_nor_a_country() -> None:
    res = classify_point(13.5, 114.5)  # beyond 200 nm of every coast, between the archipelagos
    assert res.risk == "SAFE" and res.country is None and res.zone_kind == "high_seas"


def test_tonkin_crossing_predicted_towards_china() -> None:
    vertices = treaty_vertices(1294)
    lon, lat = offset_nm(vertices[[10]], np.array([[-1.0, 0.0]]), 6.0)[0]  # west of the line
    res = classify_point(float(lat), float(lon), speed_kn=12.0, course_deg=90.0)
    assert res.country == "VN"
    assert res.risk == "IMMINENT" and res.entering_country == "CN"
    assert 0 < (res.minutes_to_crossing or 0) < 60


def test_zone_set_is_cached() -> None:
    assert load_zones() is load_zones()


def test_mismatched_arrays_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="same length"):
        classify(np.array([108.0, 109.0]), np.array([10.0]))
    with pytest.raises(ValueError, match="speed_kn has 2 values for 3 positions"):
        classify(np.zeros(3) + 108, np.zeros(3) + 10, speed_kn=np.array([1.0, 2.0]))


def test_empty_batch() -> None:
    res = classify(np.array([]), np.array([]))
    assert len(res) == 0 and res.distance_nm.shape == (0,)
