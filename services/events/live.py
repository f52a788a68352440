"""The detectors live: the batch functions on each batch of fixes, with state carried over.

Per vessel, the worker keeps its last fix, its port state and the start of its current slow
run. Each batch is turned into :class:`~services.events.tracks.Tracks` with every vessel's
last fix put back in front as a *virtual* row, and the very functions of the batch command
run on it: a segment that spans two batches is the segment a file would have, so port
visits, loitering and the two-source device check give the same events live as in batch.

Pairs (encounters, devices travelling together) need every vessel at the same instants. A
batch adds its samples on the time grid to a pending buffer; :meth:`LiveEvents.tick` joins
the bins that are complete — no vessel can still add a sample there — and follows each
close pair from bin to bin, reporting a run the moment it qualifies. A bin is complete once
every vessel still reporting (within ``pair_max_gap_h``) has a fix past it, so at VMS cadence
pairs are joined about one report interval behind the feed.

What a partitioned stream can find: fixes are partitioned by vessel, and one worker process
holds one :class:`LiveEvents` for all the partitions it owns. Per-vessel families (port visits,
loitering, a device seen far from its boat) are complete live at any worker count, since a
vessel's fixes all reach one partition. Pairs between vessels of different workers are joined
by the cell and pair stages of :mod:`services.events.cells`, fed by :meth:`take_samples` and
:meth:`progress`; :meth:`tick` joins the pairs of this worker's own vessels instead (one worker,
or ``events_pair_cells`` off). Fixes older than the vessel's last one (out of order) are left
to the batch command: live state only moves forward.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from services.events.detect import (
    Detection,
    Segments,
    cross_source_rows,
    encounter_rows,
    together_rows,
)
from services.events.loitering import judge_loitering, slow_runs
from services.events.model import Event
from services.events.pairs import Samples, pairs_in_bins, samples
from services.events.params import EventParams
from services.events.portset import PortSet
from services.events.portvisits import NO_PRIOR, port_states, port_visits
from services.events.runs import PairFamily, RunFollower, pair_families
from services.events.tracks import Tracks
from services.vocabulary import EventKind

__all__ = ["LIVE_KINDS", "LiveEvents", "LiveFeed"]

LIVE_KINDS = ("port", "encounter", "swap", "loitering")  # gaps: the dark watch raises them


@dataclass
class _PairFamily:
    family: PairFamily
    follower: RunFollower
    pending: list[Samples] = field(default_factory=list)
    done_bin: int = -(2**62)  # bins below this were joined already
    late: int = 0  # samples that arrived for bins already joined

    @property
    def kind(self) -> EventKind:
        return self.family.kind

    @property
    def step_s(self) -> float:
        return self.family.step_s

    @property
    def within_m(self) -> float:
        return self.family.within_m


class LiveEvents:
    """Incremental detectors for one worker process (every partition it owns)."""

    def __init__(
        self,
        ports: PortSet,
        params: EventParams,
        zones: Any = None,
        kinds: Sequence[str] = LIVE_KINDS,
    ) -> None:
        self.ports, self.params, self.zones = ports, params, zones
        self.kinds = tuple(kinds)
        self.codes: dict[str, int] = {}
        self._names: list[str] = []
        self._names_arr = np.zeros(0, dtype=object)
        cap = 1024
        self.last_ts = np.full(cap, np.nan)
        self.last_lat = np.zeros(cap, dtype=np.float32)
        self.last_lon = np.zeros(cap, dtype=np.float32)
        self.last_speed = np.full(cap, np.nan, dtype=np.float32)
        self.label = np.full(cap, -1, dtype=np.int32)
        self.loiter_start = np.full(cap, np.nan)
        self.visit_entry = np.full(cap, np.nan)  # when the current port visit began
        self.visit_confirmed = np.zeros(cap, dtype=bool)
        self.visit_lat = np.zeros(cap, dtype=np.float32)  # where it began (the first fix inside)
        self.visit_lon = np.zeros(cap, dtype=np.float32)
        self.partition = np.full(cap, -1, dtype=np.int32)  # of positions, as last offered
        self.last_source: list[int] = []  # source code of each vessel's last fix
        self.source_codes: dict[str, int] = {}
        self.source_names: list[str] = []
        self.clock = -math.inf
        self.heard: set[int] = set()  # partitions of positions some fix was fed from
        self.dropped = 0  # fixes not newer than their vessel's last (left to the batch command)
        self.families = [_PairFamily(f, RunFollower(f, params))
                         for f in pair_families(params, self.kinds)]  # fmt: skip

    # ---- per-vessel state ----------------------------------------------------------------
    def _code_of(self, vessel_ids: Sequence[str]) -> npt.NDArray[np.int32]:
        codes, names = self.codes, self._names
        new = set(vessel_ids).difference(codes)
        for v in sorted(new):
            codes[v] = len(names)
            names.append(v)
            self.last_source.append(-1)
        out = np.fromiter(map(codes.__getitem__, vessel_ids), dtype=np.int32,
                          count=len(vessel_ids))  # fmt: skip
        if new:
            self._names_arr = np.asarray(names, dtype=object)
            n = len(names)
            if n > len(self.last_ts):
                cap = max(n, 2 * len(self.last_ts))
                self.last_ts = _grow(self.last_ts, cap, np.nan)
                self.last_lat = _grow(self.last_lat, cap, 0.0)
                self.last_lon = _grow(self.last_lon, cap, 0.0)
                self.last_speed = _grow(self.last_speed, cap, np.nan)
                self.label = _grow(self.label, cap, -1)
                self.loiter_start = _grow(self.loiter_start, cap, np.nan)
                self.visit_entry = _grow(self.visit_entry, cap, np.nan)
                self.visit_confirmed = _grow(self.visit_confirmed, cap, False)
                self.visit_lat = _grow(self.visit_lat, cap, 0.0)
                self.visit_lon = _grow(self.visit_lon, cap, 0.0)
                self.partition = _grow(self.partition, cap, -1)
        return out

    def feed(
        self,
        vessel_ids: Sequence[str],
        ts: npt.ArrayLike,
        lat: npt.ArrayLike,
        lon: npt.ArrayLike,
        speed_kn: npt.ArrayLike | None = None,
        source: Sequence[str] | None = None,
        partition: npt.ArrayLike | None = None,
    ) -> list[Event]:
        """Take a batch of fixes (any order); return the per-vessel events it completes.

        ``partition``: the partition of positions each fix came from, for :meth:`progress`.
        """
        n = len(vessel_ids)
        if n == 0:
            return []
        code = self._code_of(vessel_ids)
        t = np.asarray(ts, dtype=np.float64)
        newer = ~(t <= self.last_ts[code])  # NaN (never seen) compares False: kept
        if not newer.all():
            self.dropped += int((~newer).sum())
            if not newer.any():
                return []
        keep = np.flatnonzero(newer)
        code, t = code[keep], t[keep]
        la = np.asarray(lat, dtype=np.float32)[keep]
        lo = np.asarray(lon, dtype=np.float32)[keep]
        sp = (np.full(len(keep), np.nan, dtype=np.float32) if speed_kn is None
              else np.asarray(speed_kn, dtype=np.float32)[keep])  # fmt: skip
        src = self._source_codes(source, n)[keep]
        if partition is not None:
            parts = np.asarray(partition, dtype=np.int32)
            self.heard.update(np.unique(parts).tolist())
            self.partition[code] = parts[keep]
        seen = np.unique(code)
        prev = seen[~np.isnan(self.last_ts[seen])]
        v_all = np.concatenate([prev, code])
        tracks = Tracks.build(
            v_all,
            np.concatenate([self.last_ts[prev], t]),
            np.concatenate([self.last_lat[prev], la]),
            np.concatenate([self.last_lon[prev], lo]),
            np.concatenate([self.last_speed[prev], sp]),
            np.concatenate(
                [np.asarray([self.last_source[c] for c in prev.tolist()], dtype=np.int8), src]
            ),
            names=self._names_arr,
            sources=tuple(self.source_names),
            virtual=np.r_[np.ones(len(prev), dtype=bool), np.zeros(len(code), dtype=bool)],
        )
        virtual = tracks.virtual
        assert virtual is not None
        prior = np.where(virtual, self.label[tracks.vessel], NO_PRIOR).astype(np.int32)
        states = port_states(tracks, self.ports, self.params, prior)
        seg = Segments.of(tracks)
        det = Detection(tracks, self.ports, self.params, states)
        kinds = self.kinds
        vcode = tracks.vessel
        visits = port_visits(tracks, states, self.params, seg.speed_kn,
                             np.where(virtual, self.visit_entry[vcode], np.nan),
                             virtual & self.visit_confirmed[vcode])  # fmt: skip
        if "port" in kinds:
            det.visits = visits
        carry = np.where(virtual, self.loiter_start[tracks.vessel], np.nan)
        runs = slow_runs(tracks, states, self.params, seg.speed_kn, seg.dt_s, carry)
        if "loitering" in kinds:
            det.loiter = runs
            if len(runs.row):
                r = runs.row
                det.loiter_ok, det.loiter_info = judge_loitering(
                    tracks.lat[r], tracks.lon[r], self._zones(), self.params
                )
            else:
                det.loiter_ok = np.zeros(0, dtype=bool)
        if "swap" in kinds:
            det.cross = cross_source_rows(tracks, seg, self.params)
        for fam in self.families:
            rows = (encounter_rows if fam.kind is EventKind.ENCOUNTER else together_rows)(
                tracks, seg, states, self.params
            )
            if rows.size:
                s = samples(tracks, rows, seg.speed_kn, fam.step_s)
                if len(s):
                    fam.pending.append(s)
        # carry the state of each vessel's last row into the next batch
        last = np.r_[tracks.starts[1:], len(tracks)] - 1
        vc = tracks.vessel[last]
        self.last_ts[vc] = tracks.ts[last]
        self.last_lat[vc] = tracks.lat[last]
        self.last_lon[vc] = tracks.lon[last]
        self.last_speed[vc] = tracks.speed_kn[last]
        self.label[vc] = states.label[last]
        self.loiter_start[vc] = np.where(runs.in_run[last], runs.run_start_ts[last], np.nan)
        began = visits.entry_row[last]
        fresh = ~virtual[began]  # the visit began in this batch: its first fix is here
        entry_lat = np.where(fresh, tracks.lat[began], self.visit_lat[vc])
        entry_lon = np.where(fresh, tracks.lon[began], self.visit_lon[vc])
        port_events = self._entry_positions(det._port_events(), tracks, visits)
        self.visit_entry[vc] = visits.entry_ts[last]
        self.visit_confirmed[vc] = visits.confirmed[last]
        self.visit_lat[vc], self.visit_lon[vc] = entry_lat, entry_lon
        for c, s_code in zip(vc.tolist(), tracks.source[last].tolist(), strict=True):
            self.last_source[c] = s_code
        self.clock = max(self.clock, float(t.max()))
        events = port_events + det._loiter_events() + det._swap_events()
        events.sort(key=lambda e: (e.when, str(e.kind), e.vessel_id))
        return events

    def _entry_positions(self, events: list[Event], tracks: Tracks, visits: Any) -> list[Event]:
        """Arrivals whose first fix inside came in an earlier batch: put them where it was."""
        virtual = tracks.virtual
        if virtual is None or not len(visits):
            return events
        late = {float(visits.ts[k]): int(tracks.vessel[visits.at_row[k]])
                for k in range(len(visits))
                if visits.arrival[k] and virtual[visits.at_row[k]]}  # fmt: skip
        if not late:
            return events
        out = []
        for e in events:
            code = late.get(e.when) if e.kind is EventKind.PORT_ARRIVAL else None
            if code is not None and self._names[code] == e.vessel_id:
                e = replace(e, lat=float(self.visit_lat[code]), lon=float(self.visit_lon[code]))
            out.append(e)
        return out

    def _source_codes(self, source: Sequence[str] | None, n: int) -> npt.NDArray[np.int8]:
        names = ["vms"] if source is None else source
        for s in set(names).difference(self.source_codes):
            if len(self.source_names) >= 127:
                raise ValueError("more than 127 position sources")
            self.source_codes[s] = len(self.source_names)
            self.source_names.append(s)
        if source is None:
            return np.full(n, self.source_codes["vms"], dtype=np.int8)
        return np.fromiter(map(self.source_codes.__getitem__, source), dtype=np.int8, count=n)

    def _zones(self) -> Any:
        if self.zones is None:
            from services.zones import active_zones

            return active_zones()
        return self.zones

    # ---- pairs ---------------------------------------------------------------------------
    def tick(self, final: bool = False) -> list[Event]:
        """Join the complete bins of every pair family; ``final`` joins all (end of a file)."""
        out: list[Event] = []
        for fam in self.families:
            out.extend(self._tick(fam, final))
        return out

    def take_samples(self) -> list[tuple[PairFamily, Samples]]:
        """The pair samples made since the last call, for a pair stage elsewhere to join.

        Vessels are codes into :attr:`names`. Used instead of :meth:`tick`, never with it.
        """
        out = []
        for fam in self.families:
            if fam.pending:
                out.append((fam.family, Samples.concat(fam.pending)))
                fam.pending = []
        return out

    @property
    def names(self) -> npt.NDArray[Any]:
        """Vessel id of each code."""
        return self._names_arr

    def progress(self, partitions: Sequence[int]) -> dict[int, dict[str, list[list[float]]]]:
        """Per partition of positions and pair family: what a cell stage needs to know.

        Its vessels that may still report (their last fix within ``pair_max_gap_h`` of this
        worker's :attr:`clock`), grouped by the first bin they may still add a sample to:
        ``[bin, newest last fix of the group]``. A cell stage keeps the groups still active
        on the clock of *all* workers and takes the lowest bin
        (:func:`services.events.cells.complete_before`); over every partition that is the
        rule :meth:`tick` applies here. At most ``pair_max_gap_h / step`` groups each.
        """
        n = len(self._names)
        lt, part = self.last_ts[:n], self.partition[:n]
        with np.errstate(invalid="ignore"):
            active = lt >= self.clock - self.params.pair_max_gap_h * 3600
        out: dict[int, dict[str, list[list[float]]]] = {}
        for p in partitions:
            t = lt[active & (part == p)]
            groups: dict[str, list[list[float]]] = {}
            for fam in self.families:
                k = np.ceil(t / fam.step_s)
                if not k.size:
                    groups[fam.family.name] = []
                    continue
                order = np.argsort(k, kind="stable")
                ks, ts = k[order], t[order]
                cut = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
                newest = np.maximum.reduceat(ts, cut)
                pairs = zip(ks[cut].tolist(), newest.tolist(), strict=True)
                groups[fam.family.name] = [[float(x), float(y)] for x, y in pairs]
            out[int(p)] = groups
        return out

    def unheard(self, partitions: Sequence[int]) -> list[int]:
        """The ``partitions`` no fix was fed from yet: their marks say nothing of the clock.

        Such a partition may hold a backlog this worker has not read yet (a fetch that served
        another partition first); a cell stage holds its bins for it as for a worker that read
        nothing (:func:`services.events.cells.complete_before`).
        """
        return [p for p in partitions if p not in self.heard]

    def _tick(self, fam: _PairFamily, final: bool) -> list[Event]:
        if not fam.pending:
            return []
        s = Samples.concat(fam.pending)
        cutoff = int(s.bin.max()) + 1 if final else self._complete_before(fam.step_s)
        late = s.bin < fam.done_bin
        if late.any():
            fam.late += int(late.sum())
        ready = ~late & (s.bin < cutoff)
        wait = ~late & ~ready
        fam.pending = [s.take(np.flatnonzero(wait))] if wait.any() else []
        if not ready.any():
            return []
        rec = pairs_in_bins(s.take(np.flatnonzero(ready)), fam.within_m)
        fam.done_bin = max(fam.done_bin, cutoff)
        return fam.follower.follow(rec, cutoff, self._names)

    def _complete_before(self, step_s: float) -> int:
        """First bin some vessel may still add a sample to.

        A vessel that reported within ``pair_max_gap_h`` of the feed clock may still send the
        fix that closes its current segment, and that segment covers the instants from its
        last fix on; a vessel silent for longer can add nothing (its next segment is too long
        to interpolate). So bins before the oldest "last fix" of the active vessels are final.
        """
        lt = self.last_ts[: len(self._names)]
        with np.errstate(invalid="ignore"):
            active = lt >= self.clock - self.params.pair_max_gap_h * 3600
        if not active.any():
            return math.floor(self.clock / step_s)
        return math.ceil(float(lt[active].min()) / step_s)


def _grow(arr: npt.NDArray[Any], cap: int, fill: float) -> npt.NDArray[Any]:
    out = np.full(cap, fill, dtype=arr.dtype)
    out[: len(arr)] = arr
    return out


class LiveFeed:
    """What the position flow holds: a buffer filled on the hot path, drained on a timer.

    Offering a batch only keeps a reference to its columns; :meth:`drain` (the worker calls it
    every ``events_live_interval_s``) runs the detectors on everything offered since, in one
    call: a few dozen whole-column operations per drain instead of per batch, off the path
    that acknowledges fixes. The port registry in force is re-read when it changes.
    """

    def __init__(self, params: EventParams, zones: Any = None,
                 kinds: Sequence[str] = LIVE_KINDS) -> None:  # fmt: skip
        from services.ports import get_registry

        self.params = params
        self._registry = get_registry()
        self.live = LiveEvents(PortSet.from_registry(self._registry, params), params, zones, kinds)
        self._buffer: list[Any] = []
        self.offered = 0

    def offer(self, fixes: Any, partition: int = -1) -> None:
        """Keep a decoded batch (``streams.positions.decode.FixColumns``) for the next drain."""
        if len(fixes):
            self._buffer.append((fixes, partition))
            self.offered += len(fixes)

    def drain(self, final: bool = False, join_pairs: bool = True) -> list[Event]:
        """Run the detectors on what was offered; the events found (per-vessel and pairs).

        ``join_pairs=False`` leaves the pair samples for :meth:`LiveEvents.take_samples`.
        """
        from services.ports import get_registry

        registry = get_registry()
        if registry is not self._registry:
            self._registry = registry
            self.live.ports = PortSet.from_registry(registry, self.params)
        offered, self._buffer = self._buffer, []
        batches = [b for b, _ in offered]
        events: list[Event] = []
        if batches:
            vessel = [v for b in batches for v in b.vessel_id]
            source = [s for b in batches for s in b.source]
            part = np.repeat(np.asarray([p for _, p in offered], dtype=np.int32),
                             [len(b) for b in batches])  # fmt: skip
            events = self.live.feed(
                vessel, np.concatenate([b.ts for b in batches]),
                np.concatenate([b.lat for b in batches]), np.concatenate([b.lon for b in batches]),
                np.concatenate([b.speed_kn for b in batches]), source, part,
            )  # fmt: skip
        return events + self.live.tick(final) if join_pairs else events
