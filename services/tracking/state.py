"""Per-vessel tracking state, as kept in the faust table (one JSON dict per vessel).

The state is small and flat so that the changelog stays cheap: it is written only when the
vessel's zone, risk or alert state changes, or when its last-seen time has moved on by more
than the flush interval (see :mod:`services.tracking.policy`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from services.vocabulary import RiskLevel

__all__ = ["VesselState"]

_NO_ALERTS: Mapping[str, float] = MappingProxyType({})


class VesselState(NamedTuple):
    """What the worker remembers about one vessel between fixes.

    Immutable, and a named tuple rather than a frozen dataclass because the tracker builds one
    per vessel per batch: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__`` and cost 3 µs here, a named tuple 0.4 µs. Change one with
    :meth:`with_`.
    """

    vessel_id: str
    last_ts: float  # epoch seconds (UTC) of the last good fix
    lat: float
    lon: float
    speed_kn: float | None = None
    course_deg: float | None = None
    risk: str = RiskLevel.SAFE.value  # level announced (hysteresis), not the raw one
    country: str | None = None
    zone_kind: str | None = None
    distance_nm: float | None = None
    at_sea: bool = True
    last_alert: Mapping[str, float] = _NO_ALERTS  # kind -> event ts of last alert (never mutated)
    flushed_ts: float = 0.0  # last_ts value last written to the table
    # the last fix rejected as a bad fix, (ts, lat, lon): if the next fix agrees with it, the
    # *accepted* one was the outlier (a glitch on the first fix would otherwise lock the boat out)
    suspect: tuple[float, float, float] | None = None
    source: str = "vms"  # feed of the last good fix (vms, ais...)
    wire: int = -1  # wire position of the last good fix (services/tracking/fixes.py), -1 unknown

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (what the faust table stores)."""
        data = self._asdict()
        data["last_alert"] = dict(self.last_alert)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VesselState:
        known = {k: data[k] for k in cls._fields if k in data}
        known["last_alert"] = dict(known.get("last_alert") or {})
        if known.get("suspect") is not None:
            known["suspect"] = tuple(known["suspect"])
        return cls(**known)

    def with_(self, **changes: Any) -> VesselState:
        return self._replace(**changes)
