"""VMS JSON lines and CSV: round trip, provider column names, bad rows with reasons."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.feeds import Reject, decode_vms_csv, decode_vms_json, parse_vms_time
from services.vessels import VesselDirectory, VesselRecord
from streams.records import PositionReport

VMS = Path(__file__).resolve().parents[2] / "data" / "vms"


def _reports(n: int) -> list[PositionReport]:
    start = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    return [
        PositionReport(
            vessel_id=f"QNg-9{i % 7:04d}-TS",
            ts=start + timedelta(minutes=17 * i),
            lat=round(15.0 + i * 0.013, 6),
            lon=round(109.0 + i * 0.021, 6),
            speed_kn=round((i * 0.7) % 12, 1),
            course_deg=float((i * 37) % 360),
            source="vms",
        )
        for i in range(n)
    ]


def _as_vms_rows(reports: list[PositionReport]) -> list[dict[str, object]]:
    return [
        {
            "registration": r.vessel_id,
            "device_id": f"DEV-{r.vessel_id}",
            "utc_time": r.ts.isoformat().replace("+00:00", "Z"),
            "lat": r.lat,
            "lon": r.lon,
            "speed": r.speed_kn,
            "course": r.course_deg,
        }
        for r in reports
    ]


def test_json_lines_round_trip() -> None:
    reports = _reports(40)
    lines = [json.dumps(row) for row in _as_vms_rows(reports)]
    assert list(decode_vms_json(lines)) == reports


def test_csv_round_trip_comma_and_semicolon() -> None:
    reports = _reports(25)
    rows = _as_vms_rows(reports)
    for delimiter in (",", ";"):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
        assert list(decode_vms_csv(buffer.getvalue().splitlines())) == reports


def test_sample_json_file_good_and_bad_rows() -> None:
    directory = VesselDirectory(
        [VesselRecord("QNg-90456-TS"), VesselRecord("NT-90999-TS", vms_device_id="VMS-NT-0009")]
    )
    items = list(decode_vms_json((VMS / "sample.jsonl").read_bytes().splitlines(), directory))
    good = [i for i in items if isinstance(i, PositionReport)]
    bad = [i for i in items if isinstance(i, Reject)]
    assert [g.vessel_id for g in good] == [
        "QNg-90123-TS",
        "QNg-90123-TS",
        "QNg-90456-TS",
        "NT-90777-TS",
        "NT-90999-TS",
        "NT-90777-TS",
    ]
    assert good[2].lat == pytest.approx(16.201)  # decimal comma
    assert good[3].ts == datetime(2026, 11, 20, 3, 15, tzinfo=UTC)  # dd/mm/yyyy, Vietnamese keys
    assert good[4].ts == datetime(2026, 11, 20, 3, 15, tzinfo=UTC)  # +07:00 converted to UTC
    assert good[5].speed_kn is None and good[5].course_deg is None
    assert all(g.source == "vms" and g.mmsi is None for g in good)
    assert [(b.line_no, b.reason.split(":")[0]) for b in bad] == [
        (6, "impossible coordinates"),
        (7, "unreadable time"),
        (8, "impossible speed"),
        (9, "thiếu số đăng ký và mã thiết bị"),
        (10, "invalid JSON"),
        (11, "not a JSON object"),
    ]


def test_sample_csv_file_good_and_bad_rows() -> None:
    items = list(decode_vms_csv((VMS / "sample.csv").read_text().splitlines()))
    good = [i for i in items if isinstance(i, PositionReport)]
    bad = [i for i in items if isinstance(i, Reject)]
    assert len(good) == 5
    assert good[4].vessel_id == "VMS-NT-0009"  # unknown device, no registration
    assert [(b.line_no, b.reason.split(":")[0]) for b in bad] == [
        (7, "impossible coordinates"),
        (8, "unreadable time"),
        (9, "expected 7 columns, got 6"),
        (10, "lon is not a number"),
    ]


def test_csv_without_needed_columns_is_one_reject() -> None:
    items = list(decode_vms_csv(["name,lat,lon", "x,1,2"]))
    assert len(items) == 1 and isinstance(items[0], Reject)
    assert "ts" in items[0].reason


def test_unknown_device_gets_a_vms_id() -> None:
    line = '{"device_id": "8800123", "ts": "2026-11-20T01:00:00", "lat": 15, "lon": 109}'
    [report] = decode_vms_json([line])
    assert isinstance(report, PositionReport) and report.vessel_id == "VMS-8800123"


def test_registration_matched_to_registry_case() -> None:
    directory = VesselDirectory([VesselRecord("QNg-90123-TS")])
    line = '{"registration": "QNG 90123 TS", "ts": "2026-11-20T01:00:00", "lat": 15, "lon": 109}'
    [report] = decode_vms_json([line], directory)
    assert isinstance(report, PositionReport) and report.vessel_id == "QNg-90123-TS"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20T01:02:03Z", datetime(2026, 11, 20, 1, 2, 3, tzinfo=UTC)),
        ("2026-11-20 08:02:03+07:00", datetime(2026, 11, 20, 1, 2, 3, tzinfo=UTC)),
        ("2026-11-20 01:02", datetime(2026, 11, 20, 1, 2, tzinfo=UTC)),
        ("20/11/2026 01:02:03", datetime(2026, 11, 20, 1, 2, 3, tzinfo=UTC)),
        (1795136523, datetime.fromtimestamp(1795136523, UTC)),
        ("1795136523", datetime.fromtimestamp(1795136523, UTC)),
    ],
)
def test_time_formats(value: object, expected: datetime) -> None:
    assert parse_vms_time(value) == expected


@pytest.mark.parametrize("value", ["", "yesterday", "32/13/2026 00:00", 1e20])
def test_bad_times_raise_value_error(value: object) -> None:
    with pytest.raises(ValueError):
        parse_vms_time(value)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["registration", "ts", "lat", "lon", "speed", "course", "device_id", "other"]
        ),
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
        max_size=8,
    )
)
def test_arbitrary_rows_never_raise(row: dict[str, object]) -> None:
    [item] = decode_vms_json([json.dumps(row, default=str)])
    assert isinstance(item, PositionReport | Reject)
