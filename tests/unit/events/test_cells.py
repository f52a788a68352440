"""Pairs across workers: cell keying finds each close pair exactly once, and the cell and pair
stages fed by several position workers find what one worker finds alone."""

from __future__ import annotations

import numpy as np
import pytest

from infra.kafka import partition_for
from services.events.cells import CellGrid, CellJoiner, PairStage, pair_partition
from services.events.live import LiveEvents
from services.events.model import Event
from services.events.pairs import PairRecords, Samples, pairs_in_bins
from services.events.params import EventParams
from services.events.runs import pair_families
from services.events.tracks import distance_m
from services.vocabulary import EventKind
from tests.unit.events.test_live import PORTS, _scenario
from tests.unit.events.tracks import T0, Fixes, offset

P = EventParams()
ENC = pair_families(P, ["encounter"])[0]
D = ENC.within_m


def _through_cells(
    grid: CellGrid, vessels: list[str], bins: list[int], lat: list[float], lon: list[float]
) -> list[tuple[str, str, int]]:
    """Every close pair the cell partitions report, once per report (ids in order)."""
    s = Samples(np.arange(len(vessels), dtype=np.int32), np.asarray(bins, dtype=np.int64),
                np.asarray(lat), np.asarray(lon), np.zeros(len(vessels), np.float32))  # fmt: skip
    found = []
    joiners = {q: CellJoiner(grid, q, 1, [ENC], 4 * 3600.0) for q in range(grid.partitions)}
    for q, idx in grid.split(s, D):
        joiners[q].add("encounter", [vessels[i] for i in idx], s.bin[idx], s.lat[idx],
                       s.lon[idx], seq=0)  # fmt: skip
    for j in joiners.values():
        j.mark(0, {"encounter": []}, float(max(bins) + 1) * ENC.step_s)
        for out in j.close():
            found += [(out.a[k], out.b[k], int(out.records.bin[k])) for k in range(len(out.a))]
    return found


def _truth(vessels: list[str], bins: list[int], lat: list[float], lon: list[float]) -> set:  # type: ignore[type-arg]
    s = Samples(np.arange(len(vessels), dtype=np.int32), np.asarray(bins, dtype=np.int64),
                np.asarray(lat), np.asarray(lon), np.zeros(len(vessels), np.float32))  # fmt: skip
    rec = pairs_in_bins(s, D)
    cols = zip(rec.a.tolist(), rec.b.tolist(), rec.bin.tolist(), strict=True)
    return {(*sorted((vessels[a], vessels[b])), int(bn)) for a, b, bn in cols}


@pytest.mark.parametrize("partitions", [1, 3, 4, 16])
def test_pairs_at_cell_edges_and_corners_are_found_once(partitions: int) -> None:
    grid = CellGrid(5_000.0, partitions)
    c = grid.cell_deg
    x0, y0 = 2200 * c, 300 * c  # a cell corner near 110.0 E, 13.5 N
    rng = np.random.default_rng(7)
    vessels, bins, lat, lon = [], [], [], []
    # around the corner and along both edges: 400 boats within a few hundred metres of them
    for k in range(400):
        where = k % 3
        dy = rng.uniform(-600, 600) / 111_320.0
        dx = rng.uniform(-600, 600) / 111_320.0
        if where == 1:  # along the vertical edge, anywhere up the cell
            dy = rng.uniform(0, c)
        elif where == 2:  # along the horizontal edge
            dx = rng.uniform(0, c)
        vessels.append(f"V{k:03d}")
        bins.append(int(k % 2))
        lat.append(y0 + dy)
        lon.append(x0 + dx)
    found = _through_cells(grid, vessels, bins, lat, lon)
    truth = _truth(vessels, bins, lat, lon)
    assert len(truth) > 1000  # the test has many pairs straddling edges and the corner
    assert len(found) == len(set(found))  # never twice
    assert set(found) == truth


def test_a_pair_across_the_corner_just_within_is_found_just_over_is_not() -> None:
    grid = CellGrid(5_000.0, 4)
    c = grid.cell_deg
    lat0, lon0 = 300 * c, 2200 * c
    for within, expect in ((D - 0.5, 1), (D + 0.5, 0)):
        # two boats on the diagonal through the corner, each in another cell
        half = within / 2 / np.sqrt(2)
        a = offset(lat0, lon0, -half, -half)
        b = offset(lat0, lon0, half, half)
        d = float(distance_m(a[0], a[1], b[0], b[1]))
        assert abs(d - within) < 0.05
        cells = {grid.cells(*a), grid.cells(*b)}
        assert len(cells) == 2
        found = _through_cells(grid, ["A", "B"], [5, 5], [a[0], b[0]], [a[1], b[1]])
        assert len(found) == expect, (within, d, found)
        # the same along an edge (cells side by side)
        a = offset(lat0 + c / 2, lon0, 0.0, -within / 2)
        b = offset(lat0 + c / 2, lon0, 0.0, within / 2)
        found = _through_cells(grid, ["A", "B"], [5, 5], [a[0], b[0]], [a[1], b[1]])
        assert len(found) == expect


