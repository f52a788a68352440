"""Hand-built inputs for the tracker: fix columns and a fake classification, exact and fast."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from geo import Classification
from services.tracking.fixes import FixColumns
from services.vocabulary import RiskLevel

__all__ = ["T0", "Fix", "columns"]

T0 = 1_780_000_000.0  # 2026-05-28, an arbitrary epoch second
NAN = float("nan")


@dataclass(frozen=True)
class Fix:
    """One fix and what the (fake) classifier says about it."""

    vessel_id: str
    ts: float
    lat: float = 10.0
    lon: float = 110.0
    speed_kn: float = 8.0
    course_deg: float = 195.0
    risk: str = "SAFE"
    distance_nm: float = 40.0
    country: str | None = None
    zone_kind: str | None = "eez"
    minutes: float = NAN
    entering: str | None = None
    nearest: str | None = "ID"


def columns(fixes: Sequence[Fix]) -> tuple[FixColumns, Classification]:
    """The decoded columns and the classification of ``fixes``, in the order given."""
    cols = FixColumns(
        vessel_id=[f.vessel_id for f in fixes],
        ts=np.array([f.ts for f in fixes], dtype=float),
        lat=np.array([f.lat for f in fixes], dtype=float),
        lon=np.array([f.lon for f in fixes], dtype=float),
        speed_kn=np.array([f.speed_kn for f in fixes], dtype=float),
        course_deg=np.array([f.course_deg for f in fixes], dtype=float),
        source=["vms"] * len(fixes),
    )

    def objects(values: Sequence[str | None]) -> np.ndarray:
        out = np.empty(len(values), dtype=object)
        out[:] = list(values)
        return out

    cls = Classification(
        risk=np.array([RiskLevel(f.risk).code for f in fixes], dtype=np.int8),
        country=objects([f.country for f in fixes]),
        zone_kind=objects([f.zone_kind for f in fixes]),
        zone_name=objects([None] * len(fixes)),
        foreign=np.array([f.risk == RiskLevel.INSIDE_FOREIGN for f in fixes], dtype=bool),
        distance_nm=np.array([f.distance_nm for f in fixes], dtype=float),
        nearest_country=objects([f.nearest for f in fixes]),
        minutes_to_crossing=np.array([f.minutes for f in fixes], dtype=float),
        entering_country=objects([f.entering for f in fixes]),
        reason=objects([None] * len(fixes)),
    )
    return cols, cls
