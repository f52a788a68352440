"""The batch detector: every family over a :class:`Tracks` at once, then events.

One pass computes what every family shares (segment times, distances and speeds, the port
state of each fix); each family then is a few whole-column operations. Pairs are found one
day of time bins at a time, so memory stays bounded by a day's samples however long the file.
The live path (:mod:`services.events.live`) calls the same functions on each batch.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from services.events.flags import flag_of
from services.events.gaps import gap_rows
from services.events.loitering import SlowRuns, judge_loitering, slow_runs
from services.events.model import Event
from services.events.pairs import (
    PairRecords,
    PairRuns,
    Samples,
    first_qualifying,
    pair_runs,
    pairs_in_bins,
    samples,
)
from services.events.params import EventParams
from services.events.portset import PortSet
from services.events.portvisits import (
    AT_SEA,
    PortStates,
    PortVisits,
    Trips,
    port_states,
    port_visits,
    trips,
)
from services.events.tracks import METRES_PER_NM, Tracks, segment_speed_kn
from services.vocabulary import EncounterKind, EventKind, SwapSignal

__all__ = [
    "KINDS",
    "Detection",
    "Segments",
    "close_pairs",
    "cross_source_rows",
    "detect",
    "encounter_rows",
    "min_bins",
    "together_rows",
]

KINDS = ("port", "gap", "encounter", "swap", "loitering")
_TRACK_POINTS = 48  # points per device in a swap's tracks


@dataclass(frozen=True, eq=False)
class Segments:
    """Per row: seconds, metres and implied knots since the fix before (NaN at starts)."""

    dt_s: npt.NDArray[np.float64]
    dist_m: npt.NDArray[np.float64]
    speed_kn: npt.NDArray[np.float64]

    @classmethod
    def of(cls, tracks: Tracks) -> Segments:
        dt, d = tracks.segment_dt_s(), tracks.segment_m()
        return cls(dt, d, segment_speed_kn(d, dt))


def encounter_rows(
    tracks: Tracks, seg: Segments, states: PortStates, params: EventParams
) -> npt.NDArray[np.intp]:
    """Segments that may be part of an encounter: slow, short silence, far from any port."""
    far = states.nearest_m > params.encounter_min_port_km * 1000.0
    with np.errstate(invalid="ignore"):
        ok = (seg.dt_s <= params.pair_max_gap_h * 3600.0) & (
            seg.speed_kn < params.encounter_max_speed_kn
        )
    ok &= far & np.r_[False, far[:-1]]
    return np.flatnonzero(ok)


def together_rows(
    tracks: Tracks, seg: Segments, states: PortStates, params: EventParams
) -> npt.NDArray[np.intp]:
    """Segments that may show two devices on one boat: at sea (out of port) at both ends."""
    sea = states.label == AT_SEA
    with np.errstate(invalid="ignore"):
        ok = seg.dt_s <= params.pair_max_gap_h * 3600.0
    ok &= sea & np.r_[False, sea[:-1]]
    return np.flatnonzero(ok)


def close_pairs(
    tracks: Tracks,
    rows: npt.NDArray[np.intp],
    speed_kn: npt.NDArray[np.float64],
    step_s: float,
    within_m: float,
    min_bins: int = 1,
    chunk_s: float = 86_400.0,
) -> PairRecords:
    """Pair records of the segments ``rows`` on the ``step_s`` grid.

    Only runs of at least ``min_bins`` consecutive bins matter, and every such run holds a bin
    that is a multiple of ``f = min_bins``. So a first pass on the grid ``f`` times coarser
    (whose instants are instants of the fine grid, interpolated the same way) finds every pair
    and instant that can matter, and the fine pass looks only within ``f - 1`` fine bins of
    those instants, for those two vessels: a fine run is covered by the windows of the coarse
    bins it holds (they are ``f`` apart, the windows ``2f - 1`` wide). Exact, and at national
    scale some twelve times fewer samples than one fine pass over the fleet.
    """
    if rows.size == 0:
        return PairRecords.concat([])
    f = int(min_bins)
    if f <= 1:
        return _pairs_on_grid(tracks, rows, speed_kn, step_s, within_m, chunk_s)
    coarse = _pairs_on_grid(tracks, rows, speed_kn, step_s * f, within_m, chunk_s)
    if len(coarse) == 0:
        return coarse
    n_codes = np.int64(len(tracks.names))
    wanted = np.unique(coarse.a.astype(np.int64) * n_codes + coarse.b)
    b_min = int(coarse.bin.min()) - 1
    span = np.int64(int(coarse.bin.max()) - b_min + 3)
    windows = np.unique(np.concatenate([
        coarse.a.astype(np.int64) * span + (coarse.bin - b_min),
        coarse.b.astype(np.int64) * span + (coarse.bin - b_min),
    ]))  # fmt: skip

    def in_windows(vessel: npt.NDArray[np.int32], coarse_bin: npt.NDArray[np.int64]) -> Any:
        rel = coarse_bin - b_min
        ok = (rel >= 0) & (rel < span)
        return ok & _isin_sorted(vessel.astype(np.int64) * span + np.clip(rel, 0, span - 1),
                                 windows)  # fmt: skip

    # segments that reach into a window of their vessel (fine bins [b0, b1))
    v = tracks.vessel[rows]
    b0 = np.ceil(tracks.ts[rows - 1] / step_s).astype(np.int64)
    b1 = np.ceil(tracks.ts[rows] / step_s).astype(np.int64)
    lo_c, hi_c = b0 // f, -(-b1 // f)
    keep = np.zeros(rows.size, dtype=bool)
    for j in range(int((hi_c - lo_c).max(initial=0)) + 1):
        c = lo_c + j
        keep |= (c <= hi_c) & in_windows(v, c)
    rows = rows[keep]

    def sample_filter(s: Samples) -> npt.NDArray[np.bool_]:
        return np.asarray(in_windows(s.vessel, s.bin // f) | in_windows(s.vessel, -(-s.bin // f)))

    fine = _pairs_on_grid(tracks, rows, speed_kn, step_s, within_m, chunk_s, sample_filter)
    pair = fine.a.astype(np.int64) * n_codes + fine.b
    return fine.take(np.flatnonzero(_isin_sorted(pair, wanted)))


def _isin_sorted(values: npt.NDArray[np.int64], table: npt.NDArray[np.int64]) -> Any:
    """``np.isin`` against a sorted, unique ``table`` (one binary search per value)."""
    if table.size == 0:
        return np.zeros(values.shape, dtype=bool)
    at = np.searchsorted(table, values)
    at[at >= table.size] = 0
    return table[at] == values


def _pairs_on_grid(
    tracks: Tracks,
    rows: npt.NDArray[np.intp],
    speed_kn: npt.NDArray[np.float64],
    step_s: float,
    within_m: float,
    chunk_s: float,
    sample_filter: Callable[[Samples], npt.NDArray[np.bool_]] | None = None,
) -> PairRecords:
    """Pair records on one grid, a chunk of time bins (a day by default) at a time."""
    if rows.size == 0:
        return PairRecords.concat([])
    b0 = np.ceil(tracks.ts[rows - 1] / step_s).astype(np.int64)
    b1 = np.ceil(tracks.ts[rows] / step_s).astype(np.int64)
    lo, hi = int(b0.min()), int(b1.max())
    per = max(1, int(chunk_s // step_s))
    parts: list[PairRecords] = []
    order = np.argsort(b0, kind="stable")
    rows, b0s, b1s = rows[order], b0[order], b1[order]
    run_max_b1 = np.maximum.accumulate(b1s)
    for c0 in range(lo, hi, per):
        c1 = min(c0 + per, hi)
        # segments starting before the chunk's end and ending after its start
        stop = int(np.searchsorted(b0s, c1, side="left"))
        begin = int(np.searchsorted(run_max_b1, c0, side="right"))
        sel = np.arange(begin, stop)
        sel = sel[b1s[sel] > c0]
        if sel.size < 2:
            continue
        s = samples(tracks, rows[sel], speed_kn, step_s, (c0, c1))
        if sample_filter is not None and len(s):
            s = s.take(np.flatnonzero(sample_filter(s)))
        if len(s) > 1:
            parts.append(pairs_in_bins(s, within_m))
    return PairRecords.concat(parts)


def min_bins(min_h: float, step_min: float) -> int:
    """Bins a qualifying run spans at least (each sample stands for one step)."""
    return max(1, int(round(min_h * 60.0 / step_min, 6)))


def cross_source_rows(tracks: Tracks, seg: Segments, params: EventParams) -> npt.NDArray[np.intp]:
    """One vessel reported by two sources at once, too far apart for one boat."""
    other = np.r_[False, tracks.source[1:] != tracks.source[:-1]] & ~tracks.first
    with np.errstate(invalid="ignore"):
        ok = other & (seg.dt_s <= params.swap_window_h * 3600.0)
        ok &= seg.dist_m > params.swap_far_nm * METRES_PER_NM
        ok &= seg.speed_kn > params.max_speed_kn
    return np.flatnonzero(ok)


@dataclass(eq=False)
class Detection:
    """Everything found, as columns; :meth:`events` turns it into :class:`Event` objects."""

    tracks: Tracks
    ports: PortSet
    params: EventParams
    states: PortStates
    visits: PortVisits | None = None
    trips: Trips | None = None
    gaps: npt.NDArray[np.intp] | None = None
    encounters: PairRuns | None = None
    together: PairRuns | None = None
    cross: npt.NDArray[np.intp] | None = None
    loiter: SlowRuns | None = None
    loiter_ok: npt.NDArray[np.bool_] | None = None
    loiter_info: dict[str, Any] = field(default_factory=dict)

    def events(self) -> list[Event]:
        """All events, ordered by time."""
        out: list[Event] = []
        out += self._port_events() + self._trip_events() + self._gap_events()
        out += self._encounter_events() + self._swap_events() + self._loiter_events()
        out.sort(key=lambda e: (e.when, str(e.kind), e.vessel_id))
        return out

    # ---- conversion, one family at a time -----------------------------------------------
    def _name(self, code: int) -> str:
        return str(self.tracks.names[code])

    def _port(self, idx: int) -> str | None:
        return self.ports.names[idx] if idx >= 0 else None

    def _port_events(self) -> list[Event]:
        v = self.visits
        if v is None:
            return []
        t = self.tracks
        out = []
        for r, at, arr, p, when, before in zip(
            v.row.tolist(), v.at_row.tolist(), v.arrival.tolist(), v.port.tolist(),
            v.ts.tolist(), v.before_ts.tolist(), strict=True,
        ):  # fmt: skip
            kind = EventKind.PORT_ARRIVAL if arr else EventKind.PORT_DEPARTURE
            details: dict[str, Any] = {"last_at_sea" if arr else "last_in_port":
                                       None if before != before else _iso(before)}  # fmt: skip
            if arr and r != at:
                details["confirmed_at"] = _iso(float(t.ts[r]))
            out.append(Event(kind, self._name(int(t.vessel[r])), when, float(t.lat[at]),
                             float(t.lon[at]), port=self._port(p), details=details))  # fmt: skip
        return out

    def _trip_events(self) -> list[Event]:
        tr = self.trips
        if tr is None:
            return []
        t = self.tracks
        out = []
        for vc, dr, ar, fp, tp, d_ts, a_ts in zip(
            tr.vessel.tolist(), tr.dep_row.tolist(), tr.arr_row.tolist(), tr.from_port.tolist(),
            tr.to_port.tolist(), tr.dep_ts.tolist(), tr.arr_ts.tolist(), strict=True,
        ):  # fmt: skip
            at = dr if dr >= 0 else ar
            start = None if d_ts != d_ts else float(d_ts)
            end = None if a_ts != a_ts else float(a_ts)
            details: dict[str, Any] = {"to_port": self._port(tp)}
            if start is not None and end is not None:
                details["duration_h"] = round((end - start) / 3600.0, 2)
            out.append(Event(EventKind.TRIP, self._name(vc), start, float(t.lat[at]),
                             float(t.lon[at]), end=end, port=self._port(fp),
                             details=details))  # fmt: skip
        return out

    def _gap_events(self) -> list[Event]:
        if self.gaps is None:
            return []
        t = self.tracks
        out = []
        for r in self.gaps.tolist():
            hours = (t.ts[r] - t.ts[r - 1]) / 3600.0
            out.append(Event(EventKind.GAP, self._name(int(t.vessel[r])), float(t.ts[r - 1]),
                             float(t.lat[r - 1]), float(t.lon[r - 1]), end=float(t.ts[r]),
                             details={"hours": round(float(hours), 2),
                                      "end_lat": round(float(t.lat[r]), 6),
                                      "end_lon": round(float(t.lon[r]), 6)}))  # fmt: skip
        return out

    def _pair_core(self, runs: PairRuns, k: int, step_s: float) -> dict[str, Any]:
        rec = runs.records
        sl = slice(int(runs.start[k]), int(runs.stop[k]))
        lat = (rec.lat_a[sl] + rec.lat_b[sl]) / 2
        lon = (rec.lon_a[sl] + rec.lon_b[sl]) / 2
        return {
            "start": float(runs.first_bin[k] * step_s),
            "end": float((runs.last_bin[k] + 1) * step_s),
            "lat": float(lat.mean()),
            "lon": float(lon.mean()),
            "slice": sl,
            "mean_m": round(float(rec.dist_m[sl].mean()), 1),
        }

    def _encounter_events(self) -> list[Event]:
        runs = self.encounters
        if runs is None:
            return []
        step = self.params.encounter_step_min * 60.0
        out = []
        for k in range(len(runs)):
            c = self._pair_core(runs, k, step)
            a, b = self._name(int(runs.a[k])), self._name(int(runs.b[k]))
            fa, fb = flag_of(a), flag_of(b)
            if fa == "VN" and fb == "VN":
                what = EncounterKind.TRANSSHIPMENT
            elif (fa is not None and fa != "VN") or (fb is not None and fb != "VN"):
                what = EncounterKind.FOREIGN
            else:
                what = EncounterKind.UNKNOWN
            out.append(Event(EventKind.ENCOUNTER, a, c["start"], c["lat"], c["lon"],
                             end=c["end"], other_vessel_id=b,
                             details={"encounter": str(what), "flags": [fa, fb],
                                      "duration_h": round((c["end"] - c["start"]) / 3600, 2),
                                      "mean_distance_m": c["mean_m"]}))  # fmt: skip
        return out

    def _swap_events(self) -> list[Event]:
        out: list[Event] = []
        runs = self.together
        if runs is not None:
            step = self.params.swap_step_min * 60.0
            rec = runs.records
            for k in range(len(runs)):
                c = self._pair_core(runs, k, step)
                a, b = self._name(int(runs.a[k])), self._name(int(runs.b[k]))
                out.append(Event(EventKind.DEVICE_SWAP, a, c["start"], c["lat"], c["lon"],
                                 end=c["end"], other_vessel_id=b,
                                 details={"signal": str(SwapSignal.TOGETHER),
                                          "duration_h": round((c["end"] - c["start"]) / 3600, 2),
                                          "travel_nm": round(float(runs.travel_m[k]) / 1852, 1),
                                          "mean_distance_m": c["mean_m"],
                                          "tracks": pair_tracks(rec, c["slice"], a, b, step)}))  # fmt: skip  # noqa: E501
        if self.cross is not None:
            t = self.tracks
            for r in self.cross.tolist():
                in_port = self.states.label[r] >= 0 or self.states.label[r - 1] >= 0
                signal = SwapSignal.WHILE_IN_PORT if in_port else SwapSignal.FAR_FROM_SIGHTING
                name = self._name(int(t.vessel[r]))
                pts = {
                    f"{name}@{t.sources[int(t.source[i])]}":
                        [[_iso(float(t.ts[i])), round(float(t.lat[i]), 6),
                          round(float(t.lon[i]), 6)]]
                    for i in (r - 1, r)
                }  # fmt: skip
                port = int(max(self.states.label[r], self.states.label[r - 1]))
                out.append(Event(EventKind.DEVICE_SWAP, name, float(t.ts[r]), float(t.lat[r]),
                                 float(t.lon[r]), port=self._port(port) if in_port else None,
                                 details={"signal": str(signal),
                                          "apart_nm": round(_apart_nm(t, r), 1),
                                          "sources": [t.sources[int(t.source[r - 1])],
                                                      t.sources[int(t.source[r])]],
                                          "tracks": pts}))  # fmt: skip
        return out

    def _loiter_events(self) -> list[Event]:
        lr = self.loiter
        if lr is None or self.loiter_ok is None:
            return []
        t = self.tracks
        info = self.loiter_info
        out = []
        for k, (r, start, end_row) in enumerate(zip(lr.row.tolist(), lr.start_ts.tolist(),
                                                    lr.end_row.tolist(), strict=True)):  # fmt: skip
            if not self.loiter_ok[k]:
                continue
            details = {key: info[key][k] for key in ("risk", "zone_kind", "zone_name",
                                                     "country", "nearest_country")}  # fmt: skip
            details["distance_nm"] = _round(info["distance_nm"][k])
            details["qualified_at"] = _iso(float(t.ts[r]))
            out.append(Event(EventKind.LOITERING, self._name(int(t.vessel[r])), float(start),
                             float(t.lat[r]), float(t.lon[r]), end=float(t.ts[end_row]),
                             details=details))  # fmt: skip
        return out


def _round(x: float) -> float | None:
    return None if x != x or x == float("inf") else round(float(x), 2)


def _apart_nm(t: Tracks, r: int) -> float:
    from services.events.tracks import distance_m

    return float(distance_m(t.lat[r - 1], t.lon[r - 1], t.lat[r], t.lon[r])) / METRES_PER_NM


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


def pair_tracks(
    rec: PairRecords, sl: slice, a: str, b: str, step_s: float
) -> dict[str, list[list[Any]]]:
    """Both devices' sampled positions over a run, at most ``_TRACK_POINTS`` each."""
    idx = np.arange(sl.start, sl.stop)
    if idx.size > _TRACK_POINTS:
        idx = idx[np.linspace(0, idx.size - 1, _TRACK_POINTS).round().astype(int)]
    times = [_iso(float(bn * step_s)) for bn in rec.bin[idx].tolist()]
    return {
        a: [[t, round(la, 6), round(lo, 6)] for t, la, lo in
            zip(times, rec.lat_a[idx].tolist(), rec.lon_a[idx].tolist(), strict=True)],
        b: [[t, round(la, 6), round(lo, 6)] for t, la, lo in
            zip(times, rec.lat_b[idx].tolist(), rec.lon_b[idx].tolist(), strict=True)],
    }  # fmt: skip


