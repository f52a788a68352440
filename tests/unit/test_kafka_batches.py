"""Producer-side batching: stable partitions and at most 500 fixes per Kafka record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from infra.kafka import MAX_FIXES_PER_RECORD, TOPICS, partition_for, position_batches
from streams.positions.decode import decode_position_records
from streams.records import PositionReport

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 5, 1, tzinfo=UTC)


def fixes(n_vessels: int, per_vessel: int) -> list[dict[str, Any]]:
    """Fixes interleaved across vessels, each vessel's in time order."""
    return [
        {
            "vessel_id": f"QNg-{90000 + v}-TS",
            "ts": (T0 + timedelta(minutes=5 * k)).isoformat(),
            "lat": 10.0 + k * 0.001,
            "lon": 110.0,
        }
        for k in range(per_vessel)
        for v in range(n_vessels)
    ]


def unpack(records: list[tuple[int, bytes]]) -> list[tuple[int, list[dict[str, Any]]]]:
    return [(p, json.loads(value)["positions"]) for p, value in records]


@given(st.text(min_size=1, max_size=40), st.integers(1, 64))
def test_partition_is_in_range_and_is_crc32(vessel_id: str, partitions: int) -> None:
    p = partition_for(vessel_id, partitions)
    assert 0 <= p < partitions
    assert p == zlib.crc32(vessel_id.encode("utf-8")) % partitions


def test_partition_is_the_same_in_another_process_with_another_hash_seed() -> None:
    ids = [f"QNg-{n}-TS" for n in range(90000, 90050)]
    here = [partition_for(v, 12) for v in ids]
    code = (
        "import json, sys; from infra.kafka import partition_for; "
        "print(json.dumps([partition_for(v, 12) for v in json.loads(sys.argv[1])]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(ids)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(done.stdout) == here
    assert len(set(here)) > 6  # and the ids actually spread over the partitions


def test_every_fix_lands_once_in_its_vessels_partition_in_order() -> None:
    sent = fixes(n_vessels=40, per_vessel=30)
    records = unpack(position_batches(sent, 4))
    received: list[dict[str, Any]] = []
    per_vessel: dict[str, list[str]] = defaultdict(list)
    for partition, batch in records:
        assert 0 < len(batch) <= MAX_FIXES_PER_RECORD
        for fix in batch:
            assert partition_for(fix["vessel_id"], 4) == partition
            per_vessel[fix["vessel_id"]].append(fix["ts"])
        received.extend(batch)
    assert sorted(map(json.dumps, received)) == sorted(map(json.dumps, sent))
    assert all(ts == sorted(ts) for ts in per_vessel.values())


def test_large_groups_are_split_at_500_fixes() -> None:
    sent = fixes(n_vessels=1, per_vessel=1201)
    records = unpack(position_batches(sent, 4))
    assert [len(b) for _, b in records] == [500, 500, 201]
    assert len({p for p, _ in records}) == 1
    assert [f for _, b in records for f in b] == sent  # order kept across the split


def test_one_record_per_partition_when_small() -> None:
    records = position_batches(fixes(n_vessels=50, per_vessel=2), 4)
    partitions = [p for p, _ in records]
    assert partitions == sorted(set(partitions))


def test_reports_are_sent_as_json_without_nulls_and_decode_back() -> None:
    reports = [
        PositionReport(vessel_id="NT-91234-TS", ts=T0, lat=11.2, lon=109.3, speed_kn=6.5),
        PositionReport(vessel_id="QNg-90123-TS", ts=T0, lat=15.0, lon=110.6),
    ]
    records = position_batches(reports, 8)
    assert all(b"null" not in value for _, value in records)
    cols, rejects = decode_position_records(value for _, value in records)
    assert rejects == []
    assert sorted(cols.vessel_id) == ["NT-91234-TS", "QNg-90123-TS"]
    assert set(cols.ts.tolist()) == {T0.timestamp()}


def test_vietnamese_text_stays_readable_on_the_wire() -> None:
    [(_, value)] = position_batches([{"vessel_id": "A1", "note": "Tàu cá"}], 1)
    assert "Tàu cá".encode() in value


def test_nothing_to_send_gives_no_records() -> None:
    assert position_batches([], 4) == []


def test_topics_are_declared_with_their_partitioning() -> None:
    assert TOPICS["positions"] == "p" and TOPICS["deadletter"] == 1
