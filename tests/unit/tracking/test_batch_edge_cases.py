"""Edge cases of the tracker: glitched fixes, disputed areas."""

from __future__ import annotations

from datetime import UTC, datetime

from services.tracking.batch import track_batch
from services.tracking.policy import AlertPolicy, FixVerdict, screen_fix
from services.tracking.state import VesselState
from tests.unit.tracking.fakes import T0, Fix, columns

NOW = datetime.fromtimestamp(T0, UTC)
V = "QNg-90123-TS"


def _track(points: list[tuple[float, float, float]]) -> list[Fix]:
    return [Fix(V, T0 + dt, lat, lon, speed_kn=7.0) for dt, lat, lon in points]


def test_two_agreeing_fixes_overrule_a_glitched_first_fix() -> None:
    # first fix 400 nm away (a glitch), then a real track 10 minutes apart at ~7 kn
    fixes = _track([(0, 15.0, 115.0), (600, 10.0, 109.0), (1200, 9.98, 109.0), (1800, 9.96, 109.0)])
    cols, cls = columns(fixes)
    out = track_batch(cols, cls, lambda _v: None, AlertPolicy(), NOW)
    assert [row["flag"] for row in out.history] == [None, "BAD_FIX", None, None]
    assert out.states[V].lat == 9.96 and out.states[V].suspect is None
    assert out.latest[V].lat == 9.96
    assert len(out.rejects) == 1


def test_a_single_bad_fix_is_rejected_and_remembered_across_batches() -> None:
    policy = AlertPolicy()
    good = VesselState(V, T0, 10.0, 109.0)
    assert screen_fix(good, T0 + 600, 15.0, 115.0, policy) is FixVerdict.BAD_FIX
    cols, cls = columns(_track([(600, 15.0, 115.0)]))
    out = track_batch(cols, cls, lambda _v: good, policy, NOW)
    kept = out.states[V]
    assert kept.lat == 10.0 and kept.suspect == (T0 + 600, 15.0, 115.0)
    assert V not in out.latest
    # the next fix agrees with the *good* track: used normally, suspect cleared
    cols, cls = columns(_track([(1200, 9.98, 109.0)]))
    nxt = track_batch(cols, cls, lambda _v: kept, policy, NOW)
    assert [row["flag"] for row in nxt.history] == [None]
    assert nxt.states[V].suspect is None
    # but a fix agreeing with the suspect replaces the track
    cols, cls = columns(_track([(1800, 14.99, 115.0)]))
    jump = track_batch(cols, cls, lambda _v: kept, policy, NOW)
    assert [row["flag"] for row in jump.history] == [None]
    assert jump.states[V].lat == 14.99


def test_a_used_fix_followed_by_a_bad_one_still_updates_latest() -> None:
    cols, cls = columns(_track([(0, 10.0, 109.0), (600, 9.98, 109.0), (1200, 15.0, 115.0)]))
    out = track_batch(cols, cls, lambda _v: None, AlertPolicy(), NOW)
    assert out.latest[V].lat == 9.98
    assert out.states[V].lat == 9.98 and out.states[V].suspect is not None


def test_disputed_area_alert_carries_no_foreign_country() -> None:
    fix = Fix(V, T0, 16.4, 111.7, risk="DISPUTED", country=None, zone_kind="disputed", nearest="CN")
    cols, cls = columns([fix])
    out = track_batch(cols, cls, lambda _v: None, AlertPolicy(), NOW)
    (alert,) = out.alerts
    assert alert.kind == "DISPUTED" and alert.country is None
