"""The position flow's database work: history rows, unknown vessels, latest positions.

Blocking (run on the process's database writer thread) and idempotent, as the broker is
at-least-once. SQL stays in :mod:`infra.db.tracking`; this module only decides what to write
when, and converts tracked state (epoch seconds) into what the registry takes.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from infra.db.base import session_scope
from infra.db.models import LatestPosition
from infra.db.tracking import (
    bump_counters,
    insert_history,
    known_vessel_ids,
    load_day_fixes,
    load_vessel_states,
    upsert_latest,
)
from infra.repositories.vessels import register_sightings
from services.alerts.model import Alert
from services.tracking.batch import TrackOutcome
from services.tracking.state import VesselState
from services.vessels.model import SeenFix

__all__ = ["PositionStore", "latest_row"]


def latest_row(state: VesselState) -> dict[str, Any]:
    """The ``latest_positions`` row of a vessel whose last good fix is ``state``'s."""
    return {
        "vessel_id": state.vessel_id, "ts": datetime.fromtimestamp(state.last_ts, UTC),
        "lat": state.lat, "lon": state.lon, "speed_kn": state.speed_kn,
        "course_deg": state.course_deg, "source": state.source, "risk": state.risk,
        "country": state.country, "zone_kind": state.zone_kind, "distance_nm": state.distance_nm,
        "wire": state.wire if state.wire >= 0 else None,
    }  # fmt: skip


class PositionStore:
    """History writes (with unknown-vessel registration) and the latest-position flush."""

    def __init__(self) -> None:
        self._latest: dict[str, VesselState] = {}  # moved since the last flush
        self._latest_lock = threading.Lock()
        self._known_vessels: set[str] | None = None

    def load_states(self, vessel_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Blocking: stored states of ``vessel_ids`` (for a warm start)."""
        with session_scope() as session:
            return load_vessel_states(session, vessel_ids)

    def load_owned_states(
        self, owned: frozenset[int], partitions: int, skip: set[str]
    ) -> dict[str, dict[str, Any]]:
        """Blocking: stored states of the vessels of partitions ``owned``, but those in ``skip``.

        What a restarted worker watches for silences besides its recovered table: a boat that
        fell silent before the table recorded it (its first state is paced), or after the
        broker lost the table, has its last fix only here.
        """
        from infra.kafka import partition_for

        with session_scope() as session:
            ids = [
                v for v in session.scalars(select(LatestPosition.vessel_id))
                if v not in skip and partition_for(v, partitions) in owned
            ]  # fmt: skip
            return load_vessel_states(session, ids)

    def load_day_fixes(
        self, vessel_ids: list[str]
    ) -> dict[str, list[tuple[float, float, float, str]]]:
        """Blocking: the stored fixes of each vessel's newest day, to rebuild its cadence day."""
        with session_scope() as session:
            return load_day_fixes(session, vessel_ids)

    def fleet_facts(self) -> dict[str, Any]:
        """Blocking: the registry's facts of every vessel (fleet of interest, ladders)."""
        from infra.db.tracking import fleet_facts

        with session_scope() as session:
            return fleet_facts(session)

    def write_history(self, outcome: TrackOutcome) -> list[Alert]:
        """Blocking: store the batch's history rows; register unknown vessels (alerting once).

        Committed before the batch's records are acknowledged: what the cadence rule counted
        is rebuilt from these rows after a restart (``services.tracking.cadence``).
        """
        now = datetime.now(UTC)
        alerts: list[Alert] = []
        with session_scope() as session:
            insert_history(session, outcome.history)
            redelivered = outcome.counts.get("redelivered", 0)
            if redelivered:  # the metric, committed with the rows it speaks of
                bump_counters(session, {"positions.redelivered": redelivered})
            if self._known_vessels is None:
                self._known_vessels = known_vessel_ids(session)
            unseen = [v for v in outcome.states if v not in self._known_vessels]
            if unseen:
                # one implementation of "unknown vessel": the registry's (also used by feeds)
                states = outcome.states
                sightings = [
                    SeenFix(v, datetime.fromtimestamp(states[v].last_ts, UTC), states[v].lat,
                            states[v].lon, states[v].source)
                    for v in unseen
                ]  # fmt: skip
                alerts.extend(register_sightings(session, sightings, now))
        # only once committed: a failed commit is retried, and must register them again
        self._known_vessels.update(unseen)
        return alerts

    def queue_latest(self, latest: Mapping[str, VesselState]) -> None:
        """Queue the batch's newest states for the next :meth:`flush_latest`."""
        with self._latest_lock:
            self._latest.update(latest)

    def flush_latest(self) -> int:
        """Blocking: write queued latest positions (one row per vessel); return how many."""
        with self._latest_lock:
            moved, self._latest = self._latest, {}
        if moved:
            try:
                with session_scope() as session:
                    upsert_latest(session, [latest_row(st) for st in moved.values()])
            except Exception:
                with self._latest_lock:  # keep them for the next flush, newer ones win
                    for vid, st in moved.items():
                        self._latest.setdefault(vid, st)
                raise
        return len(moved)
