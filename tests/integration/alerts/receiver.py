"""A real webhook receiver on 127.0.0.1 that can be taken down and brought back on the same port."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from services.alerts.errors import SignatureError
from services.alerts.webhooks import ReplayGuard, verify


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Receiver:
    """Verifies every request like a real desk would; records accepted deliveries in order."""

    def __init__(self, secret: str, port: int | None = None, fail_first: int = 0) -> None:
        self.secret = secret
        self.port = port or free_port()
        self.guard = ReplayGuard()
        self.accepted: list[dict[str, Any]] = []
        self.rejected: list[str] = []
        self.duplicates: list[str] = []
        self.fail_first = fail_first  # answer 503 to this many requests first
        self.requests = 0
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def up(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                code = receiver.handle(body, dict(self.headers.items()))
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        for _ in range(50):
            try:
                self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
                break
            except OSError:
                time.sleep(0.1)
        assert self._server is not None, "could not bind the receiver port"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def handle(self, body: bytes, headers: dict[str, str]) -> int:
        with self._lock:
            self.requests += 1
            if self.requests <= self.fail_first:
                return 503
            try:
                verify(self.secret, body, headers, guard=self.guard)
            except SignatureError as exc:
                if type(exc).__name__ == "ReplayedDelivery":
                    self.duplicates.append(str(exc))
                    return 200  # already have it: acknowledge so the sender stops
                self.rejected.append(str(exc))
                return 401
            self.accepted.append(json.loads(body))
            return 200
