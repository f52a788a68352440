"""Prometheus metrics of every Seawatch process (prometheus-client).

Each process counts what passes through it and is scraped on its own port: the API at
``/metrics`` on its HTTP port, each stream worker on ``SEAWATCH_WORKER_METRICS_PORT`` (+ the
worker's index when several share a machine), the dispatcher on
``SEAWATCH_DISPATCHER_METRICS_PORT`` (0 turns a port off). What is a state rather than a flow —
open alerts, the outbox backlog, delivery failures per desk, consumer lag per partition — is
read at scrape time from the database and the broker by the API's collectors
(:class:`DatabaseCollector`, :class:`LagCollector`), so it is right whichever process did the
work and survives restarts.

Names (all prefixed ``seawatch_``):

=================================  ========  ===================================================
``fixes_in_total``                 counter   fixes decoded by a worker, by ``source``
``fixes_rejected_total``           counter   fixes a worker rejected, by ``reason``
``fixes_redelivered_total``        counter   fixes read again after a restart or rebalance
                                             (already processed: counted, not rejected)
``alerts_raised_total``            counter   alerts a worker sent, by ``kind``
``deliveries_total``               counter   webhook attempts of the dispatcher, by ``recipient``
                                             and ``outcome``
``http_requests_total``            counter   API requests, by ``method``, ``route``, ``status``
``alerts_stored``                  gauge     alerts in the database, by ``kind``
``alerts_open``                    gauge     open situations (to acknowledge), by ``severity``
``outbox_backlog``                 gauge     webhook deliveries still pending, by ``recipient``
``delivery_failures``              gauge     failed delivery attempts logged, by ``recipient``
``dead_letters``                   gauge     dead-letter records, by ``source_topic``
``consumer_lag``                   gauge     end offset − committed offset, by ``topic`` and
                                             ``partition`` (the stream workers' group)
=================================  ========  ===================================================
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

__all__ = [
    "ALERTS_RAISED",
    "DELIVERIES",
    "FIXES_IN",
    "FIXES_REDELIVERED",
    "FIXES_REJECTED",
    "HTTP_REQUESTS",
    "REGISTRY",
    "DatabaseCollector",
    "LagCollector",
    "serve",
]

log = logging.getLogger(__name__)

#: One registry per process for the flow counters (the default one also carries process and
#: platform metrics; keeping ours apart lets tests read them without that noise).
REGISTRY = CollectorRegistry(auto_describe=True)

FIXES_IN = Counter(
    "seawatch_fixes_in", "Fixes decoded by a stream worker.", ["source"], registry=REGISTRY
)
FIXES_REJECTED = Counter(
    "seawatch_fixes_rejected", "Fixes a stream worker rejected.", ["reason"], registry=REGISTRY
)
FIXES_REDELIVERED = Counter(
    "seawatch_fixes_redelivered",
    "Fixes read again after a worker restart or rebalance (not rejects).",
    registry=REGISTRY,
)
ALERTS_RAISED = Counter(
    "seawatch_alerts_raised", "Alerts a stream worker sent.", ["kind"], registry=REGISTRY
)
DELIVERIES = Counter(
    "seawatch_deliveries",
    "Webhook delivery attempts of the dispatcher.",
    ["recipient", "outcome"],
    registry=REGISTRY,
)
HTTP_REQUESTS = Counter(
    "seawatch_http_requests",
    "API requests.",
    ["method", "route", "status"],
    registry=REGISTRY,
)


def serve(port: int, what: str) -> bool:
    """Expose this process's counters on ``port`` (0: off); a port in use is logged, not fatal."""
    if port <= 0:
        return False
    try:
        start_http_server(port, registry=REGISTRY)
    except OSError as exc:
        log.warning("%s metrics not served on port %d: %s", what, port, exc)
        return False
    return True