def test_a_sample_far_from_the_edges_is_not_copied() -> None:
    grid = CellGrid(20_000.0, 16)
    c = grid.cell_deg
    mid = Samples(np.zeros(1, np.int32), np.zeros(1, np.int64), np.asarray([70.5 * c]),
                  np.asarray([600.5 * c]), np.zeros(1, np.float32))  # fmt: skip
    assert len(grid.split(mid, D)) == 1
    corner = Samples(np.zeros(1, np.int32), np.zeros(1, np.int64), np.asarray([70.001 * c]),
                     np.asarray([600.001 * c]), np.zeros(1, np.float32))  # fmt: skip
    parts = grid.split(corner, D)
    assert sum(len(i) for _, i in parts) == len({p for p, _ in parts}) >= 1
    i, p = grid.route(corner.lat, corner.lon, D)
    assert len(i) == len(set(p.tolist())) and len(set(p.tolist())) <= 4


def _cluster(workers: int, partitions: int, f: Fixes, chunk: int, redeliver: bool = False,
             cell_m: float = 5_000.0, by_partition: bool = False) -> list[Event]:  # fmt: skip
    """Fixes partitioned by vessel over ``workers`` LiveEvents, then the cell and pair stages,
    message by message, as the stream does it; ``redeliver`` sends every message twice;
    ``by_partition``: the workers read one partition's fixes whole, then the next one's (each
    chunk is one partition: a fetch that served one partition's backlog first)."""
    grid = CellGrid(cell_m, partitions)
    fams = pair_families(P, ["encounter", "swap"])
    owned = {w: [p for p in range(partitions) if p % workers == w] for w in range(workers)}
    lives = {w: LiveEvents(PORTS, P) for w in range(workers)}
    gap = P.pair_max_gap_h * 3600
    cells = {q: CellJoiner(grid, q, partitions, fams, gap) for q in range(partitions)}
    stages = {r: PairStage(partitions, fams, P) for r in range(partitions)}
    cell_in: dict[int, list] = {q: [] for q in range(partitions)}  # type: ignore[type-arg]
    pair_in: dict[int, list] = {r: [] for r in range(partitions)}  # type: ignore[type-arg]
    events: list[Event] = []
    order = np.lexsort((np.arange(len(f.ts)), np.asarray(f.ts)))
    part = [partition_for(v, partitions) for v in f.vessel]
    chunks = [order[c0 : c0 + chunk].tolist() for c0 in range(0, len(order), chunk)]
    if by_partition:
        chunks = [[i for i in order.tolist() if part[i] == p] for p in range(partitions)]
    seq = 0
    for idx in chunks:
        for w, live in lives.items():
            mine = [i for i in idx if part[i] in owned[w]]
            if mine:
                live.feed([f.vessel[i] for i in mine], [f.ts[i] for i in mine],
                          [f.lat[i] for i in mine], [f.lon[i] for i in mine],
                          source=[f.source[i] for i in mine],
                          partition=[part[i] for i in mine])  # fmt: skip
            names = live.names
            for fam, s in live.take_samples():
                for q, take in grid.split(s, fam.within_m):
                    cell_in[q].append(("s", fam.name, names[s.vessel[take]].tolist(),
                                       s.bin[take], s.lat[take], s.lon[take]))  # fmt: skip
            marks = live.progress(owned[w])
            clock = live.clock if np.isfinite(live.clock) else None
            clocks = {p: None if p in live.unheard(owned[w]) else clock for p in owned[w]}
            for q in cell_in:
                cell_in[q].append(("m", marks, clocks))
        for q, joiner in cells.items():
            for msg in cell_in[q] * (2 if redeliver else 1):
                seq += 1
                if msg[0] == "s":
                    _, name, ids, bins, lat, lon = msg
                    joiner.add(name, ids, bins, lat, lon, seq)
                else:
                    for p, bound in msg[1].items():
                        joiner.mark(p, bound, msg[2][p])
            cell_in[q] = []
            for out in joiner.close():
                rec = out.records
                for r in range(partitions):
                    k = [i for i in range(len(out.a))
                         if pair_partition(out.a[i], out.b[i], partitions) == r]  # fmt: skip
                    if k:
                        pair_in[r].append(("r", out.family.name, [out.a[i] for i in k],
                                           [out.b[i] for i in k],
                                           rec.take(np.asarray(k, dtype=np.intp))))  # fmt: skip
            for r in pair_in:
                pair_in[r].append(("m", q, joiner.done()))
        for r, stage in stages.items():
            for msg in pair_in[r] * (2 if redeliver else 1):
                seq += 1
                if msg[0] == "r":
                    got: PairRecords = msg[4]
                    stage.add(msg[1], msg[2], msg[3], got.bin, got.dist_m, got.lat_a, got.lon_a,
                              got.lat_b, got.lon_b, seq=seq)  # fmt: skip
                else:
                    stage.mark(msg[1], msg[2])
            pair_in[r] = []
            events += stage.close()
    return events


