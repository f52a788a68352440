"""Wire schemas, defined once for the producers, the workers and the API.

Only the shapes of messages and their decoding live here; the words they use (alert kinds,
severities, case kinds, ``utc``) are the domain's, from :mod:`services.vocabulary`. The
:class:`~services.alerts.model.Alert` event and the incident report
(:mod:`services.cases.incoming`) are the domain's messages: their topics carry them as they are.

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
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.cases.incoming import IncidentKind, IncidentPerson, IncidentReport
from services.vessels.model import VesselId
from services.vocabulary import utc

__all__ = [
    "DeadLetter",
    "IncidentKind",
    "IncidentPerson",
    "IncidentReport",
    "PositionBatch",
    "PositionReport",
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


class DeadLetter(_Event):
    """A message a worker could not use, kept with the reason so nothing is lost silently."""

    source_topic: str
    reason: str
    payload: str
    partition: int | None = None
    offset: int | None = None
    count: int = Field(default=1, ge=1)  # identical rejects of this one source record
    # stored once per key: the sender derives it from (topic, partition, offset, reason,
    # payload) so a redelivered record's rejects are not counted twice; random when unknown
    key: str | None = Field(default=None, max_length=64)
    at: datetime

    @field_validator("at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return utc(value)
