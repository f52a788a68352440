"""Track a batch of fixes: screen them, move per-vessel state, decide alerts.

Pure and synchronous: the faust agent hands in decoded, classified columns and a way to read
the current state of a vessel, and gets back everything to write (history rows, latest
positions, table updates) and to send (alerts, dead letters). The loop is per fix because the
state machine is sequential per vessel; all geometry happened before, in one vectorised call.

Almost every vessel in a batch is *quiet*, though: in safe waters before and after, every fix
newer than the last, plausible, in the same zone, nothing due. Its outcome is known without
walking the machine (no alert, no table write; the state is its last fix), so quiet vessels are
screened and settled as one numpy batch and only the others (new vessels, anything near a
border, duplicates, glitches, gaps, zone changes, flushes) walk it fix by fix.
``tests/unit/tracking/test_batch_fast_path.py`` checks that both ways give the same outcome.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np

from services.alerts.model import Alert
from services.tracking import messages_vi as vi
from services.tracking.alerts import dark_alerts, make_alert
from services.tracking.classify import RISK_CODES, RISK_NAMES
from services.tracking.dark import DarkEvent
from services.tracking.fixes import FixColumns
from services.tracking.fleet import Fleet, Standing
from services.tracking.history import HistoryRows
from services.tracking.policy import (
    EARTH_RADIUS_NM,
    AlertPolicy,
    FixVerdict,
    LadderStep,
    decide,
    screen_fix,
)
from services.tracking.state import VesselState
from services.vocabulary import HOME_COUNTRY, RiskLevel

if TYPE_CHECKING:
    from geo import Classification

__all__ = ["TrackOutcome", "track_batch"]


@dataclass(slots=True)
class TrackOutcome:
    history: HistoryRows = field(default_factory=HistoryRows)
    latest: dict[str, VesselState] = field(default_factory=dict)  # moved: state at last used fix
    states: dict[str, VesselState] = field(default_factory=dict)  # every vessel moved
    table_updates: dict[str, VesselState] = field(default_factory=dict)  # worth a changelog write
    alerts: list[Alert] = field(default_factory=list)
    rejects: list[tuple[str, str]] = field(default_factory=list)  # (reason, payload)
    reject_wire: list[int] = field(default_factory=list)  # wire position of each reject
    counts: dict[str, int] = field(default_factory=dict)
    quiet_fixes: int = 0  # fixes settled without the per-fix loop
    # the fixes used (positions in the batch; each vessel's together, in time order: one run per
    # vessel) and whether each of the batch's fixes was at sea: what the cadence rule counts,
    # without a second port check
    used: list[int] = field(default_factory=list)
    sea: np.ndarray | None = None


def _opt(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _opts(values: np.ndarray) -> list[float | None]:
    """A float column as a list, ``None`` where NaN (what JSON and the database want)."""
    return [None if v != v else v for v in np.asarray(values, dtype=float).tolist()]


_AREA_KINDS = frozenset({"archipelago", "overlap", "disputed"})


def _risk_message(
    kind: str, vessel: str, st: VesselState, cls: Classification, i: int,
    name_vi: Callable[[str | None], str | None],
) -> str:  # fmt: skip
    speed, course = st.speed_kn, st.course_deg
    if kind == "APPROACHING":
        nearest = name_vi(cls.nearest_country[i])
        if cls.nearest_kind[i] in _AREA_KINDS:  # an archipelago or overlap area, not a line
            return vi.approaching_area(
                vessel,
                cls.nearest_kind[i],
                cls.nearest_name[i],
                nearest,
                cls.distance_nm[i],
                speed,
                course,
            )
        return vi.approaching(vessel, nearest, cls.distance_nm[i], speed, course)
    if kind == "IMMINENT":
        target = cls.entering_country[i] or cls.nearest_country[i]
        minutes = cls.minutes_to_crossing[i]
        if cls.entering_kind[i] in _AREA_KINDS:
            return vi.imminent_area(
                vessel,
                cls.entering_kind[i],
                cls.entering_name[i],
                name_vi(target),
                cls.distance_nm[i],
                speed,
                course,
                minutes,
            )
        return vi.imminent(vessel, name_vi(target), cls.distance_nm[i], speed, course, minutes)
    if kind == "ARCHIPELAGO":
        return vi.archipelago(vessel, cls.zone_name[i], st.lat, st.lon, speed, course)
    if kind == "OVERLAP":
        return vi.overlap(
            vessel, cls.zone_name[i], name_vi(cls.country[i]), st.lat, st.lon, speed, course
        )
    if kind == "INSIDE_FOREIGN":
        country = name_vi(cls.country[i])
        return vi.inside_foreign(
            vessel, country, cls.zone_kind[i], st.lat, st.lon, speed, course, cls.zone_name[i]
        )
    if kind == "DISPUTED":
        area = cls.zone_name[i]
        return vi.disputed(vessel, st.lat, st.lon, speed, course, area)
    if cls.nearest_kind[i] in _AREA_KINDS:  # out of Hoàng Sa's approaches: not "Việt Nam's line"
        return vi.back_safe_area(
            vessel, cls.nearest_kind[i], cls.nearest_name[i], _opt(cls.distance_nm[i])
        )
    if cls.nearest_country[i] is None:  # beyond the exact range: only a lower bound is known
        return vi.back_safe(vessel, None, None)
    return vi.back_safe(vessel, name_vi(cls.nearest_country[i]), _opt(cls.distance_nm[i]))


def _reject_payload(
    vid: str, ts: float, lat: float, lon: float, speed: float | None, course: float | None,
    source: str, risk: str, flag: str | None,
) -> str:  # fmt: skip
    """The JSON a rejected fix goes to dead letters as (built only for the rare reject)."""
    row = {
        "vessel_id": vid, "ts": datetime.fromtimestamp(ts, UTC), "lat": lat, "lon": lon,
        "speed_kn": speed, "course_deg": course, "source": source, "risk": risk, "flag": flag,
    }  # fmt: skip
    return json.dumps(row, default=str)


def _haversine_nm(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """:func:`services.tracking.policy.implied_speed_kn`'s distance, for arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_NM * np.arcsin(np.minimum(1.0, np.sqrt(a))))


