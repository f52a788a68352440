"""How often the vessel table's changelog is written: urgent changes now, the rest paced.

Every changelog record is its own produce request on Tansu (``producer_max_batch_size=1``) and
faust stalls every stream while more than 100 are queued, so the table can take a few hundred
writes a second, not one per vessel per batch.
"""

from __future__ import annotations

from typing import Any

from services.tracking.state import VesselState
from services.vocabulary import RiskLevel

__all__ = ["ChangelogPacer"]


def _signature(state: VesselState) -> tuple[Any, ...]:
    """What makes a table write urgent when it changes (everything but last-seen)."""
    return (state.risk, state.country, state.zone_kind, state.at_sea, state.last_alert)


class ChangelogPacer:
    """Chooses which of a batch's table updates to write now; the others wait their turn.

    Changes a recovering worker must not lose (risk, zone, port, alert times, or a new vessel
    already at risk) are written at once. Last-seen-only news, and new vessels in safe waters,
    queue per partition and go out oldest first within ``refresh_per_s``, each vessel at most
    once per ``refresh_s``: at a province's load that is every few seconds; for a huge fleet
    last-seen in the table gets coarser, never the alert state. The in-memory copy is always
    exact, and a vessel missing from the table is rebuilt from the database.
    """

    def __init__(self, refresh_s: float = 10.0, refresh_per_s: float = 50.0) -> None:
        self.refresh_s = refresh_s
        self.refresh_per_s = refresh_per_s
        self._written: dict[str, tuple[tuple[Any, ...], float]] = {}  # vid -> (signature, wall s)
        self._pending: dict[int, dict[str, VesselState]] = {}  # partition -> deferred writes
        self._swept: dict[int, float] = {}  # partition -> when its refresh budget last ran
        self._tokens: dict[int, float] = {}  # partition -> refresh writes it may still make

    def writes(
        self, partition: int, updates: dict[str, VesselState], now_s: float
    ) -> list[tuple[str, VesselState]]:
        """The ``(vessel, state)`` pairs to write to the table now, of ``partition``'s batch."""
        pending = self._pending.setdefault(partition, {})
        out: list[tuple[str, VesselState]] = []
        written = self._written
        for vid, state in updates.items():
            sig = _signature(state)
            last = written.get(vid)
            if last is None:
                urgent = state.risk != RiskLevel.SAFE or bool(state.last_alert)
            else:
                urgent = last[0] != sig
            if urgent:
                pending.pop(vid, None)
                out.append((vid, state))
                written[vid] = (sig, now_s)
            else:
                pending[vid] = state  # an older pending entry keeps its place in the queue
        if pending:
            rate = self.refresh_per_s
            elapsed_s = now_s - self._swept.get(partition, now_s)
            tokens = min(self._tokens.get(partition, 0.0) + elapsed_s * rate, rate)
            self._swept[partition] = now_s
            due: list[str] = []
            for vid in pending:
                if len(due) >= tokens:
                    break
                last = written.get(vid)
                if last is not None and now_s - last[1] < self.refresh_s:
                    break  # the queue is in first-pending order: the rest are younger
                due.append(vid)
            for vid in due:
                state = pending.pop(vid)
                out.append((vid, state))
                written[vid] = (_signature(state), now_s)
            self._tokens[partition] = tokens - len(due)
        return out

    def forget(self) -> None:
        """After a rebalance: deferred writes may belong to partitions now owned elsewhere."""
        self._pending.clear()
        self._written.clear()
        self._swept.clear()
        self._tokens.clear()
