"""The whole path a duty officer relies on: fixes in → worker → database → API → SSE out."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from typing import Any

import httpx
import pytest

from infra.broker import free_port, wait_for_port
from infra.db.base import session_scope
from infra.kafka import KafkaPublisher
from infra.repositories.users import SqlUserStore
from tests.integration.stream.conftest import ROOT, Stream, wait_for
from tests.integration.stream.test_pipeline import southbound_track

pytestmark = pytest.mark.integration


def _start_api(stream: Stream, port: int) -> subprocess.Popen[bytes]:
    log = open(stream.workdir / "api.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "services.api.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=stream.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    log.close()
    stream.procs.append(proc)
    wait_for_port("127.0.0.1", port, 60, proc)
    return proc


def test_alert_from_the_worker_arrives_on_the_sse_stream(stream: Stream) -> None:
    with session_scope() as session:
        SqlUserStore(session).create("trucban", "mat-khau-thu-nghiem-123", "border_guard", "test")
    port = free_port()
    _start_api(stream, port)
    base = f"http://127.0.0.1:{port}"
    token = httpx.post(
        f"{base}/api/auth/token",
        data={"username": "trucban", "password": "mat-khau-thu-nghiem-123"},
    ).json()["access_token"]
    received: list[dict[str, Any]] = []
    opened = threading.Event()

    def listen() -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.stream("GET", f"{base}/api/alerts/stream", headers=headers, timeout=120) as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            opened.set()
            for line in r.iter_lines():
                if line.startswith("data: "):
                    received.append(json.loads(line[6:]))
                    if received[-1]["kind"] == "INSIDE_FOREIGN":
                        return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert opened.wait(30)
    stream.start_worker()
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(southbound_track("QNg-98888-TS", 45))
    wait_for(lambda: not listener.is_alive(), 120)
    kinds = [a["kind"] for a in received if a["vessel_id"] == "QNg-98888-TS"]
    assert "INSIDE_FOREIGN" in kinds
    inside = next(a for a in received if a["kind"] == "INSIDE_FOREIGN")
    assert inside["message"].startswith("Tàu QNg-98888-TS đã vào vùng biển Thái Lan")
    assert inside["ts"].endswith("+00:00")  # timezone-aware on every backend
    # without credentials the stream is closed to the public
    assert httpx.get(f"{base}/api/alerts/stream", timeout=10).status_code == 401
