"""The plain facts a report is counted from.

The counter never sees database rows: the loader (or a test) turns case timelines, alerts and
the vessel registry into these frozen dataclasses, so the counting rules can be tested without
a database and re-used over any source (a replayed topic, an export, a fixture).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from services.vocabulary import CaseKind, Status

__all__ = [
    "AlertFact",
    "IncidentFact",
    "LoadedFacts",
    "RegistryBoat",
    "ReturnFact",
    "StatusEvent",
    "VesselFact",
]


@dataclass(frozen=True, slots=True)
class StatusEvent:
    """One entry of a fisherman's append-only timeline.

    ``occurred_on`` is the local date it happened (what the report counts by); ``recorded_at``
    is when it was entered (what ``as_of`` re-issues filter on). A correction is a new event
    whose ``supersedes`` names the event it replaces; the replaced one stops counting.
    """

    event_id: str
    person_id: str
    case_id: str
    status: Status
    occurred_on: date
    recorded_at: datetime
    country: str
    vessel_id: str | None = None
    case_kind: CaseKind = CaseKind.DETENTION
    supersedes: str | None = None


@dataclass(frozen=True, slots=True)
class IncidentFact:
    """One case as the report counts it: a "vụ", with its boats ("tàu") and people ("người").

    ``people`` is the number of fishermen involved (crew aboard for a robbery or a rescue, the
    detained for a detention); ``recorded_at`` lets a report be re-issued as it stood then.
    """

    case_id: str
    kind: CaseKind
    country: str | None
    occurred_on: date
    recorded_at: datetime
    vessel_ids: tuple[str, ...] = ()
    people: int = 0


@dataclass(frozen=True, slots=True)
class AlertFact:
    """One stored alert: only its kind, vessel and event time matter to the counts."""

    vessel_id: str
    kind: str
    ts: datetime


@dataclass(frozen=True, slots=True)
class VesselFact:
    """A registered boat at the end of the period, for the VMS coverage figure.

    ``has_device``: a VMS device is installed; ``reporting``: that device sent fixes during the
    period (an installed but silent device does not count as working).
    """

    vessel_id: str
    length_m: float | None
    has_device: bool
    reporting: bool


@dataclass(frozen=True, slots=True)
class ReturnFact:
    """A warned boat came back: its risk situation ended in safe waters, or an officer recorded
    "tàu đã quay về" (``ts``: event time of the return, or of the acknowledgement)."""

    vessel_id: str
    ts: datetime


@dataclass(frozen=True, slots=True)
class RegistryBoat:
    """A registered boat of the province, for the year's fleet figures."""

    vessel_id: str
    length_m: float | None
    has_device: bool
    high_risk: bool


@dataclass
class LoadedFacts:
    """Everything a period is counted from, and notes on rows that could not be used."""

    events: list[StatusEvent] = field(default_factory=list)
    incidents: list[IncidentFact] = field(default_factory=list)
    alerts: list[AlertFact] = field(default_factory=list)
    vessels: list[VesselFact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    returns: list[ReturnFact] = field(default_factory=list)
    registry: list[RegistryBoat] = field(default_factory=list)
