"""Alerts for each zone kind, through the real tracker and the shipped zones, word by word.

Positions: the seizure of QNg 96507 TS in quần đảo Hoàng Sa (16°14'N 112°15'E, Người Lao Động,
1/8/2015), of BV 4419 TS north of Natuna (06°46'30"N 109°34'30"E, Thanh Niên/MOFA, 18/3/2021),
and approaches to them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

import geo
from services.tracking.batch import track_batch
from services.tracking.fixes import FixColumns
from services.tracking.policy import AlertPolicy
from services.vocabulary import AlertKind, Audience, Severity, country_name_vi

NOW = datetime(2026, 6, 1, tzinfo=UTC)
T0 = 1_780_000_000.0


def _alerts(
    lat: float,
    lon: float,
    speed: float = float("nan"),
    course: float = float("nan"),
    vessel: str = "QNg-96507-TS",
) -> list[object]:
    cols = FixColumns(
        vessel_id=[vessel],
        ts=np.array([T0]),
        lat=np.array([lat]),
        lon=np.array([lon]),
        speed_kn=np.array([speed]),
        course_deg=np.array([course]),
        source=["vms"],
    )
    cls = geo.classify(cols.lon, cols.lat, cols.speed_kn, cols.course_deg)
    out = track_batch(cols, cls, lambda _v: None, AlertPolicy(), NOW, name_vi=country_name_vi)
    return list(out.alerts)


def test_entering_hoang_sa_is_critical_and_speaks_of_the_risk_not_of_china() -> None:
    (alert,) = _alerts(16 + 14 / 60, 112.25)
    assert alert.kind == AlertKind.ARCHIPELAGO and alert.severity == Severity.CRITICAL
    assert alert.message == (
        "Tàu QNg-96507-TS đang ở khu vực quần đảo Hoàng Sa của Việt Nam, vị trí 16°14'N – "
        "112°15'E; nguy cơ bị lực lượng nước ngoài bắt giữ, xua đuổi. Đề nghị liên lạc với "
        "tàu, nắm tình hình, sẵn sàng hỗ trợ."
    )
    assert Audience.FOREIGN_AFFAIRS.value in alert.audience
    assert "Trung Quốc" not in alert.message and "Paracel" not in alert.message


def test_approaching_hoang_sa_warns_12_nm_out() -> None:
    (alert,) = _alerts(16.0, 110.95, 8.0, 300.0)  # west of the archipelago, heading away
    assert alert.kind == AlertKind.APPROACHING and alert.severity == Severity.WARNING
    words = alert.message.split(", ")
    assert words[0].startswith("Tàu QNg-96507-TS cách khu vực quần đảo Hoàng Sa ")
    assert words[0].endswith(" hải lý")
    assert alert.message.endswith(
        "hướng 300°, 8 hải lý/giờ; nguy cơ bị lực lượng nước ngoài bắt giữ, xua đuổi "
        "(ranh giới tham khảo)."
    )


def test_heading_into_hoang_sa_is_imminent_with_minutes() -> None:
    (alert,) = _alerts(16.0, 110.95, 10.0, 90.0)
    assert alert.kind == AlertKind.IMMINENT
    assert alert.message.startswith("Tàu QNg-96507-TS cách khu vực quần đảo Hoàng Sa ")
    assert " — dự kiến vào khu vực sau " in alert.message
    assert alert.message.endswith(
        " phút; nguy cơ bị lực lượng nước ngoài bắt giữ, xua đuổi (ranh giới tham khảo)."
    )


def test_truong_sa_lon_is_in_truong_sa() -> None:
    (alert,) = _alerts(8 + 38 / 60, 111 + 55 / 60, vessel="KH-90001-TS")
    assert alert.kind == AlertKind.ARCHIPELAGO
    assert "khu vực quần đảo Trường Sa của Việt Nam, vị trí 08°38'N – 111°55'E" in alert.message


def test_natuna_overlap_names_who_patrols_and_that_the_limit_is_indicative() -> None:
    (alert,) = _alerts(6.775, 109.575, vessel="BV-4419-TS")
    assert alert.kind == AlertKind.OVERLAP and alert.severity == Severity.WARNING
    assert alert.message == (
        "Tàu BV-4419-TS đã vào vùng chồng lấn Việt Nam – Indonesia (ranh giới tham khảo), vị "
        "trí 06°47'N – 109°35'E; lực lượng Indonesia tuần tra, nguy cơ bị bắt giữ. Yêu cầu "
        "liên lạc, hướng dẫn tàu rời khu vực."
    )
    assert alert.country == "ID" and Audience.FOREIGN_AFFAIRS.value in alert.audience


def test_historic_waters_name_cambodia() -> None:
    (alert,) = _alerts(9.95, 103.30, vessel="KG-91234-TS")
    assert alert.kind == AlertKind.OVERLAP
    assert alert.message.startswith(
        "Tàu KG-91234-TS đã vào vùng nước lịch sử Việt Nam – Campuchia (ranh giới tham khảo), "
        "vị trí 09°57'N – 103°18'E; lực lượng Campuchia tuần tra, nguy cơ bị bắt giữ."
    )


def test_inside_foreign_waters_still_says_leave_now() -> None:
    (alert,) = _alerts(4 + 55.4 / 60, 107 + 14.2 / 60, vessel="BTh-2122-TS")  # KRI Tjiptadi
    assert alert.kind == AlertKind.INSIDE_FOREIGN
    assert alert.message == (
        "Tàu BTh-2122-TS đã vào vùng biển Indonesia (vùng đặc quyền kinh tế), vị trí "
        "04°55'N – 107°14'E. Yêu cầu liên lạc, đưa tàu ra khỏi vùng biển nước ngoài ngay."
    )


def test_thai_navy_seizure_off_trat_names_the_cambodia_thailand_area() -> None:
    """CM 95848 TS and four more boats, Thai navy area 1, 5/4/2016 at 10°45'N 102°08'E (TTXVN,
    viettimes.vn): in the area Cambodia and Thailand both claim, where the Thai navy patrols."""
    (alert,) = _alerts(10.75, 102 + 8 / 60, vessel="CM-95848-TS")
    assert alert.kind == AlertKind.INSIDE_FOREIGN and alert.country == "TH"
    assert alert.message == (
        "Tàu CM-95848-TS đã vào vùng chồng lấn Campuchia – Thái Lan (ranh giới tham khảo), vùng "
        "biển nước ngoài, vị trí 10°45'N – 102°08'E; lực lượng Thái Lan tuần tra, nguy cơ bị "
        "bắt giữ. Yêu cầu liên lạc, đưa tàu ra khỏi vùng biển nước ngoài ngay."
    )


def test_joint_development_area_is_foreign_water_and_names_who_patrols() -> None:
    (alert,) = _alerts(7.0, 102.9, vessel="KG-94136-TS")
    assert alert.kind == AlertKind.INSIDE_FOREIGN and alert.country == "MY"
    assert alert.message == (
        "Tàu KG-94136-TS đã vào vùng phát triển chung Malaysia – Thái Lan (ranh giới tham "
        "khảo), vùng biển nước ngoài, vị trí 07°00'N – 102°54'E; lực lượng Malaysia tuần tra, "
        "nguy cơ bị bắt giữ. Yêu cầu liên lạc, đưa tàu ra khỏi vùng biển nước ngoài ngay."
    )


def test_viet_nam_s_water_inside_the_joint_development_area_is_an_overlap() -> None:
    (alert,) = _alerts(7.6, 103.2, vessel="CM-91050-TS")
    assert alert.kind == AlertKind.OVERLAP and alert.severity == Severity.WARNING
    assert alert.message == (
        "Tàu CM-91050-TS đã vào vùng chồng lấn Việt Nam – Malaysia – Thái Lan (ranh giới tham "
        "khảo), vị trí 07°36'N – 103°12'E; lực lượng Malaysia tuần tra, nguy cơ bị bắt giữ. "
        "Yêu cầu liên lạc, hướng dẫn tàu rời khu vực."
    )


def test_the_malaysia_area_warns_8_nm_out_not_at_the_5_nm_default() -> None:
    (alert,) = _alerts(6.80, 104.85, 6.0, 45.0, vessel="CM-99110-TS")  # 6.1 nm, heading away
    assert alert.kind == AlertKind.APPROACHING
    assert alert.message == (
        "Tàu CM-99110-TS cách vùng chồng lấn Việt Nam – Malaysia 6,1 hải lý, hướng 45°, "
        "6 hải lý/giờ; lực lượng Malaysia tuần tra, nguy cơ bị bắt giữ (ranh giới tham khảo)."
    )


def test_no_english_or_code_word_in_any_zone_alert() -> None:
    positions = [
        (16.2333, 112.25),
        (16.0, 110.95),
        (6.775, 109.575),
        (9.95, 103.30),
        (10.75, 102.1333),
        (7.0, 102.9),
        (7.6, 103.2),
        (6.80, 104.85),
        (15.15, 117.75),
        (8.6333, 111.9167),
        (6.3, 108.0),
        (16.59, 111.18),
    ]
    for lat, lon in positions:
        for alert in _alerts(lat, lon, 6.0, 45.0):
            text = alert.message
            for word in (
                "high_seas",
                "Paracel",
                "Spratly",
                "overlap",
                "archipelago",
                "territorial_sea",
                "eez",
                "None",
                "disputed",
                "vùng biển Trung Quốc",
            ):
                assert word not in text, (word, text)


def test_leaving_hoang_sa_behind_is_not_back_from_viet_nam_s_line() -> None:
    cols = FixColumns(
        vessel_id=["QNg-90617-TS"] * 2,
        ts=np.array([T0, T0 + 7200]),
        lat=np.array([16.0, 15.9]),
        lon=np.array([110.95, 110.72]),
        speed_kn=np.array([8.0, 8.0]),
        course_deg=np.array([240.0, 240.0]),
        source=["vms", "vms"],
    )
    cls = geo.classify(cols.lon, cols.lat, cols.speed_kn, cols.course_deg)
    out = track_batch(cols, cls, lambda _v: None, AlertPolicy(), NOW, name_vi=country_name_vi)
    kinds = [a.kind for a in out.alerts]
    assert kinds == [AlertKind.APPROACHING, AlertKind.BACK_SAFE]
    assert out.alerts[1].message.startswith(
        "Tàu QNg-90617-TS đã ra xa khu vực quần đảo Hoàng Sa, cách "
    )
    assert "Việt Nam" not in out.alerts[1].message


def test_hysteresis_is_measured_from_the_area_s_own_warning_distance() -> None:
    """Warned 8 nm out from the Viet Nam–Malaysia area, a boat is not 'back safe' at 8.2 nm
    (it would be at the 5-nm default plus 0.5): only beyond 8 + 0.5 nm."""
    lon = np.array([104.85, 104.875, 104.89])
    lat = np.array([6.80, 6.825, 6.84])
    cols = FixColumns(
        vessel_id=["CM-99110-TS"] * 3,
        ts=np.array([T0, T0 + 1800, T0 + 3600]),
        lat=lat,
        lon=lon,
        speed_kn=np.full(3, 5.0),
        course_deg=np.full(3, 45.0),
        source=["vms"] * 3,
    )
    cls = geo.classify(cols.lon, cols.lat, cols.speed_kn, cols.course_deg)
    assert [round(float(d), 1) for d in cls.distance_nm] == [6.1, 8.2, 9.4]
    assert list(cls.warning_nm) == [8.0, 8.0, 8.0]
    out = track_batch(cols, cls, lambda _v: None, AlertPolicy(), NOW, name_vi=country_name_vi)
    assert [a.kind for a in out.alerts] == [AlertKind.APPROACHING, AlertKind.BACK_SAFE]
    assert out.alerts[1].ts == datetime.fromtimestamp(T0 + 3600, UTC)
