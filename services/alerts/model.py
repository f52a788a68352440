"""The alert event: what every producer of alerts builds and every desk receives.

A domain event (pydantic, frozen) rather than a wire-only schema because the tracker, the
consular desk and the vessel registry all build it; :mod:`streams.records` carries it on the
wire as it is. Its words (kind, severity, audience) come from :mod:`services.vocabulary`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.vocabulary import DEFAULT_AUDIENCE, AlertKind, Severity, utc

__all__ = ["Alert"]


class Alert(BaseModel):
    """An alert for people: Vietnamese ``message`` plus the structured fields it was built from."""

    model_config = ConfigDict(frozen=True, extra="ignore")

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
    audience: list[str] = Field(default_factory=lambda: [str(a) for a in DEFAULT_AUDIENCE])
    message: str
    details: dict[str, Any] = Field(default_factory=dict)

    @field_validator("ts", "created_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return utc(value)
