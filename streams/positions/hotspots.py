"""Past seizures near the boats, in the position flow: the index and its refresh.

The index of past seizures (:class:`services.cases.hotspots.HotspotIndex`) is read from the
database on start and then every ``hotspot_refresh_s``; each tracked batch's latest positions
at sea are checked against it, and the warnings go out with the batch's other alerts. Until the
first read succeeds (database away) nothing is warned, and the flow goes on.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from infra.db.base import session_scope
from infra.repositories.hotspots import load_seizures
from infra.settings import Settings
from services.alerts.model import Alert
from services.cases.hotspots import HotspotIndex, hotspot_alerts
from services.tracking.state import VesselState
from services.vocabulary import vn_date

__all__ = ["HotspotWatch"]

log = logging.getLogger(__name__)


class HotspotWatch:
    def __init__(self, settings: Settings) -> None:
        self.radius_nm = settings.hotspot_radius_nm
        self.years = settings.hotspot_years
        self.index: HotspotIndex | None = None
        self._tried = -math.inf

    def due(self, now_s: float, retry_s: float = 30.0) -> bool:
        """True when nothing is loaded yet and the last try is ``retry_s`` old (first batch)."""
        if self.index is not None or now_s - self._tried < retry_s:
            return False
        self._tried = now_s
        return True

    def refresh(self) -> int:
        """Blocking: read the seizures of the period again; how many there are."""
        today = vn_date(datetime.now(UTC))
        since = today - timedelta(days=round(self.years * 365.25))
        with session_scope() as session:
            seizures = load_seizures(session, since)
        self.index = HotspotIndex(
            seizures, today=today, years=self.years, area_radius_nm=self.radius_nm
        )
        return len(self.index)

    def alerts(self, latest: Mapping[str, VesselState], now: datetime) -> list[Alert]:
        """HOTSPOT warnings for the batch's vessels at sea near a past seizure."""
        if self.index is None or not len(self.index) or not latest:
            return []
        positions = {vid: (st.last_ts, st.lat, st.lon) for vid, st in latest.items() if st.at_sea}
        return hotspot_alerts(self.index, positions, radius_nm=self.radius_nm, now=now)
