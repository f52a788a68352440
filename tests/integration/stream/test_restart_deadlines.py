"""Deadlines that span a worker's ``kill -9``: the cadence day and the 10-day return (issue 14).

A worker killed mid-day must neither forget the fixes it counted (the day would be judged on
what came after the restart, or not at all) nor count a replayed fix twice; a silence's steps
must each be raised once across the restart. Real Tansu, real worker processes.
"""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from infra.db.base import session_scope
from infra.db.models import PositionRow
from infra.kafka import KafkaPublisher
from services.tracking.clock import ClockTick, tick_record
from tests.integration.stream.conftest import Stream, wait_for
from tests.integration.stream.test_dark_clocks import _alerts, _kinds

pytestmark = pytest.mark.integration


def _stored(vessel: str) -> int:
    with session_scope() as s:
        return s.scalar(select(func.count()).where(PositionRow.vessel_id == vessel)) or 0


@pytest.mark.parametrize("offsets", ["committed", "replayed"])
def test_a_cadence_day_spanning_a_kill_is_judged_once_on_all_its_fixes(
    stream: Stream, offsets: str
) -> None:
    """8 fixes on a day at sea (one every 3 h), the worker killed after the 5th.

    ``committed``: the successor reads on from the 6th; it must still count the first five
    (without the stored day it sees 3 fixes over 6 h, too little at sea to judge: no alert).
    ``replayed``: nothing was committed, the successor reads the first five again; they must
    not count twice (13 fixes in 21 h would meet the rule: no alert).
    """
    vessel = "QNg-94101-TS"
    t0 = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)  # midnight in Vietnam
    fixes = [
        {"vessel_id": vessel, "ts": (t0 + timedelta(hours=3 * i)).isoformat(), "lat": 12.0,
         "lon": 110.5 + 0.01 * i, "speed_kn": 3.0}
        for i in range(10)  # 0 h .. 27 h: the fix at 24 h closes the first day
    ]  # fmt: skip
    if offsets == "replayed":
        stream.env["SEAWATCH_KAFKA_COMMIT_INTERVAL_S"] = "600"
    worker = stream.start_worker("worker-1")
    stream.env.pop("SEAWATCH_KAFKA_COMMIT_INTERVAL_S", None)
    with KafkaPublisher(stream.settings) as pub:
        for fix in fixes[:5]:  # one record each, so there are offsets to commit or replay
            pub.publish_positions([fix])
        pub.flush()
    wait_for(lambda: _stored(vessel) == 5, 90)
    time.sleep(3)  # committed: past the commit interval (1 s)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    stream.start_worker("worker-2")
    with KafkaPublisher(stream.settings) as pub:
        for fix in fixes[5:]:
            pub.publish_positions([fix])
        pub.flush()
    wait_for(lambda: _stored(vessel) == 10, 90)
    wait_for(lambda: "LOW_CADENCE" in _kinds(vessel), 30)
    time.sleep(3)  # a second one, if any, would be stored by now
    days = [a for a in _alerts(vessel) if a.kind == "LOW_CADENCE"]
    assert len(days) == 1, [a.kind for a in _alerts(vessel)]
    assert days[0].ts == t0 + timedelta(days=1)
    assert days[0].details["fixes"] == 8 and days[0].details["at_sea_h"] == 21.0


def test_the_ten_day_deadline_spanning_a_kill_is_raised_once(stream: Stream) -> None:
    """A boat silent at sea on a replay's clock; the worker is killed after its 24 h step."""
    vessel = "NT-92121-TS"
    t0 = datetime(2026, 10, 1, tzinfo=UTC)
    out = {"vessel_id": vessel, "ts": t0.isoformat(), "lat": 13.5, "lon": 110.8, "speed_kn": 6.0}
    worker = stream.start_worker("worker-1")
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_clock(tick_record(ClockTick("vms", t0.timestamp())))
        pub.publish_positions([out])
        pub.publish_clock(tick_record(ClockTick("vms", (t0 + timedelta(days=3)).timestamp())))
        pub.flush()
    wait_for(lambda: "DARK_24H" in _kinds(vessel), 60)
    time.sleep(3)  # offsets committed
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    stream.start_worker("worker-2")
    end = t0 + timedelta(days=11)
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_clock(tick_record(ClockTick("vms", end.timestamp(), end=True)))
        pub.flush()
    wait_for(lambda: "DARK_10D" in _kinds(vessel), 90)
    time.sleep(3)
    assert _kinds(vessel) == ["DARK", "DARK_24H", "DARK_10D"]
    assert _alerts(vessel)[-1].ts == t0 + timedelta(days=10)