def _quiet_groups(
    states: list[VesselState | None],
    starts: np.ndarray,
    group: np.ndarray,
    ts: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    risk: np.ndarray,
    country: np.ndarray,
    zone_kind: np.ndarray,
    sea: np.ndarray,
    policy: AlertPolicy,
) -> tuple[np.ndarray, np.ndarray]:
    """Which vessel groups (fixes sorted by vessel, time) can skip the per-fix state machine.

    A group is quiet when its vessel is known, holds no suspect fix, and every fix is newer
    than the one before (the state's for the first), within the plausible speed with a margin
    (so float rounding cannot disagree with :func:`screen_fix`), less than the dark threshold
    after it, classified at the level already announced, in the state's country, zone kind and
    at-sea status, with no reminder due by the last fix. Then :func:`decide` keeps the level
    without an alert for every fix, and the only material table write is the periodic flush:
    with the group's fixes spanning less than the flush interval there is at most one, at the
    first fix that is ``flush_s`` past the state's last write.

    Returns the quiet mask per group and, per group, the offset of that flushing fix within
    the group (-1: none).
    """
    nan = math.nan
    known = np.array([s is not None and s.suspect is None for s in states], dtype=bool)
    if not known.any():
        return known, np.full(len(states), -1)
    cooldown = policy.cooldown_s
    # the announced level's last alert (a reminder falls due a cooldown after it); SAFE has none
    p_alerted = np.array(
        [s.last_alert.get(s.risk, -math.inf) if s is not None and s.risk != RiskLevel.SAFE
         else math.inf for s in states], dtype=float,
    )  # fmt: skip
    p_risk = np.array([RISK_CODES[s.risk] if s is not None else -1 for s in states], dtype=np.int8)
    p_ts = np.array([s.last_ts if s is not None else nan for s in states], dtype=float)
    p_lat = np.array([s.lat if s is not None else nan for s in states], dtype=float)
    p_lon = np.array([s.lon if s is not None else nan for s in states], dtype=float)
    p_flushed = np.array([s.flushed_ts if s is not None else nan for s in states], dtype=float)
    p_country = np.array([s.country if s is not None else None for s in states], dtype=object)
    p_zone = np.array([s.zone_kind if s is not None else None for s in states], dtype=object)
    p_sea = np.array([s.at_sea if s is not None else False for s in states], dtype=bool)
    first = np.zeros(len(ts), dtype=bool)
    first[starts] = True
    prev_ts = np.where(first, p_ts[group], np.roll(ts, 1))
    prev_lat = np.where(first, p_lat[group], np.roll(lat, 1))
    prev_lon = np.where(first, p_lon[group], np.roll(lon, 1))
    dt_s = ts - prev_ts
    with np.errstate(divide="ignore", invalid="ignore"):
        speed_kn = _haversine_nm(prev_lat, prev_lon, lat, lon) / (dt_s / 3600.0)
    ok = (dt_s > 0) & (dt_s < policy.first_silence_h * 3600.0)
    ok &= speed_kn <= policy.max_speed_kn * (1.0 - 1e-9)
    ok &= risk == p_risk[group]
    ok &= country == p_country[group]
    ok &= zone_kind == p_zone[group]
    ok &= sea == p_sea[group]
    quiet = known & np.logical_and.reduceat(ok, starts)
    last = np.r_[starts[1:], len(ts)] - 1
    quiet &= ts[last] - ts[starts] < policy.flush_s
    with np.errstate(invalid="ignore"):
        quiet &= (p_alerted == math.inf) | (ts[last] - p_alerted < cooldown)
        due = ts - p_flushed[group] >= policy.flush_s
    n = len(ts)
    first_due = np.minimum.reduceat(np.where(due, np.arange(n), n), starts)
    return quiet, np.where(first_due < n, first_due - starts, -1)


