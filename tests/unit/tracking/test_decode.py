"""Decoding position records: every bad record or fix comes back with a reason, never raises."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.tracking.fixes import FixColumns
from streams.positions.decode import EMPTY_BATCH, decode_position_records


def fix(vessel_id: str = "QNg-90123-TS", **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "vessel_id": vessel_id,
        "ts": "2026-05-01T03:00:00Z",
        "lat": 10.5,
        "lon": 110.25,
        "speed_kn": 7.5,
        "course_deg": 195.0,
        "source": "vms",
    }
    data.update(over)
    return data


def record(*fixes: object) -> bytes:
    return json.dumps({"positions": list(fixes)}).encode()


def same_columns(a: FixColumns, b: FixColumns) -> None:
    assert a.vessel_id == b.vessel_id and a.source == b.source
    for name in ("ts", "lat", "lon", "speed_kn", "course_deg"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_a_good_record_becomes_columns() -> None:
    cols, rejects = decode_position_records([record(fix(), fix("NT-91234-TS", speed_kn=None))])
    assert rejects == []
    assert cols.vessel_id == ["QNg-90123-TS", "NT-91234-TS"]
    assert cols.ts[0] == datetime(2026, 5, 1, 3, tzinfo=UTC).timestamp()
    assert cols.lat.tolist() == [10.5, 10.5] and cols.lon.tolist() == [110.25, 110.25]
    assert cols.speed_kn[0] == 7.5 and np.isnan(cols.speed_kn[1])


def test_course_360_is_north() -> None:
    cols, _ = decode_position_records([record(fix(course_deg=360.0))])
    assert cols.course_deg.tolist() == [0.0]


def test_naive_and_offset_timestamps_land_on_the_same_utc_instant() -> None:
    cols, rejects = decode_position_records(
        [record(fix(ts="2026-05-01T03:00:00"), fix("B1", ts="2026-05-01T10:00:00+07:00"))]
    )
    assert rejects == []
    assert cols.ts[0] == cols.ts[1] == datetime(2026, 5, 1, 3, tzinfo=UTC).timestamp()


@pytest.mark.parametrize("raw", [b"{not json", b"", "\u0000", b"\xff\xfe{"])
def test_malformed_json_is_rejected_with_its_payload(raw: bytes | str) -> None:
    cols, rejects = decode_position_records([raw])
    assert len(cols) == 0
    assert len(rejects) == 1 and rejects[0].reason.startswith("malformed JSON")


@pytest.mark.parametrize("body", [[fix()], {"fixes": [fix()]}, {"positions": "many"}, 42, "text"])
def test_wrong_shapes_are_rejected(body: object) -> None:
    cols, rejects = decode_position_records([json.dumps(body).encode()])
    assert len(cols) == 0
    assert [r.reason for r in rejects] == ["not a position record: expected {'positions': [...]}"]
    assert json.loads(rejects[0].payload) == body


def test_a_bare_report_is_accepted() -> None:
    cols, rejects = decode_position_records([json.dumps(fix()).encode()])
    assert rejects == [] and cols.vessel_id == ["QNg-90123-TS"]


def test_bad_fixes_are_rejected_one_by_one_with_reasons() -> None:
    bad_lat = fix("A1", lat=91.0)
    bad_id = fix("has space")
    no_ts = {k: v for k, v in fix("A3").items() if k != "ts"}
    cols, rejects = decode_position_records(
        [record(fix("OK1"), bad_lat, bad_id, no_ts, fix("OK2"), 7)]
    )
    assert cols.vessel_id == ["OK1", "OK2"]
    assert len(rejects) == 4
    reasons = [r.reason for r in rejects]
    assert all(r.startswith("invalid position report — ") for r in reasons)
    assert "lat" in reasons[0] and "vessel_id" in reasons[1] and "ts" in reasons[2]
    assert json.loads(rejects[0].payload)["lat"] == 91.0  # the payload is the fix itself


def test_nan_and_infinity_on_the_wire_are_rejected() -> None:
    raw = (
        b'{"positions": [{"vessel_id": "A1", "ts": "2026-05-01T03:00:00Z", "lat": NaN, "lon": 110},'
        b' {"vessel_id": "A2", "ts": "2026-05-01T03:00:00Z", "lat": 10, "lon": 110,'
        b' "speed_kn": Infinity}]}'
    )
    cols, rejects = decode_position_records([raw])
    assert len(cols) == 0 and len(rejects) == 2


def test_good_records_survive_a_bad_neighbour_in_the_same_call() -> None:
    cols, rejects = decode_position_records(
        [record(fix("A1")), b"garbage", record(fix("A2"), fix("bad id"))]
    )
    assert sorted(cols.vessel_id) == ["A1", "A2"]
    assert len(rejects) == 2


def test_dicts_and_strings_are_accepted_as_records() -> None:
    cols, rejects = decode_position_records(
        [{"positions": [fix("A1")]}, record(fix("A2")).decode()]
    )
    assert rejects == [] and sorted(cols.vessel_id) == ["A1", "A2"]


def test_nothing_in_gives_empty_columns() -> None:
    cols, rejects = decode_position_records([])
    assert len(cols) == 0 and rejects == [] and cols.ts.shape == (0,)


_fixes = st.builds(
    fix,
    vessel_id=st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,20}\Z"),
    ts=st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)).map(lambda d: d.isoformat()),
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
    speed_kn=st.one_of(st.none(), st.floats(0, 102.2)),
    course_deg=st.one_of(st.none(), st.floats(0, 360)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_fixes, max_size=5), max_size=4))
def test_fast_path_equals_slow_path(batches: list[list[dict[str, Any]]]) -> None:
    wire = [record(*fixes) for fixes in batches]  # bytes: parsed and validated in one pass
    as_dicts = [{"positions": fixes} for fixes in batches]  # dicts: the per-fix path
    fast, fast_rejects = decode_position_records(wire)
    slow, slow_rejects = decode_position_records(as_dicts)
    assert fast_rejects == slow_rejects  # an empty batch is recorded, by either path
    assert [r.reason for r in fast_rejects] == [EMPTY_BATCH for b in batches if not b]
    same_columns(fast, slow)
    assert len(fast) == sum(len(b) for b in batches)


@settings(max_examples=100, deadline=None)
@given(st.lists(_fixes, min_size=1, max_size=6), st.integers(0, 5))
def test_one_bad_fix_costs_only_itself(fixes: list[dict[str, Any]], where: int) -> None:
    bad = dict(fixes[where % len(fixes)], lat=123.0)
    mixed = [*fixes, bad]
    cols, rejects = decode_position_records([record(*mixed)])
    good, _ = decode_position_records([record(*fixes)])
    assert len(rejects) == 1
    same_columns(cols, good)
