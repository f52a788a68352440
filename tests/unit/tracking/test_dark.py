"""DarkWatch: silent vessels at sea, on the feed's clock, without scanning the fleet."""

from __future__ import annotations

import heapq

import pytest

from services.tracking import dark as dark_module
from services.tracking.dark import DarkEvent, DarkWatch
from services.tracking.policy import AlertPolicy

H = 3600.0
T0 = 1_780_000_000.0


def watch() -> DarkWatch:
    return DarkWatch(AlertPolicy())


def kinds(events: list[DarkEvent]) -> list[tuple[str, str]]:
    return [(e.kind, e.vessel_id) for e in events]


def test_thresholds_fire_once_each_at_6h_24h_and_10_days() -> None:
    w = watch()
    w.seen("A", T0, 10.0, 110.0, at_sea=True)
    assert w.due(T0 + 6 * H - 1) == []
    first = w.due(T0 + 6 * H)
    assert kinds(first) == [("DARK", "A")]
    assert first[0].ts == T0 + 6 * H and first[0].threshold_h == 6.0
    assert (first[0].lat, first[0].lon, first[0].last_ts) == (10.0, 110.0, T0)
    assert w.due(T0 + 23 * H) == []  # no repeat between thresholds
    assert kinds(w.due(T0 + 24 * H)) == [("DARK_24H", "A")]
    assert w.due(T0 + 239 * H) == []
    assert kinds(w.due(T0 + 240 * H)) == [("DARK_10D", "A")]
    assert w.due(T0 + 1000 * H) == []  # nothing after the last threshold


def test_a_long_jump_of_the_clock_passes_every_threshold_with_its_own_time() -> None:
    w = watch()
    w.seen("A", T0, 10.0, 110.0, at_sea=True)
    events = w.due(T0 + 300 * H)
    assert [(e.kind, e.ts) for e in events] == [
        ("DARK", T0 + 6 * H),
        ("DARK_24H", T0 + 24 * H),
        ("DARK_10D", T0 + 240 * H),
    ]


def test_the_clock_is_the_newest_fix_seen_not_the_wall_clock() -> None:
    w = watch()
    w.seen("A", T0, 10.0, 110.0, at_sea=True)
    w.seen("B", T0 + 5 * H, 11.0, 110.0, at_sea=True)
    assert w.watermark == T0 + 5 * H
    assert w.due() == []  # wall clock is years later; the feed says 5 h
    w.seen("B", T0 + 7 * H, 11.0, 110.0, at_sea=True)
    assert kinds(w.due()) == [("DARK", "A")]
    w.advance(T0 + 6 * H)  # advancing backwards is ignored
    assert w.watermark == T0 + 7 * H


def test_a_new_fix_resets_the_silence() -> None:
    w = watch()
    w.seen("A", T0, 10.0, 110.0, at_sea=True)
    assert kinds(w.due(T0 + 7 * H)) == [("DARK", "A")]
    w.seen("A", T0 + 8 * H, 10.1, 110.1, at_sea=True)
    assert w.due(T0 + 14 * H - 1) == []
    # the old silence's 24 h deadline is gone; the new silence starts again at 6 h
    events = w.due(T0 + 24 * H)
    assert kinds(events) == [("DARK", "A")]
    assert events[0].last_ts == T0 + 8 * H and events[0].lat == 10.1
    assert kinds(w.due(T0 + 32 * H)) == [("DARK_24H", "A")]


def test_older_or_repeated_fixes_do_not_reset_anything() -> None:
    w = watch()
    w.seen("A", T0, 10.0, 110.0, at_sea=True)
    w.seen("A", T0 - H, 9.0, 110.0, at_sea=True)
    w.seen("A", T0, 9.5, 110.0, at_sea=True)
    events = w.due(T0 + 6 * H)
    assert kinds(events) == [("DARK", "A")]
    assert events[0].lat == 10.0
    assert len(w) == 1


