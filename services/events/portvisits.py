"""Port visits: arrivals, departures and the trips between them, with hysteresis.

A fix within a port's *entry* radius puts the boat in that port; it stays in port until a fix
lies beyond the *exit* radius (Global Fishing Watch: 3 km in, 4 km out), so a boat idling at
the harbour mouth, between the two circles, does not arrive and leave at every fix. A fix in
that band keeps whatever the boat was before (a track that *starts* in the band starts at
sea). Each change of state between two fixes of one boat is an event at the later fix: the
first fix inside (arrival) or the first fix beyond the exit radius (departure). A trip
("chuyến biển") runs from a departure to the next arrival of the same boat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from services.events.params import EventParams
from services.events.portset import PortSet
from services.events.tracks import Tracks, distance_m

__all__ = ["AT_SEA", "PortStates", "PortVisits", "Trips", "port_states", "port_visits", "trips"]

AT_SEA = -1
_HOLD = -2
NO_PRIOR = -3

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class PortStates:
    """Per row: the port the boat is in (-1 at sea) and the distance to the nearest port."""

    label: I32
    nearest: I32
    nearest_m: npt.NDArray[np.float32]


def port_states(
    tracks: Tracks, ports: PortSet, params: EventParams, prior: I32 | None = None
) -> PortStates:
    """Hysteresis over every row at once: classify, then carry the last clear state forward.

    ``prior`` (live path) forces the state of rows where it is not ``NO_PRIOR``: a virtual row
    carries the state its vessel had at the end of the previous batch.
    """
    reach = max(float(ports.exit_m.max(initial=0.0)), params.encounter_min_port_km * 1000.0)
    idx, dist = ports.nearest(tracks.lat, tracks.lon, reach)
    n = len(tracks)
    code = np.full(n, AT_SEA, dtype=np.int32)
    has = idx >= 0
    if has.any():
        safe = np.where(has, idx, 0)
        inside = has & (dist <= ports.entry_m[safe])
        band = has & ~inside & (dist <= ports.exit_m[safe])
        code[inside] = idx[inside]
        code[band] = _HOLD
    if prior is not None:
        forced = prior != NO_PRIOR
        code[forced] = prior[forced]
    clear = (code != _HOLD) | tracks.first
    last = np.maximum.accumulate(np.where(clear, np.arange(n), 0))
    label = code[last]
    label[label == _HOLD] = AT_SEA
    _keep_the_harbour(label, tracks, ports)
    return PortStates(label, idx, dist)


def _keep_the_harbour(label: I32, tracks: Tracks, ports: PortSet) -> None:
    """A boat stays in the port it came into while it is within that port's exit radius.

    Neighbouring ports share water (Cửa Hội and Xuân Hội face each other across one river
    mouth, 1 km apart; Sa Kỳ, Tịnh Kỳ and Tịnh Hòa lie within 2.5 km): the nearest port of a
    boat moored between two flips with every jitter of its fix, which would read as a departure
    and an arrival each time. So within one stay in port (consecutive rows in some port), each
    row keeps the stay's first port unless the fix is beyond that port's exit radius. In place.
    """
    n = len(label)
    if n == 0:
        return
    inport = label >= 0
    prev = np.r_[AT_SEA, label[:-1]]
    begin = inport & (tracks.first | (prev < 0))
    stay_port = label[np.maximum.accumulate(np.where(begin, np.arange(n), 0))]
    other = np.flatnonzero(inport & (label != stay_port))
    if len(other):
        home = stay_port[other]
        d = distance_m(tracks.lat[other], tracks.lon[other], ports.lat[home], ports.lon[home])
        keep = other[d <= ports.exit_m[home]]
        label[keep] = stay_port[keep]


@dataclass(frozen=True, eq=False)
class PortVisits:
    """Arrival and departure events, and per row the visit state the live path carries on."""

    row: I64  # the fix that reports the event (an arrival: the fix that confirms the visit)
    at_row: I64  # where it happened (an arrival: the first fix inside)
    arrival: npt.NDArray[np.bool_]  # False: departure
    port: I32
    ts: npt.NDArray[np.float64]  # first fix inside (arrival) / first fix beyond the exit radius
    before_ts: npt.NDArray[np.float64]  # the fix before that (last at sea / last in port)
    entry_ts: npt.NDArray[np.float64]  # per row: when its visit began (NaN at sea or unknown)
    confirmed: npt.NDArray[np.bool_]  # per row: its visit is confirmed so far
    entry_row: I64  # per row: the row its visit began at (meaningful where in port)

    def __len__(self) -> int:
        return len(self.row)


def port_visits(
    tracks: Tracks,
    states: PortStates,
    params: EventParams,
    speed_kn: npt.NDArray[np.float64],
    carry_entry: npt.NDArray[np.float64] | None = None,
    carry_confirmed: npt.NDArray[np.bool_] | None = None,
) -> PortVisits:
    """Arrivals and departures of *visits*: a boat that only passes through a port's circle on
    its way along the coast is not arriving anywhere.

    As Global Fishing Watch counts a visit only when the vessel stops, a visit is confirmed at
    the first fix inside where the boat is stopped (reported or implied speed under
    ``port_stop_kn``) or has been inside for ``port_min_visit_h``; the arrival is reported then,
    dated at the first fix inside, and only a confirmed visit ends in a departure. A track that
    starts in port is on a confirmed visit. ``carry_*`` (live path) give the visit state of
    virtual rows: when the visit began and whether it was confirmed.
    """
    n = len(tracks)
    lab = states.label
    first = tracks.first
    ts = tracks.ts
    inport = lab >= 0
    prev_lab = np.r_[AT_SEA, lab[:-1]]
    begin = inport & (first | (lab != prev_lab))
    entry = np.full(n, np.nan)
    entered = begin & ~first
    entry[entered] = ts[entered]
    stopped = np.zeros(n, dtype=bool)
    start_in_port = begin & first
    if carry_entry is not None and tracks.virtual is not None:
        virt = start_in_port & tracks.virtual
        entry[virt] = carry_entry[virt]
        stopped[virt] = carry_confirmed[virt] if carry_confirmed is not None else True
        stopped[start_in_port & ~tracks.virtual] = True
    else:
        stopped[start_in_port] = True
    idx = np.arange(n)
    last_begin = np.maximum.accumulate(np.where(begin, idx, 0))
    entry_ts = np.where(inport, entry[last_begin], np.nan)
    same_port = inport & ~first & (lab == prev_lab)
    with np.errstate(invalid="ignore"):
        slow = (tracks.speed_kn < params.port_stop_kn) | (
            same_port & (speed_kn < params.port_stop_kn)
        )
        long_inside = ts - entry_ts >= params.port_min_visit_h * 3600.0
    stopped |= inport & (slow | long_inside)
    last_stop = np.maximum.accumulate(np.where(stopped, idx, -1))
    confirmed = inport & (last_stop >= last_begin)
    prev_conf = np.r_[False, confirmed[:-1]] & ~begin
    arr = np.flatnonzero(confirmed & ~prev_conf & ~np.isnan(entry_ts) & tracks.real)
    leaving = ~first & (prev_lab >= 0) & (lab != prev_lab) & np.r_[False, confirmed[:-1]]
    dep = np.flatnonzero(leaving & tracks.real)
    rows = np.concatenate([dep, arr])
    arr_at = last_begin[arr]
    at_row = np.concatenate([dep, arr_at])
    arrival = np.r_[np.zeros(len(dep), dtype=bool), np.ones(len(arr), dtype=bool)]
    port = np.concatenate([lab[dep - 1], lab[arr]]).astype(np.int32)
    when = np.concatenate([ts[dep], entry_ts[arr]])
    before_arr = np.where(first[arr_at], np.nan, ts[np.maximum(arr_at - 1, 0)])
    before = np.concatenate([ts[dep - 1], before_arr])
    order = np.lexsort((arrival, when, tracks.vessel[rows]))  # same time: the departure first
    return PortVisits(rows[order], at_row[order], arrival[order], port[order], when[order],
                      before[order], entry_ts, confirmed, last_begin)  # fmt: skip


@dataclass(frozen=True, eq=False)
class Trips:
    """Trips per boat: departure row (-1: at sea when the track starts), arrival row (-1: open)."""

    vessel: I32
    dep_row: I64  # where it left (-1: unknown)
    arr_row: I64  # where it came in (-1: still at sea)
    from_port: I32
    to_port: I32
    dep_ts: npt.NDArray[np.float64]  # NaN: unknown
    arr_ts: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.vessel)


def trips(tracks: Tracks, visits: PortVisits) -> Trips:
    """Pair each departure with the next arrival of the same boat.

    A boat already at sea when its track starts has a trip with no departure (-1), one still
    at sea when it ends a trip with no arrival (-1); a move from one port straight to the next
    (departure and arrival at the same fix) is no trip.
    """
    r, arr, when = visits.at_row, visits.arrival, visits.ts
    v = tracks.vessel[r]
    n = len(r)
    nxt_same = np.zeros(n, dtype=bool)
    nxt_same[:-1] = v[1:] == v[:-1]
    nxt_arr = np.r_[arr[1:], False] if n else arr
    nxt_ts = np.r_[when[1:], np.nan] if n else when
    dep = ~arr
    paired = np.flatnonzero(dep & nxt_same & nxt_arr & (nxt_ts != when))
    open_dep = np.flatnonzero(dep & ~nxt_same)
    first_event = np.ones(n, dtype=bool)
    first_event[1:] = ~nxt_same[:-1]
    lone = np.flatnonzero(arr & first_event)
    none_p = np.full(len(lone), -1)
    vessel = np.concatenate([v[paired], v[open_dep], v[lone]]).astype(np.int32)
    dep_row = np.concatenate([r[paired], r[open_dep], none_p])
    arr_row = np.concatenate([r[paired + 1], np.full(len(open_dep), -1), r[lone]])
    port = visits.port
    from_port = np.concatenate([port[paired], port[open_dep], none_p]).astype(np.int32)
    to_port = np.concatenate([port[paired + 1], np.full(len(open_dep), -1), port[lone]]).astype(
        np.int32
    )
    nan_p = np.full(len(lone), np.nan)
    dep_ts = np.concatenate([when[paired], when[open_dep], nan_p])
    arr_ts = np.concatenate([when[paired + 1], np.full(len(open_dep), np.nan), when[lone]])
    key = np.where(dep_row >= 0, dep_row, arr_row)
    order = np.argsort(key, kind="stable")
    return Trips(vessel[order], dep_row[order], arr_row[order], from_port[order], to_port[order],
                 dep_ts[order], arr_ts[order])  # fmt: skip
