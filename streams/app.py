"""The faust application, configured for Tansu as well as Apache Kafka.

Settings that matter on Tansu (see README, "Broker"): short session timeouts (group joins take
about half of it), and ``producer_max_batch_size=1`` because Tansu reports a wrong end offset for
multi-record produce requests, which corrupts table recovery. Processing is at-least-once;
every handler downstream is idempotent.
"""

from __future__ import annotations

import faust

from infra.settings import Settings, get_settings

__all__ = ["app", "create_app"]


def create_app(settings: Settings | None = None) -> faust.App:
    settings = settings or get_settings()
    if not settings.kafka_bootstrap:
        raise RuntimeError(
            "no Kafka bootstrap configured: set SEAWATCH_KAFKA_BOOTSTRAP, or start the embedded "
            "stack with `seawatch run`"
        )
    brokers = ";".join(f"kafka://{b.strip()}" for b in settings.kafka_bootstrap.split(","))
    return faust.App(
        settings.app_id,
        broker=brokers,
        store="memory://",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=1,
        topic_allow_declare=True,  # faust creates its own changelog topics
        web_enabled=False,
        broker_session_timeout=settings.kafka_session_timeout_s,
        broker_heartbeat_interval=settings.kafka_heartbeat_interval_s,
        broker_rebalance_timeout=settings.kafka_rebalance_timeout_s,
        producer_max_batch_size=1,
        consumer_auto_offset_reset="earliest",
        broker_commit_every=settings.kafka_commit_every,
        broker_commit_interval=settings.kafka_commit_interval_s,
        stream_wait_empty=False,
        table_standby_replicas=0,
        datadir=str(settings.data_dir / "faust"),
    )


app = create_app()