def track_batch(
    fixes: FixColumns,
    cls: Classification,
    get_state: Callable[[str], VesselState | None],
    policy: AlertPolicy,
    now: datetime,
    name_vi: Callable[[str | None], str | None] = lambda c: c,
    at_sea: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    fleet: Fleet | None = None,
    silence: Callable[[str, float], tuple[int, float]] | None = None,
) -> TrackOutcome:
    """Run the per-vessel state machine over a batch (any order; sorted here by vessel, time).

    ``fleet`` says whose boat each vessel is (default: every vessel is a Vietnamese VMS boat):
    boundary alerts are for the fleet of interest only, and a foreign fishing vessel entering
    Vietnam's waters is an intrusion. ``silence`` tells, for a vessel's silence that began at
    a given fix, how many ladder steps the dark watch already raised and how much source outage
    it excused: a silence first seen when the vessel reports again is raised here, marked late,
    before its SIGNAL_RESTORED.

    ``get_state`` is asked once per vessel; ``at_sea`` takes the batch's latitude and longitude
    arrays (default: everything at sea). Quiet vessels (see :func:`_quiet_groups`) are settled
    in bulk; the others walk the state machine fix by fix.
    """
    out = TrackOutcome()
    n = len(fixes)
    if n == 0:
        return out
    ids = np.asarray(fixes.vessel_id, dtype=object)
    order = np.lexsort((fixes.ts, ids))
    sorted_ids = ids[order]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    sizes = np.diff(np.r_[starts, n])
    group = np.repeat(np.arange(len(starts)), sizes)
    vessels: list[str] = sorted_ids[starts].tolist()
    states = [get_state(v) for v in vessels]
    if at_sea is None:
        sea = np.ones(n, dtype=bool)
    else:
        sea = np.asarray(at_sea(fixes.lat, fixes.lon), dtype=bool)
    out.sea = sea
    quiet, flush_at = _quiet_groups(
        states, starts, group, fixes.ts[order], fixes.lat[order], fixes.lon[order],
        cls.risk[order], cls.country[order], cls.zone_kind[order], sea[order], policy,
    )  # fmt: skip
    counts = dict.fromkeys(("used", "duplicate", "out_of_order", "bad_fix", "redelivered"), 0)
    quiet_fix = quiet[group]
    if quiet.any():
        _settle_quiet(out, fixes, cls, order[quiet_fix], sizes[quiet], flush_at[quiet].tolist(),
                      [(v, s) for v, s, q in zip(vessels, states, quiet.tolist(), strict=True)
                       if q])  # fmt: skip
        counts["used"] += out.quiet_fixes
    if not quiet.all():
        loud = ~quiet
        current = {
            v: s for v, s, q in zip(vessels, states, loud.tolist(), strict=True) if q
        }  # fmt: skip
        _walk(out, fixes, cls, order[~quiet_fix].tolist(), current, sea, counts,
              policy, now, name_vi, fleet or _EVERYONE, silence)  # fmt: skip
    out.counts = counts
    return out


