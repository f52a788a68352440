"""Silences on a real feed, through real workers: each source on its own clock (issue 14).

* the Global Fishing Watch track (tests/data/ais/gfw_gap_positions_ee.csv.gz, Apache-2.0, see
  tests/data/README.md): one vessel, 41,844 real fixes, one real 16.6 h silence
  (2018-12-25 11:50:57Z → 2018-12-26 04:25:25Z), replayed with ``seawatch feed replay`` alone
  in its partition: it goes dark 6 h after its last fix, and its signal comes back once;
* a lone vessel that nobody's fixes move the clock for: the silence is first seen when it
  reports again, and is still raised (late) before its SIGNAL_RESTORED;
* a live source that stalls: one "nguồn dữ liệu gián đoạn", no storm of dark boats, and the
  boats are judged again once it is back;
* the 10-day deadline met (back in port) and missed, on a replay's clock ticks;
* whose boat: a foreign fishing vessel entering Vietnam's waters is an intrusion with its
  flag; a foreign merchant ship in its own waters raises nothing.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from infra.db.base import session_scope
from infra.db.models import AlertRow, Vessel
from infra.kafka import KafkaPublisher
from services.tracking.clock import ClockTick, tick_record
from tests.integration.stream.conftest import ROOT, Stream, wait_for

GFW = ROOT / "tests" / "data" / "ais" / "gfw_gap_positions_ee.csv.gz"
GFW_LAST_FIX = datetime(2018, 12, 25, 11, 50, 57, tzinfo=UTC)
GFW_BACK = datetime(2018, 12, 26, 4, 25, 25, tzinfo=UTC)


# what this file is about: not the registry's "unknown vessel", nor behaviour events (port
# visits, loitering...) that services/events raises from the same fixes
_OTHER = {"UNKNOWN_VESSEL", "PORT_DEPARTURE", "PORT_ARRIVAL", "ENCOUNTER", "LOITERING",
          "DEVICE_SWAP"}  # fmt: skip


def _alerts(vessel: str) -> list[AlertRow]:
    with session_scope() as s:
        stmt = select(AlertRow).where(AlertRow.vessel_id == vessel).order_by(AlertRow.id)
        return [a for a in s.scalars(stmt) if a.kind not in _OTHER]


def _kinds(vessel: str) -> list[str]:
    return [a.kind for a in _alerts(vessel)]


def _register(vessel_id: str, **fields: object) -> None:
    now = datetime.now(UTC)
    with session_scope() as s:
        s.add(Vessel(vessel_id=vessel_id, created_at=now, updated_at=now, **fields))


def test_the_gfw_track_alone_in_its_partition_goes_dark_and_comes_back(
    stream: Stream, tmp_path: Path
) -> None:
    vessel = "GFW-416000301"  # listed by the province for this test: a VMS boat of 24 m
    _register(vessel, mmsi=416000301, vms_device_id="GFW416000301", length_m=24.0)
    feed = tmp_path / "gfw.csv"
    feed.write_bytes(gzip.decompress(GFW.read_bytes()))
    stream.start_worker()
    replay = subprocess.run(
        [sys.executable, "-m", "services.cli.main", "feed", "replay", str(feed),
         "--format", "vms-csv"],
        cwd=ROOT, env=stream.env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert replay.returncode == 0, replay.stderr
    assert "Vị trí: 41844" in replay.stderr
    wait_for(lambda: "SIGNAL_RESTORED" in _kinds(vessel), 180)
    time.sleep(3)  # a second copy, if any, would be stored by now
    alerts = _alerts(vessel)
    assert [a.kind for a in alerts] == ["DARK", "SIGNAL_RESTORED"], [a.kind for a in alerts]
    dark, back = alerts
    assert dark.ts == GFW_LAST_FIX + timedelta(hours=6)
    assert dark.details["last_fix"] == GFW_LAST_FIX.isoformat() and dark.lat < -16
    assert back.ts == GFW_BACK
    assert "mất kết nối" in dark.message


def test_a_lone_vessel_silence_first_seen_on_its_return_is_raised_late_then_restored(
    stream: Stream,
) -> None:
    vessel = "QNg-97777-TS"
    t0 = datetime(2026, 11, 20, tzinfo=UTC)
    fixes = [{"vessel_id": vessel, "ts": (t0 + timedelta(minutes=10 * i)).isoformat(),
              "lat": 12.0 - i * 0.02, "lon": 110.5, "speed_kn": 7.0, "course_deg": 180.0}
             for i in range(4)]  # fmt: skip
    back = {**fixes[-1], "ts": (t0 + timedelta(hours=9)).isoformat(), "lat": 11.6}
    stream.start_worker()
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(fixes)
        pub.flush()
        time.sleep(4)  # the worker has judged the lone vessel: its clock has not moved
        assert _kinds(vessel) == []
        pub.publish_positions([back])
    wait_for(lambda: "SIGNAL_RESTORED" in _kinds(vessel), 60)
    time.sleep(2)
    alerts = _alerts(vessel)
    assert [a.kind for a in alerts] == ["DARK", "SIGNAL_RESTORED"]
    dark, restored = alerts
    assert dark.details["late"] is True and "muộn" in dark.message
    assert dark.ts == t0 + timedelta(minutes=30, hours=6)
    assert datetime.fromisoformat(dark.details["last_fix"]) <= dark.ts <= restored.ts


def test_ten_days_met_in_port_and_missed_at_sea_on_a_replay_clock(stream: Stream) -> None:
    met, missed = "QNg-91010-TS", "NT-92020-TS"
    t0 = datetime(2026, 10, 1, tzinfo=UTC)
    out = [{"vessel_id": v, "ts": t0.isoformat(), "lat": 13.5, "lon": 110.8, "speed_kn": 6.0}
           for v in (met, missed)]  # fmt: skip
    # three days later ``met`` reports from Sa Kỳ port (in the registry): it is back in port
    home = {"vessel_id": met, "ts": (t0 + timedelta(days=3)).isoformat(), "lat": 15.205,
            "lon": 108.93, "speed_kn": 0.0}  # fmt: skip
    stream.start_worker()
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_clock(tick_record(ClockTick("vms", t0.timestamp())))
        pub.publish_positions(out)
        pub.publish_clock(tick_record(ClockTick("vms", (t0 + timedelta(days=3)).timestamp())))
        pub.publish_positions([home])
        end = t0 + timedelta(days=11)
        pub.publish_clock(tick_record(ClockTick("vms", end.timestamp(), end=True)))
    wait_for(lambda: "DARK_10D" in _kinds(missed), 60)
    wait_for(lambda: "SIGNAL_RESTORED" in _kinds(met), 30)
    assert _kinds(missed) == ["DARK", "DARK_24H", "DARK_10D"]
    assert _alerts(missed)[-1].ts == t0 + timedelta(days=10)
    assert _kinds(met) == ["DARK", "DARK_24H", "SIGNAL_RESTORED"]  # no 10-day alert


def test_a_foreign_fishing_vessel_entering_is_an_intrusion_a_merchant_ship_is_nothing(
    stream: Stream,
) -> None:
    fisher, merchant, danish = "MMSI-412440001", "MMSI-413000002", "MMSI-219000003"
    _register(fisher, mmsi=412440001, registered=False, ship_type=30)
    _register(merchant, mmsi=413000002, registered=False, ship_type=70)
    t0 = datetime(2026, 11, 25, tzinfo=UTC)
    # the fisher sails west from the open sea into Vietnam's waters off Quảng Ngãi
    track = [{"vessel_id": fisher, "ts": (t0 + timedelta(hours=i)).isoformat(),
              "lat": 15.3, "lon": 111.9 - 0.4 * i, "speed_kn": 8.0, "course_deg": 270.0}
             for i in range(8)]  # fmt: skip
    # a Chinese merchant ship off Hainan, a Danish one off Japan: in foreign waters, no alert
    others = [
        {
            "vessel_id": merchant,
            "ts": (t0 + timedelta(hours=i)).isoformat(),
            "lat": 18.0,
            "lon": 109.8 + 0.1 * i,
            "speed_kn": 12.0,
        }
        for i in range(4)
    ]
    others += [
        {
            "vessel_id": danish,
            "ts": (t0 + timedelta(hours=i)).isoformat(),
            "lat": 34.5,
            "lon": 135.0 + 0.1 * i,
            "speed_kn": 14.0,
        }
        for i in range(4)
    ]
    stream.start_worker()
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(track + others)
    wait_for(lambda: "FOREIGN_INTRUSION" in _kinds(fisher), 60)
    time.sleep(3)
    [alert] = _alerts(fisher)
    assert alert.country == "CN" and "Trung Quốc" in alert.message
    assert alert.audience == ["border_guard"]
    assert _kinds(merchant) == [] and _kinds(danish) == []


def _live(pub: KafkaPublisher, boats: list[str], seconds: float, step: int = 0) -> None:
    """Boats reporting on a live feed (fixes stamped now), one fix each per second."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        now = datetime.now(UTC)
        pub.publish_positions([
            {"vessel_id": b, "ts": now.isoformat(), "lat": 12.0 + 0.01 * k, "lon": 110.5,
             "speed_kn": 5.0} for k, b in enumerate(boats)
        ])  # fmt: skip
        pub.flush()
        time.sleep(1.0)


