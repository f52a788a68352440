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
from services.events.tracks import Tracks

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
    return PortStates(label, idx, dist)


@dataclass(frozen=True, eq=False)
class PortVisits:
    """Arrival and departure events, as rows of the tracks (event at the later fix)."""

    row: I64  # the fix that shows the change
    arrival: npt.NDArray[np.bool_]  # False: departure
    port: I32
    before_ts: npt.NDArray[np.float64]  # time of the fix before (last in port / last at sea)

    def __len__(self) -> int:
        return len(self.row)


def port_visits(tracks: Tracks, states: PortStates) -> PortVisits:
    """Arrivals and departures (a move between two ports is a departure and an arrival)."""
    lab = states.label
    change = np.zeros(len(tracks), dtype=bool)
    change[1:] = lab[1:] != lab[:-1]
    change &= ~tracks.first
    rows = np.flatnonzero(change)
    prev, cur = lab[rows - 1], lab[rows]
    dep = rows[prev >= 0]
    arr = rows[cur >= 0]
    all_rows = np.concatenate([dep, arr])
    arrival = np.r_[np.zeros(len(dep), dtype=bool), np.ones(len(arr), dtype=bool)]
    port = np.concatenate([lab[dep - 1], lab[arr]]).astype(np.int32)
    order = np.lexsort((arrival, all_rows))  # same fix: the departure first
    all_rows, arrival, port = all_rows[order], arrival[order], port[order]
    return PortVisits(all_rows, arrival, port, tracks.ts[all_rows - 1])


@dataclass(frozen=True, eq=False)
class Trips:
    """Trips per boat: departure row (-1: at sea when the track starts), arrival row (-1: open)."""

    vessel: I32
    dep_row: I64
    arr_row: I64
    from_port: I32
    to_port: I32

    def __len__(self) -> int:
        return len(self.vessel)


def trips(tracks: Tracks, visits: PortVisits) -> Trips:
    """Pair each departure with the next arrival of the same boat.

    A boat already at sea when its track starts has a trip with no departure (-1), one still
    at sea when it ends a trip with no arrival (-1); a move from one port straight to the next
    (departure and arrival at the same fix) is no trip.
    """
    r, arr = visits.row, visits.arrival
    v = tracks.vessel[r]
    n = len(r)
    nxt_same = np.zeros(n, dtype=bool)
    nxt_same[:-1] = v[1:] == v[:-1]
    nxt_arr = np.r_[arr[1:], False] if n else arr
    nxt_row = np.r_[r[1:], -1] if n else r
    dep = ~arr
    paired = np.flatnonzero(dep & nxt_same & nxt_arr & (nxt_row != r))
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
    to_port = np.concatenate(
        [port[paired + 1], np.full(len(open_dep), -1), port[lone]]
    ).astype(np.int32)
    key = np.where(dep_row >= 0, dep_row, arr_row)
    order = np.argsort(key, kind="stable")
    return Trips(vessel[order], dep_row[order], arr_row[order], from_port[order], to_port[order])