_EVERYONE = Fleet()  # no registry facts: every vessel id is a Vietnamese boat's
# zones that are Vietnam's for the intrusion rule: its waters, and its archipelagos
_VN_AREAS = ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa")


def _silence_alerts(
    vid: str, prev: VesselState, ts: float, lat: float, lon: float,
    steps: tuple[LadderStep, ...], silence: Callable[[str, float], tuple[int, float]] | None,
    now: datetime,
) -> list[Alert]:  # fmt: skip
    """Late silence alerts the dark watch did not raise, then SIGNAL_RESTORED (or nothing).

    Never "restored" without "lost": a gap that passed no step of the vessel's ladder is no
    silence; one that did gets every step it passed, in order, before the restored signal.
    """
    raised, excused_s = silence(vid, prev.last_ts) if silence is not None else (0, 0.0)
    silent_s = ts - prev.last_ts - excused_s
    passed = [k for k, step in enumerate(steps) if silent_s >= step.after_h * 3600.0]
    if not passed:
        return []
    late = [
        DarkEvent(steps[k].kind, vid, prev.last_ts, prev.lat, prev.lon, steps[k].after_h,
                  prev.last_ts + excused_s + steps[k].after_h * 3600.0, steps[k].audience,
                  True, k)
        for k in passed[raised:]
    ]  # fmt: skip
    hours = (ts - prev.last_ts) / 3600
    restored = make_alert(
        "SIGNAL_RESTORED", vid, ts, vi.signal_restored(vid, hours), now, lat=lat, lon=lon,
        details={"dark_hours": round(hours, 2),
                 "last_fix": datetime.fromtimestamp(prev.last_ts, UTC).isoformat()},
    )  # fmt: skip
    return [*dark_alerts(late, now), restored]


def _intrusion(
    vid: str, prev: VesselState | None, new: VesselState, standing: Standing,
    cls: Classification, i: int, now: datetime, policy: AlertPolicy,
) -> Alert | None:  # fmt: skip
    """A foreign fishing vessel that entered Vietnam's waters (once per entry, with cooldown)."""
    if not standing.fishing:
        return None
    area = cls.zone_name[i] if len(cls.zone_name) else None
    inside = new.country == HOME_COUNTRY or (area is not None and str(area).startswith(_VN_AREAS))
    if not inside:
        return None
    was_inside = prev is not None and (prev.country == HOME_COUNTRY or prev.zone_kind == "disputed")
    last = new.last_alert.get("FOREIGN_INTRUSION", -math.inf)
    if was_inside or new.last_ts - last < policy.cooldown_s:
        return None  # still inside, or back within the cooldown: the border guard has it
    from geo import country_name_vi

    flag_vi = country_name_vi(standing.flag) if standing.flag else None
    text = vi.foreign_intrusion(vid, flag_vi, new.zone_kind, new.lat, new.lon, new.speed_kn,
                                new.course_deg, str(area) if area else None)  # fmt: skip
    return make_alert(
        "FOREIGN_INTRUSION", vid, new.last_ts, text, now, lat=new.lat, lon=new.lon,
        country=standing.flag, zone_kind=new.zone_kind, speed_kn=new.speed_kn,
        course_deg=new.course_deg, details={"flag": standing.flag},
    )  # fmt: skip


