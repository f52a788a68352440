"""Dead letters as an audit trail (issue 15, #4): pure parts.

Grouping and keys (services.deadletters), wire positions from the decoder, empty batches, and
the tracker telling a redelivered record from a sender's duplicate.
"""

from __future__ import annotations

import json

import numpy as np

from services.deadletters import Rejected, letter_key, letters_for
from services.tracking.batch import track_batch
from services.tracking.fixes import WIRE_SHIFT, wire_position
from services.tracking.policy import AlertPolicy
from services.tracking.state import VesselState
from streams.positions.decode import EMPTY_BATCH, decode_position_records
from tests.unit.tracking.fakes import T0, Fix, columns

TOPIC = "seawatch.positions"
V = "QNg-90123-TS"


def test_identical_rejects_of_one_record_are_one_letter_with_their_count() -> None:
    same = [Rejected("bad", "{}", 2, 40)] * 3
    letters = letters_for(TOPIC, [*same, Rejected("bad", "{}", 2, 41)])
    assert sorted((lt.offset, lt.count) for lt in letters) == [(40, 3), (41, 1)]
    assert sum(lt.count for lt in letters) == 4
    # the key depends on where the record sat: a redelivered record gets the same keys
    again = letters_for(TOPIC, same)
    assert again[0].key == letters[0].key == letter_key(TOPIC, 2, 40, "bad", "{}")
    assert letters[0].key != letters[1].key


def test_rejects_of_unknown_position_are_never_merged() -> None:
    letters = letters_for(TOPIC, [Rejected("bad", "{}")] * 3)
    assert [lt.count for lt in letters] == [1, 1, 1]
    assert len({lt.key for lt in letters}) == 3


def test_decoder_gives_each_fix_its_wire_position_and_each_reject_its_record() -> None:
    good = {"vessel_id": V, "ts": "2026-11-20T01:00:00Z", "lat": 10.0, "lon": 110.0}
    records = [
        json.dumps({"positions": [good, {**good, "ts": "2026-11-20T01:10:00Z"}]}).encode(),
        b"{not json",
        b'{"positions": []}',
        json.dumps({"positions": [{**good, "ts": "2026-11-20T01:20:00Z"}, {**good, "lat": 99}]}),
    ]
    cols, rejects = decode_position_records(records, [100, 101, 102, 103])
    assert cols.wires().tolist() == [
        wire_position(100, 0),
        wire_position(100, 1),
        wire_position(103, 0),
    ]
    assert [(r.record, r.reason.split(" ")[0]) for r in rejects] == [
        (1, "malformed"),
        (2, "empty"),
        (3, "invalid"),
    ]
    assert rejects[1].reason == EMPTY_BATCH
    assert (wire_position(103, 1) >> WIRE_SHIFT) == 103


def _track(fixes: list[Fix], wire: list[int], prev: VesselState):  # type: ignore[no-untyped-def]
    cols, cls = columns(fixes)
    cols.wire = np.array(wire, np.int64)
    from datetime import UTC, datetime

    return track_batch(cols, cls, lambda v: prev if v == V else None, AlertPolicy(),
                       datetime(2026, 6, 1, tzinfo=UTC))  # fmt: skip


def test_a_replayed_record_is_redelivered_a_resent_fix_is_a_duplicate() -> None:
    # the state was set by the fix at offset 50; the record at 50 comes again (a replay), and
    # the same fix comes once more at offset 60 (the sender sent it twice)
    prev = VesselState(V, T0 + 600, 10.0, 110.0, wire=wire_position(50, 0))
    replay = _track([Fix(V, T0 + 600), Fix(V, T0 + 300)],
                    [wire_position(50, 0), wire_position(49, 0)], prev)  # fmt: skip
    assert replay.counts["redelivered"] == 2 and replay.rejects == []
    assert len(replay.history) == 2  # offered again: history keeps one row per vessel and time
    resent = _track([Fix(V, T0 + 600)], [wire_position(60, 0)], prev)
    assert resent.counts["redelivered"] == 0 and resent.counts["duplicate"] == 1
    assert [r[0].split(" ")[0] for r in resent.rejects] == ["duplicate"]
    assert resent.reject_wire == [wire_position(60, 0)]


def test_new_states_remember_where_their_fix_sat() -> None:
    prev = VesselState(V, T0, 10.0, 110.0, wire=wire_position(5, 0))
    out = _track([Fix(V, T0 + 600)], [wire_position(9, 3)], prev)
    assert out.states[V].wire == wire_position(9, 3)
    assert VesselState.from_dict(out.states[V].to_dict()).wire == wire_position(9, 3)


def test_a_record_read_again_is_keyed_alike_though_its_reason_names_another_clock() -> None:
    first = letters_for(TOPIC, [Rejected("implausible time: … (2026-12-03T08:00:00)", "{}", 1, 9)])
    again = letters_for(TOPIC, [Rejected("implausible time: … (2026-12-03T08:05:00)", "{}", 1, 9)])
    assert first[0].key == again[0].key