class DatabaseCollector(Collector):
    """State read from the database at scrape time (one short query per family)."""

    def __init__(self, session_factory: Any) -> None:
        self.session_factory = session_factory

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from sqlalchemy import func, select

        from infra.db.delivery import DeliveryAttemptRow, OutboxRow, RecipientRow
        from infra.db.models import AlertRow, DeadLetterRow
        from infra.db.situations import SituationRow

        stored = GaugeMetricFamily(
            "seawatch_alerts_stored", "Alerts stored, by kind.", labels=["kind"]
        )
        opened = GaugeMetricFamily(
            "seawatch_alerts_open",
            "Open alert situations (not acknowledged, not ended), by severity.",
            labels=["severity"],
        )
        backlog = GaugeMetricFamily(
            "seawatch_outbox_backlog", "Webhook deliveries pending, by recipient.",
            labels=["recipient"],
        )  # fmt: skip
        failures = GaugeMetricFamily(
            "seawatch_delivery_failures", "Failed delivery attempts logged, by recipient.",
            labels=["recipient"],
        )  # fmt: skip
        dead = GaugeMetricFamily(
            "seawatch_dead_letters", "Dead-letter records, by source topic.",
            labels=["source_topic"],
        )  # fmt: skip
        try:
            with self.session_factory() as s:
                for kind, n in s.execute(
                    select(AlertRow.kind, func.count()).group_by(AlertRow.kind)
                ):
                    stored.add_metric([kind], n)
                open_rows = s.execute(
                    select(SituationRow.severity, func.count())
                    .where(
                        SituationRow.ended_at.is_(None),
                        SituationRow.acked_at.is_(None),
                        SituationRow.needs_ack.is_(True),
                    )
                    .group_by(SituationRow.severity)
                )
                seen = dict(open_rows.all())
                for severity in ("info", "warning", "critical"):
                    opened.add_metric([severity], seen.get(severity, 0))
                keys = dict(s.execute(select(RecipientRow.id, RecipientRow.key)).all())
                pending = dict(
                    s.execute(
                        select(OutboxRow.recipient_id, func.count())
                        .where(OutboxRow.status == "pending")
                        .group_by(OutboxRow.recipient_id)
                    ).all()
                )
                failed = dict(
                    s.execute(
                        select(DeliveryAttemptRow.recipient_id, func.count())
                        .where(DeliveryAttemptRow.outcome == "failed")
                        .group_by(DeliveryAttemptRow.recipient_id)
                    ).all()
                )
                for rid, key in keys.items():
                    backlog.add_metric([key], pending.get(rid, 0))
                    failures.add_metric([key], failed.get(rid, 0))
                for topic, n in s.execute(
                    select(DeadLetterRow.source_topic, func.count()).group_by(
                        DeadLetterRow.source_topic
                    )
                ):
                    dead.add_metric([topic], n)
        except Exception as exc:  # the database away: say so in the log, serve what we have
            log.warning("database metrics unavailable: %s", exc)
        yield from (stored, opened, backlog, failures, dead)


class LagCollector(Collector):
    """Consumer lag per partition of the stream workers' group, asked of the broker.

    kafka-python's admin client works on Tansu and Kafka alike (aiokafka's does not list group
    offsets on Tansu, see the shared notes). The answer is cached for ``ttl_s`` so a fast scrape
    interval does not hammer the broker; a broker that does not answer gives no samples.
    """

    def __init__(self, settings: Any, ttl_s: float = 10.0) -> None:
        self.settings = settings
        self.ttl_s = ttl_s
        self._cache: tuple[float, list[tuple[str, int, int]]] = (0.0, [])

    def _lag(self) -> list[tuple[str, int, int]]:
        now = time.monotonic()
        if now - self._cache[0] < self.ttl_s:
            return self._cache[1]
        rows: list[tuple[str, int, int]] = []
        bootstrap = getattr(self.settings, "kafka_bootstrap", None)
        if bootstrap:
            try:
                rows = consumer_lag(bootstrap, self.settings.app_id)
            except Exception as exc:
                log.warning("consumer lag unavailable: %s", exc)
        self._cache = (now, rows)
        return rows

    def collect(self) -> Iterator[GaugeMetricFamily]:
        lag = GaugeMetricFamily(
            "seawatch_consumer_lag",
            "End offset minus the committed offset of the stream workers' group.",
            labels=["topic", "partition"],
        )
        for topic, partition, n in self._lag():
            lag.add_metric([topic, str(partition)], n)
        yield lag


def consumer_lag(bootstrap: str, group: str, timeout_ms: int = 3000) -> list[tuple[str, int, int]]:
    """(topic, partition, lag) for every partition the group has committed an offset on."""
    from kafka import KafkaAdminClient, KafkaConsumer

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms)
    try:
        committed = admin.list_group_offsets(group).get(group, {})
    finally:
        admin.close()
    if not committed:
        return []
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms + 1000)
    try:
        ends = consumer.end_offsets(list(committed))
    finally:
        consumer.close()
    return sorted(
        (tp.topic, tp.partition, max(0, int(ends.get(tp, 0)) - int(meta.offset)))
        for tp, meta in committed.items()
        if meta.offset is not None and meta.offset >= 0
    )
