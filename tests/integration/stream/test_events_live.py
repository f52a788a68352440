"""The worker finds a device swap the simulator planted (``seawatch simulate --swaps``), live."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from infra.db.base import session_scope
from infra.db.models import AlertRow
from infra.kafka import KafkaPublisher
from services.simulator.fleet import Fleet
from tests.integration.stream.conftest import Stream, wait_for

pytestmark = pytest.mark.integration


def _alerts(kind: str) -> list[AlertRow]:
    with session_scope() as s:
        return list(s.scalars(select(AlertRow).where(AlertRow.kind == kind)))


def test_worker_finds_the_planted_device_swap(stream: Stream) -> None:
    stream.env["SEAWATCH_EVENTS_LIVE_INTERVAL_S"] = "0.5"
    stream.start_worker()
    fleet = Fleet(30, seed=5, start=datetime(2026, 11, 20, tzinfo=UTC), swaps=1)
    (donor,) = fleet.donors
    carrier = fleet.vessels[int(fleet.carrier[0])].vessel_id
    with KafkaPublisher(stream.settings) as pub:
        for _ in range(9):  # nine simulated hours, an hour of reports at a time
            pub.publish_positions(fleet.advance(3600.0))
    swaps = wait_for(lambda: _alerts("DEVICE_SWAP"), 120)
    assert len(swaps) == 1, [(a.vessel_id, a.details) for a in swaps]
    (swap,) = swaps
    pair = {swap.vessel_id, swap.details["other_vessel_id"]}
    assert pair == {carrier, donor.vessel_id}
    assert swap.severity == "critical" and swap.message.startswith("Nghi hoán đổi thiết bị")
    tracks = swap.details["tracks"]
    assert set(tracks) == pair and all(len(points) >= 12 for points in tracks.values())
