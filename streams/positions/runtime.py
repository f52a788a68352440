"""Worker-local helpers of the position flow: live state cache, dark watch, database writes.

The faust table is the recoverable copy of each vessel's state; this module keeps the newest
copy in memory (the table is written only on material change) and does the blocking database
work in a thread so the event loop keeps consuming.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from typing import Any

from infra.db.base import session_scope
from infra.db.tracking import ensure_vessels, insert_history, upsert_latest
from services.tracking.batch import TrackOutcome, make_alert
from services.tracking.dark import DarkEvent, DarkWatch
from services.tracking.messages_vi import dark as dark_text
from services.tracking.messages_vi import unknown_vessel
from services.tracking.policy import AlertPolicy
from services.tracking.ports import IN_PORT_RADIUS_NM, PORTS, at_sea
from services.tracking.state import VesselState
from streams.records import Alert

__all__ = ["PositionRuntime", "fast_at_sea", "state_dict"]

log = logging.getLogger(__name__)

# Ports' bounding box widened by more than the in-port radius (0.1° ≥ 5.7 nm at these
# latitudes): outside it every fix is at sea, without the per-port distances.
_MARGIN_DEG = 0.1
assert _MARGIN_DEG * 60 * 0.95 > IN_PORT_RADIUS_NM
_LAT_MIN = min(p.lat for p in PORTS) - _MARGIN_DEG
_LAT_MAX = max(p.lat for p in PORTS) + _MARGIN_DEG
_LON_MIN = min(p.lon for p in PORTS) - _MARGIN_DEG
_LON_MAX = max(p.lon for p in PORTS) + _MARGIN_DEG
_STATE_FIELDS = tuple(VesselState.__dataclass_fields__)


def fast_at_sea(lat: float, lon: float) -> bool:
    """:func:`services.tracking.ports.at_sea`, answered at once for fixes far from every port."""
    if _LAT_MIN <= lat <= _LAT_MAX and _LON_MIN <= lon <= _LON_MAX:
        return at_sea(lat, lon)
    return True


def state_dict(state: VesselState) -> dict[str, Any]:
    """``state.to_dict()`` without ``dataclasses.asdict``'s deep copy (the state is flat)."""
    data = {name: getattr(state, name) for name in _STATE_FIELDS}
    data["last_alert"] = dict(state.last_alert)
    return data


class PositionRuntime:
    """State shared by the per-partition actors of one worker process."""

    def __init__(self, policy: AlertPolicy) -> None:
        self.policy = policy
        self.live: dict[str, VesselState] = {}
        self.dark = DarkWatch(policy)
        self._latest: dict[str, dict[str, Any]] = {}
        self._latest_lock = threading.Lock()
        self._known_vessels: set[str] | None = None
        self.counts: dict[str, int] = {}
        self.needs_seed = True
        self._db_checked: set[str] = set()

    def seed_from_table(self, items: Any) -> int:
        """After a rebalance: index the silence deadlines of vessels recovered from the table."""
        count = 0
        for vid, data in items:
            if data:
                st = VesselState.from_dict(data)
                self.dark.seen(vid, st.last_ts, st.lat, st.lon, st.at_sea)
                count += 1
        return count

    def state_of(self, table: Any, vessel_id: str) -> VesselState | None:
        """Newest of the in-memory copy and the table's (recovered) copy."""
        live = self.live.get(vessel_id)
        stored = table.get(vessel_id)
        table_state = VesselState.from_dict(stored) if stored else None
        if live is None:
            return table_state
        if table_state is not None and table_state.last_ts > live.last_ts:
            return table_state
        return live

    def warm_start(self, table: Any, vessel_ids: list[str]) -> int:
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
        from infra.db.tracking import load_vessel_states

        with session_scope() as session:
            found = load_vessel_states(session, missing)
        for vid, data in found.items():
            data["at_sea"] = at_sea(data["lat"], data["lon"])
            self.live[vid] = VesselState.from_dict(data)
        self._db_checked.update(missing)
        return len(found)

    def absorb(self, outcome: TrackOutcome) -> None:
        """Remember the batch's states and queue latest positions for the next flush."""
        for vid, state in outcome.states.items():
            self.live[vid] = state
            self.dark.seen(vid, state.last_ts, state.lat, state.lon, state.at_sea)
        with self._latest_lock:
            self._latest.update(outcome.latest)
        for key, value in outcome.counts.items():
            self.counts[key] = self.counts.get(key, 0) + value

    def write_history(self, outcome: TrackOutcome) -> list[Alert]:
        """Blocking: store the batch's history rows; register unknown vessels (alerting once)."""
        now = datetime.now(UTC)
        alerts: list[Alert] = []
        with session_scope() as session:
            insert_history(session, outcome.history)
            if self._known_vessels is None:
                from sqlalchemy import select

                from infra.db.models import Vessel

                self._known_vessels = set(session.scalars(select(Vessel.vessel_id)))
            unseen = [v for v in outcome.states if v not in self._known_vessels]
            if unseen:
                for vid in ensure_vessels(session, unseen, now):
                    st = outcome.states[vid]
                    alerts.append(
                        make_alert("UNKNOWN_VESSEL", vid, st.last_ts, unknown_vessel(vid), now, id_ts=0.0,
                                   lat=st.lat, lon=st.lon, audience=["border_guard"])
                    )  # fmt: skip
                self._known_vessels.update(unseen)
        return alerts

    def flush_latest(self) -> int:
        """Blocking: write queued latest positions (one row per vessel); return how many."""
        with self._latest_lock:
            rows, self._latest = list(self._latest.values()), {}
        if rows:
            try:
                with session_scope() as session:
                    upsert_latest(session, rows)
            except Exception:
                with self._latest_lock:  # keep them for the next flush, newer ones win
                    for row in rows:
                        self._latest.setdefault(row["vessel_id"], row)
                raise
        return len(rows)

    def dark_alerts(self, events: list[DarkEvent]) -> list[Alert]:
        now = datetime.now(UTC)
        return [
            make_alert(
                e.kind, e.vessel_id, e.ts,
                dark_text(e.vessel_id, e.threshold_h, e.last_ts, e.lat, e.lon), now,
                lat=e.lat, lon=e.lon, details={"last_fix": datetime.fromtimestamp(e.last_ts, UTC).isoformat(), "threshold_h": e.threshold_h},
            )
            for e in events
        ]  # fmt: skip
