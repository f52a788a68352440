"""Wire schemas, defined once for the producers, the workers and the API.

Only the shapes of messages and their decoding live here; the words they use (alert kinds,
severities, case kinds, ``utc``) are the domain's, from :mod:`services.vocabulary`, and the
:class:`~services.alerts.model.Alert` event is the domain's (the alerts topic carries it as is).

These are plain pydantic models (no faust import): faust topics carry raw JSON bytes and the
agents decode them here, so that a malformed message becomes a dead-letter record with the
validation error as its reason instead of an exception inside faust's deserializer.

Wire format: UTF-8 JSON. Positions travel as a :class:`PositionBatch` of many fixes for
vessels that share a partition, because one Kafka record per fix caps a faust worker at
~10k fixes/s (see README, "Throughput").
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.vocabulary import CaseKind, utc

__all__ = [
    "DeadLetter",
    "IncidentKind",
    "IncidentPerson",
    "IncidentReport",
    "PositionBatch",
    "PositionReport",
]


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


#: Incident kinds on the wire are the consular case kinds.
IncidentKind = CaseKind


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
