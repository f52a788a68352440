"""Kafka adapters shared by the CLI, the simulator and the API: topic admin and publishing.

Positions are grouped by partition before sending: one record carries every fix of a send call
that hashes to the same partition. The partition of a vessel is a stable function of its id
(:func:`partition_for`), so a vessel's fixes stay ordered in one partition and the per-vessel
faust table stays co-partitioned with its source whatever produced the fixes.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from infra.settings import Settings, get_settings
from streams.records import PositionReport

__all__ = [
    "TOPICS",
    "KafkaPublisher",
    "ensure_topics",
    "partition_for",
    "position_batches",
]

log = logging.getLogger(__name__)

# logical name -> partitions multiplier ("p" = settings.topic_partitions, 1 = single partition)
TOPICS: dict[str, str | int] = {
    "positions": "p",
    "incidents": "p",
    "alerts": "p",
    "deadletter": 1,
    "pair-samples": "p",  # pair samples by sea cell (services/events/cells.py)
    "pair-records": "p",  # close pairs by pair
}

MAX_FIXES_PER_RECORD = 500


def partition_for(vessel_id: str, partitions: int) -> int:
    """Stable partition of a vessel (CRC-32 of its id): same answer in every process."""
    return zlib.crc32(vessel_id.encode()) % partitions


def _encode(obj: Any) -> bytes:
    if isinstance(obj, BaseModel):
        return obj.model_dump_json(exclude_none=True).encode()
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def position_batches(
    reports: Iterable[PositionReport | dict[str, Any]], partitions: int
) -> list[tuple[int, bytes]]:
    """Group fixes into ``(partition, record bytes)`` pairs of at most 500 fixes each."""
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for report in reports:
        data = (
            report.model_dump(mode="json", exclude_none=True)
            if isinstance(report, PositionReport)
            else report
        )
        groups[partition_for(str(data.get("vessel_id", "")), partitions)].append(data)
    out: list[tuple[int, bytes]] = []
    for partition in sorted(groups):
        fixes = groups[partition]
        for start in range(0, len(fixes), MAX_FIXES_PER_RECORD):
            out.append(
                (partition, _encode({"positions": fixes[start : start + MAX_FIXES_PER_RECORD]}))
            )
    return out


def ensure_topics(settings: Settings | None = None, timeout_s: float = 30.0) -> list[str]:
    """Create Seawatch's topics if missing; return the names created. Idempotent."""
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import TopicAlreadyExistsError

    settings = settings or get_settings()
    admin = KafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap,
        client_id="seawatch-admin",
        request_timeout_ms=int(timeout_s * 1000),
    )
    try:
        existing = set(admin.list_topics())
        wanted = []
        for name, parts in TOPICS.items():
            full = settings.topic(name)
            if full in existing:
                continue
            count = settings.topic_partitions if parts == "p" else int(parts)
            wanted.append(NewTopic(name=full, num_partitions=count, replication_factor=1))
        created: list[str] = []
        for topic in wanted:
            try:
                admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
        return created
    finally:
        admin.close()


class KafkaPublisher:
    """A small synchronous producer (kafka-python) for positions, incidents and alerts.

    Thread-safe and usable from async code: ``send`` only enqueues; ``flush`` waits.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        from kafka import KafkaProducer

        self.settings = settings or get_settings()
        self._producer = KafkaProducer(
            bootstrap_servers=self.settings.kafka_bootstrap,
            client_id="seawatch-publisher",
            acks=1,
            linger_ms=5,
            retries=2_147_483_647,  # ride out an embedded-broker restart
            # one request in flight: with retries, five in flight may reorder a vessel's records
            # (a retried batch landing after a later one), and the tracker would file real fixes
            # as out of order (seen under load on the GFW replay test)
            max_in_flight_requests_per_connection=1,
            max_block_ms=120_000,
            reconnect_backoff_max_ms=2_000,
            max_request_size=8 * 1024 * 1024,
        )

    def publish_positions(self, reports: Sequence[PositionReport | dict[str, Any]]) -> int:
        """Send fixes batched per partition; return the number of Kafka records sent."""
        topic = self.settings.topic("positions")
        records = position_batches(reports, self.settings.topic_partitions)
        for partition, value in records:
            self._producer.send(
                topic, value=value, key=f"p{partition}".encode(), partition=partition
            )
        return len(records)

    def publish_clock(self, record: bytes) -> int:
        """Send a replay's clock tick to *every* partition of the positions topic.

        Each partition's worker learns the feed's time after the fixes queued before it (see
        :mod:`services.tracking.clock`); returns the number of records sent.
        """
        topic = self.settings.topic("positions")
        for partition in range(self.settings.topic_partitions):
            self._producer.send(topic, value=record, key=b"clock", partition=partition)
        return self.settings.topic_partitions

    def publish(
        self, logical_topic: str, value: BaseModel | dict[str, Any], key: str | None = None
    ) -> None:
        """Send one event (an incident report, an alert…) to ``seawatch.<logical_topic>``."""
        topic = self.settings.topic(logical_topic)
        partition = None
        if key is not None:
            partition = partition_for(key, self.settings.topic_partitions)
        self._producer.send(
            topic, value=_encode(value), key=key.encode() if key else None, partition=partition
        )

    def flush(self, timeout_s: float = 30.0) -> None:
        self._producer.flush(timeout=timeout_s)

    def close(self) -> None:
        try:
            self._producer.flush(timeout=10)
        finally:
            self._producer.close(timeout=5)

    def __enter__(self) -> KafkaPublisher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
