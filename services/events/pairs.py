"""Vessels near each other: tracks sampled on one time grid, then a spatial grid per time bin.

Two tracks can only be compared at the same instants, so every eligible segment (two
consecutive fixes of one vessel, close enough in time) is interpolated at the grid times
``k * step_s`` it spans: one sample per vessel per bin. Samples of one bin are hashed into
cells at least the distance threshold wide; two samples can only be that close if their cells
touch, so each occupied cell is compared with itself and four of its eight neighbours (the
other four see it from their side): work grows with the samples, not with their square.
Consecutive bins in which the same two vessels stay close form a *run* (an encounter, or two
devices travelling together).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from services.events.tracks import Tracks, distance_m

__all__ = [
    "PairRecords",
    "PairRuns",
    "Samples",
    "first_qualifying",
    "pair_runs",
    "pairs_in_bins",
    "samples",
]

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
_M_PER_DEG = 111_320.0


@dataclass(frozen=True, eq=False)
class Samples:
    """One interpolated position per vessel and time bin (bin k is the instant k * step)."""

    vessel: I32
    bin: I64
    lat: F64
    lon: F64
    speed_kn: F32  # implied speed of the segment the sample lies on

    def __len__(self) -> int:
        return len(self.vessel)

    def take(self, idx: npt.NDArray[np.intp]) -> Samples:
        return Samples(self.vessel[idx], self.bin[idx], self.lat[idx], self.lon[idx],
                       self.speed_kn[idx])  # fmt: skip

    @staticmethod
    def concat(parts: list[Samples]) -> Samples:
        if not parts:
            return _EMPTY_SAMPLES
        return Samples(
            np.concatenate([p.vessel for p in parts]), np.concatenate([p.bin for p in parts]),
            np.concatenate([p.lat for p in parts]), np.concatenate([p.lon for p in parts]),
            np.concatenate([p.speed_kn for p in parts]),
        )  # fmt: skip


_EMPTY_SAMPLES = Samples(np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0), np.zeros(0),
                         np.zeros(0, np.float32))  # fmt: skip


def _expand(left: I64, right_start: I64, counts: I64) -> tuple[I64, I64]:
    """Pairs (left[k], right_start[k] + m) for m in range(counts[k]), for every k at once."""
    counts = np.maximum(counts, 0)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    first = np.cumsum(counts) - counts
    li = np.repeat(left, counts)
    ri = np.repeat(right_start - first, counts) + np.arange(total)
    return li, ri


def samples(
    tracks: Tracks,
    rows: npt.NDArray[np.intp],
    speed_kn: F64,
    step_s: float,
    bins: tuple[int, int] | None = None,
) -> Samples:
    """Samples of the segments ``rows`` (row i: from fix i-1 to fix i) at ``k * step_s``.

    A segment covers the instants in [t(i-1), t(i)); ``bins`` keeps only bins in [lo, hi).
    """
    if rows.size == 0:
        return _EMPTY_SAMPLES
    t0, t1 = tracks.ts[rows - 1], tracks.ts[rows]
    b0 = np.ceil(t0 / step_s).astype(np.int64)
    b1 = np.ceil(t1 / step_s).astype(np.int64)
    if bins is not None:
        b0 = np.maximum(b0, bins[0])
        b1 = np.minimum(b1, bins[1])
    seg, b = _expand(np.arange(rows.size, dtype=np.int64), b0, b1 - b0)
    if seg.size == 0:
        return _EMPTY_SAMPLES
    r = rows[seg]
    frac = (b * step_s - tracks.ts[r - 1]) / (tracks.ts[r] - tracks.ts[r - 1])
    la0, lo0 = tracks.lat[r - 1].astype(np.float64), tracks.lon[r - 1].astype(np.float64)
    lat = la0 + frac * (tracks.lat[r] - la0)
    lon = lo0 + frac * (tracks.lon[r] - lo0)
    return Samples(tracks.vessel[r], b, lat, lon, speed_kn[r].astype(np.float32))


@dataclass(frozen=True, eq=False)
class PairRecords:
    """Two vessels (``a < b``) within the distance in one bin, with both positions."""

    a: I32
    b: I32
    bin: I64
    dist_m: F64
    lat_a: F64
    lon_a: F64
    lat_b: F64
    lon_b: F64

    def __len__(self) -> int:
        return len(self.a)

    @staticmethod
    def concat(parts: list[PairRecords]) -> PairRecords:
        fields = PairRecords.__dataclass_fields__
        if not parts:
            return PairRecords(*(np.zeros(0, np.int32 if f in "ab" else np.float64)
                                 for f in fields))  # type: ignore[arg-type]  # fmt: skip
        return PairRecords(*(np.concatenate([getattr(p, f) for p in parts]) for f in fields))

    def take(self, idx: npt.NDArray[np.intp]) -> PairRecords:
        return PairRecords(*(getattr(self, f)[idx] for f in PairRecords.__dataclass_fields__))


def pairs_in_bins(s: Samples, within_m: float) -> PairRecords:
    """Every two samples of one bin at most ``within_m`` apart (different vessels)."""
    n = len(s)
    if n < 2:
        return PairRecords.concat([])
    ch = within_m / _M_PER_DEG
    top = min(89.0, float(np.abs(s.lat).max()) + ch)
    cw = ch / math.cos(math.radians(top))
    cy = np.floor(s.lat / ch).astype(np.int64)
    cx = np.floor(s.lon / cw).astype(np.int64)
    cy -= cy.min() - 1
    cx -= cx.min() - 1
    ny, nx = int(cy.max()) + 3, int(cx.max()) + 3
    bin0 = s.bin - s.bin.min()
    key = (bin0 * ny + cy) * nx + cx
    order = np.argsort(key, kind="stable")
    sk = key[order]
    new = np.r_[True, sk[1:] != sk[:-1]]
    gstart = np.flatnonzero(new)
    gcount = np.diff(np.r_[gstart, n])
    ukeys = sk[gstart]
    gid = np.cumsum(new) - 1
    pos = np.arange(n, dtype=np.int64)
    # same cell: each later element of the group
    within = pos - gstart[gid]
    li, ri = [], []
    l0, r0 = _expand(pos, pos + 1, gcount[gid] - within - 1)
    li.append(l0)
    ri.append(r0)
    for dx, dy in ((1, 0), (-1, 1), (0, 1), (1, 1)):
        tgt = ukeys + (dy * nx + dx)
        at = np.searchsorted(ukeys, tgt)
        at[at >= len(ukeys)] = 0
        hit = ukeys[at] == tgt
        if not hit.any():
            continue
        h = np.where(hit, at, -1)[gid]  # per element: the neighbour group, or -1
        m = h >= 0
        l1, r1 = _expand(pos[m], gstart[h[m]], gcount[h[m]])
        li.append(l1)
        ri.append(r1)
    i = order[np.concatenate(li)]
    j = order[np.concatenate(ri)]
    d = distance_m(s.lat[i], s.lon[i], s.lat[j], s.lon[j])
    close = (d <= within_m) & (s.vessel[i] != s.vessel[j])
    i, j, d = i[close], j[close], d[close]
    swap = s.vessel[i] > s.vessel[j]
    a_idx, b_idx = np.where(swap, j, i), np.where(swap, i, j)
    return PairRecords(s.vessel[a_idx], s.vessel[b_idx], s.bin[a_idx], d,
                       s.lat[a_idx], s.lon[a_idx], s.lat[b_idx], s.lon[b_idx])  # fmt: skip


@dataclass(frozen=True, eq=False)
class PairRuns:
    """Runs of consecutive close bins per pair; ``records`` is sorted by (a, b, bin)."""

    a: I32
    b: I32
    first_bin: I64
    last_bin: I64
    travel_m: F64  # along the midpoint of the two, over the run
    start: I64  # first record of the run in ``records``
    stop: I64
    records: PairRecords
    step_m: F64  # per record: metres the midpoint moved since the run's previous record

    def __len__(self) -> int:
        return len(self.a)


def pair_runs(rec: PairRecords, gap_bins: int = 0) -> PairRuns:
    """Group records into runs: same pair, bins at most ``1 + gap_bins`` apart.

    No holes by default: "within 500 m for 2 hours" means at every sample of those 2 hours.
    """
    order = np.lexsort((rec.bin, rec.b, rec.a))
    r = rec.take(order)
    n = len(r)
    brk = np.ones(n, dtype=bool)
    if n > 1:
        brk[1:] = (
            (r.a[1:] != r.a[:-1]) | (r.b[1:] != r.b[:-1]) | (r.bin[1:] - r.bin[:-1] > 1 + gap_bins)
        )
    start = np.flatnonzero(brk)
    stop = np.r_[start[1:], n] if n else start
    mid_lat = (r.lat_a + r.lat_b) / 2
    mid_lon = (r.lon_a + r.lon_b) / 2
    step = np.zeros(n)
    if n > 1:
        step[1:] = distance_m(mid_lat[:-1], mid_lon[:-1], mid_lat[1:], mid_lon[1:])
    step[brk] = 0.0
    travel = np.add.reduceat(step, start) if n else np.zeros(0)
    return PairRuns(r.a[start], r.b[start], r.bin[start], r.bin[stop - 1], travel,
                    start, stop, r, step)  # fmt: skip


def first_qualifying(
    runs: PairRuns,
    step_s: float,
    min_s: float,
    min_travel_m: float = 0.0,
    min_speed_kn: float = 0.0,
) -> I64:
    """Per run, the first bin at which the run so far qualifies (-1: never).

    So far: from the run's first bin to this one, lasting ``min_s`` (each sample standing for
    one step), the pair's midpoint having moved ``min_travel_m`` at ``min_speed_kn`` on
    average. The live path checks the same as each bin arrives, so both name the same bin.
    """
    n_runs = len(runs)
    if n_runs == 0:
        return np.zeros(0, dtype=np.int64)
    rec = runs.records
    sizes = runs.stop - runs.start
    run_of = np.repeat(np.arange(n_runs), sizes)
    cum = np.cumsum(runs.step_m)
    cum -= np.repeat(cum[runs.start] - runs.step_m[runs.start], sizes)
    dur = (rec.bin - runs.first_bin[run_of] + 1) * step_s
    ok = (dur >= min_s) & (cum >= min_travel_m)
    if min_speed_kn > 0:
        ok &= cum / dur * (3600.0 / 1852.0) >= min_speed_kn
    n = len(rec)
    first = np.minimum.reduceat(np.where(ok, np.arange(n), n), runs.start)
    return np.where(first < n, rec.bin[np.minimum(first, n - 1)], -1)
