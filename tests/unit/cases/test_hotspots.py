"""Past seizures as a warning layer: the period, the areas, the radius, one warning a day.

Positions are real seizures reported by the press: nine Bình Thuận boats taken by Indonesian
patrol ship 6003 and moved to 06°25'N – 109°39'E (VOV,
https://amp.vov.vn/xa-hoi/10-tau-ca-binh-thuan-bi-bat-giu-tai-indonesia-va-malaysia-534644.vov);
the boats were fishing between 06°15'N – 109°30'E and 07°20'N – 108°40'E (same report). The
dates here are set for the tests' period; the vessel numbers are the report's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pyproj import Geod

from services.cases.hotspots import HotspotIndex, PastSeizure, hotspot_alerts
from services.vocabulary import AlertKind

NATUNA = (6 + 25 / 60, 109 + 39 / 60)
TODAY = date(2026, 6, 1)
GEOD = Geod(ellps="WGS84")


def _seizure(on: date, dlat: float = 0.0, vessel: str = "BTh-97292-TS") -> PastSeizure:
    return PastSeizure(NATUNA[0] + dlat, NATUNA[1], on, "ID", vessel, "VOV")


def test_only_the_period_counts_and_close_seizures_make_one_area() -> None:
    index = HotspotIndex(
        [
            _seizure(date(2020, 1, 1)),  # older than 5 years: out
            _seizure(date(2023, 7, 24)),
            _seizure(date(2024, 3, 2), 0.05, "BTh-97974-TS"),
            PastSeizure(9.5, 103.0, date(2025, 1, 5), "TH", None, "hồ sơ #3"),
            _seizure(date(2027, 1, 1)),  # in the future: out
        ],
        today=TODAY,
        years=5.0,
        area_radius_nm=10.0,
    )
    assert len(index) == 3
    assert [a.count for a in index.areas] == [2, 1]
    assert index.areas[0].seizures[-1].vessel_id == "BTh-97974-TS"


@pytest.mark.parametrize(("distance_nm", "hit"), [(9.5, True), (10.5, False)])
def test_the_radius_is_measured_in_nautical_miles(distance_nm: float, hit: bool) -> None:
    index = HotspotIndex([_seizure(date(2024, 7, 24))], today=TODAY)
    lon, lat, _ = GEOD.fwd(NATUNA[1], NATUNA[0], 45.0, distance_nm * 1852)
    hits = index.near([lon], [lat], 10.0)[0]
    assert bool(hits) is hit
    if hit:
        assert hits[0].distance_nm == pytest.approx(distance_nm, rel=0.005)  # sphere vs WGS 84


def test_a_boat_near_a_past_seizure_is_warned_once_a_day_naming_it() -> None:
    index = HotspotIndex(
        [_seizure(date(2024, 7, 24)), _seizure(date(2025, 5, 2), 0.03, "BTh-99962-TS")], today=TODAY
    )
    morning = datetime(2026, 5, 30, 1, 0, tzinfo=UTC).timestamp()
    evening = datetime(2026, 5, 30, 11, 0, tzinfo=UTC).timestamp()
    near = (NATUNA[0] + 0.05, NATUNA[1] + 0.05)
    [a] = hotspot_alerts(
        index,
        {"QNg-90123-TS": (morning, *near), "QNg-1-TS": (morning, 10, 108)},
        radius_nm=10.0,
        now=datetime(2026, 5, 30, tzinfo=UTC),
    )
    assert a.kind is AlertKind.HOTSPOT and a.vessel_id == "QNg-90123-TS"
    assert "khu vực thường xảy ra bắt giữ" in a.message and "2 vụ bắt giữ" in a.message
    assert "tàu BTh-97292-TS bị Indonesia bắt giữ ngày 24/07/2024" in a.message
    assert a.audience == ["border_guard"]
    [b] = hotspot_alerts(
        index,
        {"QNg-90123-TS": (evening, *near)},
        radius_nm=10.0,
        now=datetime(2026, 5, 30, 12, tzinfo=UTC),
    )
    assert b.alert_id == a.alert_id  # same area, same Vietnam day: the store keeps one
    assert (
        hotspot_alerts(
            HotspotIndex([], today=TODAY),
            {"x": (morning, *near)},
            radius_nm=10.0,
            now=datetime(2026, 5, 30, tzinfo=UTC),
        )
        == []
    )
