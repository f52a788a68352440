"""AIS NMEA decoding against real logs, compared with what pyais itself decodes."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyais import decode as pyais_decode
from pyais import encode_dict
from pyais.stream import FileReaderStream

from services.feeds import FeedStats, Ignored, NmeaDecoder, Reject, decode_nmea
from services.feeds.nmea import POSITION_TYPES
from services.vessels import StaticUpdate, VesselDirectory, VesselRecord
from streams.records import PositionReport

AIS = Path(__file__).resolve().parents[2] / "data" / "ais"
LOGS = ["pyais_nmea_data_sample.txt", "gpsd_sample.aivdm", "gpsd_ais-nmea.log"]
FIXED = datetime(2030, 1, 1, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED


def decode_file(path: Path) -> list[object]:
    with path.open("rb") as handle:
        return list(decode_nmea(handle, clock=fixed_clock))


def pyais_counts(path: Path) -> dict[str, int]:
    """What pyais decodes directly: valid-checksum position messages, with/without a position."""
    counts = {"positions": 0, "not_available": 0, "statics": 0}
    for msg in FileReaderStream(str(path)):
        if not msg.is_valid:
            continue
        try:
            decoded: Any = msg.decode()
        except Exception:
            continue
        if decoded.msg_type in POSITION_TYPES:
            if decoded.lat == 91 or decoded.lon == 181:
                counts["not_available"] += 1
            elif -90 <= decoded.lat <= 90 and -180 <= decoded.lon <= 180:
                counts["positions"] += 1
        elif decoded.msg_type in (5, 24):
            name: Any = getattr(decoded, "shipname", None)
            call_sign: Any = getattr(decoded, "callsign", None)
            if name or call_sign:
                counts["statics"] += 1
    return counts


@pytest.mark.parametrize("name", LOGS)
def test_position_count_matches_pyais(name: str) -> None:
    path = AIS / name
    stats = FeedStats()
    for item in decode_file(path):
        stats.count(item)  # type: ignore[arg-type]
    expected = pyais_counts(path)
    assert expected["positions"] > 0
    assert stats.positions == expected["positions"]
    assert stats.statics == expected["statics"]
    assert stats.rejects["position not available"] == expected["not_available"]


def test_multipart_type5_decoded_like_pyais() -> None:
    lines = (AIS / "gpsd_ais-nmea.log").read_text().splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("!AIVDM,2,1"))
    pair = lines[first : first + 2]
    items = [i for i in decode_nmea(pair, clock=fixed_clock) if isinstance(i, StaticUpdate)]
    reference: Any = pyais_decode(*pair)
    assert len(items) == 1
    assert reference.msg_type == 5
    assert items[0].msg_type == 5
    assert items[0].mmsi == reference.mmsi
    assert items[0].name == reference.shipname.strip()
    assert items[0].call_sign == reference.callsign.strip()
    assert items[0].vessel_id == f"MMSI-{reference.mmsi}"


def test_tag_block_times_are_used() -> None:
    items = decode_file(AIS / "tagblock_sample.nmea")
    positions = [i for i in items if isinstance(i, PositionReport)]
    statics = [i for i in items if isinstance(i, StaticUpdate)]
    assert [p.ts for p in positions[:3]] == [
        datetime.fromtimestamp(1605691200, UTC),
        datetime.fromtimestamp(1605691260, UTC),
        datetime.fromtimestamp(1605691380, UTC),  # c: in milliseconds
    ]
    assert positions[3].ts == FIXED  # no tag block: receive clock
    assert positions[4].ts == FIXED  # tag block with a bad checksum is not trusted
    assert len(statics) == 1 and statics[0].msg_type == 5  # two parts inside a g: group


def test_gps_sentences_give_the_clock() -> None:
    lines = [
        "$GPRMC,213950.00,A,5250.53669,N,00542.34920,E,0.020,,070420,,,A*7D",
        "!AIVDM,1,1,,A,13RlIW?04F1beOVEFLB9bRvH0L0L,0*6C",
        "$GPZDA,101500.50,23,11,2026,00,00*4F",
        "!AIVDM,1,1,,A,14S:lr02j>1Tv?LDi:;5:D8F0H6L,0*79",
    ]
    positions = [i for i in decode_nmea(lines, clock=fixed_clock) if isinstance(i, PositionReport)]
    assert positions[0].ts == datetime(2020, 4, 7, 21, 39, 50, tzinfo=UTC)
    assert positions[1].ts == datetime(2026, 11, 23, 10, 15, 0, 500000, tzinfo=UTC)


def test_stale_gps_time_is_not_reused_on_a_live_feed() -> None:
    rmc = "$GPRMC,213950.00,A,5250.53669,N,00542.34920,E,0.020,,070420,,,A*7D"
    fix = "!AIVDM,1,1,,A,13RlIW?04F1beOVEFLB9bRvH0L0L,0*6C"
    live = NmeaDecoder(clock=fixed_clock, gps_time_max_age_s=0.0)
    file = NmeaDecoder(clock=fixed_clock)
    for decoder, expected in ((live, FIXED), (file, datetime(2020, 4, 7, 21, 39, 50, tzinfo=UTC))):
        decoder.decode_line(1, rmc)
        time.sleep(0.01)
        [report] = decoder.decode_line(2, fix)
        assert isinstance(report, PositionReport) and report.ts == expected


def _sentence(**fields: Any) -> str:
    return encode_dict({"mmsi": 574123456, **fields}, radio_channel="A", talker_id="AI")[0]


def test_not_available_values_are_not_numbers() -> None:
    decoder = NmeaDecoder(clock=fixed_clock)
    [missing] = decoder.decode_line(1, _sentence(type=1, lat=91, lon=181, speed=5, course=90))
    assert isinstance(missing, Reject) and missing.reason.startswith("position not available")
    [fix] = decoder.decode_line(2, _sentence(type=1, lat=15.2, lon=109.4, speed=102.3, course=360))
    assert isinstance(fix, PositionReport)
    assert fix.speed_kn is None and fix.course_deg is None
    assert fix.lat == pytest.approx(15.2, abs=1e-5) and fix.mmsi == 574123456
    [lr] = decoder.decode_line(3, _sentence(type=27, lat=15.2, lon=109.4, speed=63, course=511))
    assert isinstance(lr, PositionReport) and lr.speed_kn is None and lr.course_deg is None
    [b] = decoder.decode_line(4, _sentence(type=18, lat=-10.5, lon=105.0, speed=8.4, course=195.5))
    assert isinstance(b, PositionReport)
    assert b.speed_kn == pytest.approx(8.4) and b.course_deg == pytest.approx(195.5)


def test_type24_parts_carry_name_and_call_sign() -> None:
    decoder = NmeaDecoder(clock=fixed_clock)
    [a] = decoder.decode_line(1, _sentence(type=24, partno=0, shipname="BINH MINH 88"))
    [b] = decoder.decode_line(2, _sentence(type=24, partno=1, callsign="XVF7166", ship_type=30))
    assert isinstance(a, StaticUpdate) and a.name == "BINH MINH 88" and a.call_sign is None
    assert isinstance(b, StaticUpdate) and b.call_sign == "XVF7166" and b.ship_type == 30


def test_registry_links_mmsi_to_registration() -> None:
    directory = VesselDirectory([VesselRecord("QNg-90042-TS", mmsi=574123456)])
    decoder = NmeaDecoder(directory, clock=fixed_clock)
    [fix] = decoder.decode_line(1, _sentence(type=1, lat=15.2, lon=109.4, speed=7, course=90))
    assert isinstance(fix, PositionReport)
    assert fix.vessel_id == "QNg-90042-TS" and fix.mmsi == 574123456
    [other] = decoder.decode_line(
        2, encode_dict({"type": 1, "mmsi": 574999999, "lat": 15.0, "lon": 109.0})[0]
    )
    assert isinstance(other, PositionReport) and other.vessel_id == "MMSI-574999999"


def test_bad_lines_become_rejects_with_reasons() -> None:
    good = "!AIVDM,1,1,,A,13RlIW?04F1beOVEFLB9bRvH0L0L,0*6C"
    part1 = "!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A"
    part2 = "!AIVDM,2,2,9,B,`88888888888880,2*76"
    lines = [
        good[:-2] + "00",  # bad checksum
        "hello world",
        "!AIVDM,1,1,,B,,0*25",  # empty payload
        part2,  # second part without the first
        part1,  # first part never completed
        "\\c:123*00",  # tag block without closing backslash
    ]
    rejects = [i for i in decode_nmea(lines, clock=fixed_clock) if isinstance(i, Reject)]
    reasons = [r.reason for r in rejects]
    assert reasons == [
        "bad checksum",
        "not an NMEA sentence",
        "empty payload",
        "fragment without its first part",
        "malformed tag block: no closing backslash",
        "incomplete multi-part message",
    ]
    assert [r.line_no for r in rejects] == [1, 2, 3, 4, 6, 5]


def _checksummed(body: str) -> str:
    checksum = 0
    for ch in body:
        checksum ^= ord(ch)
    return f"!{body}*{checksum:02X}"


def test_out_of_order_fragment_is_rejected() -> None:
    a = _checksummed("AIVDM,3,1,7,A,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0")
    c = _checksummed("AIVDM,3,3,7,A,`88888888888880,2")
    decoder = NmeaDecoder(clock=fixed_clock)
    assert decoder.decode_line(1, a) == []
    [out] = decoder.decode_line(2, c)
    assert isinstance(out, Reject) and out.reason == "out-of-order fragment"
    [left] = decoder.finish()
    assert isinstance(left, Reject) and left.line_no == 1


def test_ignored_lines_are_counted_not_rejected() -> None:
    stats = FeedStats()
    lines = ["$GPGSA,A,3,11,32,14,28,22,03,10,08,17,,,,2.02,1.03,1.74*00", "# comment", ""]
    for item in decode_nmea(lines, clock=fixed_clock):
        stats.count(item)
    assert stats.rejected == 0 and stats.ignored == {"NMEA GPGSA": 1}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=120), max_size=20))
def test_arbitrary_input_never_raises(lines: list[str]) -> None:
    items = list(decode_nmea(["!AIVDM," + line for line in lines], clock=fixed_clock))
    for item in items:
        assert isinstance(item, PositionReport | StaticUpdate | Reject | Ignored)


@settings(max_examples=100, deadline=None)
@given(
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
    speed=st.floats(0, 102.2),
    course=st.floats(0, 359.9),
    seconds=st.integers(0, 10**8),
)
def test_encoded_positions_round_trip(
    lat: float, lon: float, speed: float, course: float, seconds: int
) -> None:
    ts = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    sentence = _sentence(type=1, lat=lat, lon=lon, speed=speed, course=course)
    tag = f"c:{int(ts.timestamp())}"
    checksum = 0
    for ch in tag:
        checksum ^= ord(ch)
    [fix] = NmeaDecoder(clock=fixed_clock).decode_line(1, f"\\{tag}*{checksum:02X}\\{sentence}")
    assert isinstance(fix, PositionReport)
    assert fix.ts == ts
    assert fix.lat == pytest.approx(lat, abs=1e-5) and fix.lon == pytest.approx(lon, abs=1e-5)
    assert fix.speed_kn == pytest.approx(speed, abs=0.1)  # 0.1 kn resolution, truncated


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=100), max_size=20))
def test_arbitrary_bytes_never_raise(lines: list[bytes]) -> None:
    prefixes = [b"", b"!AIVDM,2,1,3,A,", b"\\c:1*00\\", b"$GPRMC,"]
    stream = [prefixes[i % len(prefixes)] + line for i, line in enumerate(lines)]
    items = list(decode_nmea(stream, clock=fixed_clock))
    assert all(isinstance(i, PositionReport | StaticUpdate | Reject | Ignored) for i in items)
