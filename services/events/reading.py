"""From a recorded VMS/AIS file to :class:`Tracks`, through the feed decoders (services/feeds).

The file is decoded line by line into plain columns (not a list of report objects), so a month
of a province's VMS fits in memory as arrays; rejected lines are counted by reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from services.events.tracks import Tracks
from services.feeds.common import FeedItem, FeedStats
from streams.records import PositionReport

__all__ = ["Columns", "tracks_from_items"]


@dataclass
class Columns:
    """Fix columns as they are decoded."""

    vessel: list[str] = field(default_factory=list)
    ts: list[float] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    speed_kn: list[float] = field(default_factory=list)
    source: list[str] = field(default_factory=list)

    def add(self, r: PositionReport) -> None:
        self.vessel.append(r.vessel_id)
        self.ts.append(r.ts.timestamp())
        self.lat.append(r.lat)
        self.lon.append(r.lon)
        self.speed_kn.append(float("nan") if r.speed_kn is None else r.speed_kn)
        self.source.append(r.source)

    def tracks(self) -> Tracks:
        return Tracks.build(self.vessel, self.ts, self.lat, self.lon, self.speed_kn, self.source)


def tracks_from_items(items: Iterable[FeedItem], stats: FeedStats | None = None) -> Tracks:
    """Collect the position reports of a decoded feed (the rest only counted in ``stats``)."""
    cols = Columns()
    for item in items:
        if stats is not None:
            stats.count(item)
        if isinstance(item, PositionReport):
            cols.add(item)
    return cols.tracks()


def summary(events: Iterable[Any]) -> dict[str, int]:
    """Events by kind, for the command's closing line."""
    out: dict[str, int] = {}
    for e in events:
        out[str(e.kind)] = out.get(str(e.kind), 0) + 1
    return dict(sorted(out.items()))
