"""Registry CSV import against a migrated database: per-row errors, idempotence, linking."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.db.base import session_scope
from infra.db.models import Vessel
from infra.repositories.vessel_queries import load_directory
from infra.repositories.vessels import import_vessels, register_sightings
from services.vessels import parse_registry_csv
from streams.records import PositionReport

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "vessels.csv"
HEADER = (
    "registration_number,name,mmsi,vms_device_id,owner,owner_phone,home_port,province,"
    "length_m,crew_count,risk_group,call_sign"
)


def _import(url: str, lines: list[str]):  # type: ignore[no-untyped-def]
    with session_scope(url) as session:
        return import_vessels(session, parse_registry_csv(lines))


def test_example_registry_imports_cleanly_and_idempotently(db_url: str) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    with EXAMPLE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    first = _import(db_url, lines)
    assert first.errors == []
    assert first.created == len(rows) >= 24
    again = _import(db_url, lines)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(rows))
    with session_scope(db_url) as session:
        stored = {v.vessel_id: v for v in session.scalars(select(Vessel))}
    assert set(stored) == {r["registration_number"] for r in rows}
    high = {r["registration_number"] for r in rows if r["risk_group"] == "cao"}
    assert {vid for vid, v in stored.items() if v.high_risk} == high
    sample = rows[1]
    vessel = stored[sample["registration_number"]]
    assert vessel.owner == sample["owner"] and vessel.home_port == sample["home_port"]
    assert vessel.owner_phone == sample["owner_phone"].replace(" ", "")
    assert vessel.length_m == float(sample["length_m"]) and vessel.registered


def test_bad_rows_are_reported_with_line_numbers(db_url: str) -> None:
    lines = [
        HEADER,
        "QNg-90001-TS,Hải Âu 01,574000001,VMS-QN-9001,Lê Văn A,0900000001,Sa Kỳ,Quảng Ngãi,"
        "16.5,9,cao,XVA1",
        ",Không số,,,,,,,,,,",
        "QNg-90002-TS,Tàu B,57400,,,,,,,,,",
        "QNg-90003-TS,Tàu C,,,,,,,dài,,,",
        "QNg-90004-TS,Tàu D,,,,,,,15,9,rất cao,",
        "qng 90001 ts,Trùng,,,,,,,,,,",
        "NT-90005-TS,Tàu E,574000001,,,,,,,,,",
        "NT-90006-TS,Tàu F,,,,không có số,,,,,,",
        "NT-90007-TS,Tàu G",
        "NT-90008-TS,Tàu H,,,,,,,,,thường,",
    ]
    result = _import(db_url, lines)
    assert (result.created, result.updated) == (2, 0)
    by_line = {e.line_no: e.reason for e in result.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert by_line[3] == "thiếu số đăng ký"
    assert "MMSI" in by_line[4]
    assert "chiều dài" in by_line[5]
    assert "nhóm nguy cơ" in by_line[6]
    assert by_line[7] == "trùng số đăng ký với dòng 2"
    assert by_line[8] == "trùng MMSI với dòng 2"
    assert "điện thoại" in by_line[9]
    assert "cột" in by_line[10]


def test_conflicts_with_registered_vessels_are_row_errors(db_url: str) -> None:
    _import(db_url, [HEADER, "QNg-90001-TS,A,574000001,DEV-1,,,,,,,,"])
    result = _import(
        db_url, [HEADER, "NT-90009-TS,B,574000001,,,,,,,,,", "NT-90010-TS,C,,dev-1,,,,,,,,"]
    )
    assert result.created == 0
    assert [e.reason for e in result.errors] == [
        "MMSI 574000001 đã thuộc tàu QNg-90001-TS",
        "mã thiết bị VMS dev-1 đã thuộc tàu QNg-90001-TS",
    ]


def test_update_and_case_insensitive_match(db_url: str) -> None:
    _import(db_url, [HEADER, "QNg-90001-TS,A,,,,,,,15,8,thường,"])
    result = _import(db_url, [HEADER, "QNG 90001 TS,A mới,,,,,,,15,10,cao,"])
    assert (result.created, result.updated) == (0, 1)
    with session_scope(db_url) as session:
        vessel = session.get(Vessel, "QNg-90001-TS")
        assert vessel is not None
        assert (vessel.name, vessel.crew_count, vessel.high_risk) == ("A mới", 10, True)
        assert session.scalar(select(func.count()).select_from(Vessel)) == 1


def test_import_links_an_unregistered_placeholder(db_url: str, session: Session) -> None:
    fix = PositionReport(
        vessel_id="MMSI-574000077",
        ts=datetime(2026, 11, 20, tzinfo=UTC),
        lat=15.0,
        lon=109.0,
        source="ais",
        mmsi=574000077,
    )
    assert len(register_sightings(session, [fix])) == 1
    session.commit()
    result = _import(db_url, [HEADER, "QNg-90077-TS,Tân An 77,574000077,,,,,,,,,"])
    assert result.errors == [] and result.created == 1
    with session_scope(db_url) as s:
        placeholder = s.get(Vessel, "MMSI-574000077")
        assert placeholder is not None and placeholder.mmsi is None and not placeholder.registered
        directory = load_directory(s)
    assert directory.for_mmsi(574000077) == "QNg-90077-TS"
    assert directory.for_vms("qng-90077-ts", None) == "QNg-90077-TS"


def test_captain_phone_and_radio_come_with_the_registry(db_url: str) -> None:
    lines = [
        HEADER + ",thuyen_truong,sdt_thuyen_truong,may_thong_tin",
        "QNg-95555-TS,Hải Âu 5,,,Lê Văn Lợi,0905 111 222,Cảng cá Sa Kỳ,Quảng Ngãi,17,8,,,"
        "Lê Văn Sang,0914.333.444,Icom IC-718 (HF)",
        "QNg-95556-TS,Hải Âu 6,,,Lê Văn Lợi,0905 111 222,Cảng cá Sa Kỳ,Quảng Ngãi,17,8,,,"
        "Lê Văn Bình,09-bad,",
    ]
    result = _import(db_url, lines)
    assert [(e.line_no, "điện thoại" in e.reason) for e in result.errors] == [(3, True)]
    with session_scope(db_url) as session:
        row = session.get(Vessel, "QNg-95555-TS")
        assert row is not None
        assert (row.captain, row.captain_phone, row.radio) == (
            "Lê Văn Sang", "0914333444", "Icom IC-718 (HF)",
        )  # fmt: skip
