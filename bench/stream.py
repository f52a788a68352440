"""Stream throughput and alert latency: producer → Tansu → one faust worker → alerts topic.

Run from the repository root: ``python bench/stream.py [--vessels 10000] [--fixes 1000000]
[--rate 2000] [--latency-s 30]``. Starts its own Tansu broker and one worker process (SQLite in
a temporary directory, a unique topic prefix), stops both at the end, prints figures only.

Phase 1 (throughput) pre-loads ``--fixes`` fixes for ``--vessels`` boats (tracks across the
region, a share starting near or inside foreign waters so alerts happen), then starts the
worker and counts what it *processed*: the fixes inside the records below the consumer
group's committed offsets (an offset is committed only after the batch's database writes).
Phase 2 (latency) publishes at a fixed ``--rate``; a share of the fixes come from new boats
inside foreign waters, and every alert read back from the alerts topic is matched to the
publish time of the fix that caused it. Targets on the 2-core box: >= 50,000 fixes/s, p99 < 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from bisect import bisect_left
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra.broker import EmbeddedBroker  # noqa: E402
from infra.kafka import position_batches  # noqa: E402

START_TS = datetime(2026, 11, 20, tzinfo=UTC).timestamp()
STEP_S = 60.0  # event time between two fixes of one boat


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def _sea_points(
    n: int, rng: np.random.Generator, risky_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Start positions at sea in the region: mostly safe waters, ``risky_share`` near borders."""
    import geo
    from services.zones import active_zones

    zones = active_zones()
    lon = rng.uniform(103.0, 118.0, n * 8)
    lat = rng.uniform(5.0, 21.5, n * 8)
    risk = np.asarray(geo.classify(lon, lat, zones=zones).risk)
    safe = np.flatnonzero(risk == int(geo.Risk.SAFE))
    near = np.flatnonzero((risk != int(geo.Risk.SAFE)) & (risk != int(geo.Risk.INVALID)))
    n_near = min(len(near), int(n * risky_share))
    pick = np.concatenate([rng.choice(near, n_near, replace=False), rng.choice(safe, n - n_near)])
    return lon[pick], lat[pick]


