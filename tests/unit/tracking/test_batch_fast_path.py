"""The vectorised settling of quiet vessels gives exactly what the per-fix state machine gives."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.tracking import batch
from services.tracking.batch import TrackOutcome, track_batch
from services.tracking.policy import AlertPolicy
from services.tracking.state import VesselState
from tests.unit.tracking.fakes import T0, Fix, columns

POLICY = AlertPolicy()
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _all_loud(
    states: list[VesselState | None], *args: Any, **kwargs: Any
) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(len(states), dtype=bool), np.full(len(states), -1)


def _run(
    fixes: list[Fix], states: dict[str, VesselState], sea: np.ndarray | None, loop_only: bool,
    policy: AlertPolicy = POLICY,
) -> TrackOutcome:  # fmt: skip
    cols, cls = columns(fixes)
    at_sea = None if sea is None else (lambda lat, lon: sea)
    if loop_only:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(batch, "_quiet_groups", _all_loud)
            return track_batch(cols, cls, states.get, policy, NOW, at_sea=at_sea)
    return track_batch(cols, cls, states.get, policy, NOW, at_sea=at_sea)


def _key(row: dict[str, Any]) -> tuple[str, datetime, str]:
    return (row["vessel_id"], row["ts"], str(row["flag"]))


def _same(fast: TrackOutcome, slow: TrackOutcome) -> None:
    assert sorted(fast.history, key=_key) == sorted(slow.history, key=_key)
    assert fast.states == slow.states
    assert fast.latest == slow.latest
    assert fast.table_updates == slow.table_updates
    assert sorted(fast.alerts, key=lambda a: a.alert_id) == sorted(
        slow.alerts, key=lambda a: a.alert_id
    )
    assert sorted(fast.rejects) == sorted(slow.rejects)
    assert fast.counts == slow.counts


def _scenario(seed: int) -> tuple[list[Fix], dict[str, VesselState], np.ndarray | None]:
    """A few vessels, mostly quiet, with every way of not being quiet mixed in."""
    rng = np.random.default_rng(seed)
    fixes: list[Fix] = []
    states: dict[str, VesselState] = {}
    for v in range(int(rng.integers(1, 8))):
        vid = f"QNg-{v:05d}-TS"
        lat, lon, t = 10.0 + rng.uniform(-1, 1), 110.0 + rng.uniform(-1, 1), T0
        zone = str(rng.choice(["eez", "territorial"]))
        base = str(rng.choice(["SAFE", "APPROACHING", "INSIDE_FOREIGN", "DISPUTED"],
                              p=[0.7, 0.1, 0.1, 0.1]))  # fmt: skip
        if rng.random() > 0.1:  # known vessel (else new: never quiet)
            # its last alert of the announced level lies before, near or past the cooldown
            alerted = t - float(rng.choice([600.0, 3000.0, 3590.0, 7200.0]))
            states[vid] = VesselState(
                vid, t, lat, lon, 7.0, 90.0, risk=base,
                country="VN", zone_kind=zone, distance_nm=30.0,
                last_alert={base: alerted} if base != "SAFE" or rng.random() < 0.3 else {},
                flushed_ts=t - float(rng.choice([0.0, 1700.0, 1790.0])),
                suspect=(t - 60, 15.0, 115.0) if rng.random() < 0.05 else None,
            )  # fmt: skip
        for _ in range(int(rng.integers(1, 6))):
            step = float(
                rng.choice([60.0, 300.0, 0.0, -120.0, 7 * 3600.0], p=[0.7, 0.2, 0.03, 0.03, 0.04])
            )
            t += step
            jump = rng.random() < 0.04
            lat += 0.9 if jump else rng.uniform(-0.004, 0.004)
            lon += rng.uniform(-0.004, 0.004)
            fixes.append(Fix(
                vid, t, lat, lon,
                risk=str(rng.choice([base, "SAFE", "APPROACHING", "INSIDE_FOREIGN", "INVALID"],
                                    p=[0.86, 0.04, 0.04, 0.03, 0.03])),
                distance_nm=float(rng.choice([30.0, 5.2, 3.0])),
                country="VN" if rng.random() > 0.03 else None,
                zone_kind=zone if rng.random() > 0.03 else "high_seas",
            ))  # fmt: skip
    order = rng.permutation(len(fixes))
    fixes = [fixes[i] for i in order]
    sea = None if rng.random() < 0.5 else rng.random(len(fixes)) > 0.03
    return fixes, states, sea


# the second policy flushes less often than a vessel goes dark: the dark test must hold alone
@pytest.mark.parametrize("policy", [POLICY, AlertPolicy(flush_s=86_400.0)])
def test_quiet_settling_equals_the_state_machine_over_many_mixed_batches(
    policy: AlertPolicy,
) -> None:
    quiet = loud = 0
    for seed in range(400):
        fixes, states, sea = _scenario(seed)
        fast = _run(fixes, states, sea, loop_only=False, policy=policy)
        slow = _run(fixes, states, sea, loop_only=True, policy=policy)
        _same(fast, slow)
        assert slow.quiet_fixes == 0
        quiet += fast.quiet_fixes
        loud += len(fixes) - fast.quiet_fixes
    # both paths were exercised, with substance
    assert quiet > 300 and loud > 300


@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(st.floats(min_value=-600, max_value=8 * 3600), min_size=1, max_size=6),
    moves=st.lists(st.floats(min_value=-0.5, max_value=0.5), min_size=6, max_size=6),
    flushed_ago=st.floats(min_value=0, max_value=3600),
)
def test_one_vessel_any_steps_same_outcome(
    steps: list[float], moves: list[float], flushed_ago: float
) -> None:
    vid = "NT-12345-TS"
    prior = VesselState(vid, T0, 10.0, 110.0, 6.0, 45.0, country="VN", zone_kind="eez",
                        distance_nm=30.0, flushed_ts=T0 - flushed_ago)  # fmt: skip
    t, lat = T0, 10.0
    fixes = []
    for dt, d in zip(steps, moves, strict=False):
        t, lat = t + dt, lat + d / 60  # up to 0.5 nm per step
        fixes.append(Fix(vid, t, lat, 110.0, risk="SAFE", country="VN", zone_kind="eez"))
    _same(
        _run(fixes, {vid: prior}, None, loop_only=False),
        _run(fixes, {vid: prior}, None, loop_only=True),
    )


def test_a_steady_safe_fleet_takes_the_vectorised_path() -> None:
    states = {
        f"B{v}": VesselState(f"B{v}", T0, 10.0 + v / 100, 110.0, zone_kind="eez", flushed_ts=T0)
        for v in range(50)
    }  # fmt: skip
    fixes = [Fix(f"B{v}", T0 + 60 * k, 10.0 + v / 100 + k * 1e-3, 110.0) for v in range(50)
             for k in (1, 2, 3)]  # fmt: skip
    out = _run(fixes, states, None, loop_only=False)
    assert out.quiet_fixes == 150 and out.counts["used"] == 150
    assert out.table_updates == {} and out.alerts == []
    assert out.states["B7"].last_ts == T0 + 180
    assert out.states["B7"].lat == pytest.approx(10.073)
    assert len(out.history) == 150 and {r["flag"] for r in out.history} == {None}
