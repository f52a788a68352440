"""One clock per source, the silence ladders, the stall rule and whose boat it is (issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.tracking.clock import (
    ClockTick,
    FeedClocks,
    SourceClock,
    is_clock_record,
    parse_clock_record,
    tick_record,
)
from services.tracking.dark import DarkWatch
from services.tracking.fleet import Fleet, VesselFacts, standing_of
from services.tracking.policy import AlertPolicy, parse_ladder
from services.tracking.state import VesselState
from services.tracking.watch import SilenceWatch

H = 3600.0
T0 = 1_780_000_000.0
NOW = datetime(2026, 12, 3, tzinfo=UTC)


def test_a_live_clock_is_the_wall_clock_less_the_measured_latency() -> None:
    c = SourceClock("vms")
    for k in range(5):  # a provider that exports every 10 minutes: fixes 600 s late
        c.observe(T0 + k * 60, T0 + k * 60 + 600)
    assert c.latency_s == 600 and not c.judged_on_feed_time
    assert c.now_s(T0 + 5000) == T0 + 4400
    assert c.silent_s(T0 + 1000) == T0 + 1000 - (T0 + 4 * 60 + 600)


def test_a_recorded_feed_without_ticks_is_judged_on_its_newest_fix() -> None:
    c = SourceClock("vms", replay_lag_s=3600)
    c.observe(T0, T0 + 30 * 86400)
    assert c.judged_on_feed_time and c.now_s(T0 + 40 * 86400) == T0


def test_a_replay_clock_is_the_oldest_tick_over_the_owned_partitions() -> None:
    clocks = FeedClocks()
    clocks.own(frozenset({0, 1}))
    c = clocks["ais"]
    c.tick(0, ClockTick("ais", T0 + 10 * H), wall_s=1.0)
    assert c.now_s(2.0) == float("-inf")  # partition 1 has not caught up: judge nobody yet
    c.tick(1, ClockTick("ais", T0 + 7 * H), wall_s=1.0)
    assert c.now_s(2.0) == T0 + 7 * H
    c.tick(1, ClockTick("ais", T0 + 12 * H, end=True), wall_s=1.0)
    assert c.now_s(2.0) == T0 + 10 * H and not c.ended  # partition 0 has not ended
    clocks.own(frozenset({1}))  # a rebalance took partition 0 away: its tick no longer holds
    assert c.now_s(2.0) == T0 + 12 * H and c._ended == {1}


def test_after_the_end_of_a_replay_the_same_source_is_live_again() -> None:
    c = SourceClock("vms")
    c.own(frozenset({0, 1}))
    c.tick(0, ClockTick("vms", T0, end=True), wall_s=1.0)
    assert not c.ended  # partition 1 may still hold replayed fixes
    c.tick(1, ClockTick("vms", T0, end=True), wall_s=1.0)
    assert c.ended and c.now_s(5.0) == T0
    wall = T0 + 400 * 86400
    c.observe(wall - 30, wall)  # a live fix, 30 s late
    assert c.mode == "live" and c.now_s(wall + 60) == wall + 30


def test_ticks_round_trip_and_are_told_apart_from_positions() -> None:
    raw = tick_record(ClockTick("sim", T0, end=True, speed=60.0))
    assert is_clock_record(raw) and not is_clock_record(b'{"positions": []}')
    assert parse_clock_record(raw) == ClockTick("sim", T0, True, 60.0)
    with pytest.raises(ValueError, match="invalid clock record"):
        parse_clock_record(b'{"clock": {"source": "x"}}')


def test_a_provincial_ladder_with_a_recipient_per_step() -> None:
    steps = parse_ladder("5h:DARK;8h:DARK:border_guard;1d:DARK_24H;"
                         "10d:DARK_10D:border_guard+foreign_affairs")  # fmt: skip
    assert [(s.kind, s.after_h, s.audience) for s in steps] == [
        ("DARK", 5.0, ()), ("DARK", 8.0, ("border_guard",)), ("DARK_24H", 24.0, ()),
        ("DARK_10D", 240.0, ("border_guard", "foreign_affairs")),
    ]  # fmt: skip
    w = DarkWatch(AlertPolicy(dark_ladder=steps))
    w.seen("A", T0, 10.0, 110.0, at_sea=True)
    events = w.due(T0 + 241 * H)
    assert [(e.kind, e.ts - T0) for e in events] == [
        ("DARK", 5 * H),
        ("DARK", 8 * H),
        ("DARK_24H", 24 * H),
        ("DARK_10D", 240 * H),
    ]
    assert events[-1].audience == ("border_guard", "foreign_affairs")
    for bad in ("5h:NOPE", "8h:DARK;5h:DARK_24H", "x:DARK", ""):
        with pytest.raises(ValueError):
            parse_ladder(bad)


def test_ais_only_boats_walk_the_lower_severity_ais_ladder() -> None:
    w = DarkWatch(AlertPolicy())
    w.seen("A", T0, 10.0, 110.0, at_sea=True, ladder="ais")
    w.seen("F", T0, 10.0, 110.0, at_sea=True, ladder=None)  # not in the fleet of interest
    assert [e.kind for e in w.due(T0 + 300 * H)] == ["AIS_GAP"]


def test_whose_boat() -> None:
    vn_vms = standing_of("QNg-90123-TS", "vms", VesselFacts(length_m=17.0, vms_device_id="D"))
    small = standing_of("QNg-90124-TS", "vms", VesselFacts(length_m=12.0, vms_device_id="D"))
    vn_ais = standing_of("MMSI-574123456", "ais", None)
    cn_fisher = standing_of("MMSI-412440001", "ais", VesselFacts(registered=False, ship_type=30))
    dk_ship = standing_of("MMSI-219000003", "ais", None)
    assert (vn_vms.of_interest, vn_vms.ladder) == (True, "vms")
    assert small.ladder == "ais" and (vn_ais.of_interest, vn_ais.ladder) == (True, "ais")
    assert (cn_fisher.of_interest, cn_fisher.flag, cn_fisher.fishing) == (False, "CN", True)
    assert (dk_ship.of_interest, dk_ship.flag, dk_ship.ladder) == (False, "DK", None)
    # a foreign MMSI the province lists in its registry is watched like its own boats
    listed = Fleet({"GFW-416000301": VesselFacts(mmsi=416000301, length_m=24.0,
                                                 vms_device_id="X")})  # fmt: skip
    assert listed.standing("GFW-416000301", "vms").ladder == "vms"


def _state(vid: str, ts: float) -> VesselState:
    return VesselState(vid, ts, 10.0, 110.0, source="vms")


def test_a_stalled_source_is_one_alert_holds_its_boats_and_excuses_the_outage() -> None:
    w = SilenceWatch(AlertPolicy(dark_ladder=parse_ladder("1h:DARK")), stall_s=900)
    wall = T0 + 5.0
    for k in range(3):
        w.seen(_state(f"V{k}", T0), "vms")
    w.observed({"vms": T0}, wall)
    stalled = w.check(wall + 1000, NOW)
    assert [a.kind for a in stalled] == ["SOURCE_STALLED"] and "gián đoạn" in stalled[0].message
    assert w.check(wall + 3 * H, NOW) == []  # held: no storm, and the stall is not repeated
    back = w.resumed({"vms": T0 + 3 * H}, wall + 3 * H)
    assert [a.kind for a in back] == ["SOURCE_RESTORED"]
    assert w.silence("V0", T0) == (0, 3 * H)  # the outage does not count against the boats
    for step in range(0, 6):  # V0 and V1 report every 10 minutes from now on
        t = 3 * H + step * 600
        w.seen(_state("V0", T0 + t), "vms")
        w.seen(_state("V1", T0 + t), "vms")
        w.observed({"vms": T0 + t}, wall + t)
        assert w.check(wall + t, NOW) == []
    # V2 stays silent after the feed is back: judged again, an hour later on the feed's time
    later = w.check(wall + 4 * H, NOW)  # last fix + outage + 1 h
    assert [(a.kind, a.vessel_id) for a in later] == [("DARK", "V2")]