def run_duration_s(runs: PairRuns, step_s: float) -> npt.NDArray[np.float64]:
    """A run's duration: each sample stands for the step that starts at it."""
    return ((runs.last_bin - runs.first_bin + 1) * step_s).astype(np.float64)


def _encounter_runs(runs: PairRuns, params: EventParams) -> PairRuns:
    step = params.encounter_step_min * 60.0
    return _keep(runs, run_duration_s(runs, step) >= params.encounter_min_h * 3600.0)


def _together_runs(runs: PairRuns, params: EventParams) -> PairRuns:
    """Two devices travelling as one boat: long enough, far enough, fast enough (so far).

    The average speed keeps out pair trawlers (giã cào đôi), which tow side by side for days
    at 2–3.5 kn: what they look like is an encounter, not one boat with two devices.
    """
    q = first_qualifying(runs, params.swap_step_min * 60.0, params.swap_min_h * 3600.0,
                         params.swap_min_travel_nm * METRES_PER_NM,
                         params.swap_min_speed_kn)  # fmt: skip
    return _keep(runs, q >= 0)


def _keep(runs: PairRuns, keep: npt.NDArray[np.bool_]) -> PairRuns:
    return PairRuns(
        runs.a[keep], runs.b[keep], runs.first_bin[keep], runs.last_bin[keep],
        runs.travel_m[keep], runs.start[keep], runs.stop[keep], runs.records, runs.step_m,
    )  # fmt: skip


