"""Pairs across workers: samples re-partitioned by sea cell, then close pairs by pair.

Fixes are partitioned by vessel, so two boats that meet are usually tracked by different
worker processes. Their pair samples (the time-grid samples of :mod:`services.events.pairs`,
only of segments that can be part of a pair) therefore go through two more stages:

1. **Cells.** The sea is cut into square cells of ``cell_m`` (in degrees of latitude; at least
   twice the pair distance). A sample goes to the partition of its own cell, and is copied to
   the cell on its left, below, or below-left when it lies within the pair distance of that
   edge. Two samples that close are then in the same or in touching cells, and both reach the
   cell at (lowest column, lowest row) of their two cells; the pair is judged there and only
   there (:meth:`CellGrid.owner`), so it is found exactly once, however many copies exist.
2. **Pairs.** The close-pair records of each bin go on to the partition of the pair
   (``a|b``), where :class:`~services.events.runs.RunFollower` (the code the single worker
   runs) follows each pair from bin to bin, from cell to cell, and reports runs that qualify.

Completeness is a watermark. Each position worker says, for every partition of positions it
owns, the oldest last fix of its vessels still reporting (or none) and its feed clock: no
sample for an earlier bin can still come from there. A cell partition joins a bin once it
has heard from *every* partition of positions and the bin is before all their marks (exactly
the rule a single worker applies to all its vessels), then tells every pair partition the
bins it has closed; a pair partition follows a bin once every cell partition closed it.

At-least-once: samples are deduplicated per (vessel, bin) and records per (pair, bin), bins
joined already take nothing more, and each stage reports the oldest message it still needs
(:meth:`CellJoiner.needed`, :meth:`PairStage.needed`) so that its adapter acknowledges only
what a restart need not read again. A pair stage keeps a run's records unacknowledged while
the run goes on: a restarted one rebuilds the run from its first bin and names the same start,
so the event (and its alert id) is the same one.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from services.events.model import Event
from services.events.pairs import PairRecords, Samples, pairs_in_bins
from services.events.params import EventParams
from services.events.runs import PairFamily, RunFollower
from services.events.tracks import EARTH_RADIUS_M

__all__ = [
    "CellGrid",
    "CellJoiner",
    "CellPairs",
    "PairStage",
    "complete_before",
    "pair_partition",
]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
_M_PER_DEG = 111_320.0  # cell size: metres per degree of latitude, rounded up
_DEG_M = EARTH_RADIUS_M * math.pi / 180.0  # metres per degree as distance_m measures them
_SAFETY = 1.01  # copy a little more than needed: a copy too many costs a message, not a pair
NEVER = -(2**62)


@dataclass(frozen=True, slots=True)
class CellGrid:
    """Square cells of ``cell_m`` metres of latitude, hashed onto ``partitions`` partitions."""

    cell_m: float
    partitions: int

    @property
    def cell_deg(self) -> float:
        return self.cell_m / _M_PER_DEG

    def cells(self, lat: npt.ArrayLike, lon: npt.ArrayLike) -> tuple[I64, I64]:
        """Column and row of each position."""
        c = self.cell_deg
        cx = np.floor(np.asarray(lon, dtype=np.float64) / c).astype(np.int64)
        cy = np.floor(np.asarray(lat, dtype=np.float64) / c).astype(np.int64)
        return cx, cy

    def partition_of(self, cx: I64, cy: I64) -> I64:
        """A fixed hash of the cell: the same partition in every process."""
        return np.asarray(((cx * 73_856_093) ^ (cy * 19_349_663)) % self.partitions,
                          dtype=np.int64)  # fmt: skip

    def route(self, lat: F64, lon: F64, within_m: float) -> tuple[I64, I64]:
        """``(sample, partition)`` pairs: each sample to its cell's and its copies' partitions.

        A copy goes left when the sample is within ``within_m`` of its cell's left edge, down
        when within it of the bottom edge, and down-left when both; each partition once.
        """
        n = len(lat)
        c = self.cell_deg
        cx, cy = self.cells(lat, lon)
        m_lat = _SAFETY * within_m / _DEG_M
        top = np.minimum(np.abs(lat) + m_lat, 89.0)
        m_lon = np.minimum(_SAFETY * within_m / (_DEG_M * np.cos(np.radians(top))), c)
        left = lon - cx * c <= m_lon
        below = lat - cy * c <= m_lat
        idx = np.arange(n, dtype=np.int64)
        parts = [self.partition_of(cx, cy)]
        rows = [idx]
        for mask, dx, dy in ((left, 1, 0), (below, 0, 1), (left & below, 1, 1)):
            k = np.flatnonzero(mask)
            rows.append(idx[k])
            parts.append(self.partition_of(cx[k] - dx, cy[k] - dy))
        i, p = np.concatenate(rows), np.concatenate(parts)
        key = np.unique(i * self.partitions + p)
        return key // self.partitions, key % self.partitions

    def split(self, s: Samples, within_m: float) -> list[tuple[int, npt.NDArray[np.intp]]]:
        """The samples each partition must receive (their indices), partition by partition."""
        if not len(s):
            return []
        i, p = self.route(s.lat, s.lon, within_m)
        order = np.argsort(p, kind="stable")
        i, p = i[order], p[order]
        cut = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
        ends = np.r_[cut[1:], len(p)]
        return [(int(p[c]), i[c:e].astype(np.intp)) for c, e in zip(cut, ends, strict=True)]

    def owner(self, lat_a: F64, lon_a: F64, lat_b: F64, lon_b: F64) -> I64:
        """Partition that judges each pair: its two cells' lowest column and lowest row."""
        xa, ya = self.cells(lat_a, lon_a)
        xb, yb = self.cells(lat_b, lon_b)
        return self.partition_of(np.minimum(xa, xb), np.minimum(ya, yb))


