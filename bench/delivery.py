"""Webhook delivery throughput: enqueue N alerts, drain them to a local receiver, print figures.

    python bench/delivery.py [N] [RECIPIENTS]      (SQLite in a temp dir; no broker)

Prints enqueue rate (alerts/s inside the storing transaction) and delivery rate (signed HTTP
deliveries/s, each with its claim and log rows committed), plus the backlog drain time after a
receiver outage. Figures, not asserts: tests never time anything.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infra.db.base import get_sessionmaker
from infra.db.migrate import upgrade_head
from infra.repositories.alerts import save_alerts
from infra.repositories.outbox import SqlOutbox, enqueue
from infra.repositories.recipients import upsert_recipient
from services.alerts.dispatcher import Dispatcher, DispatchPolicy
from services.alerts.model import Alert
from services.vocabulary import AlertKind, Severity, alert_id_for


class _Counter:
    count = 0
    lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with _Counter.lock:
            _Counter.count += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def _alerts(n: int) -> list[Alert]:
    base = datetime(2026, 11, 23, tzinfo=UTC)
    return [
        Alert(
            alert_id=alert_id_for("IMMINENT", f"bench#{i}", base + timedelta(seconds=i)),
            kind=AlertKind.IMMINENT,
            severity=Severity.CRITICAL,
            vessel_id=f"QNg-9{i % 1000:04d}-TS",
            ts=base + timedelta(seconds=i),
            created_at=datetime.now(UTC),
            audience=["border_guard"],
            message=f"Tàu sắp vượt ranh giới (#{i})",
        )
        for i in range(n)
    ]


def main(n: int = 1000, recipients: int = 2) -> None:
    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp / 'bench.sqlite'}"
    upgrade_head(url)
    factory = get_sessionmaker(url)
    probe = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = probe.server_address[1]
    probe.server_close()  # the desk is down (connection refused) until it is started below
    with factory.begin() as session:
        for r in range(recipients):
            upsert_recipient(
                session,
                f"bench-{r}",
                {
                    "name": f"Bàn {r}",
                    "role": "border_guard",
                    "webhook_url": f"http://127.0.0.1:{port}/h",
                },
            )
    alerts = _alerts(n)
    started = time.perf_counter()
    for start in range(0, n, 100):
        with factory.begin() as session:
            enqueue(session, save_alerts(session, alerts[start : start + 100]))
    enqueue_s = time.perf_counter() - started
    print(
        f"enqueue: {n} alerts × {recipients} desks in {enqueue_s:.2f} s "
        f"({n / enqueue_s:,.0f} alerts/s, {n * recipients / enqueue_s:,.0f} outbox rows/s)"
    )

    policy = DispatchPolicy(
        poll_s=0.01, base_s=0.2, cap_s=1.0, batch=10_000, escalate_after_min=10_000
    )
    # receiver down: the heads fail, nothing else is attempted
    asyncio.run(Dispatcher(SqlOutbox(factory), policy).run_once())
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    time.sleep(1.05)  # let the first retry come due
    started = time.perf_counter()
    total = n * recipients

    async def drain() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(Dispatcher(SqlOutbox(factory), policy).run(stop))
        while _Counter.count < total:
            await asyncio.sleep(0.01)
        stop.set()
        await task

    asyncio.run(drain())
    drain_s = time.perf_counter() - started
    server.shutdown()
    server.server_close()
    shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"drain after outage: {total} deliveries in {drain_s:.2f} s "
        f"({total / drain_s:,.0f} deliveries/s, {recipients} desks in parallel)"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
