"""track_batch with a fake classification: screening, state, alerts and what gets written."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import pytest

from services.tracking.batch import TrackOutcome, track_batch
from services.tracking.policy import AlertPolicy
from services.tracking.state import VesselState
from services.vocabulary import AlertKind, Severity, alert_id_for
from tests.unit.tracking.fakes import T0, Fix, columns

POLICY = AlertPolicy()
NOW = datetime(2026, 6, 1, tzinfo=UTC)
H = 3600.0
V = "QNg-90123-TS"


def run(
    fixes: list[Fix],
    states: dict[str, VesselState] | None = None,
    at_sea: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    calls: list[str] | None = None,
) -> TrackOutcome:
    known = states or {}

    def get_state(vid: str) -> VesselState | None:
        if calls is not None:
            calls.append(vid)
        return known.get(vid)

    cols, cls = columns(fixes)
    return track_batch(
        cols,
        cls,
        get_state,
        POLICY,
        NOW,
        name_vi=lambda c: {"ID": "Indonesia"}.get(c or "", c),
        at_sea=at_sea,
    )


def prior(ts: float = T0, **over: object) -> VesselState:
    base = VesselState(
        V, ts, 10.0, 110.0, speed_kn=8.0, course_deg=195.0, zone_kind="eez", flushed_ts=ts
    )
    return base.with_(**over)


def test_first_fix_of_a_vessel_moves_state_and_is_written() -> None:
    out = run([Fix(V, T0)])
    assert out.counts == {
        "used": 1,
        "duplicate": 0,
        "out_of_order": 0,
        "bad_fix": 0,
        "redelivered": 0,
    }
    assert [r["flag"] for r in out.history] == [None]
    assert out.states[V].last_ts == T0 and out.states[V].risk == "SAFE"
    assert out.table_updates[V].flushed_ts == T0
    assert out.latest[V].last_ts == T0
    assert out.alerts == [] and out.rejects == []


def test_empty_batch_does_nothing() -> None:
    out = run([])
    assert (out.history, out.states, out.alerts, out.rejects) == ([], {}, [], [])


def test_fixes_in_any_order_are_tracked_in_time_order_per_vessel() -> None:
    calls: list[str] = []
    fixes = [Fix(V, T0 + 600), Fix("B1", T0 + 300), Fix(V, T0), Fix(V, T0 + 300), Fix("B1", T0)]
    out = run(fixes, calls=calls)
    assert out.counts["used"] == 5 and out.counts["out_of_order"] == 0
    assert out.states[V].last_ts == T0 + 600 and out.states["B1"].last_ts == T0 + 300
    assert sorted(calls) == ["B1", V]  # state read once per vessel per batch
    assert out.latest[V].last_ts == T0 + 600


def test_duplicates_are_rejected_not_stored_twice() -> None:
    out = run([Fix(V, T0 + 300), Fix(V, T0 + 300), Fix(V, T0)], {V: prior()})
    assert out.counts == {
        "used": 1,
        "duplicate": 2,
        "out_of_order": 0,
        "bad_fix": 0,
        "redelivered": 0,
    }
    # offered to history again, where (vessel, time) is unique: nothing is stored twice
    assert {(r["vessel_id"], r["ts"]) for r in out.history} == {
        (V, datetime.fromtimestamp(T0 + 300, UTC)),
        (V, datetime.fromtimestamp(T0, UTC)),
    }
    assert [r["flag"] for r in out.history] == [None, None, None]
    assert all(reason.startswith("duplicate fix") for reason, _ in out.rejects)
    assert json.loads(out.rejects[0][1])["vessel_id"] == V


def test_an_older_fix_goes_to_history_flagged_without_moving_state() -> None:
    state = prior(T0 + 600, risk="SAFE")
    out = run([Fix(V, T0 + 300, risk="INSIDE_FOREIGN", distance_nm=0.0, country="ID")], {V: state})
    assert out.counts["out_of_order"] == 1
    assert [r["flag"] for r in out.history] == ["OUT_OF_ORDER"]
    assert out.states == {} and out.table_updates == {} and out.latest == {}
    assert out.alerts == []  # history is not news


def test_a_fix_implying_more_than_50_knots_is_a_bad_fix() -> None:
    # 60 nm in one hour from the last good fix, then a sane fix judged against the last good one
    out = run(
        [
            Fix(V, T0 + H, lat=11.0, risk="INSIDE_FOREIGN", distance_nm=0.0),
            Fix(V, T0 + 2 * H, lat=10.1),
        ],
        {V: prior()},
    )
    assert out.counts["bad_fix"] == 1 and out.counts["used"] == 1
    assert [r["flag"] for r in out.history] == ["BAD_FIX", None]
    assert "50 kn" in out.rejects[0][0]
    assert out.states[V].lat == 10.1 and out.alerts == []


def test_signal_restored_after_a_dark_gap_at_sea() -> None:
    out = run([Fix(V, T0 + 7.5 * H, lat=10.1)], {V: prior()})
    # nobody saw the silence while it lasted: it is raised now, late, before the restored signal
    lost, alert = out.alerts
    assert lost.kind is AlertKind.DARK and lost.details["late"] is True
    assert lost.ts == datetime.fromtimestamp(T0 + 6 * H, UTC) and "muộn" in lost.message
    assert alert.kind is AlertKind.SIGNAL_RESTORED and alert.severity is Severity.INFO
    assert alert.details["dark_hours"] == 7.5
    assert "7,5 giờ" in alert.message
    assert alert.alert_id == alert_id_for(
        "SIGNAL_RESTORED", V, datetime.fromtimestamp(T0 + 7.5 * H, UTC)
    )


@pytest.mark.parametrize(("gap_h", "was_at_sea"), [(5.9, True), (30.0, False)])
def test_no_signal_restored_for_short_gaps_or_boats_in_port(gap_h: float, was_at_sea: bool) -> None:
    out = run([Fix(V, T0 + gap_h * H, lat=10.05)], {V: prior(at_sea=was_at_sea)})
    assert out.alerts == []


def test_approaching_alert_carries_the_facts_and_vietnamese_text() -> None:
    out = run(
        [
            Fix(
                V,
                T0 + 300,
                risk="APPROACHING",
                distance_nm=3.2,
                nearest="ID",
                speed_kn=8.0,
                course_deg=195.0,
            )
        ],
        {V: prior()},
    )
    [alert] = out.alerts
    assert alert.kind is AlertKind.APPROACHING and alert.severity is Severity.WARNING
    assert alert.country == "ID" and alert.distance_nm == 3.2 and alert.speed_kn == 8.0
    assert alert.message == (
        f"Tàu {V} cách ranh giới vùng biển Indonesia 3,2 hải lý, hướng 195°, 8 hải lý/giờ."
    )
    assert alert.details == {"risk": "APPROACHING", "reminder": False}
    assert out.states[V].last_alert == {"APPROACHING": T0 + 300}
    assert out.table_updates[V].risk == "APPROACHING"


def test_imminent_alert_is_critical_and_names_the_minutes() -> None:
    out = run(
        [Fix(V, T0 + 300, risk="IMMINENT", distance_nm=3.2, minutes=24.0, entering="ID")],
        {V: prior()},
    )
    [alert] = out.alerts
    assert alert.severity is Severity.CRITICAL and alert.minutes_to_crossing == 24.0
    assert alert.message.endswith("— dự kiến vượt ranh giới sau 24 phút.")


def test_cooldown_and_hysteresis_hold_across_fixes_of_one_batch() -> None:
    fixes = [
        Fix(
            V,
            T0 + k * 300,
            risk="APPROACHING" if k % 2 else "SAFE",
            distance_nm=4.8 if k % 2 else 5.3,
        )
        for k in range(1, 13)
    ]
    out = run(fixes, {V: prior()})
    assert [a.kind for a in out.alerts] == [AlertKind.APPROACHING]
    assert out.states[V].risk == "APPROACHING"


def test_table_is_written_only_on_material_change() -> None:
    state = prior()
    same = run([Fix(V, T0 + 300, lat=10.01)], {V: state})
    assert V in same.states and same.table_updates == {}
    assert same.latest[V].lat == 10.01  # the latest position still moves
    zone = run([Fix(V, T0 + 300, lat=10.01, zone_kind="territorial_sea")], {V: state})
    assert zone.table_updates[V].zone_kind == "territorial_sea"
    in_port = lambda lat, lon: np.zeros(len(lat), dtype=bool)  # noqa: E731
    port = run([Fix(V, T0 + 300, lat=10.01)], {V: state}, at_sea=in_port)
    assert port.table_updates[V].at_sea is False
    flush = run([Fix(V, T0 + POLICY.flush_s, lat=10.01)], {V: state})
    assert flush.table_updates[V].flushed_ts == T0 + POLICY.flush_s
    # quiet fixes write the table once the flush interval has passed since the last write
    quiet = run([Fix(V, T0 + k * 300, lat=10.0 + k * 0.001) for k in range(1, 12)], {V: state})
    assert quiet.table_updates[V].flushed_ts == quiet.table_updates[V].last_ts == T0 + 1800
    assert quiet.states[V].flushed_ts == T0 + 1800 and quiet.states[V].last_ts == T0 + 3300


def test_a_replayed_batch_gives_the_same_alert_ids() -> None:
    fixes = [
        Fix(V, T0 + 7 * H, risk="APPROACHING", distance_nm=4.0),
        Fix(
            V,
            T0 + 7 * H + 300,
            risk="INSIDE_FOREIGN",
            distance_nm=0.0,
            country="ID",
            zone_kind="eez",
        ),
        Fix("NT-91234-TS", T0, risk="DISPUTED", zone_kind="disputed"),
    ]
    first = run(fixes, {V: prior()})
    again = run(list(reversed(fixes)), {V: prior()})
    ids = [a.alert_id for a in first.alerts]
    assert len(ids) == len(set(ids)) == 5  # late dark, restored, approaching, inside, disputed
    assert sorted(ids) == sorted(a.alert_id for a in again.alerts)
    # replayed after the state moved on: nothing new at all
    after = run(fixes, {**first.states})
    assert after.alerts == [] and after.table_updates == {}
