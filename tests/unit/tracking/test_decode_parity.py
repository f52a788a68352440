"""The fast wire decoder (msgspec) never accepts what PositionReport refuses, nor changes a value.

Records given as ``dict`` skip the fast path, so decoding the same record as bytes and as a dict
compares the two decoders on exactly the same input.
"""

from __future__ import annotations

import json
import math
from typing import Any

import annotated_types as at
import msgspec
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.positions.decode import _WireFix, decode_position_records
from streams.records import PositionReport


def _pydantic_bounds(name: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for meta in PositionReport.model_fields[name].metadata:
        for attr in ("ge", "le", "gt", "lt", "min_length", "max_length"):
            if isinstance(meta, at.BaseMetadata) and hasattr(meta, attr):
                out[attr] = getattr(meta, attr)
    return out


def _msgspec_bounds(name: str) -> dict[str, Any]:
    info = msgspec.inspect.type_info(_WireFix)
    field = next(f for f in info.fields if f.name == name)  # type: ignore[attr-defined]
    kinds = [field.type]
    if isinstance(field.type, msgspec.inspect.UnionType):
        kinds = [t for t in field.type.types if not isinstance(t, msgspec.inspect.NoneType)]
    out: dict[str, Any] = {}
    for kind in kinds:
        for attr in ("ge", "le", "gt", "lt", "min_length", "max_length"):
            value = getattr(kind, attr, None)
            if value is not None:
                out[attr] = value
    return out


def test_wire_fix_has_every_field_and_bound_of_position_report() -> None:
    wire = {f.name for f in msgspec.inspect.type_info(_WireFix).fields}  # type: ignore[attr-defined]
    assert wire == set(PositionReport.model_fields)
    for name in PositionReport.model_fields:
        if name == "ts":  # a string on the wire, validated by PositionReport's rules
            continue
        assert _msgspec_bounds(name) == _pydantic_bounds(name), name


def _same_columns(a: Any, b: Any) -> None:
    assert a.vessel_id == b.vessel_id and a.source == b.source
    for name in ("ts", "lat", "lon", "speed_kn", "course_deg"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


NUMBERS = st.one_of(
    st.sampled_from([0, -0.0, 90, 90.0000001, -90, -90.5, 180, -180.0001, 360, 360.5, 102.2,
                     102.21, 1e308, -1e-320, 7, 15.5]),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.sampled_from(["12.5", "", None, True, [1], {"a": 1}]),
)  # fmt: skip
IDS = st.one_of(
    st.sampled_from(["QNg-90123-TS", "A", "a.b:c-d_e", "-bad", "ok\n", "", "x" * 64, "x" * 65,
                     "Tàu-1", "NT 123", 12345, None]),
    st.text(alphabet="AZaz09._:- \n\t", min_size=0, max_size=70),
)  # fmt: skip
TIMES = st.sampled_from([
    "2026-11-20T01:02:03Z", "2026-11-20T01:02:03+07:00", "2026-11-20T01:02:03",
    "2026-11-20 01:02:03.123456", "2026-11-20", "2026-02-30T00:00:00Z", "yesterday", "",
    "2026-11-20T25:00:00Z", "1790000000", 1790000000, 1.79e9, None,
])  # fmt: skip


@st.composite
def fixes(draw: st.DrawFn) -> dict[str, Any]:
    fix: dict[str, Any] = {}
    for key, values in (
        ("vessel_id", IDS),
        ("ts", TIMES),
        ("lat", NUMBERS),
        ("lon", NUMBERS),
        ("speed_kn", NUMBERS),
        ("course_deg", NUMBERS),
        ("source", st.sampled_from(["ais", "vms", "x" * 17, 5])),
        ("mmsi", st.sampled_from([574123456, -1, 10**9, "574123456", None])),
    ):
        wanted = key in ("vessel_id", "ts", "lat", "lon") or draw(st.booleans())
        if wanted and draw(st.integers(0, 9)) > 0:  # sometimes leave even a required field out
            fix[key] = draw(values)
    return fix


@settings(max_examples=600, deadline=None)
@given(st.lists(fixes(), min_size=1, max_size=4))
def test_fast_and_reference_decoders_agree(batch: list[dict[str, Any]]) -> None:
    record = {"positions": batch}
    raw = json.dumps(record).encode()
    fast_cols, fast_rejects = decode_position_records([raw])
    ref_cols, ref_rejects = decode_position_records([json.loads(raw)])
    _same_columns(fast_cols, ref_cols)
    assert [r.reason for r in fast_rejects] == [r.reason for r in ref_rejects]


def test_typical_fixes_take_the_fast_path_and_decode_exactly() -> None:
    raw = json.dumps({"positions": [
        {"vessel_id": "QNg-90123-TS", "ts": "2026-11-20T01:02:03+07:00", "lat": 10.5,
         "lon": 109, "speed_kn": None, "course_deg": 360.0, "source": "ais", "mmsi": 574000001},
        {"vessel_id": "NT-1-TS", "ts": "2026-11-20T01:02:03", "lat": -3.25, "lon": 108.0},
    ]}).encode()  # fmt: skip
    cols, rejects = decode_position_records([raw])
    assert rejects == []
    assert cols.vessel_id == ["QNg-90123-TS", "NT-1-TS"] and cols.source == ["ais", "vms"]
    assert cols.ts.tolist() == [1_795_136_523.0 - 7 * 3600, 1_795_136_523.0]
    assert math.isnan(cols.speed_kn[0]) and cols.course_deg[0] == 0.0 and cols.lon[0] == 109.0


def test_an_id_with_a_trailing_newline_is_refused_like_position_report_does() -> None:
    raw = json.dumps({"positions": [{"vessel_id": "ABC\n", "ts": "2026-11-20T00:00:00Z",
                                     "lat": 1.0, "lon": 2.0}]}).encode()  # fmt: skip
    cols, rejects = decode_position_records([raw])
    assert len(cols) == 0 and len(rejects) == 1 and "vessel_id" in rejects[0].reason
