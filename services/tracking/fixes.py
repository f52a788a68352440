"""A batch of fixes as columns: what the classifier and the tracker work on.

Built by the wire decoder (:mod:`streams.positions.decode`) and by tests; times are epoch
seconds (UTC), NaN marks an unknown speed or course.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["FixColumns"]


@dataclass(slots=True)
class FixColumns:
    """Valid fixes as columns (NaN where speed/course are unknown)."""

    vessel_id: list[str] = field(default_factory=list)
    ts: np.ndarray = field(default_factory=lambda: np.empty(0))  # epoch seconds, UTC
    lat: np.ndarray = field(default_factory=lambda: np.empty(0))
    lon: np.ndarray = field(default_factory=lambda: np.empty(0))
    speed_kn: np.ndarray = field(default_factory=lambda: np.empty(0))
    course_deg: np.ndarray = field(default_factory=lambda: np.empty(0))
    source: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.vessel_id)

    def concat(self, other: FixColumns) -> FixColumns:
        """Both batches' fixes, this one's first."""
        if not len(other):
            return self
        if not len(self):
            return other
        return FixColumns(
            self.vessel_id + other.vessel_id, np.concatenate([self.ts, other.ts]),
            np.concatenate([self.lat, other.lat]), np.concatenate([self.lon, other.lon]),
            np.concatenate([self.speed_kn, other.speed_kn]),
            np.concatenate([self.course_deg, other.course_deg]), self.source + other.source,
        )  # fmt: skip
