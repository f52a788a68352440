"""Hand-built tracks for the event detectors: straight legs in metres from a point."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

M_PER_DEG = 6_371_008.8 * math.pi / 180.0
T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z, a multiple of every sampling step used


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    """The point ``north_m`` north and ``east_m`` east of (lat, lon)."""
    return lat + north_m / M_PER_DEG, lon + east_m / (M_PER_DEG * math.cos(math.radians(lat)))


@dataclass
class Fixes:
    """Columns to hand to ``Tracks.build``."""

    vessel: list[str] = field(default_factory=list)
    ts: list[float] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    source: list[str] = field(default_factory=list)

    def add(self, vessel: str, ts: float, lat: float, lon: float, source: str = "vms") -> None:
        self.vessel.append(vessel)
        self.ts.append(ts)
        self.lat.append(lat)
        self.lon.append(lon)
        self.source.append(source)

    def leg(
        self, vessel: str, start_ts: float, lat: float, lon: float, *, hours: float,
        every_min: float, speed_kn: float = 0.0, course_deg: float = 90.0,
        north_m: float = 0.0, source: str = "vms",
    ) -> tuple[float, float]:  # fmt: skip
        """A straight leg: a fix every ``every_min`` for ``hours`` (both ends included)."""
        n = round(hours * 60 / every_min)
        la, lo = lat, lon
        for k in range(n + 1):
            dist = speed_kn * 1852.0 * k * every_min / 60.0
            rad = math.radians(course_deg)
            la, lo = offset(lat, lon, north_m + dist * math.cos(rad), dist * math.sin(rad))
            self.add(vessel, start_ts + k * every_min * 60.0, la, lo, source)
        return la, lo

    def build(self):  # type: ignore[no-untyped-def]
        from services.events import Tracks

        return Tracks.build(self.vessel, self.ts, self.lat, self.lon, source=self.source)