def _alone(f: Fixes, chunk: int) -> list[Event]:
    order = np.lexsort((np.arange(len(f.ts)), np.asarray(f.ts)))
    live = LiveEvents(PORTS, P)
    found = []
    for c0 in range(0, len(order), chunk):
        idx = order[c0 : c0 + chunk].tolist()
        live.feed([f.vessel[i] for i in idx], [f.ts[i] for i in idx], [f.lat[i] for i in idx],
                  [f.lon[i] for i in idx], source=[f.source[i] for i in idx])  # fmt: skip
        found += live.tick()
    return [e for e in found if e.kind in (EventKind.ENCOUNTER, EventKind.DEVICE_SWAP)
            and e.other_vessel_id is not None]  # fmt: skip


@pytest.mark.parametrize(("workers", "chunk", "redeliver"),
                         [(1, 7, False), (2, 7, False), (3, 50, False), (2, 5, True)])  # fmt: skip
def test_workers_and_stages_find_what_one_worker_finds(
    workers: int, chunk: int, redeliver: bool
) -> None:
    f = _scenario()
    alone = _alone(f, chunk)
    assert {e.kind for e in alone} == {EventKind.ENCOUNTER, EventKind.DEVICE_SWAP}
    found = _cluster(workers, 4, f, chunk, redeliver)
    assert sorted(e.key for e in found) == sorted(e.key for e in alone)  # each exactly once
    by_key = {e.key: e for e in alone}
    for e in found:  # the same event, to the metre and the second
        want = by_key[e.key]
        assert (e.end, round(e.lat, 7), round(e.lon, 7)) == (want.end, round(want.lat, 7),
                                                             round(want.lon, 7))  # fmt: skip
        assert e.details == want.details


def test_a_partition_read_after_another_still_gives_its_pairs() -> None:
    """One worker owns every partition and reads one partition's backlog whole before the next
    (a fetch can serve them so, seen under load in tests/integration/stream/test_events_live.py).
    The partitions it has not heard from yet hold the cell stage: had they counted as idle, the
    bins would close on the first partition's samples alone and every pair across partitions
    would be lost."""
    f = _scenario()
    alone = _alone(f, 7)
    found = _cluster(1, 4, f, 1, by_partition=True)
    assert sorted(e.key for e in found) == sorted(e.key for e in alone)
    assert {e.kind for e in found} == {EventKind.ENCOUNTER, EventKind.DEVICE_SWAP}


def test_a_pair_followed_across_cells_is_one_run() -> None:
    """Two devices travelling together for 8 h cross many 5 km cells: one event, one start."""
    f = Fixes()
    f.leg("NT-90003-TS", T0, 12.0, 110.0, hours=8, every_min=30, speed_kn=7.0, course_deg=45)
    f.leg("VMS-DEV-9", T0, 12.0, 110.0, hours=8, every_min=30, speed_kn=7.0, course_deg=45,
          north_m=-300)  # fmt: skip
    alone = _alone(f, 3)
    assert [e.kind for e in alone] == [EventKind.DEVICE_SWAP]
    found = _cluster(2, 4, f, 3, cell_m=5_000.0)
    assert [e.key for e in found] == [alone[0].key]


def test_the_pair_stage_keeps_a_live_run_unacknowledged() -> None:
    """A run still going holds its first message: a restart reads it again, same start."""
    stage = PairStage(1, pair_families(P, ["encounter"]), P)
    stage.mark(0, {"encounter": 0})
    for k in range(3):
        stage.add("encounter", ["A"], ["B"], [k], [100.0], [14.0], [111.0], [14.0], [111.001],
                  seq=10 + k)  # fmt: skip
        stage.mark(0, {"encounter": k + 1})
        stage.close()
    assert stage.needed() == 10
    stage.mark(0, {"encounter": 5})  # bins 3 and 4 closed without the pair: the run ended
    stage.close()
    assert stage.needed() is None


