"""Dead letters as an audit trail (issue 15, #4), through a real broker and worker.

Every stored reject says which record it came from (topic, partition, offset) and how many
identical ones that record held; byte-identical bad records are separate rows; an empty batch
leaves a row; a replay after a restart is counted as redelivered, never filed as duplicates.
"""

from __future__ import annotations

import json
import signal

import pytest
from sqlalchemy import select

from infra.db.base import session_scope
from infra.db.models import PositionRow, StreamCounterRow
from infra.kafka import KafkaPublisher
from tests.integration.stream.conftest import Stream, wait_for
from tests.integration.stream.test_pipeline import _dead_letters, _latest, southbound_track

pytestmark = pytest.mark.integration


def test_every_reject_is_traced_to_its_record_and_counted(stream: Stream) -> None:
    proc = stream.start_worker()
    topic = stream.settings.topic("positions")
    bad_fix = {**southbound_track("NT-91234-TS", 1)[0], "lat": 123.0}
    sent = []
    with KafkaPublisher(stream.settings) as pub:
        for value in (
            b"{this is not json",
            b"{this is not json",  # byte-identical, another record: another row
            b'{"positions": []}',
            json.dumps({"positions": [bad_fix, bad_fix, bad_fix]}).encode(),  # one row, count 3
        ):
            sent.append(pub._producer.send(topic, value=value, partition=1).get(timeout=10))
        pub.publish_positions(southbound_track("NT-95555-TS", 2, start_lat=10.0, lon=110.0))
        pub.flush()
    wait_for(lambda: _latest("NT-95555-TS"), 60)
    rows = wait_for(lambda: len(_dead_letters()) >= 4 and _dead_letters(), 30)
    assert proc.poll() is None, stream.log()
    by_offset = {r.offset: r for r in rows}
    assert all(r.source_topic == topic and r.partition == 1 for r in rows)
    offsets = [meta.offset for meta in sent]
    assert sorted(by_offset) == offsets, [(r.offset, r.reason) for r in rows]
    malformed = [by_offset[o] for o in offsets[:2]]
    assert all(r.reason.startswith("malformed JSON") and r.count == 1 for r in malformed)
    assert by_offset[offsets[2]].reason.startswith("empty batch")
    assert by_offset[offsets[3]].count == 3 and "lat" in by_offset[offsets[3]].reason
    assert sum(r.count for r in rows) == 6  # every bad thing sent, once


def test_a_replay_after_a_restart_is_counted_as_redelivered_not_rejected(stream: Stream) -> None:
    vessel = "QNg-96666-TS"
    track = southbound_track(vessel, 12, start_lat=10.0, lon=110.0)
    # a worker that has not committed its offsets when it is killed: its successor replays
    stream.env["SEAWATCH_KAFKA_COMMIT_INTERVAL_S"] = "600"
    worker = stream.start_worker("worker-1")
    del stream.env["SEAWATCH_KAFKA_COMMIT_INTERVAL_S"]
    with KafkaPublisher(stream.settings) as pub:
        for fix in track:  # one record each: many offsets to replay
            pub.publish_positions([fix])
        # and a reject whose reason names the clock it was judged by, read again on the replay
        pub.publish_positions([{**track[0], "vessel_id": "QNg-96668-TS",
                                "ts": "2100-01-01T00:00:00Z"}])  # fmt: skip
        pub.flush()
    wait_for(lambda: (p := _latest(vessel)) is not None and p.lat == track[-1]["lat"], 60)
    wait_for(lambda: _dead_letters(), 30)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    stream.start_worker("worker-2")

    def redelivered() -> int:
        with session_scope() as s:
            row = s.get(StreamCounterRow, "positions.redelivered")
            return row.value if row else 0

    wait_for(lambda: redelivered() > 0, 60)
    with KafkaPublisher(stream.settings) as pub:  # then something new, to see it is live
        pub.publish_positions(southbound_track("QNg-96667-TS", 1, start_lat=10.0, lon=110.2))
    wait_for(lambda: _latest("QNg-96667-TS"), 60)
    assert "redelivered" in stream.log("worker-2")
    with session_scope() as s:
        stored = s.scalars(select(PositionRow.ts).where(PositionRow.vessel_id == vessel)).all()
    assert len(stored) == len(track)  # nothing stored twice
    letters = _dead_letters()  # the implausible one, once, though it was read twice
    assert [(d.reason.split(":")[0], d.count) for d in letters] == [("implausible time", 1)]