def _foreign_points(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    import geo
    from services.zones import active_zones

    lon = rng.uniform(103.0, 118.0, 20_000)
    lat = rng.uniform(5.0, 21.5, 20_000)
    risk = np.asarray(geo.classify(lon, lat, zones=active_zones()).risk)
    inside = np.flatnonzero(risk == int(geo.Risk.INSIDE_FOREIGN))
    pick = rng.choice(inside, n)
    return lon[pick], lat[pick]


class Fleet:
    """Boats sailing straight at 4–10 kn, one fix a minute of event time each."""

    def __init__(self, vessels: int, rng: np.random.Generator, risky_share: float) -> None:
        self.ids = [f"BV-{i:05d}-TS" for i in range(vessels)]
        self.lon0, self.lat0 = _sea_points(vessels, rng, risky_share)
        self.speed_kn = rng.uniform(4.0, 10.0, vessels).round(1)
        self.course_deg = rng.uniform(0.0, 360.0, vessels).round(1)
        rad = np.radians(self.course_deg)
        step_deg = self.speed_kn * STEP_S / 3600.0 / 60.0
        self.dlat = step_deg * np.cos(rad)
        self.dlon = step_deg * np.sin(rad) / np.cos(np.radians(self.lat0))

    def step(self, k: int, members: np.ndarray | None = None) -> list[dict[str, Any]]:
        idx = np.arange(len(self.ids)) if members is None else members
        ts = datetime.fromtimestamp(START_TS + k * STEP_S, UTC).isoformat()
        lat = (self.lat0[idx] + k * self.dlat[idx]).round(5).tolist()
        lon = (self.lon0[idx] + k * self.dlon[idx]).round(5).tolist()
        sp, co = self.speed_kn[idx].tolist(), self.course_deg[idx].tolist()
        ids = self.ids
        return [
            {
                "vessel_id": ids[j],
                "ts": ts,
                "lat": la,
                "lon": lo,
                "speed_kn": s,
                "course_deg": c,
                "source": "vms",
            }
            for j, la, lo, s, c in zip(idx.tolist(), lat, lon, sp, co, strict=True)
        ]


def register_fleet(fleet: Fleet) -> None:
    """The province's own boats are in the registry (newcomers in phase 2 are not)."""
    from sqlalchemy import insert

    from infra.db.base import session_scope
    from infra.db.models import Vessel

    now = datetime.now(UTC)
    with session_scope() as session:
        session.execute(
            insert(Vessel),
            [
                {
                    "vessel_id": v,
                    "registered": True,
                    "high_risk": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for v in fleet.ids
            ],
        )


def _stored_counts() -> tuple[int, int]:
    """History rows and dead letters in the database: every fix once, none lost or doubled."""
    from sqlalchemy import func, select

    from infra.db.base import session_scope
    from infra.db.models import DeadLetterRow, PositionRow

    with session_scope() as session:
        rows = session.scalar(select(func.count()).select_from(PositionRow)) or 0
        dead = session.scalar(select(func.count()).select_from(DeadLetterRow)) or 0
    return int(rows), int(dead)


def _committed(admin: Any, group: str, topic: str) -> dict[int, int]:
    offsets = admin.list_group_offsets({group: None}).get(group, {})
    return {
        tp.partition: om.offset
        for tp, om in offsets.items()
        if tp.topic == topic and om.offset >= 0
    }


def throughput_phase(
    args: argparse.Namespace, settings: Any, fleet: Fleet, start_worker: Any, broker_pid: int
) -> tuple[int, dict[str, float]]:
    from kafka import KafkaAdminClient, KafkaProducer

    topic = settings.topic("positions")
    steps = max(1, args.fixes // len(fleet.ids))
    producer = KafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap,
        acks=1,
        linger_ms=20,
        max_request_size=8 * 1024 * 1024,
        batch_size=1 << 20,
    )
    futures: list[tuple[Any, int]] = []
    t0 = time.perf_counter()
    for k in range(0, steps, 2):
        fixes = fleet.step(k) + (fleet.step(k + 1) if k + 1 < steps else [])
        for partition, value in position_batches(fixes, settings.topic_partitions):
            futures.append(
                (
                    producer.send(topic, value=value, partition=partition),
                    value.count(b'"vessel_id"'),
                )
            )
    producer.flush()
    counts: dict[int, dict[int, int]] = {}
    for fut, n in futures:
        meta = fut.get(timeout=60)
        counts.setdefault(meta.partition, {})[meta.offset] = n
    producer.close()
    total = sum(n for _, n in futures)
    elapsed_s = time.perf_counter() - t0
    print(f"pre-loaded {total:,} fixes in {len(futures):,} records in {elapsed_s:.1f} s")
    # cumulative fixes below each offset, per partition
    cum = {p: (sorted(c), [0, *accumulate(c[o] for o in sorted(c))]) for p, c in counts.items()}

    def processed(committed: dict[int, int]) -> int:
        return sum(
            cum[p][1][bisect_left(cum[p][0], off)] for p, off in committed.items() if p in cum
        )

    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap, request_timeout_ms=10_000)
    proc = start_worker()
    spy: subprocess.Popen[bytes] | None = None

    def start_spy() -> subprocess.Popen[bytes]:
        """Sample the worker from its first commit on: the steady phase, not its start-up."""
        exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        return subprocess.Popen(
            [exe, "record", "--format", "raw", "--rate", "50", "--nonblocking",
             *(["--gil"] if args.profile_gil else []), "-o", args.profile, "--pid", str(proc.pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip

    t_start = time.perf_counter()
    samples: list[tuple[float, int]] = []
    deadline = t_start + args.timeout_s
    cpu_at_first: tuple[float, float, float] | None = None  # from the first commit on
    while time.perf_counter() < deadline:
        time.sleep(0.5)
        if proc.poll() is not None:
            raise SystemExit("worker exited during the throughput phase")
        done = processed(_committed(admin, settings.app_id, topic))
        samples.append((time.perf_counter(), done))
        if done and cpu_at_first is None:
            cpu_at_first = (time.perf_counter(), _cpu_s(proc.pid), _cpu_s(broker_pid))
            if args.profile:  # needs py-spy
                spy = start_spy()
        if done >= total:
            break
    admin.close()
    cpu: dict[str, float] = {}
    cpu_per_fix_us = float("nan")
    if cpu_at_first is not None:
        wall_s = max(1e-9, time.perf_counter() - cpu_at_first[0])
        cpu["worker"] = (_cpu_s(proc.pid) - cpu_at_first[1]) / wall_s
        cpu["broker"] = (_cpu_s(broker_pid) - cpu_at_first[2]) / wall_s
        first_done = next((n for _, n in samples if n > 0), 0)
        if samples[-1][1] > first_done:  # CPU per fix: steadier than fixes/s on a shared box
            worker_cpu_s = cpu["worker"] * wall_s
            cpu_per_fix_us = 1e6 * worker_cpu_s / (samples[-1][1] - first_done)
    if spy is not None:
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=30)
    first = next((t for t, n in samples if n > 0), None)
    done = samples[-1][1] if samples else 0
    figures: dict[str, float] = {"fixes_processed": done, "startup_s": (first or t_start) - t_start}
    lo = next((s for s in samples if s[1] >= 0.1 * total), None)
    hi = next((s for s in samples if s[1] >= 0.9 * total), None)
    if first is not None and done:
        figures["overall_fixes_per_s"] = done / max(1e-9, samples[-1][0] - first)
    if lo and hi and hi[0] > lo[0]:
        figures["sustained_fixes_per_s"] = (hi[1] - lo[1]) / (hi[0] - lo[0])
    figures.update({f"{k}_cpu_cores": v for k, v in cpu.items()})
    figures["worker_cpu_us_per_fix"] = cpu_per_fix_us
    return steps, figures


def latency_phase(
    args: argparse.Namespace, settings: Any, fleet: Fleet, first_step: int, rng: np.random.Generator
) -> dict[str, float]:
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition

    alerts_topic = settings.topic("alerts")
    # a short fetch wait: Tansu answers waiting fetches only when the wait runs out
    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10
    )
    tps = [TopicPartition(alerts_topic, p) for p in range(settings.topic_partitions)]
    consumer.assign(tps)
    consumer.seek_to_end(*tps)
    for tp in tps:
        consumer.position(tp)
    received: list[tuple[float, dict[str, Any]]] = []
    stop = threading.Event()

    def collect() -> None:
        while not stop.is_set():
            for batch in consumer.poll(timeout_ms=100).values():
                now = time.time()
                received.extend((now, json.loads(m.value)) for m in batch)

    reader = threading.Thread(target=collect, daemon=True)
    reader.start()
    producer = KafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap,
        acks=1,
        linger_ms=2,
        max_request_size=8 * 1024 * 1024,
    )
    tick_s = 0.05
    per_tick = max(1, round(args.rate * tick_s))
    n_alerting = max(1, round(per_tick * args.alert_share))
    lon_f, lat_f = _foreign_points(int(args.latency_s / tick_s) * n_alerting + 1, rng)
    sent_at: dict[tuple[str, float], float] = {}
    cursor, step, newcomer, sent = 0, first_step, 0, 0
    tag = uuid.uuid4().hex[:4]
    t_end = time.perf_counter() + args.latency_s
    next_tick = time.perf_counter()
    while time.perf_counter() < t_end:
        members = np.arange(cursor, min(cursor + per_tick - n_alerting, len(fleet.ids)))
        fixes = fleet.step(step, members)
        cursor += len(members)
        if cursor >= len(fleet.ids):  # every boat has reported this step: on to the next one
            cursor, step = 0, step + 1
        ts_iso = datetime.fromtimestamp(START_TS + step * STEP_S, UTC).isoformat()
        for _ in range(n_alerting):  # a new boat, first seen inside foreign waters
            fixes.append(
                {
                    "vessel_id": f"BA-{tag}-{newcomer:06d}",
                    "ts": ts_iso,
                    "lat": round(float(lat_f[newcomer]), 5),
                    "lon": round(float(lon_f[newcomer]), 5),
                    "speed_kn": 6.0,
                    "course_deg": 90.0,
                    "source": "vms",
                }
            )
            newcomer += 1
        now = time.time()
        for fix in fixes:
            sent_at[(fix["vessel_id"], datetime.fromisoformat(fix["ts"]).timestamp())] = now
        for partition, value in position_batches(fixes, settings.topic_partitions):
            producer.send(settings.topic("positions"), value=value, partition=partition)
        producer.flush()
        sent += len(fixes)
        next_tick += tick_s
        time.sleep(max(0.0, next_tick - time.perf_counter()))
    elapsed = args.latency_s
    time.sleep(args.drain_s)
    stop.set()
    reader.join(timeout=5)
    consumer.close()
    producer.close()
    lat_recv: list[float] = []
    lat_created: list[float] = []
    kinds: dict[str, int] = {}
    by_kind: dict[str, list[float]] = {}
    for recv, alert in received:
        key = (alert.get("vessel_id"), datetime.fromisoformat(alert["ts"]).timestamp())
        if key in sent_at:
            lat_recv.append(recv - sent_at[key])
            by_kind.setdefault(alert["kind"], []).append(recv - sent_at[key])
            lat_created.append(
                datetime.fromisoformat(alert["created_at"]).timestamp() - sent_at[key]
            )
            kinds[alert["kind"]] = kinds.get(alert["kind"], 0) + 1
    out: dict[str, float] = {
        "fixes_sent": sent,
        "rate_fixes_per_s": sent / elapsed,
        "alerts_matched": len(lat_recv),
        "newcomers": newcomer,
    }
    out.update({f"alerts_{k}": v for k, v in sorted(kinds.items())})
    for kind, values in sorted(by_kind.items()):  # which alerts wait, and for what
        out[f"p99_s_{kind}"] = float(np.percentile(np.asarray(values), 99))
    for name, values in (("alert_topic", lat_recv), ("created_at", lat_created)):
        if values:
            arr = np.asarray(values)
            out[f"{name}_p50_s"] = float(np.percentile(arr, 50))
            out[f"{name}_p99_s"] = float(np.percentile(arr, 99))
            out[f"{name}_max_s"] = float(arr.max())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--vessels", type=int, default=10_000)
    parser.add_argument(
        "--fixes", type=int, default=1_000_000, help="fixes pre-loaded for the throughput phase"
    )
    parser.add_argument(
        "--risky-share", type=float, default=0.15, help="boats starting near/inside foreign waters"
    )
    parser.add_argument("--rate", type=float, default=2000.0, help="fixes/s in the latency phase")
    parser.add_argument("--latency-s", type=float, default=30.0)
    parser.add_argument(
        "--alert-share", type=float, default=0.01, help="share of latency-phase fixes that alert"
    )
    parser.add_argument("--drain-s", type=float, default=3.0)
    parser.add_argument(
        "--timeout-s", type=float, default=180.0, help="give up on the throughput phase after this"
    )
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument(
        "--profile", metavar="FILE", help="py-spy the worker in phase 1 (collapsed stacks)"
    )
    parser.add_argument(
        "--profile-gil", action="store_true", help="sample only the thread holding the GIL"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (logs, database)"
    )
    args = parser.parse_args()

    print(f"load average before: {os.getloadavg()}; {os.cpu_count()} CPUs")
    workdir = Path(tempfile.mkdtemp(prefix="seawatch-bench-"))
    broker = EmbeddedBroker(log_path=workdir / "tansu.log").start()
    procs: list[subprocess.Popen[bytes]] = []
    tag = uuid.uuid4().hex[:8]
    env = {
        "SEAWATCH_KAFKA_BOOTSTRAP": broker.bootstrap,
        "SEAWATCH_DATABASE_URL": f"sqlite:///{workdir / 'seawatch.sqlite'}",
        "SEAWATCH_DATA_DIR": str(workdir / "var"),
        "SEAWATCH_TOPIC_PREFIX": f"bench{tag}",
        "SEAWATCH_APP_ID": f"seawatch-bench-{tag}",
        "SEAWATCH_TOPIC_PARTITIONS": str(args.partitions),
    }
    os.environ.update(env)
    try:
        from infra.db.migrate import upgrade_head
        from infra.kafka import ensure_topics
        from infra.settings import get_settings

        get_settings.cache_clear()
        settings = get_settings()
        upgrade_head(settings.sqlalchemy_url)
        ensure_topics(settings)

        def start_worker() -> subprocess.Popen[bytes]:
            log = open(workdir / "worker.log", "ab")  # noqa: SIM115
            proc = subprocess.Popen(
                [sys.executable, "-m", "streams", "worker", "--without-web", "-l", "warn"],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()
            procs.append(proc)
            return proc

        rng = np.random.default_rng(7)
        fleet = Fleet(args.vessels, rng, args.risky_share)
        register_fleet(fleet)
        assert broker.proc is not None
        steps, tput = throughput_phase(args, settings, fleet, start_worker, broker.proc.pid)
        rss_worker = _rss_mb(procs[0].pid)
        print("throughput phase:")
        for key, value in tput.items():
            print(f"  {key:24s} {value:12,.1f}")
        lat = latency_phase(args, settings, fleet, steps, rng)
        print(f"latency phase ({args.rate:g} fixes/s target, {args.latency_s:g} s):")
        for key, value in lat.items():
            print(f"  {key:24s} {value:12,.3f}")
        stored, dead = _stored_counts()
        sent = int(tput["fixes_processed"] + lat["fixes_sent"])
        print(f"integrity: {stored:,} history rows for {sent:,} fixes sent; {dead:,} dead letters")
        rss_end, rss_broker = _rss_mb(procs[0].pid), broker.rss_mb() or float("nan")
        print(f"worker RSS {rss_worker:.0f} → {rss_end:.0f} MB; broker RSS {rss_broker:.0f} MB")
        print(f"load average after: {os.getloadavg()}")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        broker.stop()
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
