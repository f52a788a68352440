"""Replay pacing with a fake clock, batching, speed parsing and format detection."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.feeds import (
    FeedFormatError,
    FeedSpeedError,
    Ignored,
    Pacer,
    Reject,
    detect_format,
    parse_speed,
    replay,
)
from services.vessels import StaticUpdate
from streams.records import PositionReport

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class RecordingSink:
    clock: FakeClock | None = None
    batches: list[tuple[float, list[str]]] = field(default_factory=list)
    statics: list[StaticUpdate] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    def positions(self, reports: list[PositionReport]) -> None:
        when = self.clock.now if self.clock else 0.0
        self.batches.append((when, [r.vessel_id for r in reports]))

    def static(self, update: StaticUpdate) -> None:
        self.statics.append(update)

    def reject(self, reject: Reject) -> None:
        self.rejects.append(reject)


def fix(name: str, offset_s: float) -> PositionReport:
    return PositionReport(vessel_id=name, ts=T0 + timedelta(seconds=offset_s), lat=15.0, lon=109.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60x", 60.0),
        ("60", 60.0),
        ("1x", 1.0),
        ("0.5x", 0.5),
        (" 10X ", 10.0),
        ("max", None),
        (None, None),
        ("0", None),
        ("0x", None),
    ],
)
def test_parse_speed(text: str | None, expected: float | None) -> None:
    assert parse_speed(text) == expected


@pytest.mark.parametrize("text", ["fast", "-2x", "nanx", "x60"])
def test_parse_speed_rejects_nonsense(text: str) -> None:
    with pytest.raises(FeedSpeedError):
        parse_speed(text)


def test_pacer_waits_scaled_offsets() -> None:
    clock = FakeClock()
    pacer = Pacer(60.0, clock=clock, sleep=clock.sleep)
    for offset in (0, 60, 120, 120, 600):
        pacer.wait(T0 + timedelta(seconds=offset))
    assert clock.sleeps == pytest.approx([1.0, 1.0, 8.0])
    assert clock.now == pytest.approx(110.0)


def test_pacer_does_not_wait_for_older_fixes_or_when_late() -> None:
    clock = FakeClock()
    pacer = Pacer(10.0, clock=clock, sleep=clock.sleep)
    pacer.wait(T0)
    assert pacer.delay_s(T0 - timedelta(minutes=5)) == 0.0
    clock.now += 30.0  # decoding was slow: already past due
    assert pacer.delay_s(T0 + timedelta(seconds=100)) == 0.0
    assert pacer.delay_s(T0 + timedelta(seconds=400)) == pytest.approx(10.0)


def test_pacer_without_speed_never_sleeps() -> None:
    clock = FakeClock()
    pacer = Pacer(None, clock=clock, sleep=clock.sleep)
    for offset in (0, 3600, 7200):
        pacer.wait(T0 + timedelta(seconds=offset))
    assert clock.sleeps == []


def test_paced_replay_flushes_before_each_pause() -> None:
    clock = FakeClock()
    sink = RecordingSink(clock)
    items = [fix("A", 0), fix("B", 0), fix("C", 60), fix("D", 60), fix("E", 180)]
    stats = replay(items, sink, Pacer(60.0, clock=clock, sleep=clock.sleep), batch_max=100)
    assert stats.positions == 5
    assert sink.batches == [(100.0, ["A", "B"]), (101.0, ["C", "D"]), (103.0, ["E"])]


def test_unpaced_replay_batches_and_routes_everything() -> None:
    sink = RecordingSink()
    static = StaticUpdate(mmsi=574000001, vessel_id="MMSI-574000001", msg_type=5, name="X")
    reject = Reject(3, "junk", "not an NMEA sentence")
    items: list[object] = [fix(f"V{i}", i) for i in range(7)]
    items[2:2] = [static, reject, Ignored(4, "NMEA GPGSA")]
    stats = replay(items, sink, None, batch_max=3)  # type: ignore[arg-type]
    assert [len(batch) for _, batch in sink.batches] == [3, 3, 1]
    assert [v for _, batch in sink.batches for v in batch] == [f"V{i}" for i in range(7)]
    assert sink.statics == [static] and sink.rejects == [reject]
    assert stats.as_dict() == {
        "positions": 7,
        "statics": 1,
        "rejected": 1,
        "rejects": {"not an NMEA sentence": 1},
        "ignored": {"NMEA GPGSA": 1},
    }


def test_detect_format(tmp_path: Path) -> None:
    cases = {
        "a.csv": "registration,ts,lat,lon\n",
        "b.jsonl": '{"a": 1}\n',
        "c.log": "# comment\n$GPGGA,1\n",
        "d.dat": '\n{"registration": "x"}\n',
        "e.dat": "\\s:x*00\\!AIVDM,1,1,,A,1,0*00\n",
        "f.txt": "registration;ts;lat;lon\n",
    }
    expected = {
        "a.csv": "vms-csv",
        "b.jsonl": "vms-json",
        "c.log": "nmea",
        "d.dat": "vms-json",
        "e.dat": "nmea",
        "f.txt": "vms-csv",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text)
        assert detect_format(path) == expected[name], name
    empty = tmp_path / "empty.dat"
    empty.write_text("")
    with pytest.raises(FeedFormatError):
        detect_format(empty)


def test_a_long_paced_pause_reports_the_replayed_time_every_second() -> None:
    """A replay's clock keeps moving through a silence (ticks for the dark watch)."""
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    pacer = Pacer(3600.0, clock=lambda: now[0], sleep=sleep)
    t0 = datetime(2018, 12, 25, 11, 50, 57, tzinfo=UTC)
    pacer.wait(t0)
    seen: list[float] = []
    pacer.wait(t0 + timedelta(hours=16.5), on_clock=seen.append)
    assert len(slept) == 17 and sum(slept) == pytest.approx(16.5)
    hours = [(s - t0.timestamp()) / 3600 for s in seen]
    assert hours[:3] == pytest.approx([1.0, 2.0, 3.0]) and hours[-1] == pytest.approx(16.5)
