"""Bridge from the vectorised geo classifier to the tracker: one call per batch of fixes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from services.tracking.decode import FixColumns

if TYPE_CHECKING:
    from geo import ZoneSet

__all__ = ["Classified", "classify_fixes"]


@dataclass(frozen=True, slots=True)
class Classified:
    """Per-fix classification as plain Python-friendly columns (risk as its name)."""

    risk: list[str]
    country: list[str | None]
    zone_kind: list[str | None]
    distance_nm: np.ndarray
    minutes_to_crossing: np.ndarray
    entering_country: list[str | None]
    nearest_country: list[str | None]
    reason: list[str | None]
    zone_name: list[str | None] = field(default_factory=list)  # e.g. the disputed area's name


def classify_fixes(
    fixes: FixColumns, warning_nm: float, horizon_min: float, zones: ZoneSet | None = None
) -> Classified:
    """Classify every fix of the batch against the active zone set in one vectorised call."""
    import geo

    if zones is None:
        from services.zones import active_zones

        zones = active_zones()
    result = geo.classify(
        fixes.lon,
        fixes.lat,
        speed_kn=fixes.speed_kn,
        course_deg=fixes.course_deg,
        zones=zones,
        warning_nm=warning_nm,
        horizon_min=horizon_min,
    )
    names = np.empty(max(int(r) for r in geo.Risk) + 1, dtype=object)
    for r in geo.Risk:
        names[int(r)] = r.name
    return Classified(
        risk=names[np.asarray(result.risk, dtype=np.int64)].tolist(),
        country=list(result.country),
        zone_kind=list(result.zone_kind),
        distance_nm=np.asarray(result.distance_nm, dtype=float),
        minutes_to_crossing=np.asarray(result.minutes_to_crossing, dtype=float),
        entering_country=list(result.entering_country),
        nearest_country=list(result.nearest_country),
        reason=list(result.reason),
        zone_name=list(result.zone_name),
    )