def _two_workers(f: Fixes, held: int, partitions: int = 4) -> list[Event]:
    """Worker 0 owns the even partitions, worker 1 the odd ones; worker 1 reads its first fix
    only after worker 0 has read ``held`` fixes (a worker that started later, or lags), and
    sends clockless marks until then, as a worker that has read nothing does."""
    grid = CellGrid(20_000.0, partitions)
    fams = pair_families(P, ["encounter", "swap"])
    gap = P.pair_max_gap_h * 3600
    lives = [LiveEvents(PORTS, P), LiveEvents(PORTS, P)]
    owned = [[p for p in range(partitions) if p % 2 == w] for w in range(2)]
    cells = [CellJoiner(grid, q, partitions, fams, gap) for q in range(partitions)]
    stage = PairStage(partitions, fams, P)  # one pair partition is enough here
    order = np.lexsort((np.arange(len(f.ts)), np.asarray(f.ts))).tolist()
    part = [partition_for(v, partitions) for v in f.vessel]
    queue = [[i for i in order if part[i] % 2 == w] for w in range(2)]
    events: list[Event] = []
    read = [0, 0]
    while read[0] < len(queue[0]) or read[1] < len(queue[1]):
        for w, live in enumerate(lives):
            if w == 1 and read[0] < held:
                k = []
            else:
                k = queue[w][read[w] : read[w] + 3]
                read[w] += len(k)
            if k:
                live.feed([f.vessel[i] for i in k], [f.ts[i] for i in k],
                          [f.lat[i] for i in k], [f.lon[i] for i in k],
                          partition=[part[i] for i in k])  # fmt: skip
            names = live.names
            for fam, s in live.take_samples():
                for q, take in grid.split(s, fam.within_m):
                    cells[q].add(fam.name, names[s.vessel[take]].tolist(), s.bin[take],
                                 s.lat[take], s.lon[take], seq=0)  # fmt: skip
            for q in range(partitions):
                for p, groups in live.progress(owned[w]).items():
                    cells[q].mark(p, groups, live.clock if np.isfinite(live.clock) else None)
        for q, joiner in enumerate(cells):
            for out in joiner.close():
                if out.a:
                    rec = out.records
                    stage.add(out.family.name, out.a, out.b, rec.bin, rec.dist_m, rec.lat_a,
                              rec.lon_a, rec.lat_b, rec.lon_b, seq=0)  # fmt: skip
            stage.mark(q, joiner.done())
        events += stage.close()
    return events


def _meeting(hours: float, partitions: int = 4, same_worker: bool = False) -> Fixes:
    """Two boats drifting 250 m apart for ``hours`` (a VMS fix every 10 minutes), on
    partitions of different workers (or of the same one)."""
    ids = [f"QNg-9{n:04d}-TS" for n in range(200)]
    a = next(v for v in ids if partition_for(v, partitions) % 2 == 0)
    b = next(v for v in ids if partition_for(v, partitions) % 2 == (0 if same_worker else 1)
             and v != a)  # fmt: skip
    f = Fixes()
    f.leg(a, T0, 14.0, 111.0, hours=hours, every_min=10, speed_kn=0.5)
    f.leg(b, T0, *offset(14.0, 111.0, 250.0, 0.0), hours=hours, every_min=10, speed_kn=0.5)
    return f


def test_a_worker_that_has_read_nothing_yet_holds_the_bins_back() -> None:
    """Worker 1 reads its boat's three hours only after worker 0 has read all of its own:
    the bins wait for it, and the encounter is found, once. (Bins closed on worker 0's word
    alone took worker 1's samples as late, and the pair was lost: seen in the two-worker
    stream test.)"""
    f = _meeting(3.0)
    found = _two_workers(f, held=len(f.ts) // 2)
    assert [e.kind for e in found] == [EventKind.ENCOUNTER]
    assert {found[0].vessel_id, found[0].other_vessel_id} == set(f.vessel)


def test_a_worker_with_only_idle_partitions_delays_pairs_but_never_blocks_them() -> None:
    """Both boats belong to worker 0; worker 1 never reads a fix. Its clockless marks hold
    the bins only until the feed clock is pair_max_gap_h past the first clock heard: an
    eight-hour meeting is still found, once."""
    f = _meeting(8.0, same_worker=True)
    found = _two_workers(f, held=10**9)
    assert [e.kind for e in found] == [EventKind.ENCOUNTER]
    enc = found[0]
    assert enc.when == T0  # the run is the whole meeting, from its first bin