def pair_partition(a: str, b: str, partitions: int) -> int:
    """Partition of the pair stage that follows two vessels (ids in order, ``a < b``)."""
    return zlib.crc32(f"{a}|{b}".encode()) % partitions


Marks = dict[int, tuple[dict[str, list[list[float]]], float | None]]


def complete_before(
    marks: Marks,
    upstream: int,
    family: str,
    step_s: float,
    max_gap_s: float,
    first_clock: float | None = None,
) -> int | None:
    """First bin of ``family`` a sample may still come for, given every upstream mark.

    A mark is one partition of positions' word (:meth:`~services.events.live.LiveEvents.
    progress`): per family, its vessels that may still report grouped by the first bin they
    may add a sample to, with the newest last fix of each group; and its worker's feed clock.
    The feed clock is the newest of all workers'; a group is still reporting when its newest
    fix is within ``max_gap_s`` of it. Until every one of the ``upstream`` partitions has
    spoken, nothing is complete; when none still reports, bins before the clock are.

    A mark without a clock comes from a worker that has read no fix yet: a worker just started
    may still be reading its backlog, whose samples would come too late for bins closed without
    it (two workers started together: the first to read joined the bins alone, and the pair
    was never found). So such a mark holds everything back until the feed clock is
    ``max_gap_s`` past ``first_clock`` (the first clock this stage heard); after that its
    partitions count as empty, so a worker that owns only idle partitions delays pairs once,
    by ``max_gap_s`` of feed time, and never blocks them.
    """
    if len(marks) < upstream:
        return None
    clocks = [c for _, c in marks.values() if c is not None and math.isfinite(c)]
    if not clocks:
        return None
    clock = max(clocks)
    if len(clocks) < len(marks) and (first_clock is None or clock < first_clock + max_gap_s):
        return None
    bins = [k for groups, _ in marks.values() for k, newest in groups.get(family, ())
            if newest >= clock - max_gap_s]  # fmt: skip
    return int(min(bins)) if bins else math.floor(clock / step_s)


