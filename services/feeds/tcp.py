"""Follow a live NMEA feed over TCP (an AIS receiver, AISHub, a provincial relay) and reconnect.

Receivers drop connections, relays restart, mobile links stall: the follower reconnects with
exponential backoff (reset after a connection that delivered data) and treats a connection
silent for ``idle_timeout_s`` as dead. While waiting for data it yields ``None`` every
``tick_s`` so the caller can flush a half-full batch: a quiet feed must not hold fixes back.
"""

from __future__ import annotations

import logging
import random
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from services.feeds.common import FeedStats, Ignored, Reject
from services.feeds.nmea import NmeaDecoder
from services.feeds.replay import ReplaySink
from services.vessels.model import StaticUpdate
from streams.records import PositionReport

__all__ = ["TcpFollower", "parse_host_port", "run_live"]

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 4096


def parse_host_port(text: str, default_port: int | None = None) -> tuple[str, int]:
    """``"host:port"`` (or ``"[::1]:port"``) → ``(host, port)``; ``ValueError`` when malformed."""
    text = text.strip()
    host, sep, port_text = text.rpartition(":")
    if not sep:
        if default_port is None:
            raise ValueError(f"expected HOST:PORT, got {text!r}")
        host, port_text = text, str(default_port)
    host = host.strip("[]")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"expected HOST:PORT, got {text!r}")
    return host, int(port_text)


@dataclass
class TcpFollower:
    """Iterate the lines of ``host:port`` forever (until :meth:`stop`), reconnecting as needed."""

    host: str
    port: int
    connect_timeout_s: float = 10.0
    idle_timeout_s: float = 120.0
    tick_s: float = 0.5
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 60.0
    on_status: Callable[[str], None] | None = None
    connections: int = 0
    reconnects: int = 0
    last_wait_s: float = 0.0

    def __post_init__(self) -> None:
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the iterator to end (from a signal handler or another thread)."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _status(self, message: str) -> None:
        log.info(message)
        if self.on_status is not None:
            self.on_status(message)

    def lines(self) -> Iterator[bytes | None]:
        """Lines as bytes (without line ends), or ``None`` as an idle tick."""
        backoff = self.backoff_initial_s
        while not self._stop.is_set():
            got_data = False
            try:
                with socket.create_connection(
                    (self.host, self.port), timeout=self.connect_timeout_s
                ) as sock:
                    self.connections += 1
                    self._status(f"connected to {self.host}:{self.port}")
                    for line in self._read(sock):
                        if line is not None:
                            got_data = True
                        yield line
                    if self._stop.is_set():
                        return
                    self._status(f"{self.host}:{self.port} closed the connection")
            except OSError as exc:
                self._status(f"{self.host}:{self.port}: {exc}")
            if got_data:
                backoff = self.backoff_initial_s
            wait_s = self.last_wait_s = backoff * random.uniform(0.8, 1.2)
            self._status(f"reconnecting in {wait_s:.1f} s")
            self.reconnects += 1
            deadline = time.monotonic() + wait_s
            while not self._stop.is_set() and time.monotonic() < deadline:
                yield None
                self._stop.wait(min(self.tick_s, max(0.0, deadline - time.monotonic())))
            backoff = min(self.backoff_max_s, backoff * 2)

    def _read(self, sock: socket.socket) -> Iterator[bytes | None]:
        sock.settimeout(self.tick_s)
        buffer = b""
        last_data = time.monotonic()
        while not self._stop.is_set():
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                if time.monotonic() - last_data > self.idle_timeout_s:
                    self._status(f"no data for {self.idle_timeout_s:.0f} s")
                    return
                yield None
                continue
            if not chunk:
                if buffer.strip():
                    yield buffer.strip()
                return
            last_data = time.monotonic()
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            for line in complete:
                line = line.strip()
                if line:
                    yield line
            if len(buffer) > MAX_LINE_BYTES:  # no line end in sight: pass it on to be rejected
                yield buffer[:MAX_LINE_BYTES]
                buffer = b""


def run_live(
    lines: Iterable[bytes | None],
    decoder: NmeaDecoder,
    sink: ReplaySink,
    batch_max: int = 500,
    max_delay_s: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
    stats: FeedStats | None = None,
) -> FeedStats:
    """Decode a live stream into ``sink``; a batch leaves when full, idle or ``max_delay_s`` old.

    ``None`` in ``lines`` is an idle tick (see :meth:`TcpFollower.lines`): it flushes the batch.
    """
    stats = stats if stats is not None else FeedStats()
    pending: list[PositionReport] = []
    opened = clock()
    line_no = 0

    def flush() -> None:
        if pending:
            sink.positions(list(pending))
            pending.clear()

    try:
        for line in lines:
            if line is None:
                flush()
                continue
            line_no += 1
            for item in decoder.decode_line(line_no, line):
                stats.count(item)
                if isinstance(item, PositionReport):
                    if not pending:
                        opened = clock()
                    pending.append(item)
                elif isinstance(item, StaticUpdate):
                    sink.static(item)
                elif isinstance(item, Reject):
                    sink.reject(item)
                elif not isinstance(item, Ignored):  # pragma: no cover - exhaustive
                    raise TypeError(f"unexpected feed item {item!r}")
            if len(pending) >= batch_max or (pending and clock() - opened >= max_delay_s):
                flush()
    finally:
        flush()
        for item in decoder.finish():  # fragments cut off by the end of the feed
            stats.count(item)
            if isinstance(item, Reject):
                sink.reject(item)
    return stats
