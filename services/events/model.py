"""The event: one fact about one vessel (or two), the same from the batch command and live.

``key`` is what makes two events the same event (kind, vessels, start); the id is derived from
it, so a replay, a re-run or the live path finding what the batch found gives the same id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from services.vocabulary import EventKind

__all__ = ["Event"]


def _iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat()


@dataclass(frozen=True, slots=True)
class Event:
    """A behaviour event; times are epoch seconds (UTC), positions WGS 84."""

    kind: EventKind
    vessel_id: str
    start: float | None  # None: began before the data (a trip already at sea)
    lat: float
    lon: float
    end: float | None = None
    other_vessel_id: str | None = None
    port: str | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> tuple[str, str, str | None, float | None]:
        return (str(self.kind), self.vessel_id, self.other_vessel_id, self.start)

    @property
    def event_id(self) -> str:
        raw = "|".join(str(k) for k in self.key).encode()
        return hashlib.sha256(raw).hexdigest()[:24]

    @property
    def when(self) -> float:
        """The time the event is *at*: its start, else its end."""
        return self.start if self.start is not None else (self.end or 0.0)

    def to_json(self) -> dict[str, Any]:
        """One JSON-lines object: ISO times, null where unknown."""
        return {
            "event_id": self.event_id,
            "kind": str(self.kind),
            "vessel_id": self.vessel_id,
            "other_vessel_id": self.other_vessel_id,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "lat": round(self.lat, 6),
            "lon": round(self.lon, 6),
            "port": self.port,
            **({"details": self.details} if self.details else {}),
        }

    def to_feature(self) -> dict[str, Any]:
        """A GeoJSON Feature: a point, or for a device swap the two devices' tracks as well."""
        props = self.to_json()
        tracks = self.details.get("tracks") if self.details else None
        point = {"type": "Point", "coordinates": [round(self.lon, 6), round(self.lat, 6)]}
        if tracks:
            lines = [
                {"type": "LineString", "coordinates": [[p[2], p[1]] for p in pts]}
                for pts in tracks.values() if len(pts) >= 2
            ]  # fmt: skip
            geometry: dict[str, Any] = {"type": "GeometryCollection",
                                        "geometries": [point, *lines]}  # fmt: skip
        else:
            geometry = point
        return {"type": "Feature", "id": self.event_id, "geometry": geometry, "properties": props}
