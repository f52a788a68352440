"""Cadence: 12 positions a day at sea (Decree 37/2024 Appendix VII), judged per Vietnam day."""

from __future__ import annotations

import random
from datetime import datetime

import numpy as np

from services.tracking.cadence import CadenceWatch
from services.vocabulary import VN_TZ

H = 3600.0
DAY0 = datetime(2026, 11, 2, 0, 0, tzinfo=VN_TZ).timestamp()  # midnight in Vietnam


def _run(step_h: float, days: float, at_sea: bool = True) -> list:
    w = CadenceWatch()
    out = []
    t = DAY0
    while t <= DAY0 + days * 24 * H:
        e = w.observe("V", t, 10.0, 110.0, at_sea)
        if e is not None:
            out.append(e)
        t += step_h * H
    return out


def test_one_fix_every_three_hours_is_too_seldom_every_two_is_enough() -> None:
    [day] = _run(3.0, 1.2)
    assert day.fixes == 8 and day.at_sea_h == 21.0 and day.ts == DAY0 + 24 * H
    assert day.per_day < 12
    assert _run(2.0, 1.2) == [] and _run(1.0, 3.0) == []


def test_days_in_port_or_hardly_at_sea_are_not_judged() -> None:
    assert _run(3.0, 2.5, at_sea=False) == []
    w = CadenceWatch()
    for h in (20.0, 22.0, 23.5):  # the boat left port at 20:00: 3.5 h at sea that day
        w.observe("V", DAY0 + h * H, 10.0, 110.0, True)
    assert w.observe("V", DAY0 + 25 * H, 10.0, 110.0, True) is None


def test_a_day_boundary_is_vietnam_midnight_and_old_fixes_are_ignored() -> None:
    w = CadenceWatch()
    w.observe("V", DAY0 + 23 * H, 10.0, 110.0, True)
    assert w.observe("V", DAY0 + 22 * H, 10.0, 110.0, True) is None  # older: ignored
    # 17:00 UTC is midnight in Vietnam: a fix at 23:59 VN belongs to the first day
    assert w._days["V"].day_start_s == DAY0


def _feed(w: CadenceWatch, hours: list[float]) -> list:
    return [e for h in hours if (e := w.observe("V", DAY0 + h * H, 10.0, 110.0, True))]


def test_a_restored_checkpoint_judges_the_day_as_if_no_restart_happened() -> None:
    hours = [3.0 * i for i in range(10)]  # 0 h .. 27 h
    before, after = hours[:5], hours[5:]
    w = CadenceWatch()
    _feed(w, before)
    [stored] = w.checkpoint(["V", "unknown"])
    assert (stored.fixes, stored.sea_s, stored.last_ts) == (5, 12 * H, DAY0 + 12 * H)
    fresh = CadenceWatch()  # the restarted worker
    assert fresh.restore([stored]) == 1 and fresh.knows("V")
    [day] = _feed(fresh, after)
    assert (day.fixes, day.at_sea_h, day.ts) == (8, 21.0, DAY0 + 24 * H)
    # without the checkpoint the restarted worker sees 3 fixes over 6 h: not judged at all
    assert _feed(CadenceWatch(), after) == []


def test_replayed_fixes_after_a_restore_do_not_count_twice() -> None:
    w = CadenceWatch()
    _feed(w, [0.0, 3.0, 6.0, 9.0, 12.0])
    fresh = CadenceWatch()
    fresh.restore(w.checkpoint(["V"]))
    [day] = _feed(fresh, [3.0 * i for i in range(10)])  # the replay re-reads the first five
    assert day.fixes == 8 and day.at_sea_h == 21.0


def test_restore_keeps_the_newer_of_memory_and_store() -> None:
    w = CadenceWatch()
    _feed(w, [0.0, 3.0, 6.0])
    old = w.checkpoint(["V"])
    _feed(w, [9.0])
    assert w.restore(old) == 0  # an older checkpoint never winds the day back
    assert w.checkpoint(["V"])[0].fixes == 4
    newer = CadenceWatch()
    _feed(newer, [0.0, 3.0, 6.0, 9.0, 12.0])  # another worker counted on (a rebalance)
    assert w.restore(newer.checkpoint(["V"])) == 1
    assert w.checkpoint(["V"])[0].fixes == 5


def test_a_day_rebuilt_from_its_stored_fixes_is_the_day_the_live_watch_holds() -> None:
    """A restarted worker rebuilds each boat's open day from the history: the day's fixes led
    by the last one before its midnight. Over random tracks (gaps, port calls, days crossed,
    a repeated fix), the rebuilt day is exactly the live one, and judging it on the next fix
    gives the same verdict."""
    import random

    from services.tracking.cadence import days_from_history, vn_midnight

    rng = random.Random(14)
    for trial in range(200):
        live = CadenceWatch()
        t = DAY0 + rng.uniform(-30 * H, 30 * H)
        fixes = []
        for _ in range(rng.randint(1, 60)):
            t += rng.choice([0.0, 0.5 * H, 2 * H, 3 * H, 7 * H, 30 * H])  # 0: the same fix again
            fixes.append((t, 10.0 + rng.random(), 110.0, rng.random() < 0.8))
        for ts, lat, lon, sea in fixes:
            live.observe("V", ts, lat, lon, sea)
        history = list({f[0]: f for f in reversed(fixes)}.values())[::-1]  # one row per time:
        midnight = vn_midnight(fixes[-1][0])  # the first stored (ON CONFLICT DO NOTHING)
        before = [f for f in history if f[0] < midnight]
        stored = ([before[-1]] if before else []) + [f for f in history if f[0] >= midnight]
        rows = {"V": [(ts, lat, lon, "vms") for ts, lat, lon, _ in stored]}
        port_rule = np.asarray([f[3] for f in stored])  # at sea or not, as the live watch saw it
        rebuilt = days_from_history(
            CadenceWatch(), rows, lambda la, lo, sea=port_rule: sea, lambda v, src: src == "vms"
        )
        assert rebuilt == live.checkpoint(["V"]), trial
        restarted = CadenceWatch()
        restarted.restore(rebuilt)
        nxt = fixes[-1][0] + 25 * H  # the next day's first fix judges the open day
        assert restarted.observe("V", nxt, 10.0, 110.0, True) == live.observe(
            "V", nxt, 10.0, 110.0, True
        ), trial


