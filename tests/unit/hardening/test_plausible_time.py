"""Plausible time, per source (issue 15, #1): a fix from the future stops no clock.

Reproduced from the probe: of 10,000 bad records, fixes dated 2100 and 1900 were accepted; one
vessel's fix dated 2100-01-01 then two real ones left its latest position in 2100 and moved the
dark clock to 2100, so every other boat got DARK, DARK_24H and DARK_10D at once.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from services.tracking.batch import track_batch
from services.tracking.clock import ClockTick
from services.tracking.plausible import FixTimeScreen
from services.tracking.policy import AlertPolicy
from services.tracking.state import VesselState
from services.tracking.watch import SilenceWatch
from streams.positions.screen import not_after_creation, screen_batch
from tests.unit.tracking.fakes import Fix, columns

WALL = datetime(2026, 12, 3, 7, 0, tzinfo=UTC).timestamp()
Y2100 = datetime(2100, 1, 1, tzinfo=UTC).timestamp()
Y1900 = datetime(1900, 1, 1, tzinfo=UTC).timestamp()
POLICY = AlertPolicy()


def test_a_live_source_refuses_fixes_from_the_future_and_the_distant_past() -> None:
    screen = FixTimeScreen()
    cols, _ = columns([Fix("A", WALL - 60), Fix("A", Y2100), Fix("A", Y1900),
                       Fix("A", WALL + 300), Fix("A", WALL + 3600)])  # fmt: skip
    keep, refused = screen.screen(cols, WALL)
    assert keep.tolist() == [True, False, False, True, False]
    reasons = dict(refused)
    assert reasons[1].startswith("implausible time: 2100-01-01T00:00:00+00:00 is ")
    assert "after the receiving clock" in reasons[1]
    assert "before the feed's recent past" in reasons[2]
    assert "after the receiving clock" in reasons[4]  # an hour ahead: beyond the 10 minutes


def test_a_replay_declares_its_window_with_its_clock() -> None:
    screen = FixTimeScreen()
    start = datetime(2021, 7, 1, tzinfo=UTC).timestamp()
    assert screen.tick(ClockTick("replay", start), WALL) is None
    cols, _ = columns([Fix("A", start + 600, lat=10.0), Fix("A", start + 31 * 86400),
                       Fix("A", start - 60 * 86400)])  # fmt: skip
    cols.source = ["replay"] * 3
    keep, refused = screen.screen(cols, WALL)
    assert keep.tolist() == [True, False, False]  # five years old, yet plausible for it
    assert "after the replay's clock" in dict(refused)[1]
    assert "before the replay's declared start" in dict(refused)[2]


def test_a_recorded_feed_without_ticks_runs_on_its_own_recent_past() -> None:
    screen = FixTimeScreen()
    old = datetime(2021, 7, 1, tzinfo=UTC).timestamp()
    cols, _ = columns([Fix(f"B{i}", old + 60 * i) for i in range(20)])
    keep, _ = screen.screen(cols, WALL)
    assert keep.all()
    # one record dated today in that 2021 feed would make every boat in it dark at once
    cols, _ = columns([Fix("B1", old + 3600), Fix("B2", WALL)])
    keep, refused = screen.screen(cols, WALL)
    assert keep.tolist() == [True, False] and "after the feed's recent past" in refused[0][1]


def test_no_single_tick_moves_a_replays_window() -> None:
    screen = FixTimeScreen()
    assert screen.tick(ClockTick("sim", WALL), WALL) is None
    reason = screen.tick(ClockTick("sim", Y2100), WALL)
    assert reason is not None and reason.startswith("implausible clock tick")
    cols, _ = columns([Fix("A", Y2100 - 60)])
    cols.source = ["sim"]
    keep, _ = screen.screen(cols, WALL)
    assert not keep.any()
    # a speeded-up simulator moves its clock ahead of the wall, step by step
    for step in range(1, 5):
        assert screen.tick(ClockTick("sim", WALL + step * 3600 * 12), WALL + step) is None


def test_one_fix_dated_2100_then_two_real_ones_no_dark_storm() -> None:
    """The probe's reproduction, through the screen, the tracker and the silence watch."""
    screen = FixTimeScreen()
    watch = SilenceWatch(POLICY)
    states: dict[str, VesselState] = {}
    others = [f"QNg-9{i:04d}-TS" for i in range(50)]

    def batch(fixes: list[Fix], wall_s: float) -> list[str]:
        cols, _ = columns(fixes)
        cols.wire = np.arange(len(fixes), dtype=np.int64)
        cols, _, dead = screen_batch(screen, cols, [], 0, wall_s)
        if len(cols):
            _, cls = columns([f for f in fixes if f.ts in set(cols.ts.tolist())])
            out = track_batch(cols, cls, states.get, POLICY, datetime.fromtimestamp(wall_s, UTC))
            states.update(out.states)
            for st in out.states.values():
                watch.seen(st, None)
            watch.observed({"vms": float(cols.ts.max())}, wall_s)
        return [d.reason for d in dead]

    assert batch([Fix(v, WALL - 300, lat=12.0) for v in others], WALL) == []
    dead = batch([Fix("QNg-90123-TS", Y2100, lat=12.0)], WALL + 10)
    assert len(dead) == 1 and dead[0].startswith("implausible time: 2100-01-01")
    assert batch([Fix("QNg-90123-TS", WALL, lat=12.0),
                  Fix("QNg-90123-TS", WALL + 600, lat=12.01)], WALL + 610) == []  # fmt: skip
    assert states["QNg-90123-TS"].last_ts == WALL + 600  # the real ones were used, in order
    alerts = watch.check(WALL + 620, datetime.fromtimestamp(WALL + 620, UTC))
    assert [a for a in alerts if a.kind.value.startswith("DARK")] == []


def test_alerts_of_a_live_source_never_carry_a_time_after_their_creation() -> None:
    from services.tracking.alerts import make_alert

    screen = FixTimeScreen()
    created = datetime.fromtimestamp(WALL, UTC)
    ahead = make_alert("APPROACHING", "A", WALL + 300, "…", created)  # a clock 5 min fast
    fine = make_alert("APPROACHING", "B", WALL - 60, "…", created)
    states = {v: VesselState(v, WALL, 10.0, 110.0) for v in ("A", "B")}
    out = not_after_creation([ahead, fine], screen, states)
    assert [a.ts <= a.created_at for a in out] == [True, True]
    assert out[0].alert_id == ahead.alert_id  # a replay still raises the same alert
    assert out[0].details["fix_ts"] == ahead.ts.isoformat() and out[1] == fine


def test_a_first_batch_of_fossils_cannot_make_itself_the_recent_past() -> None:
    screen = FixTimeScreen()
    cols, _ = columns([Fix("A", Y1900), Fix("B", Y1900 + 60), Fix("C", WALL - 60)])
    keep, refused = screen.screen(cols, WALL)
    assert keep.tolist() == [False, False, True]
    assert all(r.startswith("implausible time: 1900-01-01") for _, r in refused)
    # a recorded feed from 1999 and before is refused whatever its own recent past
    old, _ = columns([Fix("A", Y1900 + 3600 * i) for i in range(5)])
    keep, refused = FixTimeScreen().screen(old, WALL)
    assert not keep.any() and len(refused) == 5
