"""Two workers, two boats whose partitions belong to different workers: they meet at sea for
three hours and the encounter is raised, exactly once (before the cell stage, neither worker
saw both boats and nothing was raised)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from infra.db.base import session_scope
from infra.db.models import AlertRow
from infra.kafka import KafkaPublisher, partition_for
from tests.integration.stream.conftest import Stream, wait_for
from tests.unit.events.tracks import offset

pytestmark = pytest.mark.integration


def _alerts(kind: str) -> list[AlertRow]:
    with session_scope() as s:
        return list(s.scalars(select(AlertRow).where(AlertRow.kind == kind)))


def _owned(stream: Stream, worker: str) -> set[int]:
    """The partitions of positions a worker was last assigned (faust logs each assignment)."""
    log = stream.log(worker)
    at = log.rfind("Setting newly assigned partitions")
    if at < 0:
        return set()
    m = re.search(rf"\| {re.escape(stream.settings.topic('positions'))} +\| \{{([0-9, ]*)\}}",
                  log[at:])  # fmt: skip
    return {int(p) for p in m.group(1).split(",")} if m else set()


def _split(stream: Stream) -> list[set[int]] | None:
    owned = [_owned(stream, "worker-1"), _owned(stream, "worker-2")]
    if all(owned) and owned[0] | owned[1] == {0, 1, 2, 3} and not owned[0] & owned[1]:
        return owned
    return None


def _drift(vessel: str, start: datetime, lat: float, lon: float, hours: float) -> list[Any]:
    """A boat drifting east at 0.5 kn, a VMS fix every 10 minutes."""
    out = []
    for k in range(int(hours * 6) + 1):
        la, lo = offset(lat, lon, 0.0, k * 600 * 0.5 * 1852 / 3600)
        out.append({"vessel_id": vessel, "ts": (start + timedelta(minutes=10 * k)).isoformat(),
                    "lat": la, "lon": lo, "speed_kn": 0.5, "source": "vms"})  # fmt: skip
    return out


def test_an_encounter_across_two_workers_is_raised_once(stream: Stream) -> None:
    stream.env["SEAWATCH_EVENTS_LIVE_INTERVAL_S"] = "0.5"
    stream.start_worker("worker-1")
    stream.start_worker("worker-2")
    owned = wait_for(lambda: _split(stream), 90)
    time.sleep(2)  # the cell and pair actors start with the same assignment
    assert isinstance(owned, list)
    # two boats whose partitions belong to different workers
    ids = [f"QNg-9{n:04d}-TS" for n in range(200)]
    a = next(v for v in ids if partition_for(v, 4) in owned[0])
    b = next(v for v in ids if partition_for(v, 4) in owned[1])
    now = datetime.now(UTC)
    start = now.replace(minute=now.minute // 10 * 10, second=0, microsecond=0) - timedelta(hours=3)
    north = offset(14.0, 111.0, 250.0, 0.0)  # some 120 nm off Quảng Ngãi, 250 m apart
    fixes = _drift(a, start, 14.0, 111.0, 3.0) + _drift(b, start, *north, 3.0)
    fixes.sort(key=lambda f: f["ts"])
    with KafkaPublisher(stream.settings) as pub:
        for k in range(0, len(fixes), 6):  # half an hour of reports at a time
            pub.publish_positions(fixes[k : k + 6])
    found = wait_for(lambda: _alerts("ENCOUNTER"), 120)
    time.sleep(5)  # more drains, more marks: nothing more may come
    found = _alerts("ENCOUNTER")
    assert len(found) == 1, [(e.vessel_id, e.details) for e in found]
    (enc,) = found
    assert {enc.vessel_id, enc.details["other_vessel_id"]} == {a, b}
    assert enc.details["encounter"] == "possible_transshipment"
    assert 240 < enc.details["mean_distance_m"] < 260
    assert enc.ts.replace(tzinfo=UTC) == start  # the first bin both were sampled at
    assert "pairs: 1 events" in stream.log("worker-1") + stream.log("worker-2")