def test_a_rebuilt_day_skips_sources_the_rule_does_not_bind() -> None:
    from services.tracking.cadence import days_from_history

    rows = {"V": [(DAY0 + k * H, 10.0, 110.0, "ais") for k in range(5)]}
    sea = lambda la, lo: la == la  # noqa: E731  (all at sea)
    assert days_from_history(CadenceWatch(), rows, sea, lambda v, s: s == "vms") == []
    [day] = days_from_history(CadenceWatch(), rows, sea, lambda v, s: True)
    assert (day.fixes, day.sea_s, day.last_ts) == (5, 4 * H, DAY0 + 4 * H)


def _random_batches(rng: random.Random, vessels: int, batches: int) -> list[list[tuple]]:
    """Batches of ``(vessel, ts, lat, lon, at_sea)``, each vessel's fixes together and in time
    order, as the position flow hands them over; days crossed, repeats, and now and then a
    vessel in two runs of one batch or a fix older than the vessel's last."""
    clock = {f"V{v}": DAY0 + rng.uniform(-20 * H, 20 * H) for v in range(vessels)}
    out = []
    for _ in range(batches):
        batch = []
        for vid in rng.sample(sorted(clock), rng.randint(1, vessels)):
            for _ in range(rng.randint(1, 4)):
                step = rng.choice([0.0, 0.2 * H, 0.5 * H, 2 * H, 3 * H, 7 * H, 20 * H, -1 * H])
                clock[vid] += step
                batch.append((vid, clock[vid] + rng.random(), 10.0 + rng.random(),
                              110.0 + rng.random(), rng.random() < 0.85))  # fmt: skip
        if rng.random() < 0.1 and batch:  # the same vessel again, in a second run
            vid, ts, lat, lon, sea = batch[0]
            batch.append((vid, ts + 600.0, lat, lon, sea))
        out.append(batch)
    return out


def test_runs_counted_as_columns_are_counted_as_fix_by_fix() -> None:
    """The position flow counts a batch's runs as arrays (observe_runs): the same closed days
    and the same open days as one observe per fix, over 300 random batches of 30 boats."""
    import random

    import pytest

    rng = random.Random(18)
    one, runs = CadenceWatch(), CadenceWatch()
    binds = lambda v: v != "V3"  # noqa: E731  (V3 is not a VMS boat)
    judged_one, judged_runs = [], []
    for batch in _random_batches(rng, 30, 300):
        judged_one += [e for f in batch if binds(f[0]) and (e := one.observe(*f))]
        ids = [f[0] for f in batch]
        ts, lat, lon = (np.array([f[k] for f in batch]) for k in (1, 2, 3))
        sea = np.array([f[4] for f in batch], dtype=bool)
        judged_runs += runs.observe_runs(ids, ts, lat, lon, sea, binds=binds)
    assert len(judged_one) > 20  # the walk closes days that fall short, both ways
    key = lambda e: (e.vessel_id, e.day_start_s)  # noqa: E731
    assert sorted(map(key, judged_one)) == sorted(map(key, judged_runs))
    by_day = {key(e): e for e in judged_runs}
    for e in judged_one:
        r = by_day[key(e)]
        assert (r.fixes, r.lat, r.lon) == (e.fixes, e.lat, e.lon)
        assert r.at_sea_h == pytest.approx(e.at_sea_h, rel=1e-12)
    vessels = [f"V{v}" for v in range(30)]
    assert not runs.knows("V3")
    for a, b in zip(one.checkpoint(vessels), runs.checkpoint(vessels), strict=True):
        assert (a.vessel_id, a.day_start_s, a.fixes, a.last_ts, a.last_sea) == (
            b.vessel_id, b.day_start_s, b.fixes, b.last_ts, b.last_sea
        )  # fmt: skip
        assert a.sea_s == pytest.approx(b.sea_s, rel=1e-12)


def test_a_batch_of_quiet_runs_moves_every_open_day_in_place() -> None:
    w = CadenceWatch()
    w.observe_runs(["A", "B"], np.array([DAY0, DAY0]), np.full(2, 10.0), np.full(2, 110.0),
                   np.array([True, True]))  # fmt: skip
    ids = ["A", "A", "A", "B"]
    ts = np.array([DAY0 + 2 * H, DAY0 + 4 * H, DAY0 + 5 * H, DAY0 + 9 * H])
    assert w.observe_runs(ids, ts, np.full(4, 10.0), np.full(4, 110.0),
                          np.array([True, True, False, True])) == []  # fmt: skip
    a, b = w.checkpoint(["A", "B"])
    assert (a.fixes, a.sea_s, a.last_ts, a.last_sea) == (3, 4 * H, DAY0 + 5 * H, False)
    assert (b.fixes, b.sea_s) == (2, 6 * H)  # one interval, up to the first silence step
