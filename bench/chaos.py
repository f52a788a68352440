"""Chaos: garbage, a killed worker, a locked database and a webhook receiver that goes away.

    python bench/chaos.py [--garbage 10000] [--good 20000] [--lock-s 10] [--down-s 20]

Runs the stream side of the stack (embedded Tansu, a stream worker, the webhook dispatcher, a
local signed-webhook receiver; SQLite in a temporary directory) and in one bounded run:

1. floods ``--garbage`` bad records of every kind the probe of issue 15 found (malformed JSON,
   not a position record, empty batches, invalid fixes, fixes dated 2100 and 1900, byte-identical
   copies, clock ticks from the future) among ``--good`` good fixes of a live fleet, and
   ``kill -9``s the worker half-way (a new one takes over);
2. locks the database (an exclusive SQLite transaction) for ``--lock-s`` while good fixes go on;
3. takes the webhook receiver down for ``--down-s`` while boats sail into foreign waters and
   raise alerts, then brings it back.

For each it prints what was sent and what was found (history rows, alerts, dead letters and
their counts, deliveries) and exits 1 on any loss, double count or false alert (a boat called
dark, a time after an alert's creation, a delivery missing or repeated). Figures, not tests:
``tests/`` keeps a smaller version of each case.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from infra.broker import EmbeddedBroker  # noqa: E402

FAILURES: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        FAILURES.append(what)


def wait_for(predicate: Callable[[], Any], timeout_s: float, every_s: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout_s
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every_s)
    return value


# --- the webhook receiver -------------------------------------------------------------------
class Receiver:
    """A desk's endpoint: verifies signatures, counts each delivery id, can be taken down."""

    def __init__(self, port: int, secret: str | None = None) -> None:
        self.port = port
        self.secret = secret
        self.deliveries: Counter[str] = Counter()  # delivery id -> times accepted
        self.alert_ids: Counter[str] = Counter()
        self.bad_signatures = 0
        self._server: ThreadingHTTPServer | None = None

    def up(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                from services.alerts.webhooks import DELIVERY_HEADER, verify

                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k: v for k, v in self.headers.items()}
                if receiver.secret is not None:
                    try:
                        verify(receiver.secret, body, headers)
                    except Exception:
                        receiver.bad_signatures += 1
                        self.send_response(401)
                        self.end_headers()
                        return
                receiver.deliveries[headers.get(DELIVERY_HEADER, "?")] += 1
                try:
                    alert = json.loads(body).get("alert") or json.loads(body)
                    receiver.alert_ids[str(alert.get("alert_id"))] += 1
                except ValueError:
                    pass
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- what is sent -----------------------------------------------------------------------------
def fix(vessel: str, when: datetime, lat: float, lon: float, speed: float = 4.0,
        course: float = 90.0) -> dict[str, Any]:  # fmt: skip
    return {"vessel_id": vessel, "ts": when.isoformat(), "lat": round(lat, 5),
            "lon": round(lon, 5), "speed_kn": speed, "course_deg": course,
            "source": "vms"}  # fmt: skip


