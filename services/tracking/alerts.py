"""The tracker's alerts: risk changes, silences and restored signals, as :class:`Alert` events.

Ids are deterministic (kind, vessel, event time) so a replayed batch or a re-run dark check
raises nothing new; severity and audience come from the vocabulary, by kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from services.alerts.model import Alert
from services.tracking.cadence import CadenceEvent
from services.tracking.dark import DarkEvent
from services.tracking.messages_vi import LATE_NOTE
from services.tracking.messages_vi import ais_gap as ais_gap_text
from services.tracking.messages_vi import dark as dark_text
from services.tracking.messages_vi import low_cadence as low_cadence_text
from services.vocabulary import AlertKind, alert_id_for, audience_for

__all__ = ["cadence_alerts", "dark_alerts", "make_alert"]


def make_alert(
    kind: str,
    vessel_id: str,
    ts: float,
    message: str,
    now: datetime,
    **fields: Any,
) -> Alert:
    """An alert with a deterministic id (kind, vessel, event time): replays cannot duplicate it.

    Addressed by kind (:func:`services.vocabulary.audience_for`) unless ``audience`` is given.
    """
    when = datetime.fromtimestamp(ts, UTC)
    alert_kind = AlertKind(kind)
    return Alert(
        alert_id=alert_id_for(kind, vessel_id, when),
        kind=alert_kind,
        severity=alert_kind.severity,
        vessel_id=vessel_id,
        ts=when,
        created_at=now,
        message=message,
        audience=fields.pop("audience", None) or audience_for(kind),
        **fields,
    )


def dark_alerts(events: Iterable[DarkEvent], now: datetime) -> list[Alert]:
    """One alert per passed silence step, in Vietnamese, placed at the last fix.

    The alert's time is when the step was passed, so it is never before its last fix; a step
    first seen when the vessel reported again says so (``details.late``, and in the text).
    """
    return [
        make_alert(
            e.kind, e.vessel_id, e.ts,
            _text(e), now,
            lat=e.lat, lon=e.lon, audience=list(e.audience) or None,
            details={"last_fix": datetime.fromtimestamp(e.last_ts, UTC).isoformat(),
                     "threshold_h": e.threshold_h, "late": e.late, "step": e.step + 1},
        )
        for e in events
    ]  # fmt: skip


def _text(e: DarkEvent) -> str:
    if e.kind == "AIS_GAP":
        text = ais_gap_text(e.vessel_id, e.threshold_h, e.last_ts, e.lat, e.lon)
    else:
        text = dark_text(e.vessel_id, e.threshold_h, e.last_ts, e.lat, e.lon)
    return text + (" " + LATE_NOTE if e.late else "")


def cadence_alerts(events: Iterable[CadenceEvent], now: datetime) -> list[Alert]:
    """One LOW_CADENCE alert per boat and judged day (its id is the day's end)."""
    return [
        make_alert(
            "LOW_CADENCE", e.vessel_id, e.ts,
            low_cadence_text(e.vessel_id, e.day_start_s, e.fixes, e.at_sea_h), now,
            lat=e.lat, lon=e.lon,
            details={"fixes": e.fixes, "at_sea_h": round(e.at_sea_h, 2),
                     "per_day": round(e.per_day, 1), "required_per_day": 12},
        )
        for e in events
    ]  # fmt: skip
