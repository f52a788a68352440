"""CPU per fix of each stage of the worker's position path, in one process, no broker.

Run from the repository root: ``python bench/position_path.py [--vessels 10000]
[--fixes 1000000] [--repeat 3]``. The same fleet and records as ``bench/stream.py`` (boats
sailing straight, 15 % starting near or in foreign waters, one VMS fix a minute, 500 fixes per
record, grouped per partition), taken in the worker's batches of ``position_take_records``
records, through the calls the position agent makes, in order: decode, time screen, classify,
track, absorb (cache, silences, cadence, latest), behaviour events' offer and, once per
``events_live_interval_s`` of batches, their drain. The database and the broker are left out:
what this prints is the main thread's own CPU, the figure that bounds one worker (the writer
thread and the broker take the rest, measured by ``bench/stream.py``). With ``--db`` the
writer's work (history rows and latest positions into SQLite) is done and timed here too.

Thread CPU time (``time.thread_time``) is far steadier than wall time on a shared 2-core box,
so two commits can be compared from a few repeats. Prints figures only.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _records(vessels: int, fixes: int, partitions: int) -> list[tuple[int, bytes]]:
    from stream import Fleet  # bench/stream.py: the same boats and tracks

    from infra.kafka import position_batches

    rng = np.random.default_rng(7)
    fleet = Fleet(vessels, rng, 0.15)
    out: list[tuple[int, bytes]] = []
    for k in range(max(1, fixes // vessels)):
        out += position_batches(fleet.step(k), partitions)
    return out


def run(
    records: list[tuple[int, bytes]], take: int, drain_fixes: int, with_db: bool
) -> dict[str, float]:
    from services.tracking.batch import track_batch
    from services.tracking.classify import classify_fixes
    from services.tracking.ports import at_sea_array
    from services.zones import active_zones
    from streams.pairs.agents import sample_messages
    from streams.positions import agents, events
    from streams.positions.decode import decode_position_records
    from streams.positions.screen import not_after_creation, screen_batch

    settings = agents.settings
    table: dict[str, Any] = {}  # stands in for the faust table (plain JSON objects)
    by_part: dict[int, list[bytes]] = defaultdict(list)
    for part, value in records:
        by_part[part].append(value)
    # interleave the partitions' batches as one worker's actors would take them
    batches: list[tuple[int, list[bytes]]] = []
    queues = {p: [v[i : i + take] for i in range(0, len(v), take)] for p, v in by_part.items()}
    while any(queues.values()):
        for p in sorted(queues):
            if queues[p]:
                batches.append((p, queues[p].pop(0)))
    stages = ["decode", "screen", "classify", "track", "table", "absorb", "offer", "drain", "db"]
    cpu = dict.fromkeys(stages, 0.0)
    n_fixes = n_alerts = 0
    since_drain = 0
    gc.collect()
    clock = time.thread_time
    for part, values in batches:
        t0 = clock()
        fixes, _rejects = decode_position_records(values, list(range(len(values))))
        t1 = clock()
        fixes, _ticks, _dead = screen_batch(agents.time_screen, fixes, [], part, time.time())
        t2 = clock()
        cls = classify_fixes(
            fixes, settings.warning_distance_nm, settings.prediction_horizon_min, active_zones()
        )
        t3 = clock()
        outcome = track_batch(
            fixes, cls, lambda vid: agents.cache.state_of(table, vid), agents.policy,
            datetime.now(UTC), name_vi=agents._country_name, at_sea=at_sea_array,
            fleet=agents.fleet, silence=agents.silences.silence,
        )  # fmt: skip
        outcome.alerts = not_after_creation(outcome.alerts, agents.time_screen, outcome.states)
        t4 = clock()
        for vid, state in agents.pacer.writes(part, outcome.table_updates, time.monotonic()):
            table[vid] = state.to_dict()
        t5 = clock()
        agents._absorb(fixes, outcome)
        t6 = clock()
        events.offer_fixes(fixes, part)
        t7 = clock()
        since_drain += len(fixes)
        if events.feed is not None and since_drain >= drain_fixes:
            since_drain = 0
            events.feed.drain(join_pairs=not settings.events_pair_cells)
            if settings.events_pair_cells:
                for _ in sample_messages(events.feed.live):  # encoded, not sent
                    pass
        t8 = clock()
        if with_db:  # the writer thread's work, here on this thread
            agents.store.write_history(outcome)
            agents.store.flush_latest()
        t9 = clock()
        marks = (t0, t1, t2, t3, t4, t5, t6, t7, t8, t9)
        for name, start, end in zip(stages, marks[:-1], marks[1:], strict=True):
            cpu[name] += end - start
        n_fixes += len(fixes)
        n_alerts += len(outcome.alerts)
        agents.store._latest.clear()  # flushed above, or left out
    out = {f"{k}_us_per_fix": v / n_fixes * 1e6 for k, v in cpu.items()}
    out["total_us_per_fix"] = sum(cpu.values()) / n_fixes * 1e6
    out["fixes"] = float(n_fixes)
    out["batches"] = float(len(batches))
    out["alerts"] = float(n_alerts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--vessels", type=int, default=10_000)
    parser.add_argument("--fixes", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3, help="runs, each in a new process")
    parser.add_argument(
        "--drain-fixes",
        type=int,
        default=50_000,
        help="fixes between two event drains (the worker drains once a second: ~50k fixes/s)",
    )
    parser.add_argument(
        "--db",
        action="store_true",
        help="also write history and latest positions (SQLite in a temporary directory)",
    )
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="seawatch-path-"))
    os.environ.setdefault("SEAWATCH_DATABASE_URL", f"sqlite:///{workdir / 'seawatch.sqlite'}")
    os.environ.setdefault("SEAWATCH_DATA_DIR", str(workdir / "var"))
    os.environ["SEAWATCH_TOPIC_PARTITIONS"] = str(args.partitions)
    # the faust app is created (never started) by the modules imported: it needs an address
    os.environ.setdefault("SEAWATCH_KAFKA_BOOTSTRAP", "127.0.0.1:9")
    if not args.once:
        print(f"load average before: {os.getloadavg()}; {os.cpu_count()} CPUs")
    if args.once:  # one fresh worker state: print its figures as JSON for the parent
        from infra.settings import get_settings

        records = _records(args.vessels, args.fixes, args.partitions)
        if args.db:
            from infra.db.migrate import upgrade_head

            upgrade_head(get_settings().sqlalchemy_url)
            from stream import Fleet, register_fleet

            # the province's boats are in the registry, as in bench/stream.py
            register_fleet(Fleet(args.vessels, np.random.default_rng(7), 0.15))
        take = get_settings().position_take_records
        print(json.dumps(run(records, take, args.drain_fixes, args.db)))
        return
    results = []
    for _ in range(args.repeat):  # a process each: caches, silences and cadence start empty
        done = subprocess.run(
            [sys.executable, __file__, "--once", *sys.argv[1:]],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for key in results[0]:
        values = [r[key] for r in results]
        if key in ("fixes", "batches", "alerts"):
            print(f"{key}: {int(values[0])}")
        else:
            print(f"{key}: min {min(values):.2f}  median {float(np.median(values)):.2f}")


if __name__ == "__main__":
    main()
