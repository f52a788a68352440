"""One clock: no alert shows a fix later than its own time, and none is ahead of its feed.

Seen before (issue 17): a going-dark alert stamped 00:39 said "lần cuối lúc 01:05" because the
page showed when the alert was stored (wall clock) while the simulator ran hours ahead. Every
time an alert carries is now event time on the feed's clock; this drives the simulated fleet
through the real classifier, the tracker and the dark watch and checks every alert raised.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from services.simulator.fleet import Fleet
from services.tracking.alerts import dark_alerts
from services.tracking.batch import track_batch
from services.tracking.classify import classify_fixes
from services.tracking.dark import DarkWatch
from services.tracking.policy import AlertPolicy
from services.tracking.state import VesselState
from services.vocabulary import VN_TZ
from services.zones import active_zones
from streams.positions.decode import columns_from_reports

START = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # 00:00 on 3 December in Vietnam
STAMP = re.compile(r"lúc (\d\d):(\d\d) (\d\d)/(\d\d)")


@pytest.fixture(scope="module")
def raised() -> list[tuple[object, float]]:
    """Every alert of 10 simulated hours of 150 boats (a fifth go dark), with the feed clock."""
    policy = AlertPolicy()
    fleet = Fleet(150, seed=5, start=START, dark_share=0.2)
    watch = DarkWatch(policy)
    states: dict[str, VesselState] = {}
    out: list[tuple[object, float]] = []
    zones = active_zones()
    for _ in range(10 * 12):  # 5-minute steps
        reports = fleet.advance(300.0)
        if not reports:
            continue
        fixes = columns_from_reports(reports)
        cls = classify_fixes(fixes, policy.warning_nm, 60.0, zones)
        outcome = track_batch(fixes, cls, states.get, policy, datetime.now(UTC))
        states.update(outcome.states)
        for vid, st in outcome.states.items():
            watch.seen(vid, st.last_ts, st.lat, st.lon, st.at_sea)
        feed_now = float(fixes.ts.max())
        out.extend((a, feed_now) for a in outcome.alerts)
        out.extend((a, watch.watermark) for a in dark_alerts(watch.due(), datetime.now(UTC)))
    return out


def test_the_simulated_fleet_raises_risk_and_dark_alerts(
    raised: list[tuple[object, float]],
) -> None:
    kinds = {a.kind.value for a, _ in raised}  # type: ignore[attr-defined]
    assert "DARK" in kinds and kinds & {"APPROACHING", "IMMINENT", "DISPUTED", "INSIDE_FOREIGN"}


def test_no_alert_shows_a_fix_later_than_its_own_time(raised: list[tuple[object, float]]) -> None:
    for alert, _ in raised:
        own = alert.ts.astimezone(VN_TZ)  # type: ignore[attr-defined]
        for hh, mm, dd, mo in STAMP.findall(alert.message):  # type: ignore[attr-defined]
            shown = own.replace(month=int(mo), day=int(dd), hour=int(hh), minute=int(mm),
                                second=0, microsecond=0)  # fmt: skip
            text = alert.message  # type: ignore[attr-defined]
            assert shown <= own, f"{text!r} at {own:%H:%M %d/%m}"
        last_fix = alert.details.get("last_fix")  # type: ignore[attr-defined]
        if last_fix:
            assert datetime.fromisoformat(last_fix) <= alert.ts  # type: ignore[attr-defined]


def test_no_alert_is_ahead_of_its_feed(raised: list[tuple[object, float]]) -> None:
    for alert, feed_now in raised:
        assert alert.ts.timestamp() <= feed_now + 1e-6, alert  # type: ignore[attr-defined]