class _Names:
    """Vessel ids to dense codes, for this stage only."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.names: list[str] = []

    def code(self, ids: Sequence[str]) -> npt.NDArray[np.int32]:
        codes, names = self.codes, self.names
        for v in ids:
            if v not in codes:
                codes[v] = len(names)
                names.append(v)
        return np.fromiter(map(codes.__getitem__, ids), dtype=np.int32, count=len(ids))


@dataclass(frozen=True, eq=False)
class CellPairs:
    """The close pairs one cell partition judged in bins before ``done``: ids in id order."""

    family: PairFamily
    a: list[str]
    b: list[str]
    records: PairRecords  # a and b are indices into the two lists above
    done: int


@dataclass
class _CellFamily:
    family: PairFamily
    parts: list[Samples] = field(default_factory=list)
    seqs: list[I64] = field(default_factory=list)
    done: int = NEVER
    late: int = 0


class CellJoiner:
    """The cell stage for one partition of pair samples."""

    def __init__(self, grid: CellGrid, partition: int, upstream: int,
                 families: Sequence[PairFamily], max_gap_s: float) -> None:  # fmt: skip
        self.grid, self.partition, self.upstream = grid, partition, upstream
        self.max_gap_s = max_gap_s
        self.families = {f.name: _CellFamily(f) for f in families}
        self.marks: Marks = {}
        self.first_clock: float | None = None  # the first feed clock a mark carried
        self._names = _Names()

    def add(self, family: str, vessel_ids: Sequence[str], bins: npt.ArrayLike,
            lat: npt.ArrayLike, lon: npt.ArrayLike, seq: int) -> None:  # fmt: skip
        """Samples of one message (``seq``: its place in this partition)."""
        fam = self.families.get(family)
        if fam is None or not len(vessel_ids):
            return
        n = len(vessel_ids)
        fam.parts.append(Samples(self._names.code(vessel_ids), np.asarray(bins, dtype=np.int64),
                                 np.asarray(lat, dtype=np.float64),
                                 np.asarray(lon, dtype=np.float64),
                                 np.zeros(n, dtype=np.float32)))  # fmt: skip
        fam.seqs.append(np.full(n, seq, dtype=np.int64))

    def mark(self, upstream_partition: int, groups: dict[str, list[list[float]]],
             clock: float | None) -> None:  # fmt: skip
        """The latest word of one partition of positions (see :func:`complete_before`)."""
        self.marks[upstream_partition] = (groups, clock)
        if self.first_clock is None and clock is not None and math.isfinite(clock):
            self.first_clock = clock

    def close(self) -> list[CellPairs]:
        """Join every bin now complete; the pairs this partition owns, per family."""
        out = []
        for fam in self.families.values():
            f = fam.family
            cutoff = complete_before(self.marks, self.upstream, f.name, f.step_s, self.max_gap_s,
                                     self.first_clock)  # fmt: skip
            if cutoff is None or cutoff <= fam.done:
                continue
            s = Samples.concat(fam.parts)
            seq = np.concatenate(fam.seqs) if fam.seqs else np.zeros(0, np.int64)
            late = s.bin < fam.done
            fam.late += int(late.sum())
            ready = ~late & (s.bin < cutoff)
            wait = np.flatnonzero(~late & ~ready)
            fam.parts, fam.seqs = ([s.take(wait)], [seq[wait]]) if wait.size else ([], [])
            fam.done = cutoff
            out.append(self._pairs(fam.family, s.take(np.flatnonzero(ready)), cutoff))
        return out

    def _pairs(self, family: PairFamily, s: Samples, done: int) -> CellPairs:
        names = self._names.names
        if len(s) > 1:  # a redelivered sample is the same sample: keep one per (vessel, bin)
            _, first = np.unique(s.vessel.astype(np.int64) << 32 | s.bin, return_index=True)
            s = s.take(np.sort(first))
        rec = pairs_in_bins(s, family.within_m)
        if len(rec):
            mine = self.grid.owner(rec.lat_a, rec.lon_a, rec.lat_b, rec.lon_b) == self.partition
            rec = rec.take(np.flatnonzero(mine))
        ids = np.asarray(names, dtype=object)
        na, nb = ids[rec.a], ids[rec.b]
        flip = nb < na  # id order on the wire: every cell names a pair the same way
        a = np.where(flip, nb, na).tolist()
        b = np.where(flip, na, nb).tolist()
        k = np.arange(len(rec), dtype=np.int32)
        lat_a, lon_a = np.where(flip, rec.lat_b, rec.lat_a), np.where(flip, rec.lon_b, rec.lon_a)
        lat_b, lon_b = np.where(flip, rec.lat_a, rec.lat_b), np.where(flip, rec.lon_a, rec.lon_b)
        rec = PairRecords(k, k, rec.bin, rec.dist_m, lat_a, lon_a, lat_b, lon_b)
        return CellPairs(family, a, b, rec, done)

    def done(self) -> dict[str, int]:
        """Per family, the first bin not joined yet (``NEVER`` until one was)."""
        return {name: fam.done for name, fam in self.families.items()}

    def needed(self) -> int | None:
        """The oldest message whose samples still wait for their bin (None: none waits)."""
        seqs = [int(s.min()) for fam in self.families.values() for s in fam.seqs if s.size]
        return min(seqs) if seqs else None


@dataclass
class _PairFamilyState:
    follower: RunFollower
    parts: list[PairRecords] = field(default_factory=list)
    seqs: list[I64] = field(default_factory=list)
    done: int = NEVER
    late: int = 0
    run_seq: dict[tuple[int, int], int] = field(default_factory=dict)  # oldest message per run


class PairStage:
    """The pair stage for one partition of pair records: runs, and the events they make."""

    def __init__(self, upstream: int, families: Sequence[PairFamily],
                 params: EventParams) -> None:  # fmt: skip
        self.upstream = upstream
        self.families = {f.name: _PairFamilyState(RunFollower(f, params)) for f in families}
        self.marks: dict[int, dict[str, int]] = {}
        self._names = _Names()

    def add(self, family: str, a: Sequence[str], b: Sequence[str], bins: npt.ArrayLike,
            dist_m: npt.ArrayLike, lat_a: npt.ArrayLike, lon_a: npt.ArrayLike,
            lat_b: npt.ArrayLike, lon_b: npt.ArrayLike, seq: int) -> None:  # fmt: skip
        """Close-pair records of one message, the pair named in id order (``a < b``)."""
        fam = self.families.get(family)
        if fam is None or not len(a):
            return
        f64 = np.float64
        fam.parts.append(PairRecords(
            self._names.code(a), self._names.code(b), np.asarray(bins, dtype=np.int64),
            np.asarray(dist_m, f64), np.asarray(lat_a, f64), np.asarray(lon_a, f64),
            np.asarray(lat_b, f64), np.asarray(lon_b, f64),
        ))  # fmt: skip
        fam.seqs.append(np.full(len(a), seq, dtype=np.int64))

    def mark(self, cell_partition: int, done: dict[str, int]) -> None:
        """The bins one cell partition has closed, per family."""
        self.marks[cell_partition] = dict(done)

    def close(self) -> list[Event]:
        """Follow every bin all cell partitions have closed; the events that qualified."""
        out: list[Event] = []
        if len(self.marks) < self.upstream:
            return out
        for name, fam in self.families.items():
            cutoff = min(m.get(name, NEVER) for m in self.marks.values())
            if cutoff <= fam.done:
                continue
            rec = PairRecords.concat(fam.parts)
            seq = np.concatenate(fam.seqs) if fam.seqs else np.zeros(0, np.int64)
            late = rec.bin < fam.done
            fam.late += int(late.sum())
            ready = ~late & (rec.bin < cutoff)
            wait = np.flatnonzero(~late & ~ready)
            fam.parts, fam.seqs = ([rec.take(wait)], [seq[wait]]) if wait.size else ([], [])
            fam.done = cutoff
            take = np.flatnonzero(ready)
            rec, seq = rec.take(take), seq[take]
            if len(rec) > 1:  # a record read twice is the same record: keep its first copy
                order = np.lexsort((seq, rec.bin, rec.b, rec.a))
                ra, rb, rbin = rec.a[order], rec.b[order], rec.bin[order]
                dup = np.r_[False, (ra[1:] == ra[:-1]) & (rb[1:] == rb[:-1])
                            & (rbin[1:] == rbin[:-1])]  # fmt: skip
                keep = np.sort(order[~dup])
                rec, seq = rec.take(keep), seq[keep]
            starts = {k: r.start for k, r in fam.follower.runs.items()}
            out += fam.follower.follow(rec, cutoff, self._names.names)
            self._note_runs(fam, rec, seq, starts)
        return out

    @staticmethod
    def _note_runs(fam: _PairFamilyState, rec: PairRecords, seq: I64,
                   starts: dict[tuple[int, int], int]) -> None:  # fmt: skip
        """Remember, per run still going, the oldest message that holds one of its records."""
        runs = fam.follower.runs
        oldest: dict[tuple[int, int], int] = {}
        for a, b, bn, s in zip(rec.a.tolist(), rec.b.tolist(), rec.bin.tolist(), seq.tolist(),
                               strict=True):  # fmt: skip
            run = runs.get((a, b))
            if run is not None and bn >= run.start:
                oldest[(a, b)] = min(oldest.get((a, b), s), s)
        kept = {}
        for key, run in runs.items():
            before = fam.run_seq.get(key) if starts.get(key) == run.start else None
            here = oldest.get(key)
            values = [v for v in (before, here) if v is not None]
            if values:
                kept[key] = min(values)
        fam.run_seq = kept

    def done(self) -> dict[str, int]:
        return {name: fam.done for name, fam in self.families.items()}

    def needed(self) -> int | None:
        """The oldest message still needed: records waiting for their bin, or of a live run."""
        seqs = [int(s.min()) for fam in self.families.values() for s in fam.seqs if s.size]
        seqs += [s for fam in self.families.values() for s in fam.run_seq.values()]
        return min(seqs) if seqs else None