def detect(
    tracks: Tracks,
    ports: PortSet,
    params: EventParams,
    kinds: Collection[str] = KINDS,
    zones: Any = None,
) -> Detection:
    """Run the chosen families (``KINDS``) over ``tracks``; ``zones`` is needed for loitering."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown event kinds: {', '.join(sorted(unknown))}")
    states = port_states(tracks, ports, params)
    det = Detection(tracks, ports, params, states)
    if len(tracks) == 0:
        return det
    seg = Segments.of(tracks)
    if "port" in kinds:
        det.visits = port_visits(tracks, states, params, seg.speed_kn)
        det.trips = trips(tracks, det.visits)
    if "gap" in kinds:
        det.gaps = gap_rows(tracks, states, params)
    if "encounter" in kinds:
        step = params.encounter_step_min * 60.0
        rec = close_pairs(tracks, encounter_rows(tracks, seg, states, params), seg.speed_kn,
                          step, params.encounter_distance_m,
                          min_bins(params.encounter_min_h, params.encounter_step_min))  # fmt: skip
        det.encounters = _encounter_runs(pair_runs(rec), params)
    if "swap" in kinds:
        step = params.swap_step_min * 60.0
        rec = close_pairs(tracks, together_rows(tracks, seg, states, params), seg.speed_kn,
                          step, params.swap_distance_m,
                          min_bins(params.swap_min_h, params.swap_step_min))  # fmt: skip
        det.together = _together_runs(pair_runs(rec), params)
        det.cross = cross_source_rows(tracks, seg, params)
    if "loitering" in kinds:
        det.loiter = slow_runs(tracks, states, params, seg.speed_kn, seg.dt_s)
        if zones is None:
            from services.zones import active_zones

            zones = active_zones()
        r = det.loiter.row
        det.loiter_ok, det.loiter_info = judge_loitering(tracks.lat[r], tracks.lon[r], zones,
                                                         params)  # fmt: skip
    return det
