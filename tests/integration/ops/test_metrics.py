"""Prometheus /metrics: the names an operator scrapes, with values read from the database, and
consumer lag per partition measured against a real Tansu broker."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from infra.broker import EmbeddedBroker
from infra.db.base import session_scope
from infra.db.migrate import upgrade_head
from infra.metrics import DELIVERIES, REGISTRY, consumer_lag
from infra.repositories.outbox import save_and_enqueue
from infra.repositories.recipients import upsert_recipient
from infra.settings import get_settings
from services.alerts.model import Alert
from services.api.main import create_app
from services.vocabulary import AlertKind, alert_id_for

pytestmark = pytest.mark.integration

NAMES = (
    "seawatch_http_requests_total",
    "seawatch_fixes_in_total",
    "seawatch_fixes_rejected_total",
    "seawatch_alerts_raised_total",
    "seawatch_deliveries_total",
    "seawatch_alerts_stored",
    "seawatch_alerts_open",
    "seawatch_outbox_backlog",
    "seawatch_delivery_failures",
    "seawatch_dead_letters",
    "seawatch_consumer_lag",
)


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", url)
    monkeypatch.delenv("SEAWATCH_KAFKA_BOOTSTRAP", raising=False)
    get_settings.cache_clear()
    upgrade_head(url)
    from services.api.routes import metrics

    metrics._state_registry.cache_clear()
    yield TestClient(create_app())
    metrics._state_registry.cache_clear()
    get_settings.cache_clear()


def _alert(vessel: str, kind: AlertKind, minute: int) -> Alert:
    ts = datetime(2026, 12, 3, 1, 0, tzinfo=UTC) + timedelta(minutes=minute)
    return Alert(
        alert_id=alert_id_for(kind.value, vessel, ts), kind=kind, severity=kind.severity,
        vessel_id=vessel, ts=ts, created_at=datetime.now(UTC), message=f"{vessel} {kind}",
    )  # fmt: skip


def _value(text: str, name: str, **labels: str) -> float:
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    match = re.search(rf"^{name}\{{{re.escape(want)}\}} ([0-9.e+-]+)$", text, re.M)
    assert match, f"{name}{{{want}}} not in\n{text}"
    return float(match.group(1))


def test_metrics_carry_every_name_and_the_databases_state(client: TestClient) -> None:
    with session_scope() as s:
        upsert_recipient(s, "bdbp-command", {"webhook_url": "http://127.0.0.1:9/x"})
        save_and_enqueue(s, [
            _alert("QNg-90001-TS", AlertKind.IMMINENT, 0),
            _alert("QNg-90001-TS", AlertKind.IMMINENT, 60),  # a reminder: the same situation
            _alert("QNg-90002-TS", AlertKind.APPROACHING, 5),
        ])  # fmt: skip
    DELIVERIES.labels("bdbp-command", "failed").inc()
    client.get("/api/health")
    res = client.get("/metrics")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/plain")
    text = res.text
    for name in NAMES:
        assert f"# TYPE {name.removesuffix('_total')}" in text, name
    assert _value(text, "seawatch_alerts_stored", kind="IMMINENT") == 2
    assert _value(text, "seawatch_alerts_open", severity="critical") == 1
    assert _value(text, "seawatch_alerts_open", severity="warning") == 1
    assert _value(text, "seawatch_outbox_backlog", recipient="bdbp-command") == 3
    assert _value(text, "seawatch_delivery_failures", recipient="bdbp-command") == 0
    assert _value(text, "seawatch_http_requests_total",
                  method="GET", route="/api/health", status="503") >= 1  # fmt: skip
    assert (
        REGISTRY.get_sample_value(
            "seawatch_deliveries_total", {"recipient": "bdbp-command", "outcome": "failed"}
        )
        == 1
    )


def test_consumer_lag_per_partition_against_a_real_broker(tmp_path: Path) -> None:
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.structs import OffsetAndMetadata

    broker = EmbeddedBroker(log_path=tmp_path / "tansu.log").start()
    try:
        admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
        admin.create_topics([NewTopic("lagged", num_partitions=2, replication_factor=1)])
        admin.close()
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=0, batch_size=1)
        for i in range(7):
            producer.send("lagged", b"x", partition=i % 2).get(timeout=10)
        producer.close()
        consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id="lag-test",
                                 enable_auto_commit=False, session_timeout_ms=6000)  # fmt: skip
        consumer.commit({TopicPartition("lagged", 0): OffsetAndMetadata(1, "", -1),
                         TopicPartition("lagged", 1): OffsetAndMetadata(3, "", -1)})  # fmt: skip
        consumer.close()
        assert consumer_lag(broker.bootstrap, "lag-test") == [("lagged", 0, 3), ("lagged", 1, 0)]
    finally:
        broker.stop()
