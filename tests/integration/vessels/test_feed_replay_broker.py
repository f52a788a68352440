"""``seawatch feed replay`` into a real broker (embedded Tansu) with the registry in a database.

Checks what reaches Kafka against what pyais decodes directly from the same log, that rejects
land on the dead-letter topic, and that unknown vessels are registered and flagged once even
when the same file is replayed twice (the broker is at-least-once; so is a tired operator).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from infra.db.base import session_scope
from infra.db.models import Vessel
from infra.settings import get_settings
from services.cli.commands import feed
from services.feeds import FeedStats, decode_nmea

pytestmark = pytest.mark.integration

LOG = Path(__file__).resolve().parents[2] / "data" / "ais" / "gpsd_ais-nmea.log"


@pytest.fixture(scope="module")
def broker() -> Iterator[str]:
    from infra.broker import BrokerError, EmbeddedBroker

    try:
        started = EmbeddedBroker().start()
    except BrokerError as exc:
        pytest.skip(f"embedded Tansu broker unavailable: {exc}")
    try:
        yield started.bootstrap
    finally:
        started.stop()


@pytest.fixture
def cli(
    broker: str, db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[typer.Typer]:
    monkeypatch.setenv("SEAWATCH_KAFKA_BOOTSTRAP", broker)
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", db_url)
    monkeypatch.setenv("SEAWATCH_TOPIC_PREFIX", f"t{uuid.uuid4().hex[:8]}")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    root = typer.Typer()
    root.add_typer(feed.app, name="feed")
    yield root
    get_settings.cache_clear()


def _consume(bootstrap: str, topic: str, idle_s: float = 3.0) -> list[bytes]:
    """Every record of ``topic`` from the start, until it has been quiet for ``idle_s``."""
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
        consumer_timeout_ms=int(idle_s * 1000),
    )
    try:
        return [message.value for message in consumer]
    finally:
        consumer.close()


def test_replay_publishes_positions_dead_letters_and_unknown_vessels(
    cli: typer.Typer, broker: str, db_url: str
) -> None:
    settings = get_settings()
    expected = FeedStats()
    mmsis: set[int] = set()
    with LOG.open("rb") as handle:
        for item in decode_nmea(handle):
            expected.count(item)
            mmsi = getattr(item, "mmsi", None)
            if mmsi is not None and getattr(item, "lat", None) is not None:
                mmsis.add(mmsi)
    result = CliRunner().invoke(cli, ["feed", "replay", str(LOG)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the progress bar and the summary go to stderr

    records = _consume(broker, settings.topic("positions"))
    # a replay declares its own clock: ticks in every partition, then the end of the replay
    ticks = [json.loads(v)["clock"] for v in records if v.startswith(b'{"clock"')]
    assert ticks and ticks[-1]["end"] is True and {t["source"] for t in ticks} == {"ais"}
    records = [v for v in records if not v.startswith(b'{"clock"')]
    fixes = [fix for value in records for fix in json.loads(value)["positions"]]
    assert len(fixes) == expected.positions
    assert {f["mmsi"] for f in fixes} == mmsis

    dead = _consume(broker, settings.topic("deadletter"))
    assert len(dead) == expected.rejected > 0
    assert all(json.loads(d)["reason"].startswith("position not available") for d in dead)

    alerts = [json.loads(a) for a in _consume(broker, settings.topic("alerts"))]
    unknown = [a for a in alerts if a["kind"] == "UNKNOWN_VESSEL"]
    with session_scope(db_url) as session:
        rows = list(session.scalars(select(Vessel)))
    assert {r.vessel_id for r in rows} >= {f"MMSI-{m}" for m in mmsis}
    assert all(not r.registered for r in rows)
    assert len(unknown) == len(rows)  # one alert per created vessel
    assert len({a["alert_id"] for a in unknown}) == len(unknown)
    named = {r.mmsi: r.name for r in rows if r.name}
    assert named.get(371255000) == "SEA ENTERPRISE"  # from the multi-part type 5

    again = CliRunner().invoke(cli, ["feed", "replay", str(LOG)])
    assert again.exit_code == 0, again.output
    assert "0 cảnh báo tàu lạ" in again.stderr
    after = [json.loads(a) for a in _consume(broker, settings.topic("alerts"))]
    assert len(after) == len(alerts)  # no second "unknown vessel" alert
