"""A worker whose database is locked for longer than SQLite waits keeps its records, and stores
them once the database is free: no agent crashes, nothing is skipped."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from infra.db.base import session_scope
from infra.db.cases import CaseRow
from infra.db.models import AlertRow
from infra.kafka import KafkaPublisher
from services.alerts.model import Alert
from services.vocabulary import AlertKind, Severity
from streams.records import IncidentReport
from tests.integration.stream.conftest import Stream, wait_for

pytestmark = pytest.mark.integration
BUSY_TIMEOUT_S = 10.0  # infra/db/base.py: PRAGMA busy_timeout


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """SQLite only: its write lock is what makes a writer fail (after its 10 s busy timeout)."""
    yield f"sqlite:///{tmp_path / 'seawatch.sqlite'}"


def _report(n: int) -> IncidentReport:
    return IncidentReport(
        report_id=f"BP-QNG-2026-{n:04d}", kind="detention", country="ID",
        occurred_at=datetime(2026, 11, 20, 3, 0, tzinfo=UTC), vessel_id=f"QNg-9{n:04d}-TS",
        lat=5.9, lon=108.1, persons=[{"full_name": "Nguyễn Văn A"}], source="border_post",
    )  # fmt: skip


def _cases() -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(CaseRow)) or 0)


def _stored(alert_id: str) -> bool:
    with session_scope() as s:
        return s.scalar(select(AlertRow.id).where(AlertRow.alert_id == alert_id)) is not None


def test_records_met_while_the_database_is_locked_are_stored_once_it_is_free(
    stream: Stream, database_url: str
) -> None:
    worker = stream.start_worker()
    alert = Alert(
        alert_id="db-away-0001", kind=AlertKind.INSIDE_FOREIGN, severity=Severity.CRITICAL,
        vessel_id="QNg-90777-TS", ts=datetime(2026, 11, 20, 3, 0, tzinfo=UTC),
        created_at=datetime.now(UTC), message="Tàu QNg-90777-TS đang ở trong vùng biển Indonesia",
    )  # fmt: skip
    with KafkaPublisher(stream.settings) as pub:
        pub.publish("incidents", _report(1), key="QNg-90001-TS")
    wait_for(lambda: _cases() == 1, 90)  # the worker is up and writing

    lock = sqlite3.connect(database_url.split("///", 1)[1], timeout=30)
    lock.execute("BEGIN EXCLUSIVE")  # no other writer until rollback; readers go on (WAL)
    try:
        with KafkaPublisher(stream.settings) as pub:
            pub.publish("incidents", _report(2), key="QNg-90002-TS")
            pub.publish("alerts", alert, key=alert.vessel_id)
        time.sleep(BUSY_TIMEOUT_S + 3)  # longer than a writer waits for the lock
        assert _cases() == 1 and not _stored(alert.alert_id)
    finally:
        lock.rollback()
        lock.close()
    wait_for(lambda: _cases() == 2, 60)
    wait_for(lambda: _stored(alert.alert_id), 60)
    assert worker.poll() is None, stream.log()[-3000:]
    assert "crashed" not in stream.log().lower(), stream.log()[-3000:]
    assert stream.log().count("database unavailable") >= 2  # both flows waited it out