def good_fixes(vessels: int, n: int, end: datetime) -> list[dict[str, Any]]:
    """``n`` fixes of ``vessels`` boats drifting slowly off Quảng Ngãi, a minute apart each."""
    per = max(1, n // vessels)
    out = []
    for k in range(per):
        when = end - timedelta(minutes=per - k)
        for v in range(vessels):
            lat = 14.8 + (v % 40) * 0.02
            lon = 109.5 + (v // 40) * 0.02 + k * 0.0002
            out.append(fix(f"QNg-{9000 + v:05d}-TS", when, lat, lon))
    return out[:n]


def garbage(n: int, now: datetime) -> tuple[list[bytes], Counter[str]]:
    """``n`` bad records of the probe's kinds, and how many bad *items* of each kind they hold."""
    from services.tracking.clock import ClockTick, tick_record

    kinds = ["malformed", "not_a_record", "empty", "invalid", "y2100", "y1900", "identical",
             "tick_2100", "mixed"]  # fmt: skip
    records: list[bytes] = []
    expect: Counter[str] = Counter()
    for i in range(n):
        kind = kinds[i % len(kinds)]
        vessel = f"XX-{i % 500:05d}-TS"
        if kind == "malformed":
            records.append(b'{"positions": [{"vessel_id": "' + str(i).encode())
            expect["malformed JSON"] += 1
        elif kind == "not_a_record":
            records.append(json.dumps({"hello": i}).encode())
            expect["not a position record"] += 1
        elif kind == "empty":
            records.append(b'{"positions": []}')
            expect["empty batch"] += 1
        elif kind == "invalid":
            records.append(json.dumps({"positions": [fix(vessel, now, 123.0, 109.0)]}).encode())
            expect["invalid position report"] += 1
        elif kind == "y2100":
            when = datetime(2100, 1, 1, tzinfo=UTC) + timedelta(minutes=i)
            records.append(json.dumps({"positions": [fix(vessel, when, 14.0, 110.0)]}).encode())
            expect["implausible time"] += 1
        elif kind == "y1900":
            when = datetime(1900, 1, 1, tzinfo=UTC) + timedelta(minutes=i)
            records.append(json.dumps({"positions": [fix(vessel, when, 14.0, 110.0)]}).encode())
            expect["implausible time"] += 1
        elif kind == "identical":  # byte-identical to every other one of its kind
            records.append(b"{this is not json at all")
            expect["malformed JSON"] += 1
        elif kind == "tick_2100":
            y2100 = datetime(2100, 1, 1, tzinfo=UTC).timestamp()
            records.append(tick_record(ClockTick("vms", y2100)))
            expect["implausible clock tick"] += 1
        else:  # three identical bad fixes in one record: one row, count 3
            bad = fix(vessel, now, 14.0, 200.0)
            records.append(json.dumps({"positions": [bad, bad, bad]}).encode())
            expect["invalid position report"] += 3
    return records, expect


def southbound(vessel: str, n: int, end: datetime, lat0: float = 7.5, lon: float = 108.9
               ) -> list[dict[str, Any]]:  # fmt: skip
    """A boat sailing due south at 16 kn, a fix every 5 minutes, into Indonesian waters (all
    of it within the last 4 hours: none of it is old enough to be a silence)."""
    step = 16.0 * (5 / 60) / 60.0
    start = end - timedelta(minutes=5 * n)
    return [fix(vessel, start + timedelta(minutes=5 * i), lat0 - i * step, lon, 16.0, 180.0)
            for i in range(n)]  # fmt: skip


# --- what is found ---------------------------------------------------------------------------
def db_counts() -> dict[str, Any]:
    from sqlalchemy import func, select

    from infra.db.base import session_scope
    from infra.db.models import AlertRow, DeadLetterRow, PositionRow, StreamCounterRow

    with session_scope() as s:
        history = s.scalar(select(func.count()).select_from(PositionRow)) or 0
        by_reason: Counter[str] = Counter()
        rows = 0
        for reason, count in s.execute(select(DeadLetterRow.reason, DeadLetterRow.count)):
            rows += 1
            by_reason[_family(reason)] += count
        alerts = list(s.execute(select(AlertRow.kind, AlertRow.ts, AlertRow.created_at,
                                       AlertRow.vessel_id)))  # fmt: skip
        counter = s.get(StreamCounterRow, "positions.redelivered")
        return {"history": history, "dead_rows": rows, "dead": by_reason, "alerts": alerts,
                "redelivered": counter.value if counter else 0}  # fmt: skip


def _family(reason: str) -> str:
    from services.deadletters import reason_family

    return reason_family(reason)


def stored_fixes(keys: set[tuple[str, str]]) -> tuple[int, int]:
    """(how many of ``keys`` (vessel, iso time) are in history, rows for those vessels)."""
    from sqlalchemy import select

    from infra.db.base import session_scope
    from infra.db.models import PositionRow

    vessels = {v for v, _ in keys}
    found: Counter[tuple[str, float]] = Counter()
    with session_scope() as s:
        for chunk_start in range(0, len(vessels), 500):
            chunk = sorted(vessels)[chunk_start : chunk_start + 500]
            for vid, ts in s.execute(select(PositionRow.vessel_id, PositionRow.ts)
                                     .where(PositionRow.vessel_id.in_(chunk))):  # fmt: skip
                found[(vid, (ts if ts.tzinfo else ts.replace(tzinfo=UTC)).timestamp())] += 1
    wanted = {(v, datetime.fromisoformat(t).timestamp()) for v, t in keys}
    return sum(1 for k in wanted if found[k]), sum(found.values())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--garbage", type=int, default=10_000)
    parser.add_argument("--good", type=int, default=20_000)
    parser.add_argument("--vessels", type=int, default=400)
    parser.add_argument("--lock-s", type=float, default=10.0)
    parser.add_argument("--down-s", type=float, default=20.0)
    parser.add_argument("--risky", type=int, default=6, help="boats sailing into foreign waters")
    parser.add_argument("--timeout-s", type=float, default=240.0, help="per phase")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    t_start = time.monotonic()
    print(f"load average before: {os.getloadavg()}; {os.cpu_count()} CPUs (shared machine)")
    workdir = Path(tempfile.mkdtemp(prefix="seawatch-chaos-"))
    broker = EmbeddedBroker(log_path=workdir / "tansu.log").start()
    procs: dict[str, subprocess.Popen[bytes]] = {}
    tag = uuid.uuid4().hex[:8]
    db_path = workdir / "seawatch.sqlite"
    env = {
        "SEAWATCH_KAFKA_BOOTSTRAP": broker.bootstrap,
        "SEAWATCH_DATABASE_URL": f"sqlite:///{db_path}",
        "SEAWATCH_DATA_DIR": str(workdir / "var"),
        "SEAWATCH_TOPIC_PREFIX": f"chaos{tag}",
        "SEAWATCH_APP_ID": f"seawatch-chaos-{tag}",
        "SEAWATCH_WORKER_METRICS_PORT": "0",
        "SEAWATCH_DISPATCHER_METRICS_PORT": "0",
    }
    os.environ.update(env)
    receiver = Receiver(free_port())

    def start(name: str, args_: list[str]) -> subprocess.Popen[bytes]:
        log = open(workdir / f"{name}.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen([sys.executable, *args_], cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        log.close()
        procs[name] = proc
        return proc

    def worker(name: str, commit_rarely: bool = False) -> subprocess.Popen[bytes]:
        os.environ["SEAWATCH_KAFKA_COMMIT_INTERVAL_S"] = "600" if commit_rarely else "1"
        os.environ["SEAWATCH_KAFKA_COMMIT_EVERY"] = "1000000" if commit_rarely else "1000"
        return start(name, ["-m", "streams", "worker", "--without-web", "-l", "warn"])

    try:
        from kafka import KafkaProducer

        from infra.db.base import session_scope
        from infra.db.migrate import upgrade_head
        from infra.kafka import KafkaPublisher, ensure_topics
        from infra.repositories.recipients import upsert_recipient
        from infra.settings import get_settings

        get_settings.cache_clear()
        settings = get_settings()
        upgrade_head(settings.sqlalchemy_url)
        ensure_topics(settings)
        with session_scope() as s:
            _, secret = upsert_recipient(s, "chaos-desk", {
                "name": "Bàn trực (chaos)", "role": "border_guard", "min_severity": "info",
                "webhook_url": f"http://127.0.0.1:{receiver.port}/hook",
            })  # fmt: skip
        receiver.secret = secret
        receiver.up()
        # the first worker commits its offsets rarely, so killing it leaves records to replay
        worker("worker-1", commit_rarely=True)
        start("delivery", ["-m", "services.cli.main", "deliver", "--poll-s", "0.5",
                           "--max-backoff-s", "5"])  # fmt: skip
        topic = settings.topic("positions")
        raw = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks=1, linger_ms=5)
        now = datetime.now(UTC).replace(microsecond=0)

        # --- 1. garbage among good fixes, a worker killed half-way ------------------------
        print(f"\n1. garbage flood + kill -9 mid-stream ({args.garbage:,} bad records, "
              f"{args.good:,} good fixes, {args.vessels} boats)")  # fmt: skip
        bad_records, expect = garbage(args.garbage, now)
        good = good_fixes(args.vessels, args.good, now - timedelta(minutes=10))
        good_keys = {(f["vessel_id"], f["ts"]) for f in good}
        t1 = time.monotonic()
        killed_at = 0
        with KafkaPublisher(settings) as pub:
            chunk = max(1, len(good) // 40)
            bad_chunk = max(1, len(bad_records) // 40)
            for k in range(40):
                pub.publish_positions(good[k * chunk : (k + 1) * chunk])
                for i, value in enumerate(bad_records[k * bad_chunk : (k + 1) * bad_chunk]):
                    raw.send(topic, value=value, partition=(k + i) % settings.topic_partitions)
                if k == 20:  # mid-stream, once it has stored a quarter: no goodbye, no commit
                    pub.flush()
                    raw.flush()
                    wait_for(lambda: db_counts()["history"] >= len(good) // 4, args.timeout_s)
                    killed_at = db_counts()["history"]
                    procs["worker-1"].send_signal(signal.SIGKILL)
                    procs["worker-1"].wait(timeout=10)
                    worker("worker-2")
            pub.publish_positions(good[40 * chunk :])
            for i, value in enumerate(bad_records[40 * bad_chunk :]):
                raw.send(topic, value=value, partition=i % settings.topic_partitions)
            raw.flush()
        total_bad = sum(expect.values())
        found = wait_for(
            lambda: (
                (c := db_counts())
                and sum(c["dead"].values()) >= total_bad
                and stored_fixes(good_keys)[0] >= len(good_keys)
                and c
            ),
            args.timeout_s,
        )
        found = found or db_counts()
        stored, rows = stored_fixes(good_keys)
        print(f"  sent: {len(good_keys):,} good fixes, {len(bad_records):,} bad records holding "
              f"{total_bad:,} bad items; worker-1 killed (-9) with {killed_at:,} fixes stored; "
              f"took {time.monotonic() - t1:.1f} s")  # fmt: skip
        print(f"  found: {stored:,} of the good fixes in history ({rows:,} rows for their "
              f"boats); {found['dead_rows']:,} dead-letter rows counting "
              f"{sum(found['dead'].values()):,} rejects; {found['redelivered']:,} fixes "
              "redelivered after the kill")  # fmt: skip
        for reason in sorted(set(expect) | set(found["dead"])):
            print(f"    {reason:28s} sent {expect.get(reason, 0):6,}  dead-lettered "
                  f"{found['dead'].get(reason, 0):6,}")  # fmt: skip
        check(stored == len(good_keys), f"0 good fixes lost ({len(good_keys) - stored} missing)")
        check(rows == stored, f"0 good fixes doubled ({rows - stored} extra rows)")
        check(
            dict(found["dead"]) == dict(expect),
            "every bad item dead-lettered once, by reason (none lost, none double counted)",
        )
        check(found["redelivered"] > 0, "the kill left records to replay (the case was exercised)")
        check(found["dead"].get("duplicate fix", 0) == 0, "no redelivered fix filed as a duplicate")
        check(procs["worker-2"].poll() is None, "the new worker is running")

        # --- 2. the database locked ---------------------------------------------------------
        print(f"\n2. database locked for {args.lock_s:g} s while fixes go on")
        # three more fixes of each boat, after phase 1's last (10 minutes ago)
        locked = good_fixes(args.vessels, args.vessels * 3, now - timedelta(minutes=5))
        lock_keys = {(f["vessel_id"], f["ts"]) for f in locked}
        conn = sqlite3.connect(db_path, timeout=30, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        t2 = time.monotonic()
        with KafkaPublisher(settings) as pub:
            pub.publish_positions(locked)
        time.sleep(args.lock_s)
        conn.execute("ROLLBACK")
        conn.close()
        wait_for(lambda: stored_fixes(lock_keys)[0] >= len(lock_keys), args.timeout_s)
        stored, rows = stored_fixes(lock_keys)
        print(f"  sent: {len(lock_keys):,} fixes while locked; found {stored:,} stored "
              f"{time.monotonic() - t2:.1f} s after the lock began")  # fmt: skip
        check(stored == len(lock_keys), f"0 fixes lost to the lock ({len(lock_keys) - stored})")
        check(procs["worker-2"].poll() is None, "the worker survived the lock")

        # --- 3. the webhook receiver down ---------------------------------------------------
        print(f"\n3. webhook receiver down for {args.down_s:g} s while boats enter foreign waters")
        receiver.down()
        t3 = time.monotonic()
        risky = [f"NT-9{i:04d}-TS" for i in range(args.risky)]
        with KafkaPublisher(settings) as pub:
            for i, vessel in enumerate(risky):
                pub.publish_positions(southbound(vessel, 44, now - timedelta(minutes=2),
                                                 lon=108.6 + 0.05 * i))  # fmt: skip
        time.sleep(args.down_s)
        receiver.up()

        def routed() -> tuple[int, int]:
            from sqlalchemy import func, select

            from infra.db.delivery import OutboxRow

            with session_scope() as s:
                total = s.scalar(select(func.count()).select_from(OutboxRow)) or 0
                pending = s.scalar(select(func.count()).select_from(OutboxRow)
                                   .where(OutboxRow.status != "delivered")) or 0  # fmt: skip
            return int(total), int(pending)

        wait_for(lambda: (r := routed())[0] > 0 and r[1] == 0, args.timeout_s)
        total, pending = routed()
        after = db_counts()
        risk_alerts = [a for a in after["alerts"] if a[0] not in ("UNKNOWN_VESSEL",)]
        repeats = sum(n - 1 for n in receiver.deliveries.values() if n > 1)
        print(f"  sent: {len(risky)} boats × 44 fixes; alerts stored {len(after['alerts'])} "
              f"({Counter(a[0] for a in risk_alerts).most_common()})")  # fmt: skip
        print(f"  found: {total} deliveries owed, {pending} pending, {len(receiver.deliveries)} "
              f"accepted by the receiver ({repeats} repeated), {receiver.bad_signatures} bad "
              f"signatures; {time.monotonic() - t3:.1f} s")  # fmt: skip
        check(total > 0 and pending == 0, "every delivery made after the outage")
        check(len(receiver.deliveries) == total, "each owed delivery reached the receiver")
        check(repeats == 0 and receiver.bad_signatures == 0, "none twice, all signatures valid")

        # --- false alerts, over the whole run -----------------------------------------------
        print("\nfalse alerts over the whole run")
        final = db_counts()
        dark = [a for a in final["alerts"] if a[0].startswith(("DARK", "SOURCE"))]
        future = [a for a in final["alerts"]
                  if (a[1] if a[1].tzinfo else a[1].replace(tzinfo=UTC))
                  > (a[2] if a[2].tzinfo else a[2].replace(tzinfo=UTC))]  # fmt: skip
        unknown_garbage = [a for a in final["alerts"] if (a[3] or "").startswith("XX-")]
        print(f"  alerts: {Counter(a[0] for a in final['alerts']).most_common()}")
        check(not dark, f"0 boats called dark, 0 sources stalled ({len(dark)})")
        check(not future, f"0 alerts stamped after their creation ({len(future)})")
        check(not unknown_garbage, "0 alerts from rejected records")
        crashed = [n for n, p in procs.items() if n != "worker-1" and p.poll() is not None]
        check(not crashed, f"0 crashes ({crashed})")
        print(f"\nrun took {time.monotonic() - t_start:.0f} s; load average after: "
              f"{os.getloadavg()}")  # fmt: skip
    finally:
        receiver.down()
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        broker.stop()
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{'FAILED: ' + '; '.join(FAILURES) if FAILURES else 'all held'}")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
