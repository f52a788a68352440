"""Vessel identity as the feeds see it: registration numbers, MMSI, VMS devices, registry CSV."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.vessels import (
    RegistryRowError,
    VesselDirectory,
    VesselRecord,
    normalise_registration,
    parse_registry_csv,
    parse_risk,
    unknown_vessel_alert,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("QNg-90123-TS", "QNg-90123-TS"),
        (" qng 90123 ts ", "QNg-90123-TS"),
        ("QNG_90123_TS", "QNg-90123-TS"),
        ("nt.90777.ts", "NT-90777-TS"),
        ("BĐ-96789-TS", "BD-96789-TS"),
        ("KG--1234--TS", "KG-1234-TS"),
    ],
)
def test_normalise_registration(raw: str, expected: str) -> None:
    assert normalise_registration(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "---", "QNg#90123", "x" * 80])
def test_unusable_registrations_raise(raw: str) -> None:
    with pytest.raises(ValueError):
        normalise_registration(raw)


@given(st.text(max_size=40))
def test_normalised_ids_fit_the_event_schema(raw: str) -> None:
    try:
        vessel_id = normalise_registration(raw)
    except ValueError:
        return
    assert normalise_registration(vessel_id) == vessel_id  # idempotent
    assert vessel_id.isascii() and 0 < len(vessel_id) <= 64 and vessel_id[0].isalnum()


def test_directory_lookups() -> None:
    directory = VesselDirectory(
        [
            VesselRecord("QNg-90123-TS", mmsi=574000123, vms_device_id="VMS-QN-0001"),
            VesselRecord("NT-90777-TS", vms_device_id="8800777"),
        ]
    )
    assert directory.for_mmsi(574000123) == "QNg-90123-TS"
    assert directory.for_mmsi(574000999) == "MMSI-574000999"
    assert directory.for_vms("qng 90123 ts", None) == "QNg-90123-TS"
    assert directory.for_vms(None, "vms-qn-0001") == "QNg-90123-TS"
    assert directory.for_vms("", "8800777") == "NT-90777-TS"
    assert directory.for_vms(None, "8800999") == "VMS-8800999"
    assert directory.for_vms("NT-91111-TS", "8800777") == "NT-91111-TS"  # registration wins
    with pytest.raises(ValueError):
        directory.for_vms(" ", None)
    assert directory.known_ids() == {"QNg-90123-TS", "NT-90777-TS"}


@pytest.mark.parametrize(
    ("cell", "high"),
    [
        ("cao", True),
        ("Nguy cơ cao", True),
        ("HIGH", True),
        ("x", True),
        ("", False),
        ("thường", False),
        ("Bình thường", False),
        ("0", False),
    ],
)
def test_parse_risk(cell: str, high: bool) -> None:
    assert parse_risk(cell) is high


def test_parse_risk_refuses_unknown_words() -> None:
    with pytest.raises(RegistryRowError):
        parse_risk("trung bình")


def test_registry_csv_with_vietnamese_headers_and_semicolons() -> None:
    lines = [
        "Số đăng ký;Tên tàu;MMSI;Chủ tàu;Điện thoại;Chiều dài (m);Số thuyền viên;Nhóm nguy cơ",
        "QNg-90123-TS;Hoàng Sa 01;574000123;Nguyễn Văn Hùng;0900 000 123;18,5;12;cao",
        "NT-90777-TS;Cà Ná 07;;Trần Thị Lan;+84 900 000 777;14;7;thường",
    ]
    parsed = parse_registry_csv(lines)
    assert parsed.errors == []
    first, second = parsed.records
    assert (first.vessel_id, first.name, first.mmsi, first.length_m) == (
        "QNg-90123-TS",
        "Hoàng Sa 01",
        574000123,
        18.5,
    )
    assert first.owner_phone == "0900000123" and first.crew_count == 12 and first.high_risk
    assert second.owner_phone == "+84900000777" and not second.high_risk and second.mmsi is None
    assert parsed.line_of == {"QNg-90123-TS": 2, "NT-90777-TS": 3}


def test_registry_csv_without_registration_column() -> None:
    parsed = parse_registry_csv(["name,mmsi", "A,574000001"])
    assert parsed.records == [] and parsed.errors[0].line_no == 1


def test_unknown_vessel_alert_text() -> None:
    ts = datetime(2026, 11, 20, 1, 5, tzinfo=UTC)
    alert = unknown_vessel_alert("MMSI-574000999", ts, 15.38, 109.152, 574000999, "ais")
    assert alert.message.startswith("Tàu chưa có trong sổ đăng ký xuất hiện trên AIS: MMSI 5740")
    assert "15,3800°B 109,1520°Đ lúc 08:05 ngày 20/11/2026 (giờ Việt Nam)" in alert.message
    assert alert.details == {"registered": False, "mmsi": 574000999, "source": "ais"}
    later = unknown_vessel_alert("MMSI-574000999", ts.replace(hour=9), source="ais")
    assert later.alert_id == alert.alert_id  # one vessel, one "unknown" alert id
