"""RegistrySync over a fake registry: the registry is asked only for news."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from services.alerts.model import Alert
from services.vessels import VesselDirectory, VesselRecord, unknown_vessel_alert
from services.vessels.model import SeenFix, Sighting, StaticUpdate
from services.vessels.ports import StaticResult
from services.vessels.sync import RegistrySync

T0 = datetime(2026, 5, 28, 3, 0, tzinfo=UTC)


class FakeRegistry:
    def __init__(self) -> None:
        self.vessels: set[str] = {"QNg-90123-TS"}
        self.opened = 0

    def register_sightings(
        self, sightings: Iterable[Sighting], now: datetime | None = None
    ) -> list[Alert]:
        alerts = []
        for s in sightings:
            if s.vessel_id not in self.vessels:
                self.vessels.add(s.vessel_id)
                alerts.append(unknown_vessel_alert(s.vessel_id, s.ts, s.lat, s.lon, s.mmsi,
                                                   s.source, now=T0))  # fmt: skip
        return alerts

    def apply_static_updates(
        self, updates: Iterable[StaticUpdate], ts: datetime | None = None,
        now: datetime | None = None,
    ) -> StaticResult:  # fmt: skip
        return StaticResult(updated=len(list(updates)))

    @contextmanager
    def scope(self) -> Iterator[FakeRegistry]:
        self.opened += 1
        yield self


def test_known_vessels_cost_nothing_and_new_ones_alert_once() -> None:
    registry = FakeRegistry()
    sync = RegistrySync(registry.scope, VesselDirectory([VesselRecord("QNg-90123-TS")]))
    assert sync.positions([SeenFix("QNg-90123-TS", T0, 15.0, 109.0)]) == []
    assert registry.opened == 0
    new = SeenFix("MMSI-574000004", T0, 15.1, 109.1, "ais", 574000004)
    alerts = sync.positions([new, new, new])
    assert [a.kind for a in alerts] == ["UNKNOWN_VESSEL"] and registry.opened == 1
    assert "MMSI 574000004" in alerts[0].message
    assert sync.positions([new]) == [] and registry.opened == 1
