"""Producer → Tansu → faust worker → database, as it runs in production."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import func, select

from infra.db.base import session_scope
from infra.db.models import AlertRow, DeadLetterRow, LatestPosition, PositionRow
from infra.kafka import KafkaPublisher
from tests.integration.stream.conftest import Stream, wait_for

pytestmark = pytest.mark.integration

START = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)


def southbound_track(
    vessel: str, n: int, start_lat: float = 8.85, lon: float = 102.8
) -> list[dict]:
    """A boat sailing due south at 8 kn, a fix every 10 minutes, across the 1997 Thailand-Viet Nam
    line (C-K, at 8.08N on 102.8E) into Thai waters. (Southbound towards Natuna a boat now
    enters the Natuna overlap area first: see tests/unit/tracking/test_zone_alerts.py.)"""
    step_deg = 8.0 * (10 / 60) / 60.0
    return [
        {
            "vessel_id": vessel, "ts": (START + timedelta(minutes=10 * i)).isoformat(),
            "lat": round(start_lat - i * step_deg, 5), "lon": lon,
            "speed_kn": 8.0, "course_deg": 180.0, "source": "vms",
        }
        for i in range(n)
    ]  # fmt: skip


def _alerts(vessel: str | None = None) -> list[AlertRow]:
    with session_scope() as s:
        stmt = select(AlertRow).order_by(AlertRow.id)
        if vessel:
            stmt = stmt.where(AlertRow.vessel_id == vessel)
        return list(s.scalars(stmt))


def _count(model: type) -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _dead_letters() -> list[DeadLetterRow]:
    with session_scope() as s:
        return list(s.scalars(select(DeadLetterRow).order_by(DeadLetterRow.id)))


def test_vessel_sailing_into_foreign_waters_raises_escalating_alerts(stream: Stream) -> None:
    stream.start_worker()
    track = southbound_track("QNg-90123-TS", 50)
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(track)
    alerts = wait_for(
        lambda: [a for a in _alerts("QNg-90123-TS") if a.kind == "INSIDE_FOREIGN"], 90
    )
    risk = [a for a in _alerts("QNg-90123-TS") if a.kind != "UNKNOWN_VESSEL"]
    kinds = [a.kind for a in risk]
    # escalation in order, each level once (dead reckoning at 8 kn sees the crossing before the
    # 5 nm warning line, so IMMINENT comes first); then reminders only once the 60 min cooldown
    # has passed — 14 fixes inside foreign waters give 2 reminders, not 14 alerts
    assert kinds[:2] == ["IMMINENT", "INSIDE_FOREIGN"], kinds
    reminders = risk[2:]
    assert [a.kind for a in reminders] == ["INSIDE_FOREIGN"] * len(reminders)
    assert all(a.details["reminder"] for a in reminders)
    gaps = [(b.ts - a.ts).total_seconds() for a, b in itertools.pairwise(risk[1:])]
    assert all(g >= 3600 for g in gaps), gaps
    assert len(reminders) <= 2
    # the unregistered boat was put in the registry and flagged, once
    assert [a.kind for a in _alerts("QNg-90123-TS")].count("UNKNOWN_VESSEL") == 1
    imminent = risk[0]
    assert imminent.minutes_to_crossing is not None and 0 < imminent.minutes_to_crossing <= 60
    assert "dự kiến vượt ranh giới sau" in imminent.message
    inside = alerts[0]
    assert inside.country == "TH"
    assert "Thái Lan" in inside.message and inside.message.startswith("Tàu QNg-90123-TS")
    assert inside.severity == "critical"
    wait_for(lambda: _count(PositionRow) == len(track), 30)
    # latest positions are flushed on a timer: wait for the one of the last fix
    last_ts = datetime.fromisoformat(track[-1]["ts"])
    latest = wait_for(
        lambda: (p := _latest("QNg-90123-TS")) is not None and p.ts == last_ts and p, 30
    )
    assert latest.risk == "INSIDE_FOREIGN"
    assert latest.ts.tzinfo is not None


def _latest(vessel: str) -> LatestPosition | None:
    with session_scope() as s:
        return s.get(LatestPosition, vessel)


def _read_topic(stream: Stream, name: str, expected: int, timeout_s: float = 30.0) -> list[dict]:
    topic = stream.settings.topic(name)
    consumer = KafkaConsumer(
        bootstrap_servers=stream.settings.kafka_bootstrap,
        enable_auto_commit=False,
        consumer_timeout_ms=1000,
    )
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek_to_beginning(tp)
    out: list[dict] = []

    def poll() -> bool:
        for batch in consumer.poll(timeout_ms=500).values():
            out.extend(json.loads(m.value) for m in batch)
        return len(out) >= expected

    try:
        wait_for(poll, timeout_s)
    finally:
        consumer.close()
    return out


def test_bad_messages_go_to_dead_letters_and_the_worker_keeps_going(stream: Stream) -> None:
    proc = stream.start_worker()
    topic = stream.settings.topic("positions")
    with KafkaPublisher(stream.settings) as pub:
        pub._producer.send(topic, value=b"{this is not json", partition=0)
        pub.publish_positions([{**southbound_track("NT-91234-TS", 1)[0], "lat": 123.0}])
        pub.flush()
        good = southbound_track("NT-95555-TS", 3, start_lat=10.0, lon=110.0)
        pub.publish_positions(good)
    letters = _read_topic(stream, "deadletter", 2)
    reasons = sorted(letter["reason"] for letter in letters)
    assert any(r.startswith("malformed JSON") for r in reasons), reasons
    assert any("lat" in r and "90" in r for r in reasons), reasons
    assert all(letter["source_topic"] == topic for letter in letters)
    # the next good messages are processed by the same, still running worker
    wait_for(lambda: _latest("NT-95555-TS"), 30)
    assert proc.poll() is None, stream.log()
    stored = wait_for(lambda: len(_dead_letters()) >= 2 and _dead_letters(), 30)
    assert {d.reason for d in stored} == set(reasons)


def test_duplicates_and_out_of_order_fixes_do_not_move_state(stream: Stream) -> None:
    stream.start_worker()
    track = southbound_track("QNg-97777-TS", 6, start_lat=9.0, lon=110.0)
    with KafkaPublisher(stream.settings) as pub:
        pub.publish_positions(track[:4])
        pub.flush()
        wait_for(lambda: _latest("QNg-97777-TS"), 60)
        pub.publish_positions([track[3], track[1]])  # a duplicate of the last, an older one
        pub.flush()
        letters = _read_topic(stream, "deadletter", 1)
    assert [letter["reason"].split(" ")[0] for letter in letters] == ["duplicate"]
    with session_scope() as s:
        flags = dict(
            s.execute(
                select(PositionRow.ts, PositionRow.flag).where(
                    PositionRow.vessel_id == "QNg-97777-TS"
                )
            ).all()
        )
    assert len(flags) == 4  # the duplicate was not stored twice; the late one was already there
    latest = wait_for(
        lambda: (p := _latest("QNg-97777-TS")) is not None and p.lat == track[3]["lat"], 30
    )
    assert latest
