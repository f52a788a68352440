"""A fix from the future stops no clock (issue 15, #1), through a real broker and worker.

The probe's reproduction: one vessel sends a fix dated 2100-01-01 and then two real ones. The
real ones are its track, the 2100 one is a dead letter with its reason, and no other boat is
called dark.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from infra.kafka import KafkaPublisher
from tests.integration.stream.conftest import Stream, wait_for
from tests.integration.stream.test_pipeline import _alerts, _dead_letters, _latest

pytestmark = pytest.mark.integration


def _fix(vessel: str, when: datetime, lat: float) -> dict[str, object]:
    return {"vessel_id": vessel, "ts": when.isoformat(), "lat": lat, "lon": 110.0,
            "speed_kn": 6.0, "course_deg": 0.0, "source": "vms"}  # fmt: skip


def test_a_fix_dated_2100_is_dead_lettered_and_calls_nobody_dark(stream: Stream) -> None:
    proc = stream.start_worker()
    now = datetime.now(UTC).replace(microsecond=0)
    others = [f"QNg-98{i:03d}-TS" for i in range(20)]
    vessel = "QNg-98999-TS"
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions([_fix(v, now - timedelta(minutes=5), 12.0) for v in others])
        pub.flush()
        wait_for(lambda: all(_latest(v) for v in others[:3]), 60)
        pub.publish_positions([_fix(vessel, datetime(2100, 1, 1, tzinfo=UTC), 12.0)])
        pub.flush()
        pub.publish_positions([_fix(vessel, now - timedelta(minutes=2), 12.0),
                               _fix(vessel, now - timedelta(minutes=1), 12.01)])  # fmt: skip
    latest = wait_for(lambda: (p := _latest(vessel)) is not None and p.lat == 12.01 and p, 60)
    assert latest.ts.replace(tzinfo=UTC) == now - timedelta(minutes=1)
    dead = wait_for(lambda: [d for d in _dead_letters() if "2100" in d.payload], 30)
    assert len(dead) == 1 and dead[0].reason.startswith("implausible time: 2100-01-01")
    assert dead[0].partition is not None and dead[0].offset is not None
    time.sleep(3 * float(stream.env["SEAWATCH_DARK_CHECK_INTERVAL_S"]))  # a few dark checks
    dark = [a for a in _alerts() if a.kind.startswith("DARK")]
    assert dark == [], [(a.vessel_id, a.kind, a.ts) for a in dark[:5]]
    assert all(a.ts <= a.created_at for a in _alerts())  # nothing stamped in the future
    assert proc.poll() is None, stream.log()
