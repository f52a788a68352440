"""Loitering: one vessel under 2 knots for at least 4 hours, far from shore, where it matters.

Slow segments (two consecutive fixes at sea, close enough in time, implied speed under the
limit) chain into *runs*; a run *qualifies* at the first fix that is ``loiter_min_h`` after its
start, and that fix is where it is judged: more than ``loiter_min_shore_nm`` from shore and in
or near a foreign zone or shared waters (within ``loiter_near_nm``): any zone kind geo does not
count as one country's (overlap, archipelago, disputed, joint). Judging at the qualifying fix
(not over the whole run) lets the live path decide as soon as the batch would.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from services.events.params import EventParams
from services.events.portvisits import AT_SEA, PortStates
from services.events.tracks import Tracks

__all__ = ["SlowRuns", "judge_loitering", "slow_runs"]

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class SlowRuns:
    """Qualifying rows and, per row, the slow run it belongs to (for the live carry-over)."""

    row: npt.NDArray[np.intp]  # fixes where a run reaches the minimum duration
    start_ts: F64  # run start of each qualifying row
    end_row: npt.NDArray[np.intp]  # last fix of that run (in this input)
    in_run: npt.NDArray[np.bool_]  # per row: the segment ending here is slow
    run_start_ts: F64  # per row: start of its run (NaN outside runs)


def slow_runs(
    tracks: Tracks,
    states: PortStates,
    params: EventParams,
    speed_kn: F64,
    dt_s: F64,
    carry_start: F64 | None = None,
) -> SlowRuns:
    """Slow runs over all tracks at once.

    ``carry_start`` (live path): per row, NaN except at a virtual row whose vessel was in a
    slow run at the end of the previous batch, where it is that run's start.
    """
    n = len(tracks)
    sea = states.label == AT_SEA
    with np.errstate(invalid="ignore"):
        s = (dt_s <= params.pair_max_gap_h * 3600.0) & (speed_kn < params.loiter_max_speed_kn)
    s &= sea & np.r_[False, sea[:-1]] & ~tracks.first
    carried = np.zeros(n, dtype=bool) if carry_start is None else ~np.isnan(carry_start)
    s |= carried
    prev_s = np.r_[False, s[:-1]] & ~tracks.first
    begin = s & ~prev_s
    anchor = np.full(n, np.nan)
    b = np.flatnonzero(begin & ~carried)
    anchor[b] = tracks.ts[b - 1]
    if carry_start is not None:
        anchor[carried] = carry_start[carried]
    last_begin = np.maximum.accumulate(np.where(begin, np.arange(n), 0))
    start_ts = np.where(s, anchor[last_begin], np.nan)
    with np.errstate(invalid="ignore"):
        q = s & (tracks.ts - start_ts >= params.loiter_min_h * 3600.0)
    first_q = q & ~(prev_s & np.r_[False, q[:-1]]) & tracks.real
    rows = np.flatnonzero(first_q)
    run_id = np.cumsum(begin) - 1
    ends = np.flatnonzero(s & ~np.r_[prev_s[1:], False])
    end_of = np.zeros(int(run_id[-1]) + 1 if n else 0, dtype=np.intp)
    end_of[run_id[ends]] = ends
    return SlowRuns(rows, start_ts[rows], end_of[run_id[rows]], s, start_ts)


@lru_cache(maxsize=4)
def _near_shore(zones: Any, shore_nm: float) -> Any:
    """Land grown by ``shore_nm`` (in degrees of latitude; up to 7 % more east-west at 21°N,
    which only calls a few more fixes "near shore"), prepared for fast point tests."""
    land = shapely.simplify(zones.land, 0.005)
    grown = shapely.buffer(land, shore_nm / 60.0, quad_segs=4)
    shapely.prepare(grown)
    return grown


def judge_loitering(
    lat: npt.ArrayLike, lon: npt.ArrayLike, zones: Any, params: EventParams
) -> tuple[npt.NDArray[np.bool_], dict[str, Any]]:
    """Which positions count: far from shore, and in or near foreign or overlap waters."""
    import geo
    from geo.zones import FOREIGN_KINDS, KINDS

    shared = [k for k in KINDS if k not in FOREIGN_KINDS]  # overlap, archipelago, disputed, joint
    la = np.asarray(lat, dtype=np.float64)
    lo = np.asarray(lon, dtype=np.float64)
    if la.size == 0:
        return np.zeros(0, dtype=bool), {}
    far = ~shapely.contains_xy(_near_shore(zones, params.loiter_min_shore_nm), lo, la)
    cls = geo.classify(lo, la, zones=zones)
    risk = np.asarray(cls.risk)
    kind = np.asarray(cls.zone_kind, dtype=object)
    dist = np.asarray(cls.distance_nm, dtype=np.float64)
    safe, invalid = int(geo.Risk.SAFE), int(geo.Risk.INVALID)
    with np.errstate(invalid="ignore"):
        near = (
            ((risk != safe) & (risk != invalid))
            | np.isin(kind, shared)
            | (dist <= params.loiter_near_nm)
        )
    info = {
        "risk": [geo.Risk(int(r)).name for r in risk],
        "country": list(cls.country),
        "zone_kind": list(kind),
        "zone_name": list(cls.zone_name),
        "distance_nm": dist.tolist(),
        "nearest_country": list(cls.nearest_country),
    }
    return far & near, info