def _settle_quiet(
    out: TrackOutcome,
    fixes: FixColumns,
    cls: Classification,
    idx: np.ndarray,
    sizes: np.ndarray,
    flush_at: list[int],
    vessels: list[tuple[str, VesselState | None]],
) -> None:
    """History rows and new states of quiet vessels, without a per-fix loop.

    ``idx`` are the quiet fixes (original positions, sorted by vessel and time), one run per
    vessel of ``sizes[k]`` fixes, so the last fix of run k is ``idx[cumsum(sizes)[k] - 1]``;
    ``flush_at[k]`` is the offset in run k of the fix that flushes the table (-1: none).
    """
    il = idx.tolist()
    ids, source = fixes.vessel_id, fixes.source
    speed, course = _opts(fixes.speed_kn[idx]), _opts(fixes.course_deg[idx])
    ts, lat, lon = fixes.ts[idx].tolist(), fixes.lat[idx].tolist(), fixes.lon[idx].tolist()
    src = [source[i] for i in il]
    wire = fixes.wires()[idx].tolist()
    out.history.extend({
        "vessel_id": [ids[i] for i in il], "ts": ts, "lat": lat, "lon": lon,
        "speed_kn": speed, "course_deg": course, "source": src,
        "risk": RISK_NAMES[cls.risk[idx]].tolist(), "flag": [None] * len(il),
    })  # fmt: skip
    out.quiet_fixes += len(il)
    out.used.extend(il)
    ends = np.cumsum(sizes)
    dist = _opts(cls.distance_nm[idx])
    for (vid, prev), end, size, off in zip(
        vessels, ends.tolist(), sizes.tolist(), flush_at, strict=True
    ):
        assert prev is not None
        flushed = prev.flushed_ts
        if off >= 0:  # the periodic table write falls on this fix
            j = end - size + off
            flushed = ts[j]
            out.table_updates[vid] = VesselState(
                vid, flushed, lat[j], lon[j], speed[j], course[j], prev.risk, prev.country,
                prev.zone_kind, dist[j], prev.at_sea, prev.last_alert, flushed, None, src[j],
                wire[j],
            )  # fmt: skip
        k = end - 1
        out.states[vid] = out.latest[vid] = VesselState(
            vid, ts[k], lat[k], lon[k], speed[k], course[k], prev.risk, prev.country,
            prev.zone_kind, dist[k], prev.at_sea, prev.last_alert, flushed, None, src[k],
            wire[k],
        )  # fmt: skip


