"""A batch of fixes as columns: what the classifier and the tracker work on.

Built by the wire decoder (:mod:`streams.positions.decode`) and by tests; times are epoch
seconds (UTC), NaN marks an unknown speed or course.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["WIRE_SHIFT", "FixColumns", "wire_position", "wire_positions"]

WIRE_SHIFT = 20  # up to 2**20 fixes in one record (a Kafka record is 1 MB by default)


def wire_position(offset: int, index: int) -> int:
    """A fix's position on the wire: comparable within one partition, in consumption order."""
    return (offset << WIRE_SHIFT) | index if offset >= 0 else -1


def wire_positions(offset: int, count: int) -> np.ndarray:
    """:func:`wire_position` of the first ``count`` fixes of one record, as an array."""
    if offset < 0:
        return np.full(count, -1, np.int64)
    return np.arange(count, dtype=np.int64) | (offset << WIRE_SHIFT)


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
    # where each fix sat on the wire: its record's offset << WIRE_SHIFT | its index in the
    # record; -1 (or an empty column) when unknown. A fix at or before the position of the one
    # that set a vessel's state was delivered before: a redelivery, not a duplicate from the
    # sender (see services/tracking/batch.py)
    wire: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))

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
            np.concatenate([self.wires(), other.wires()]),
        )  # fmt: skip

    def wires(self) -> np.ndarray:
        """The wire column, -1 filled when it was not given."""
        if len(self.wire) == len(self):
            return self.wire.astype(np.int64, copy=False)
        return np.full(len(self), -1, np.int64)

    def select(self, keep: np.ndarray) -> FixColumns:
        """The fixes where the boolean mask ``keep`` is true, in order."""
        idx = np.flatnonzero(keep)
        il = idx.tolist()
        return FixColumns(
            [self.vessel_id[i] for i in il],
            self.ts[idx],
            self.lat[idx],
            self.lon[idx],
            self.speed_kn[idx],
            self.course_deg[idx],
            [self.source[i] for i in il],
            self.wires()[idx],
        )
