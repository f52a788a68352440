"""Per-vessel tracking state, as kept in the faust table (one JSON dict per vessel).

The state is small and flat so that the changelog stays cheap: it is written only when the
vessel's zone, risk or alert state changes, or when its last-seen time has moved on by more
than the flush interval (see :mod:`services.tracking.policy`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

__all__ = ["RANK", "VesselState"]

# Order in which risk levels escalate; an alert is raised when the rank goes up.
RANK: dict[str, int] = {
    "SAFE": 0,
    "APPROACHING": 1,
    "DISPUTED": 2,
    "IMMINENT": 3,
    "INSIDE_FOREIGN": 4,
}


@dataclass(frozen=True, slots=True)
class VesselState:
    """What the worker remembers about one vessel between fixes."""

    vessel_id: str
    last_ts: float  # epoch seconds (UTC) of the last good fix
    lat: float
    lon: float
    speed_kn: float | None = None
    course_deg: float | None = None
    risk: str = "SAFE"  # the level announced (with hysteresis), not the raw classification
    country: str | None = None
    zone_kind: str | None = None
    distance_nm: float | None = None
    at_sea: bool = True
    last_alert: dict[str, float] = field(default_factory=dict)  # kind -> event ts of last alert
    flushed_ts: float = 0.0  # last_ts value last written to the table
    # the last fix rejected as a bad fix, (ts, lat, lon): if the next fix agrees with it, the
    # *accepted* one was the outlier (a glitch on the first fix would otherwise lock the boat out)
    suspect: tuple[float, float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VesselState:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known["last_alert"] = dict(known.get("last_alert") or {})
        if known.get("suspect") is not None:
            known["suspect"] = tuple(known["suspect"])
        return cls(**known)

    def with_(self, **changes: Any) -> VesselState:
        return replace(self, **changes)