def _walk(
    out: TrackOutcome,
    fixes: FixColumns,
    cls: Classification,
    order: list[int],
    current: dict[str, VesselState | None],
    sea_a: np.ndarray,
    counts: dict[str, int],
    policy: AlertPolicy,
    now: datetime,
    name_vi: Callable[[str | None], str | None],
    fleet: Fleet,
    silence: Callable[[str, float], tuple[int, float]] | None,
) -> None:
    """The state machine, fix by fix, for the vessels that are not quiet (``order``: their
    fixes sorted by vessel and time; ``current``: their states before the batch)."""
    ts_l, lat_l, lon_l = fixes.ts.tolist(), fixes.lat.tolist(), fixes.lon.tolist()
    speed_l, course_l = _opts(fixes.speed_kn), _opts(fixes.course_deg)
    dist_l, source_l = _opts(cls.distance_nm), fixes.source
    warn_l = _opts(cls.warning_nm)  # each fix's warning distance: hysteresis is measured from it
    risk_l: list[str] = RISK_NAMES[cls.risk].tolist()
    country_l, zone_l, sea_l = cls.country.tolist(), cls.zone_kind.tolist(), sea_a.tolist()
    ids = fixes.vessel_id
    wire_l: list[int] = fixes.wires().tolist()
    flush_s = policy.flush_s
    ladders = policy.ladders
    history = out.history
    last_used: dict[str, VesselState] = {}
    suspected: dict[str, VesselState] = {}  # vessels whose last fix in the batch was a bad fix
    for i in order:
        vid: str = ids[i]
        prev = current[vid]
        ts, lat, lon = ts_l[i], lat_l[i], lon_l[i]
        verdict = screen_fix(prev, ts, lat, lon, policy)
        speed, course, source, risk = speed_l[i], course_l[i], source_l[i], risk_l[i]
        if verdict is not FixVerdict.USE:
            if (verdict is FixVerdict.DUPLICATE or verdict is FixVerdict.OUT_OF_ORDER) and (
                prev is not None and 0 <= wire_l[i] <= prev.wire
            ):
                # delivered before (a replay after a crash or rebalance): counted as such, not
                # a reject; offered to history, which keeps one row per vessel and time
                counts["redelivered"] += 1
                history.append(vid, ts, lat, lon, speed, course, source, risk, None)
                continue
            if verdict is FixVerdict.DUPLICATE:
                counts["duplicate"] += 1
                # Offered to history all the same: it keeps one row per vessel and time, so a
                # true duplicate adds nothing, but a fix redelivered after a crash whose state
                # reached the table before its history row was stored gets stored now.
                history.append(vid, ts, lat, lon, speed, course, source, risk, None)
                reason = "duplicate fix (same vessel and time as the last one)"
                out.rejects.append((reason, _reject_payload(vid, ts, lat, lon, speed, course,
                                                            source, risk, None)))  # fmt: skip
                out.reject_wire.append(wire_l[i])
                continue
            if verdict is FixVerdict.OUT_OF_ORDER:
                counts["out_of_order"] += 1
                history.append(vid, ts, lat, lon, speed, course, source, risk, "OUT_OF_ORDER")
                continue
            if verdict is FixVerdict.BAD_FIX:
                counts["bad_fix"] += 1
                history.append(vid, ts, lat, lon, speed, course, source, risk, "BAD_FIX")
                assert prev is not None
                reason = (f"bad fix: implies more than {policy.max_speed_kn:g} kn "
                          "from the last good fix")  # fmt: skip
                out.rejects.append((reason, _reject_payload(vid, ts, lat, lon, speed, course,
                                                            source, risk, "BAD_FIX")))  # fmt: skip
                out.reject_wire.append(wire_l[i])
                current[vid] = suspected[vid] = prev.with_(suspect=(ts, lat, lon))
                continue
        counts["used"] += 1
        out.used.append(i)
        history.append(vid, ts, lat, lon, speed, course, source, risk, None)
        distance = dist_l[i]
        decision = decide(prev, risk, distance, ts, policy, warn_l[i])
        sea = sea_l[i]
        kind = decision.alert_kind
        last_alert: Mapping[str, float] = prev.last_alert if prev is not None else {}
        if kind is not None:
            last_alert = {**last_alert, kind: ts}  # copy on write: states share it otherwise
        country, zone_kind = country_l[i], zone_l[i]
        new = VesselState(
            vessel_id=vid, last_ts=ts, lat=lat, lon=lon,
            speed_kn=speed, course_deg=course, risk=decision.level,
            country=country, zone_kind=zone_kind, distance_nm=distance,
            at_sea=sea, last_alert=last_alert, flushed_ts=prev.flushed_ts if prev else 0.0,
            source=source, wire=wire_l[i],
        )  # fmt: skip
        fresh_alerts = False
        standing = fleet.standing(vid, source)
        if prev is not None and prev.at_sea and standing.ladder is not None:
            restored = _silence_alerts(vid, prev, ts, lat, lon, ladders[standing.ladder],
                                       silence, now)  # fmt: skip
            if restored:
                out.alerts.extend(restored)
                fresh_alerts = True
        if not standing.of_interest:
            if kind is not None:  # a foreign vessel is never "a Vietnamese boat in …"
                last_alert = prev.last_alert if prev is not None else {}
                new = new.with_(last_alert=last_alert)
                kind = None
            intrusion = _intrusion(vid, prev, new, standing, cls, i, now, policy)
            if intrusion is not None:
                out.alerts.append(intrusion)
                new = new.with_(last_alert={**new.last_alert, intrusion.kind.value: ts})
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
        current[vid] = last_used[vid] = new
    for vid in suspected:
        out.states[vid] = current[vid]  # type: ignore[assignment]  # keeps a pending suspect
    for vid, st in last_used.items():
        out.states[vid] = current[vid]  # type: ignore[assignment]
        out.latest[vid] = st
