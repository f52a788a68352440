"""Keep the registry in step with a feed: unknown vessels and AIS static data, cheaply.

A feed repeats itself (a boat sends its name every six minutes and a fix every few seconds),
so the registry is only touched for what is new to this process: vessel ids not seen yet and
static data that changed. Everything else is a set or dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import datetime

from services.alerts.model import Alert
from services.vessels.directory import VesselDirectory
from services.vessels.model import Sighting, StaticUpdate
from services.vessels.ports import VesselRegistry

__all__ = ["RegistrySync"]

#: Opens the registry over one transaction (committed when the block is left).
RegistryScope = Callable[[], AbstractContextManager[VesselRegistry]]


class RegistrySync:
    """Registry side effects of a feed, batched; returns the "unknown vessel" alerts to send."""

    def __init__(self, scope: RegistryScope, directory: VesselDirectory | None = None) -> None:
        self._scope = scope
        self._known: set[str] = directory.known_ids() if directory is not None else set()
        self._static_seen: dict[int, tuple[str | None, str | None, int | None]] = {}
        self.created = 0
        self.static_updated = 0

    def positions(self, reports: Iterable[Sighting]) -> list[Alert]:
        """Create unregistered rows for vessel ids this process has not met yet."""
        fresh = [r for r in reports if r.vessel_id not in self._known]
        if not fresh:
            return []
        with self._scope() as registry:
            alerts = registry.register_sightings(fresh)
        self._known.update(r.vessel_id for r in fresh)
        self.created += len(alerts)
        return alerts

    def statics(self, updates: Iterable[StaticUpdate], ts: datetime | None = None) -> list[Alert]:
        """Apply names, call signs and ship types that differ from those last applied here."""
        changed = []
        for update in updates:
            seen = self._static_seen.get(update.mmsi, (None, None, None))
            merged = (
                update.name or seen[0],
                update.call_sign or seen[1],
                update.ship_type if update.ship_type is not None else seen[2],
            )
            if merged != seen:
                self._static_seen[update.mmsi] = merged
                changed.append(update)
        if not changed:
            return []
        with self._scope() as registry:
            result = registry.apply_static_updates(changed, ts=ts)
        self._known.update(u.vessel_id for u in changed)
        self.static_updated += result.updated
        return result.alerts
