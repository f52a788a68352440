"""The numbers a report is made of, as immutable values with a JSON view.

Kept apart from the counting rules (``counts.py``) and the wording (``text_vi.py``) so the API,
the Markdown and the Word writers all read the very same figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from services.reports.period import Period
from services.vocabulary import CaseKind

__all__ = [
    "AlertCounts",
    "CountryCounts",
    "IncidentTally",
    "MonthlyCounts",
    "VmsCoverage",
    "by_country",
]

CountryCounts = Mapping[str, int]


def by_country(counts: Mapping[str, int]) -> CountryCounts:
    """Drop zeros and order by descending count, then by code, so every output agrees."""
    items = sorted(((c, n) for c, n in counts.items() if n), key=lambda kv: (-kv[1], kv[0]))
    return MappingProxyType(dict(items))


@dataclass(frozen=True, slots=True)
class IncidentTally:
    """ "vụ / tàu / người": cases, distinct boats, fishermen involved."""

    cases: int = 0
    vessels: int = 0
    people: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"cases": self.cases, "vessels": self.vessels, "people": self.people}


@dataclass(frozen=True, slots=True)
class AlertCounts:
    """Distinct vessels per alert family raised during the period."""

    warned_vessels: int = 0
    crossed_vessels: int = 0
    disputed_vessels: int = 0
    dark_vessels: int = 0
    alerted_vessels: int = 0  # any risk alert: warned, crossed or in overlapping waters
    returned_vessels: int = 0  # of those, boats that came back (safe waters, or "đã quay về")

    def to_dict(self) -> dict[str, int]:
        return {
            "warned_vessels": self.warned_vessels,
            "crossed_vessels": self.crossed_vessels,
            "disputed_vessels": self.disputed_vessels,
            "dark_vessels": self.dark_vessels,
            "alerted_vessels": self.alerted_vessels,
            "returned_vessels": self.returned_vessels,
        }


@dataclass(frozen=True, slots=True)
class VmsCoverage:
    """Boats of 15 m and over: all, with a device installed, with a device that reported."""

    boats: int = 0
    with_device: int = 0
    working: int = 0

    @property
    def percent(self) -> float | None:
        return round(self.working * 100 / self.boats, 1) if self.boats else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "boats": self.boats,
            "with_device": self.with_device,
            "working": self.working,
            "percent": self.percent,
        }


def _total(counts: CountryCounts) -> int:
    return sum(counts.values())


@dataclass(frozen=True, slots=True)
class MonthlyCounts:
    """Every figure of one report period (a month or any local date range)."""

    period: Period
    as_of: datetime | None
    boats_detained: CountryCounts
    fishermen_detained: CountryCounts
    fishermen_released: CountryCounts
    fishermen_released_awaiting_return: CountryCounts
    fishermen_repatriated: CountryCounts
    still_detained: CountryCounts
    incidents: Mapping[CaseKind, IncidentTally]
    obstructed: IncidentTally
    alerts: AlertCounts
    vms: VmsCoverage
    anomalies: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The JSON view served by the API (totals alongside the per-country figures)."""

        def countries(counts: CountryCounts) -> dict[str, Any]:
            return {"total": _total(counts), "by_country": dict(counts)}

        return {
            "period": {
                "key": self.period.key,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "timezone": "Asia/Ho_Chi_Minh",
            },
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "boats_detained": countries(self.boats_detained),
            "fishermen_detained": countries(self.fishermen_detained),
            "fishermen_released": countries(self.fishermen_released),
            "fishermen_released_awaiting_return": countries(
                self.fishermen_released_awaiting_return
            ),
            "fishermen_repatriated": countries(self.fishermen_repatriated),
            "still_detained": countries(self.still_detained),
            "incidents": {kind.value: tally.to_dict() for kind, tally in self.incidents.items()},
            "obstructed": self.obstructed.to_dict(),
            "alerts": self.alerts.to_dict(),
            "vms": self.vms.to_dict(),
            "anomalies": list(self.anomalies),
        }
