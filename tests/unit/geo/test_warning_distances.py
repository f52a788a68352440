"""Per-zone approach-warning distances: the zone file's attribute, and settings over it.

Where a neighbour patrols, a boat is warned from farther out than the 5-nm default (Natuna
10 nm, the Malaysia areas 8 nm, the archipelagos 12 nm); ``SEAWATCH_ZONE_WARNING_NM`` can
change any of them without rebuilding the zone file.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from geo import Risk, ZoneDataError, classify, load_zones
from geo.zones import parse_warning_overrides
from infra.settings import get_settings

# 6.1 nm on Viet Nam's side of the Viet Nam–Malaysia overlap area (Malaysia's claim line)
NEAR_MY = (104.85, 6.80)
MY_AREA = "vùng chồng lấn Việt Nam – Malaysia"


def _risk(zones: object, lon: float, lat: float) -> str:
    res = classify(np.array([lon]), np.array([lat]), zones=zones)  # type: ignore[arg-type]
    return Risk(int(res.risk[0])).name


def test_the_zone_file_carries_a_wider_warning_where_a_neighbour_patrols() -> None:
    zs = load_zones()
    warn = dict(zip(zs.name, zs.warning_nm, strict=True))
    assert warn["vùng chồng lấn Việt Nam – Indonesia"] == 10.0
    assert warn[MY_AREA] == warn["vùng chồng lấn Việt Nam – Malaysia – Thái Lan"] == 8.0
    assert warn["quần đảo Hoàng Sa"] == 12.0
    res = classify(np.array([NEAR_MY[0]]), np.array([NEAR_MY[1]]), zones=zs, warning_nm=5.0)
    assert 5.0 < res.distance_nm[0] < 8.0  # beyond the default, within the area's own
    assert Risk(int(res.risk[0])) == Risk.APPROACHING
    assert res.nearest_name[0] == MY_AREA


def test_settings_override_the_file_per_name_kind_or_country() -> None:
    zs = load_zones()
    assert _risk(zs.with_warnings({MY_AREA: 5.0}), *NEAR_MY) == "SAFE"
    assert _risk(zs.with_warnings({"overlap:MY": 5.0}), *NEAR_MY) == "SAFE"
    assert _risk(zs.with_warnings({"overlap": 5.0}), *NEAR_MY) == "SAFE"
    # the most specific key wins: the area's name over its kind
    assert _risk(zs.with_warnings({"overlap": 5.0, MY_AREA: 8.0}), *NEAR_MY) == "APPROACHING"
    # the copy has its own index; the shipped set is unchanged
    assert _risk(zs, *NEAR_MY) == "APPROACHING"
    assert zs.with_warnings({}) is zs


def test_a_wider_warning_reaches_a_batch_too() -> None:
    """Vectorised: a line of fixes walking away from the area, warned up to the distance set."""
    zs = load_zones()
    lon = np.linspace(NEAR_MY[0], NEAR_MY[0] + 0.2, 40)
    lat = np.linspace(NEAR_MY[1], NEAR_MY[1] + 0.2, 40)
    for nm in (8.0, 12.0, 16.0):
        res = classify(lon, lat, zones=zs.with_warnings({MY_AREA: nm}))
        warned = res.risk == Risk.APPROACHING
        assert warned.any() and (~warned).any()
        assert np.all(res.distance_nm[warned] <= nm + 1e-6)
        assert np.all(res.distance_nm[~warned & (res.nearest_name == MY_AREA)] > nm - 1e-6)


def test_parse_rejects_what_it_cannot_apply() -> None:
    assert parse_warning_overrides(" overlap = 10 ;; ") == {"overlap": 10.0}
    for bad in ("overlap", "=5", "overlap=far", "overlap=-1", "overlap=40"):
        with pytest.raises(ZoneDataError):
            parse_warning_overrides(bad)
    assert load_zones().unmatched_warning_keys({"overlap": 1.0, "vùng không có": 2.0}) == [
        "vùng không có"
    ]


@pytest.fixture
def zone_setting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SEAWATCH_ZONE_WARNING_NM", f"{MY_AREA}=5")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_active_zone_set_applies_the_setting(zone_setting: None) -> None:
    from services.zones import active_zones

    zs = active_zones()
    assert dict(zip(zs.name, zs.warning_nm, strict=True))[MY_AREA] == 5.0
    assert _risk(zs, *NEAR_MY) == "SAFE"
    assert active_zones() is zs  # one copy (and one index) per set and setting
