"""Topic handles of the faust app. Values are raw JSON bytes, decoded by the agents themselves
so that a malformed message becomes a dead letter with a reason instead of a deserializer crash."""

from __future__ import annotations

from infra.settings import get_settings
from streams.app import app

__all__ = [
    "alerts_topic",
    "deadletter_topic",
    "incidents_topic",
    "pair_records_topic",
    "pair_samples_topic",
    "positions_topic",
]

_s = get_settings()


def _topic(name: str, partitions: int | None = None):  # type: ignore[no-untyped-def]
    return app.topic(
        _s.topic(name),
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        partitions=partitions or _s.topic_partitions,
        internal=False,
    )


positions_topic = _topic("positions")
incidents_topic = _topic("incidents")
alerts_topic = _topic("alerts")
deadletter_topic = _topic("deadletter", partitions=1)
# pairs across workers: samples by sea cell, then close pairs by pair (streams/pairs)
pair_samples_topic = _topic("pair-samples")
pair_records_topic = _topic("pair-records")
