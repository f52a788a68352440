"""The incident report as the consular desk receives it: a validated message, not a row.

A border post, the Consular Department or a family reports an incident abroad; the incident
topic and ``POST /api/incidents`` carry exactly this shape (:mod:`streams.records` re-exports
it as the wire schema), and :func:`services.cases.incidents.handle_incident_report` turns it
into a case. Validation (lengths, coordinates, time zone) happens here, once.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.vessels.model import VesselId
from services.vocabulary import CaseKind, utc

__all__ = ["IncidentKind", "IncidentPerson", "IncidentReport"]


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


#: Incident kinds on the wire are the consular case kinds.
IncidentKind = CaseKind


class IncidentPerson(_Message):
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


class IncidentReport(_Message):
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
