"""The alert policy: fix screening, escalation, cooldown, reminders and hysteresis."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from infra.settings import Settings
from services.tracking.policy import (
    AlertPolicy,
    Decision,
    FixVerdict,
    decide,
    implied_speed_kn,
    screen_fix,
)
from services.tracking.state import VesselState
from services.vocabulary import RANKED

POLICY = AlertPolicy()  # warning 5 nm, hysteresis 0.5 nm, cooldown 1 h, 50 kn
RANK = {level.value: level.rank for level in RANKED}  # escalation order, from the vocabulary
RISK_KINDS = tuple(k for k in RANK if k != "SAFE")


def state(
    risk: str = "SAFE",
    ts: float = 0.0,
    last_alert: dict[str, float] | None = None,
    lat: float = 10.0,
    lon: float = 110.0,
) -> VesselState:
    return VesselState("QNg-90123-TS", ts, lat, lon, risk=risk, last_alert=dict(last_alert or {}))


def replay(
    steps: Iterable[tuple[float, str, float | None]], policy: AlertPolicy = POLICY
) -> tuple[list[tuple[float, str]], list[Decision]]:
    """Feed (ts, raw risk, distance) through ``decide`` carrying state as the tracker does."""
    prev: VesselState | None = None
    alerts: list[tuple[float, str]] = []
    decisions: list[Decision] = []
    for ts, risk, distance in steps:
        d = decide(prev, risk, distance, ts, policy)
        decisions.append(d)
        last_alert = dict(prev.last_alert) if prev else {}
        if d.alert_kind is not None:
            alerts.append((ts, d.alert_kind))
            last_alert[d.alert_kind] = ts
        prev = state(d.level, ts, last_alert)
    return alerts, decisions


# --- implied speed and screening ------------------------------------------------------------


def test_one_degree_of_latitude_in_an_hour_is_about_sixty_knots() -> None:
    speed = implied_speed_kn(10.0, 110.0, 0.0, 11.0, 110.0, 3600.0)
    assert speed == pytest.approx(60.04, abs=0.01)
    assert implied_speed_kn(11.0, 110.0, 3600.0, 10.0, 110.0, 0.0) == pytest.approx(speed)


def test_zero_time_step_is_zero_when_still_and_infinite_when_moved() -> None:
    assert implied_speed_kn(10.0, 110.0, 5.0, 10.0, 110.0, 5.0) == 0.0
    assert implied_speed_kn(10.0, 110.0, 5.0, 10.001, 110.0, 5.0) == math.inf


def test_screen_fix_verdicts() -> None:
    prev = state(ts=1000.0)
    assert screen_fix(None, 0.0, 10.0, 110.0, POLICY) is FixVerdict.USE
    assert screen_fix(prev, 1000.0, 10.0, 110.0, POLICY) is FixVerdict.DUPLICATE
    assert screen_fix(prev, 999.0, 10.0, 110.0, POLICY) is FixVerdict.OUT_OF_ORDER
    # 40 nm in an hour is fast but possible; 60 nm in an hour is not (limit 50 kn)
    assert screen_fix(prev, 4600.0, 10.0 + 40 / 60.04, 110.0, POLICY) is FixVerdict.USE
    assert screen_fix(prev, 4600.0, 11.0, 110.0, POLICY) is FixVerdict.BAD_FIX


def test_screening_limit_follows_the_policy() -> None:
    prev = state(ts=0.0)
    fast = AlertPolicy(max_speed_kn=70.0)
    assert screen_fix(prev, 3600.0, 11.0, 110.0, fast) is FixVerdict.USE


# --- escalation, cooldown, reminders -----------------------------------------------------------


def test_first_fix_alerts_at_its_level_and_safe_is_silent() -> None:
    assert decide(None, "APPROACHING", 4.0, 0.0, POLICY) == Decision("APPROACHING", "APPROACHING")
    assert decide(None, "SAFE", 40.0, 0.0, POLICY) == Decision("SAFE", None)


def test_each_step_up_the_ladder_raises_its_own_alert() -> None:
    ladder = ["SAFE", "APPROACHING", "DISPUTED", "IMMINENT", "INSIDE_FOREIGN"]
    alerts, decisions = replay((i * 300.0, r, 3.0) for i, r in enumerate(ladder))
    assert [k for _, k in alerts] == ladder[1:]
    assert [d.level for d in decisions] == ladder


def test_escalation_within_cooldown_of_the_same_kind_is_silent_but_moves_the_level() -> None:
    prev = state("APPROACHING", 600.0, {"IMMINENT": 0.0, "APPROACHING": 0.0})
    d = decide(prev, "IMMINENT", 2.0, 1200.0, POLICY)
    assert d == Decision("IMMINENT", None)
    later = decide(prev, "IMMINENT", 2.0, 3600.0, POLICY)
    assert later == Decision("IMMINENT", "IMMINENT")


def test_staying_at_a_level_reminds_only_after_the_cooldown() -> None:
    prev = state("INSIDE_FOREIGN", 3000.0, {"INSIDE_FOREIGN": 0.0})
    assert decide(prev, "INSIDE_FOREIGN", 0.0, 3599.0, POLICY) == Decision("INSIDE_FOREIGN", None)
    reminder = decide(prev, "INSIDE_FOREIGN", 0.0, 3600.0, POLICY)
    assert reminder == Decision("INSIDE_FOREIGN", "INSIDE_FOREIGN", reminder=True)


def test_de_escalation_between_risk_levels_is_quiet() -> None:
    prev = state("IMMINENT", 0.0, {"IMMINENT": 0.0})
    assert decide(prev, "APPROACHING", 3.0, 300.0, POLICY) == Decision("APPROACHING", None)


def test_invalid_or_on_land_keeps_the_announced_level() -> None:
    prev = state("DISPUTED", 0.0, {"DISPUTED": 0.0})
    assert decide(prev, "INVALID", None, 300.0, POLICY) == Decision("DISPUTED", None)
    assert decide(None, "INVALID", None, 0.0, POLICY) == Decision("SAFE", None)


# --- hysteresis at the warning line ----------------------------------------------------------


@pytest.mark.parametrize("distance", [5.0, 5.3, 5.5, None])
def test_safe_within_the_margin_keeps_approaching(distance: float | None) -> None:
    prev = state("APPROACHING", 0.0, {"APPROACHING": 0.0})
    assert decide(prev, "SAFE", distance, 300.0, POLICY) == Decision("APPROACHING", None)


def test_back_safe_only_beyond_warning_plus_hysteresis() -> None:
    prev = state("APPROACHING", 0.0, {"APPROACHING": 0.0})
    assert decide(prev, "SAFE", 5.51, 300.0, POLICY) == Decision("SAFE", "BACK_SAFE")
    wide = AlertPolicy(hysteresis_nm=2.0)
    assert decide(prev, "SAFE", 6.0, 300.0, wide) == Decision("APPROACHING", None)


def test_higher_levels_fall_back_to_approaching_inside_the_margin() -> None:
    prev = state("INSIDE_FOREIGN", 0.0, {"INSIDE_FOREIGN": 0.0})
    assert decide(prev, "SAFE", 4.0, 300.0, POLICY) == Decision("APPROACHING", None)
    assert decide(prev, "SAFE", 9.0, 300.0, POLICY) == Decision("SAFE", "BACK_SAFE")


def test_jitter_across_the_warning_line_is_not_a_storm() -> None:
    # GPS jitter of ±0.3 nm around the 5 nm line, a fix every 5 minutes for 3 hours
    steps = [
        (k * 300.0, "APPROACHING" if k % 2 == 0 else "SAFE", 4.8 if k % 2 == 0 else 5.3)
        for k in range(36)
    ]
    alerts, decisions = replay(steps)
    assert alerts == [(0.0, "APPROACHING"), (3600.0, "APPROACHING"), (7200.0, "APPROACHING")]
    assert {d.level for d in decisions} == {"APPROACHING"}
    assert [d.reminder for d in decisions if d.alert_kind] == [False, True, True]


def test_hovering_beyond_the_margin_gives_one_all_clear_per_risk_alert() -> None:
    # 4.9 ↔ 5.6 nm: each swing crosses the whole hysteresis band
    steps = [
        (k * 300.0, "APPROACHING" if k % 2 == 0 else "SAFE", 4.9 if k % 2 == 0 else 5.6)
        for k in range(24)
    ]
    alerts, _ = replay(steps)
    assert alerts == [
        (0.0, "APPROACHING"),
        (300.0, "BACK_SAFE"),
        (3600.0, "APPROACHING"),
        (3900.0, "BACK_SAFE"),
    ]


def test_all_clear_follows_a_new_risk_alert_even_soon_after_the_previous_one() -> None:
    steps = [
        (0.0, "APPROACHING", 4.0),
        (300.0, "SAFE", 8.0),
        (600.0, "INSIDE_FOREIGN", 0.0),
        (900.0, "SAFE", 9.0),
    ]
    alerts, _ = replay(steps)
    assert [k for _, k in alerts] == ["APPROACHING", "BACK_SAFE", "INSIDE_FOREIGN", "BACK_SAFE"]


def test_back_safe_without_alert_history_is_still_announced() -> None:
    # state recovered from the database: a risk level but no record of past alerts
    assert decide(state("APPROACHING"), "SAFE", 20.0, 300.0, POLICY).alert_kind == "BACK_SAFE"


# --- properties ------------------------------------------------------------------------------

_risks = st.sampled_from([*RANK, "INVALID"])
_gaps = st.one_of(st.sampled_from([60.0, 300.0, 600.0, 3600.0]), st.floats(1.0, 7200.0))
_distances = st.one_of(st.none(), st.sampled_from([4.9, 5.0, 5.5, 5.6]), st.floats(0.0, 30.0))
_step = st.tuples(_gaps, _risks, _distances)


def _timeline(raw: list[tuple[float, str, float | None]]) -> list[tuple[float, str, float | None]]:
    ts, out = 0.0, []
    for dt, risk, distance in raw:
        ts += dt
        out.append((ts, risk, distance))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(_step, min_size=1, max_size=80))
def test_never_two_alerts_of_one_level_within_the_cooldown(
    raw: list[tuple[float, str, float | None]],
) -> None:
    alerts, _ = replay(_timeline(raw))
    for kind in RISK_KINDS:
        times = [ts for ts, k in alerts if k == kind]
        assert all(b - a >= POLICY.cooldown_s for a, b in itertools.pairwise(times))


# near the warning line, where all-clears and held-back re-approaches interleave
_near_line = st.tuples(
    st.sampled_from([60.0, 300.0, 1800.0, 3600.0]),
    st.sampled_from(["SAFE", "APPROACHING", "INSIDE_FOREIGN", "INVALID"]),
    st.sampled_from([4.9, 5.5, 5.6, 9.0, None]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_near_line, _step), min_size=1, max_size=60))
@example(
    [(60.0, "IMMINENT", None), (60.0, "SAFE", 5.6), (60.0, "IMMINENT", None), (60.0, "SAFE", 5.6)]
)
def test_all_clears_alternate_with_risk_alerts(raw: list[tuple[float, str, float | None]]) -> None:
    alerts, _ = replay(_timeline(raw))
    kinds = ["BACK" if k == "BACK_SAFE" else "RISK" for _, k in alerts]
    assert kinds[:1] != ["BACK"]
    assert all(not (a == b == "BACK") for a, b in itertools.pairwise(kinds))


@settings(max_examples=300, deadline=None)
@given(st.lists(_step, min_size=1, max_size=80))
def test_announced_safe_needs_a_safe_fix_beyond_the_margin(
    raw: list[tuple[float, str, float | None]],
) -> None:
    steps = _timeline(raw)
    _, decisions = replay(steps)
    announced = "SAFE"
    for (_, risk, distance), d in zip(steps, decisions, strict=True):
        if d.level == "SAFE" and announced != "SAFE":
            assert risk == "SAFE"
            assert distance is not None and distance > POLICY.warning_nm + POLICY.hysteresis_nm
        if risk in RANK and RANK[risk] > RANK[announced]:
            assert d.level == risk  # escalation is never held back, only its alert
        announced = d.level


def test_policy_from_settings_converts_units() -> None:
    s = Settings.model_validate(
        {"alert_cooldown_min": 30, "warning_distance_nm": 3.0, "dark_after_h": 4.0}
    )
    p = AlertPolicy.from_settings(s)
    assert p.cooldown_s == 1800.0
    assert p.warning_nm == 3.0
    assert p.dark_thresholds_h == (("DARK", 4.0), ("DARK_24H", 24.0), ("DARK_10D", 240.0))
