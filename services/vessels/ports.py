"""What the registry's use cases need from storage, as a protocol, and what they report.

``infra.repositories.vessels.SqlVesselRegistry`` implements :class:`VesselRegistry`; the feed
side (:class:`services.vessels.sync.RegistrySync`) only sees this shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from services.alerts.model import Alert
from services.vessels.csv_import import RowError
from services.vessels.model import Sighting, StaticUpdate

__all__ = ["ImportResult", "StaticResult", "VesselRegistry"]


@dataclass(slots=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(slots=True)
class StaticResult:
    updated: int = 0
    unchanged: int = 0
    alerts: list[Alert] = field(default_factory=list)


class VesselRegistry(Protocol):
    def register_sightings(
        self, sightings: Iterable[Sighting], now: datetime | None = None
    ) -> list[Alert]:
        """Create vessels seen but not registered, each with its one UNKNOWN_VESSEL alert."""
        ...

    def apply_static_updates(
        self, updates: Iterable[StaticUpdate], ts: datetime | None = None,
        now: datetime | None = None,
    ) -> StaticResult:  # fmt: skip
        """Copy AIS names and call signs into the registry (unknown vessels created, flagged)."""
        ...