def test_a_stalled_source_is_one_alert_not_a_dark_storm_and_boats_are_judged_after(
    stream: Stream,
) -> None:
    boats = ["QNg-93001-TS", "QNg-93002-TS", "QNg-93003-TS"]
    # a 6-second "mất kết nối" and a 2-second stall, so that the test runs in seconds
    stream.env.update({"SEAWATCH_SOURCE_STALL_S": "2", "SEAWATCH_DARK_LADDER": "0.1m:DARK"})
    stream.start_worker()
    with KafkaPublisher(stream.settings) as pub:
        _live(pub, boats, 4)
        wait_for(lambda: _kinds("source:vms") == ["SOURCE_STALLED"], 30)
        time.sleep(9)  # the feed stays down longer than the boats' dark threshold
        _live(pub, boats, 3)
        wait_for(lambda: "SOURCE_RESTORED" in _kinds("source:vms"), 30)
        assert all(_kinds(b) == [] for b in boats), [_kinds(b) for b in boats]
        _live(pub, boats[:2], 12)  # the third boat falls silent while the feed runs
    wait_for(lambda: "DARK" in _kinds(boats[2]), 30)
    assert _kinds("source:vms") == ["SOURCE_STALLED", "SOURCE_RESTORED"]
    assert _kinds(boats[0]) == [] and _kinds(boats[1]) == []
    stalled = _alerts("source:vms")[0]
    assert "gián đoạn" in stalled.message


