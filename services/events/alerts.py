"""Live events the border guard acts on, as :class:`~services.alerts.model.Alert` events.

Port departures and arrivals are information; a meeting with a foreign vessel, loitering near
foreign or disputed waters and a device swap are for the border guard's look. Ids are
deterministic (kind, the vessel or the pair, the event's start), so a replay or a re-run adds
nothing, and the batch command's event ids name the same events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from services.alerts.model import Alert
from services.events.model import Event
from services.tracking import messages_vi as vi
from services.vocabulary import (
    ALERT_OF,
    AlertKind,
    EncounterKind,
    Severity,
    SwapSignal,
    alert_id_for,
    audience_for,
    country_name_vi,
)

__all__ = ["event_alerts"]


def _message(e: Event) -> tuple[str, Severity | None]:
    d = e.details
    kind = ALERT_OF[e.kind]
    if kind is AlertKind.PORT_DEPARTURE:
        return vi.port_departure(e.vessel_id, e.port, e.when), None
    if kind is AlertKind.PORT_ARRIVAL:
        return vi.port_arrival(e.vessel_id, e.port, e.when), None
    if kind is AlertKind.ENCOUNTER:
        foreign = d.get("encounter") == EncounterKind.FOREIGN
        flags = d.get("flags") or [None, None]
        other_flag = flags[1] if flags[0] == "VN" else flags[0]
        vessel, other = (e.vessel_id, e.other_vessel_id or "?")
        if foreign and flags[0] != "VN":  # name the Vietnamese boat first
            vessel, other = other, vessel
        text = vi.encounter(vessel, other, foreign, d.get("duration_h", 0.0),
                            d.get("mean_distance_m", 0.0), e.lat, e.lon,
                            country_name_vi(other_flag) if other_flag not in (None, "??") else None)  # fmt: skip  # noqa: E501
        return text, (Severity.WARNING if foreign else Severity.INFO)
    if kind is AlertKind.LOITERING:
        hours = ((e.end or e.when) - e.when) / 3600.0
        where = vi.loitering_where(d.get("risk"), country_name_vi(d.get("country")),
                                   d.get("zone_name"), d.get("distance_nm"),
                                   country_name_vi(d.get("nearest_country")))  # fmt: skip
        return vi.loitering(e.vessel_id, hours, e.lat, e.lon, where), None
    if d.get("signal") == SwapSignal.TOGETHER:
        return vi.swap_together(e.vessel_id, e.other_vessel_id or "?", d.get("duration_h", 0.0),
                                d.get("travel_nm", 0.0)), None  # fmt: skip
    sources = d.get("sources") or ["", ""]
    other_source = next((s for s in sources if s != "vms"), sources[0])
    return vi.swap_far(e.vessel_id, d.get("apart_nm", 0.0), other_source.upper(), e.port), None


def event_alerts(events: Iterable[Event], now: datetime | None = None) -> list[Alert]:
    """Alerts for the events that have an alert kind (trips and gaps have none)."""
    now = now or datetime.now(UTC)
    out = []
    for e in events:
        kind = ALERT_OF.get(e.kind)
        if kind is None:
            continue
        message, severity = _message(e)
        subject = e.vessel_id if e.other_vessel_id is None else f"{e.vessel_id}|{e.other_vessel_id}"
        when = datetime.fromtimestamp(e.when, UTC)
        out.append(Alert(
            alert_id=alert_id_for(kind.value, subject, when), kind=kind,
            severity=severity or kind.severity, vessel_id=e.vessel_id, ts=when, created_at=now,
            lat=e.lat, lon=e.lon, message=message, audience=audience_for(kind.value),
            details={"event_id": e.event_id, "event": str(e.kind), "port": e.port,
                     "other_vessel_id": e.other_vessel_id, **e.details},
        ))  # fmt: skip
    return out
