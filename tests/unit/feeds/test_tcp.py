"""Following a live NMEA TCP feed: line framing, reconnection, batching on idle ticks."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.feeds import NmeaDecoder, TcpFollower, parse_host_port, run_live
from services.feeds.common import Reject
from services.vessels import StaticUpdate
from streams.records import PositionReport

AIS = Path(__file__).resolve().parents[2] / "data" / "ais"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:10110", ("127.0.0.1", 10110)),
        ("ais.example.vn:5631", ("ais.example.vn", 5631)),
        ("[::1]:2000", ("::1", 2000)),
    ],
)
def test_parse_host_port(text: str, expected: tuple[str, int]) -> None:
    assert parse_host_port(text) == expected


@pytest.mark.parametrize("text", ["nohost", ":123", "host:", "host:99999", "host:abc"])
def test_parse_host_port_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_host_port(text)


def serve(payloads: list[bytes]) -> tuple[int, threading.Thread, socket.socket]:
    """A feed that sends one payload per connection, split mid-line, then closes it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(2)
    listener.settimeout(10)

    def run() -> None:
        for payload in payloads:
            try:
                conn, _addr = listener.accept()
            except OSError:
                return
            with conn:
                conn.sendall(payload[:37])  # framing must survive a line split across recv()
                conn.sendall(payload[37:])

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread, listener


def test_follower_reads_lines_and_reconnects() -> None:
    lines = (AIS / "pyais_nmea_data_sample.txt").read_bytes().splitlines()[:10]
    payloads = [b"\r\n".join(lines[:5]) + b"\r\n", b"\n".join(lines[5:])]  # last: no line end
    port, thread, listener = serve(payloads)
    follower = TcpFollower("127.0.0.1", port, tick_s=0.05, backoff_initial_s=0.05)
    got: list[bytes] = []
    ticks = 0
    try:
        for line in follower.lines():
            if line is None:
                ticks += 1
                if ticks > 400:
                    break
                continue
            got.append(line)
            if len(got) == len(lines):
                follower.stop()
    finally:
        follower.stop()
        listener.close()
        thread.join(timeout=5)
    assert got == [line.strip() for line in lines]
    assert follower.connections == 2 and follower.reconnects >= 1


def test_follower_backs_off_when_nobody_listens() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens on this port now
    waits: list[float] = []
    follower = TcpFollower(
        "127.0.0.1",
        port,
        tick_s=0.01,
        backoff_initial_s=0.02,
        backoff_max_s=0.08,
    )

    def on_status(message: str) -> None:
        if message.startswith("reconnecting"):
            waits.append(follower.last_wait_s)

    follower.on_status = on_status
    for _ in follower.lines():
        if follower.reconnects >= 5:
            follower.stop()
    assert follower.connections == 0
    assert len(waits) >= 5
    assert 0.016 <= waits[0] <= 0.024  # initial backoff ± 20 % jitter
    assert all(0.064 <= w <= 0.096 for w in waits[2:])  # doubled, then capped at the maximum


class Sink:
    def __init__(self) -> None:
        self.batches: list[list[PositionReport]] = []
        self.statics: list[StaticUpdate] = []
        self.rejects: list[Reject] = []

    def positions(self, reports: list[PositionReport]) -> None:
        self.batches.append(reports)

    def static(self, update: StaticUpdate) -> None:
        self.statics.append(update)

    def reject(self, reject: Reject) -> None:
        self.rejects.append(reject)


def test_run_live_flushes_on_idle_tick_and_when_full() -> None:
    lines = [
        line
        for line in (AIS / "pyais_nmea_data_sample.txt").read_bytes().splitlines()[:40]
        if line.strip() != b"!AIVDM,1,1,,B,,0*25"
    ]
    stream: list[bytes | None] = [*lines[:3], None, *lines[3:]]
    sink = Sink()
    clock_now = [0.0]
    stats = run_live(
        stream,
        NmeaDecoder(clock=lambda: datetime(2030, 1, 1, tzinfo=UTC)),
        sink,
        batch_max=10,
        max_delay_s=5.0,
        clock=lambda: clock_now[0],
    )
    sizes = [len(b) for b in sink.batches]
    before_tick = [
        i
        for n, line in enumerate(lines[:3], 1)
        for i in NmeaDecoder().decode_line(n, line)
        if isinstance(i, PositionReport)
    ]
    assert sum(sizes) == stats.positions > 20
    assert sizes[0] == len(before_tick) > 0  # flushed by the idle tick
    assert sizes[1:-1] == [10] * (len(sizes) - 2)  # then by size


def test_run_live_flushes_old_batches() -> None:
    line = b"!AIVDM,1,1,,A,13RlIW?04F1beOVEFLB9bRvH0L0L,0*6C"
    sink = Sink()
    times = iter([0.0, 0.1, 0.2, 0.3, 2.0, 2.1, 2.2, 2.3])
    run_live(
        [line] * 4, NmeaDecoder(), sink, batch_max=100, max_delay_s=1.0, clock=lambda: next(times)
    )
    assert len(sink.batches[0]) < 4
    assert sum(len(b) for b in sink.batches) == 4


def test_run_live_rejects_fragments_cut_off_at_the_end() -> None:
    first_part = b"!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A"
    sink = Sink()
    stats = run_live([first_part, None], NmeaDecoder(), sink)
    assert [r.reason for r in sink.rejects] == ["incomplete multi-part message"]
    assert stats.rejected == 1