def test_vessels_in_port_never_go_dark() -> None:
    w = watch()
    w.seen("A", T0, 15.2, 108.93, at_sea=False)
    assert w.due(T0 + 1000 * H) == []


def test_returning_to_port_cancels_pending_deadlines_and_leaving_rearms_them() -> None:
    w = watch()
    w.seen("A", T0, 12.0, 110.0, at_sea=True)
    w.seen("A", T0 + H, 15.2, 108.93, at_sea=False)
    assert w.due(T0 + 100 * H) == []
    w.seen("A", T0 + 101 * H, 14.0, 110.0, at_sea=True)
    assert kinds(w.due(T0 + 107 * H)) == [("DARK", "A")]


def test_several_vessels_come_due_in_deadline_order() -> None:
    w = watch()
    w.seen("late", T0 + 2 * H, 10.0, 110.0, at_sea=True)
    w.seen("early", T0, 10.0, 110.0, at_sea=True)
    w.seen("quiet", T0 + 10 * H, 10.0, 110.0, at_sea=True)
    assert [e.vessel_id for e in w.due(T0 + 9 * H)] == ["early", "late"]


def test_custom_thresholds_come_from_the_policy() -> None:
    w = DarkWatch(AlertPolicy(dark_after_h=1.0, dark_escalate_h=2.0, dark_critical_h=3.0))
    w.seen("A", T0, 10.0, 110.0, at_sea=True)
    assert [e.threshold_h for e in w.due(T0 + 3 * H)] == [1.0, 2.0, 3.0]


def test_a_tick_with_nothing_due_pops_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    w = watch()
    for i in range(20_000):
        w.seen(f"V{i}", T0 + i, 10.0, 110.0, at_sea=True)
    pops = {"n": 0}
    real_pop = heapq.heappop

    def counting_pop(heap: list[tuple[float, str, float]]) -> tuple[float, str, float]:
        pops["n"] += 1
        return real_pop(heap)

    monkeypatch.setattr(dark_module.heapq, "heappop", counting_pop)
    for k in range(100):
        assert w.due(T0 + 20_000 + k) == []
    assert pops["n"] == 0
    # and a tick where 10 vessels come due pops only those 10
    events = w.due(T0 + 6 * H + 9)
    assert len(events) == 10 and pops["n"] == 10


def test_stale_deadlines_are_compacted_so_the_heap_stays_bounded() -> None:
    w = watch()
    for k in range(2_000):  # one vessel reporting every minute leaves a stale deadline per fix
        w.seen("A", T0 + 60.0 * k, 10.0, 110.0, at_sea=True)
    assert len(w._heap) <= 4 * len(w) + 1024
    events = w.due(T0 + 60.0 * 1999 + 6 * H)
    assert kinds(events) == [("DARK", "A")]  # the live deadline survived compaction


def test_a_boat_back_after_escalation_is_watched_from_its_new_fix_again() -> None:
    w = watch()
    w.seen("A", T0, 10.0, 110.0, at_sea=True)
    assert kinds(w.due(T0 + 24 * H)) == [("DARK", "A"), ("DARK_24H", "A")]
    # its entry is now set for the 10-day threshold; a new fix must bring the 6 h one back
    w.seen("A", T0 + 30 * H, 10.1, 110.1, at_sea=True)
    assert w.due(T0 + 36 * H - 1) == []
    assert kinds(w.due(T0 + 36 * H)) == [("DARK", "A")]


def test_a_boat_reporting_every_minute_keeps_one_heap_entry_and_never_goes_dark() -> None:
    w = watch()
    for k in range(2_000):
        w.seen("A", T0 + 60 * k, 10.0, 110.0, at_sea=True)
        if k % 100 == 0:
            assert w.due(T0 + 60 * k) == []
    assert len(w._heap) <= 2  # not one entry per fix
    assert kinds(w.due(T0 + 60 * 1_999 + 6 * H)) == [("DARK", "A")]
