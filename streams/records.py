"""Event schemas, defined once for the producers, the workers and the API.

These are plain pydantic models (no faust import): faust topics carry raw JSON bytes and the
agents decode them here, so that a malformed message becomes a dead-letter record with the
validation error as its reason instead of an exception inside faust's deserializer.

Wire format: UTF-8 JSON. Positions travel as a :class:`PositionBatch` of many fixes for
vessels that share a partition, because one Kafka record per fix caps a faust worker at
~10k fixes/s (see README, "Throughput").
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "Alert",
    "AlertKind",
    "DeadLetter",
    "IncidentKind",
    "IncidentPerson",
    "IncidentReport",
    "PositionBatch",
    "PositionReport",
    "Severity",
    "alert_id_for",
    "utc",
]


def utc(value: datetime) -> datetime:
    """Return ``value`` as an aware UTC datetime (naive input is taken to be UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


VesselId = Annotated[
    str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
]


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class PositionReport(_Event):
    """One fix of one vessel: a VMS report, an AIS position message or a simulator step."""

    vessel_id: VesselId
    ts: datetime
    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)
    speed_kn: float | None = Field(default=None, ge=0.0, le=102.2)
    course_deg: float | None = Field(default=None, ge=0.0, le=360.0)
    source: str = Field(default="vms", max_length=16)
    mmsi: int | None = Field(default=None, ge=0, le=999_999_999)

    @field_validator("ts")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return utc(value)

    @field_validator("lat", "lon", "speed_kn", "course_deg")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value


class PositionBatch(_Event):
    """Many fixes in one Kafka record; all of them hash to the record's partition."""

    positions: list[dict[str, Any]]


class IncidentKind(StrEnum):
    DETENTION = "detention"  # crew (and usually boat) detained
    BOAT_SEIZED = "boat_seized"
    ROBBERY = "robbery"  # crew robbed or obstructed at sea
    OBSTRUCTION = "obstruction"
    DISTRESS = "distress"
    COLLISION = "collision"
    DEATH_MISSING = "death_missing"


class IncidentPerson(_Event):
    full_name: str = Field(min_length=1, max_length=200)
    date_of_birth: str | None = None
    national_id: str | None = Field(default=None, max_length=20)
    # Optional, added for consular cases (older producers omit them): the person's status as
    # reported (DETAINED, RELEASED, REPATRIATED, DECEASED, MISSING...; default by incident kind)
    # and where his family lives.
    status: str | None = Field(default=None, max_length=32)
    home_commune: str | None = Field(default=None, max_length=100)
    home_district: str | None = Field(default=None, max_length=100)
    family_phone: str | None = Field(default=None, max_length=32)


class IncidentReport(_Event):
    """A report of an incident abroad, from a border post, the Consular Department or a family."""

    report_id: str = Field(min_length=1, max_length=100)
    kind: IncidentKind
    country: str = Field(min_length=2, max_length=3, description="ISO 3166-1 alpha-2 or alpha-3")
    occurred_at: datetime
    vessel_id: VesselId | None = None
    lat: float | None = Field(default=None, ge=-90.0, le=90.0)
    lon: float | None = Field(default=None, ge=-180.0, le=180.0)
    authority: str | None = Field(default=None, max_length=200)
    persons: list[IncidentPerson] = Field(default_factory=list)
    source: str = Field(default="border_post", max_length=50)
    note: str | None = Field(default=None, max_length=4000)

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return utc(value)


class AlertKind(StrEnum):
    APPROACHING = "APPROACHING"
    IMMINENT = "IMMINENT"
    INSIDE_FOREIGN = "INSIDE_FOREIGN"
    DISPUTED = "DISPUTED"
    BACK_SAFE = "BACK_SAFE"
    DARK = "DARK"
    DARK_24H = "DARK_24H"
    DARK_10D = "DARK_10D"
    SIGNAL_RESTORED = "SIGNAL_RESTORED"
    UNKNOWN_VESSEL = "UNKNOWN_VESSEL"
    CASE_OPENED = "CASE_OPENED"
    CASE_STATUS = "CASE_STATUS"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class Alert(_Event):
    """An alert for people: Vietnamese ``message`` plus the structured fields it was built from."""

    alert_id: str
    kind: AlertKind
    severity: Severity
    vessel_id: str | None = None
    ts: datetime  # event time: the fix or incident that caused it
    created_at: datetime
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    zone_kind: str | None = None
    distance_nm: float | None = None
    minutes_to_crossing: float | None = None
    speed_kn: float | None = None
    course_deg: float | None = None
    audience: list[str] = Field(default_factory=lambda: ["border_guard"])
    message: str
    details: dict[str, Any] = Field(default_factory=dict)

    @field_validator("ts", "created_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return utc(value)


class DeadLetter(_Event):
    """A message a worker could not use, kept with the reason so nothing is lost silently."""

    source_topic: str
    reason: str
    payload: str
    partition: int | None = None
    offset: int | None = None
    at: datetime

    @field_validator("at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return utc(value)


def alert_id_for(kind: str, subject: str, ts: datetime) -> str:
    """Deterministic alert id: a replayed event yields the same id, so stores can deduplicate."""
    raw = f"{kind}|{subject}|{utc(ts).isoformat()}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]
