"""The worker's copy of each vessel's tracking state, newest first.

The faust table is the recoverable copy; it is written only on material change (see
:mod:`streams.positions.changelog`), so this in-memory copy is the exact one. A vessel neither
knows is looked up once in the database (warm start), then tracked from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from services.tracking.ports import at_sea
from services.tracking.state import VesselState

__all__ = ["StateCache"]

#: Loads stored states (``VesselState``-shaped dicts) of the given vessels, keyed by id.
LoadStates = Callable[[list[str]], Mapping[str, dict[str, Any]]]


class StateCache:
    """Newest known state of each vessel this worker tracks."""

    def __init__(self) -> None:
        self.live: dict[str, VesselState] = {}
        self._db_checked: set[str] = set()

    def state_of(self, table: Any, vessel_id: str) -> VesselState | None:
        """Newest of the in-memory copy and the table's (recovered) copy.

        The table is asked every time: a rebalance may have handed this worker a partition
        whose vessels moved on under another worker, and only the recovered table knows.
        """
        live = self.live.get(vessel_id)
        stored = table.get(vessel_id)
        if live is None:
            return VesselState.from_dict(stored) if stored else None
        if stored and stored["last_ts"] > live.last_ts:
            return VesselState.from_dict(stored)
        return live

    def missing(self, table: Any, vessel_ids: Iterable[str]) -> list[str]:
        """Vessels neither the cache, the table nor an earlier database look-up knows."""
        live, checked = self.live, self._db_checked
        return [
            v for v in dict.fromkeys(vessel_ids)
            if v not in live and v not in checked and not table.get(v)
        ]  # fmt: skip

    def warm_start(self, table: Any, vessel_ids: Iterable[str], load: LoadStates) -> int:
        """Blocking: load state from the database for vessels neither cache nor table knows.

        Each vessel is looked up at most once per worker life, so this costs one query per
        batch only while new vessels keep appearing (start-up, rebalance, broker recycle).
        """
        missing = [
            v for v in dict.fromkeys(vessel_ids)
            if v not in self._db_checked and self.state_of(table, v) is None
        ]  # fmt: skip
        if not missing:
            return 0
        found = load(missing)
        for vid, data in found.items():
            sea = at_sea(data["lat"], data["lon"])
            self.live[vid] = VesselState.from_dict({**data, "at_sea": sea})
        self._db_checked.update(missing)
        return len(found)

    def absorb(self, states: Mapping[str, VesselState]) -> None:
        """Remember a tracked batch's new states."""
        self.live.update(states)
