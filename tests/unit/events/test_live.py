"""Live and batch give the same events on the same fixes (the live path is the batch code)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from services.events import EventParams, PortSet, Tracks, detect
from services.events.alerts import event_alerts
from services.events.live import LIVE_KINDS, LiveEvents
from services.vocabulary import AlertKind, EventKind
from tests.unit.events.tracks import T0, Fixes, offset

PORTS = PortSet.from_points(["Sa Kỳ", "Sa Huỳnh"], [15.205, 14.66], [108.93, 109.075])
P = EventParams()
NATUNA = (6.3, 108.0)


def _scenario() -> Fixes:
    """A day and a half of a small fleet: trips, an encounter, a swap, loitering, two sources."""
    f = Fixes()
    # a boat leaves Sa Kỳ, goes 30 km out and comes back to Sa Huỳnh
    for k, (north, east) in enumerate(
        [
            (0, 0),
            (0, 500),
            (0, 15000),
            (0, 30000),
            (-20000, 30000),
            (-50000, 20000),
            (-60500, 16000),
            (-60500, 15600),
        ]
    ):
        lat, lon = offset(15.205, 108.93, north, east)
        f.add("QNg-90001-TS", T0 + k * 3600 + 17, lat, lon)
    # two boats drift together offshore for 3 h (VMS every 20 min, out of step)
    f.leg("QNg-90002-TS", T0 + 300, 14.0, 111.0, hours=3.5, every_min=20, speed_kn=0.5)
    f.leg("MMSI-412000001", T0 + 900, 14.0, 111.0, hours=3.5, every_min=20, speed_kn=0.5,
          north_m=250, source="ais")  # fmt: skip
    # a boat and a second device travel together at 7 kn for 8 h
    f.leg("NT-90003-TS", T0, 12.0, 110.0, hours=8, every_min=30, speed_kn=7.0, course_deg=150)
    ahead = 7.0 * 1852.0 * 600 / 3600  # where the boat is when the device first reports
    dev_at = offset(12.0, 110.0, ahead * math.cos(math.radians(150)),
                    ahead * math.sin(math.radians(150)))  # fmt: skip
    f.leg("VMS-DEV-9", T0 + 600, *dev_at, hours=8, every_min=30, speed_kn=7.0,
          course_deg=150, north_m=-300)  # fmt: skip
    # a boat loiters in Indonesia's waters for 6 h
    f.leg("QNg-90004-TS", T0 + 60, *NATUNA, hours=6, every_min=30, speed_kn=1.0)
    # a boat's AIS says it is in Sa Kỳ while its VMS device reports 40 nm south
    at_sea = offset(15.205, 108.93, -40 * 1852.0, 0.0)
    f.leg("QNg-90005-TS", T0, *at_sea, hours=2, every_min=60, speed_kn=6.0, course_deg=180)
    f.add("QNg-90005-TS", T0 + 3600 + 600, 15.205, 108.93, source="ais")
    # a boat comes into Sa Huỳnh slowly (2 kn inside for 45 min), then ties up: the visit is
    # confirmed three fixes after its first fix inside
    for k, km in enumerate([12.0, 8.0, 5.0, 4.0, 3.0, 2.0, 1.0, 1.0, 1.0]):
        lat, lon = offset(14.66, 109.075, 0.0, km * 1000.0)
        f.add("QNg-90006-TS", T0 + 3600 + k * 900, lat, lon)
    return f


def _batch(f: Fixes) -> list:  # type: ignore[type-arg]
    events = detect(f.build(), PORTS, P, kinds=LIVE_KINDS).events()
    return [e for e in events if e.kind is not EventKind.TRIP]


def _live(f: Fixes, chunk: int, seed: int = 0) -> tuple[LiveEvents, list]:  # type: ignore[type-arg]
    order = np.lexsort((np.random.default_rng(seed).random(len(f.ts)), np.asarray(f.ts)))
    live = LiveEvents(PORTS, P)
    found = []
    for c0 in range(0, len(order), chunk):
        idx = order[c0 : c0 + chunk].tolist()
        found += live.feed([f.vessel[i] for i in idx], [f.ts[i] for i in idx],
                           [f.lat[i] for i in idx], [f.lon[i] for i in idx],
                           source=[f.source[i] for i in idx])  # fmt: skip
        found += live.tick()
    found += live.tick(final=True)
    return live, found


@pytest.mark.parametrize("chunk", [1, 7, 50, 10_000])
def test_live_finds_what_the_batch_finds(chunk: int) -> None:
    f = _scenario()
    batch = _batch(f)
    want = {e.key for e in batch}
    kinds = {k[0] for k in want}
    assert kinds == {"port_departure", "port_arrival", "encounter", "device_swap", "loitering"}
    signals = sorted(e.details["signal"] for e in batch if e.kind is EventKind.DEVICE_SWAP)
    # the boat's AIS in port sits between two of its VMS fixes at sea: two contradictions
    assert signals == ["moving_together", "reporting_while_in_port", "reporting_while_in_port"]
    _, found = _live(f, chunk)
    keys = [e.key for e in found]
    assert len(keys) == len(set(keys))  # each event once, however many ticks
    assert set(keys) == want
    # per-vessel events are at the same place too (an arrival: its first fix inside)
    where = {e.key: (round(e.lat, 5), round(e.lon, 5)) for e in batch
             if e.kind not in (EventKind.ENCOUNTER, EventKind.DEVICE_SWAP)}  # fmt: skip
    assert {e.key: (round(e.lat, 5), round(e.lon, 5)) for e in found if e.key in where} == where


def test_live_swap_alert_carries_both_devices_tracks() -> None:
    _, found = _live(_scenario(), 25)
    alerts = event_alerts(found)
    swaps = [a for a in alerts if a.kind is AlertKind.DEVICE_SWAP]
    together = next(a for a in swaps if a.details["signal"] == "moving_together")
    tracks = together.details["tracks"]
    assert set(tracks) == {"NT-90003-TS", "VMS-DEV-9"}
    assert all(len(points) >= 12 for points in tracks.values())
    assert "Nghi hoán đổi thiết bị" in together.message and together.severity == "critical"
    in_port = next(a for a in swaps if a.details["signal"] == "reporting_while_in_port")
    assert "đang ở cảng Sa Kỳ (theo AIS)" in in_port.message
    enc = next(a for a in alerts if a.kind is AlertKind.ENCOUNTER)
    assert enc.severity == "warning" and "tàu nước ngoài MMSI-412000001 (Trung Quốc)" in enc.message
    dep = next(a for a in alerts
               if a.kind is AlertKind.PORT_DEPARTURE and a.vessel_id == "QNg-90001-TS")  # fmt: skip
    assert dep.message.startswith("Tàu QNg-90001-TS rời cảng Sa Kỳ lúc ")
    # the same event gives the same alert id on a replay
    assert [a.alert_id for a in event_alerts(found)] == [a.alert_id for a in alerts]


def test_fixes_older_than_the_last_are_left_to_the_batch() -> None:
    live = LiveEvents(PORTS, P)
    live.feed(["A", "A"], [T0 + 600, T0 + 1200], [14.0, 14.0], [111.0, 111.0])
    assert live.feed(["A"], [T0], [14.0], [111.0]) == []
    assert live.dropped == 1


def test_an_encounter_is_reported_once_while_it_goes_on() -> None:
    f = Fixes()
    f.leg("QNg-90002-TS", T0, 14.0, 111.0, hours=10, every_min=10, speed_kn=0.3)
    f.leg("QNg-90006-TS", T0, 14.0, 111.0, hours=10, every_min=10, speed_kn=0.3, north_m=200)
    _, found = _live(f, 4)
    assert [(e.kind, e.start) for e in found] == [(EventKind.ENCOUNTER, T0)]
    assert found[0].end == T0 + 2 * 3600  # reported when it qualified, not at its end
    assert Tracks  # the batch view of the same: one run of ten hours
    (batch,) = [e for e in detect(f.build(), PORTS, P, kinds=["encounter"]).events()]
    assert batch.key == found[0].key and batch.end == T0 + 10 * 3600
