"""Track a batch of fixes: screen them, move per-vessel state, decide alerts.

Pure and synchronous: the faust agent hands in decoded, classified columns and a way to read
the current state of a vessel, and gets back everything to write (history rows, latest
positions, table updates) and to send (alerts, dead letters). The loop is per fix because the
state machine is sequential per vessel; all geometry happened before, in one vectorised call.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from services.tracking import messages_vi as vi
from services.tracking.classify import Classified
from services.tracking.decode import FixColumns
from services.tracking.policy import AlertPolicy, FixVerdict, decide, screen_fix
from services.tracking.state import VesselState
from streams.records import Alert, AlertKind, Severity, alert_id_for

__all__ = ["TrackOutcome", "make_alert", "track_batch"]

SEVERITY: dict[str, Severity] = {
    "APPROACHING": Severity.WARNING,
    "DISPUTED": Severity.WARNING,
    "IMMINENT": Severity.CRITICAL,
    "INSIDE_FOREIGN": Severity.CRITICAL,
    "BACK_SAFE": Severity.INFO,
    "DARK": Severity.WARNING,
    "DARK_24H": Severity.CRITICAL,
    "DARK_10D": Severity.CRITICAL,
    "SIGNAL_RESTORED": Severity.INFO,
    "UNKNOWN_VESSEL": Severity.INFO,
}


@dataclass(slots=True)
class TrackOutcome:
    history: list[dict[str, Any]] = field(default_factory=list)
    latest: dict[str, dict[str, Any]] = field(default_factory=dict)
    states: dict[str, VesselState] = field(default_factory=dict)  # every vessel moved
    table_updates: dict[str, VesselState] = field(default_factory=dict)  # worth a changelog write
    alerts: list[Alert] = field(default_factory=list)
    rejects: list[tuple[str, str]] = field(default_factory=list)  # (reason, payload)
    counts: dict[str, int] = field(default_factory=dict)


def make_alert(
    kind: str,
    vessel_id: str,
    ts: float,
    message: str,
    now: datetime,
    **fields: Any,
) -> Alert:
    """An alert with a deterministic id (kind, vessel, event time): replays cannot duplicate it."""
    when = datetime.fromtimestamp(ts, UTC)
    return Alert(
        alert_id=alert_id_for(kind, vessel_id, when),
        kind=AlertKind(kind),
        severity=SEVERITY.get(kind, Severity.WARNING),
        vessel_id=vessel_id,
        ts=when,
        created_at=now,
        message=message,
        audience=fields.pop("audience", ["border_guard"]),
        **fields,
    )


def _opt(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _opts(values: np.ndarray) -> list[float | None]:
    """A float column as a list, ``None`` where NaN (what JSON and the database want)."""
    return [None if v != v else v for v in np.asarray(values, dtype=float).tolist()]


def _risk_message(
    kind: str, vessel: str, st: VesselState, cls: Classified, i: int,
    name_vi: Callable[[str | None], str | None],
) -> str:  # fmt: skip
    speed, course = st.speed_kn, st.course_deg
    if kind == "APPROACHING":
        nearest = name_vi(cls.nearest_country[i])
        return vi.approaching(vessel, nearest, cls.distance_nm[i], speed, course)
    if kind == "IMMINENT":
        target = cls.entering_country[i] or cls.nearest_country[i]
        minutes = cls.minutes_to_crossing[i]
        return vi.imminent(vessel, name_vi(target), cls.distance_nm[i], speed, course, minutes)
    if kind == "INSIDE_FOREIGN":
        country = name_vi(cls.country[i])
        return vi.inside_foreign(vessel, country, cls.zone_kind[i], st.lat, st.lon, speed, course)
    if kind == "DISPUTED":
        area = cls.zone_name[i] if cls.zone_name else None
        return vi.disputed(vessel, st.lat, st.lon, speed, course, area)
    return vi.back_safe(vessel, name_vi(cls.nearest_country[i]), _opt(cls.distance_nm[i]))


def track_batch(
    fixes: FixColumns,
    cls: Classified,
    get_state: Callable[[str], VesselState | None],
    policy: AlertPolicy,
    now: datetime,
    name_vi: Callable[[str | None], str | None] = lambda c: c,
    at_sea: Callable[[float, float], bool] | None = None,
) -> TrackOutcome:
    """Run the per-vessel state machine over a batch (any order; sorted here by vessel, time).

    This loop is the per-fix cost of the whole position flow, so columns are turned into Python
    lists once, ``last_alert`` dicts are shared between states until an alert changes them, and
    each vessel's latest row is built once, from its last used fix.
    """
    out = TrackOutcome()
    n = len(fixes)
    if n == 0:
        return out
    counts = dict.fromkeys(("used", "duplicate", "out_of_order", "bad_fix"), 0)
    ids = np.asarray(fixes.vessel_id, dtype=object)
    order = np.lexsort((fixes.ts, ids))
    ts_l, lat_l, lon_l = fixes.ts.tolist(), fixes.lat.tolist(), fixes.lon.tolist()
    speed_l, course_l = _opts(fixes.speed_kn), _opts(fixes.course_deg)
    dist_l, risk_l, source_l = _opts(cls.distance_nm), cls.risk, fixes.source
    country_l, zone_l = cls.country, cls.zone_kind
    flush_s = policy.flush_s
    dark_s = policy.dark_after_h * 3600
    current: dict[str, VesselState | None] = {}
    last_used: dict[str, tuple[dict[str, Any], VesselState]] = {}
    suspected: dict[str, VesselState] = {}  # vessels whose last fix in the batch was a bad fix
    for i in order.tolist():
        vid: str = ids[i]
        if vid not in current:
            current[vid] = get_state(vid)
        prev = current[vid]
        ts, lat, lon = ts_l[i], lat_l[i], lon_l[i]
        verdict = screen_fix(prev, ts, lat, lon, policy)
        row = {
            "vessel_id": vid, "ts": datetime.fromtimestamp(ts, UTC), "lat": lat, "lon": lon,
            "speed_kn": speed_l[i], "course_deg": course_l[i],
            "source": source_l[i], "risk": risk_l[i], "flag": None,
        }  # fmt: skip
        if verdict is not FixVerdict.USE:
            if verdict is FixVerdict.DUPLICATE:
                counts["duplicate"] += 1
                reason = "duplicate fix (same vessel and time as the last one)"
                out.rejects.append((reason, json.dumps(row, default=str)))
                continue
            if verdict is FixVerdict.OUT_OF_ORDER:
                counts["out_of_order"] += 1
                row["flag"] = "OUT_OF_ORDER"
                out.history.append(row)
                continue
            if verdict is FixVerdict.BAD_FIX:
                counts["bad_fix"] += 1
                row["flag"] = "BAD_FIX"
                out.history.append(row)
                assert prev is not None
                reason = (f"bad fix: implies more than {policy.max_speed_kn:g} kn "
                          "from the last good fix")  # fmt: skip
                out.rejects.append((reason, json.dumps(row, default=str)))
                current[vid] = suspected[vid] = prev.with_(suspect=(ts, lat, lon))
                continue
        counts["used"] += 1
        out.history.append(row)
        risk = risk_l[i]
        distance = dist_l[i]
        decision = decide(prev, risk, distance, ts, policy)
        sea = at_sea(lat, lon) if at_sea is not None else True
        kind = decision.alert_kind
        last_alert: dict[str, float] = prev.last_alert if prev is not None else {}
        if kind is not None:
            last_alert = {**last_alert, kind: ts}  # copy on write: states share it otherwise
        country, zone_kind = country_l[i], zone_l[i]
        new = VesselState(
            vessel_id=vid, last_ts=ts, lat=lat, lon=lon,
            speed_kn=row["speed_kn"], course_deg=row["course_deg"], risk=decision.level,
            country=country, zone_kind=zone_kind, distance_nm=distance,
            at_sea=sea, last_alert=last_alert, flushed_ts=prev.flushed_ts if prev else 0.0,
        )  # fmt: skip
        fresh_alerts = False
        if prev is not None and prev.at_sea and ts - prev.last_ts >= dark_s:
            hours = (ts - prev.last_ts) / 3600
            text = vi.signal_restored(vid, hours)
            out.alerts.append(make_alert("SIGNAL_RESTORED", vid, ts, text, now, lat=lat, lon=lon,
                                         details={"dark_hours": round(hours, 2)}))  # fmt: skip
            fresh_alerts = True
        if kind is not None:
            out.alerts.append(
                make_alert(
                    kind, vid, ts, _risk_message(kind, vid, new, cls, i, name_vi), now,
                    lat=lat, lon=lon,
                    # a disputed area is nobody's waters in an alert (Hoàng Sa, Trường Sa are
                    # claimed by Việt Nam): name the area, not a neighbour's flag
                    country=None if kind == "DISPUTED" else (
                        country or cls.entering_country[i] or cls.nearest_country[i]
                    ),
                    zone_kind=zone_kind, distance_nm=distance,
                    minutes_to_crossing=_opt(cls.minutes_to_crossing[i]),
                    speed_kn=new.speed_kn, course_deg=new.course_deg,
                    details={"risk": risk, "reminder": decision.reminder},
                )
            )  # fmt: skip
            fresh_alerts = True
        material = (
            prev is None
            or fresh_alerts
            or decision.level != prev.risk
            or country != prev.country
            or zone_kind != prev.zone_kind
            or sea != prev.at_sea
            or ts - new.flushed_ts >= flush_s
        )
        if material:
            new = new.with_(flushed_ts=ts)
            out.table_updates[vid] = new
        current[vid] = new
        last_used[vid] = (row, new)
    for vid in suspected:
        out.states[vid] = current[vid]  # type: ignore[assignment]  # keeps a pending suspect
    for vid, (row, st) in last_used.items():
        out.states[vid] = current[vid]  # type: ignore[assignment]
        out.latest[vid] = {**row, "risk": st.risk, "country": st.country,
                           "zone_kind": st.zone_kind, "distance_nm": st.distance_nm}  # fmt: skip
    out.counts = counts
    return out