def test_a_boat_reporting_less_than_twelve_times_a_day_raises_one_cadence_alert_per_day(
    stream: Stream,
) -> None:
    sparse, regular = "QNg-94001-TS", "QNg-94002-TS"
    t0 = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)  # midnight in Vietnam
    fixes = [
        {
            "vessel_id": sparse,
            "ts": (t0 + timedelta(hours=3 * i)).isoformat(),
            "lat": 12.0,
            "lon": 110.5 + 0.01 * i,
            "speed_kn": 3.0,
        }
        for i in range(17)
    ]
    fixes += [
        {
            "vessel_id": regular,
            "ts": (t0 + timedelta(hours=i)).isoformat(),
            "lat": 11.0,
            "lon": 110.5 + 0.01 * i,
            "speed_kn": 3.0,
        }
        for i in range(49)
    ]
    stream.start_worker()
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(fixes)
    wait_for(lambda: _kinds(sparse).count("LOW_CADENCE") == 2, 60)
    time.sleep(2)
    days = _alerts(sparse)
    assert [a.kind for a in days] == ["LOW_CADENCE", "LOW_CADENCE"]
    assert days[0].ts == t0 + timedelta(days=1) and days[0].details["fixes"] == 8
    assert "12 vị trí/ngày" in days[0].message
    assert _kinds(regular) == []
