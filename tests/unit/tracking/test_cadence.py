"""Cadence: 12 positions a day at sea (Decree 37/2024 Appendix VII), judged per Vietnam day."""

from __future__ import annotations

from datetime import datetime

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
