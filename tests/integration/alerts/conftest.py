"""A migrated throwaway database per test: SQLite always, PostgreSQL when 127.0.0.1:5432 answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from infra.db.base import get_engine, get_sessionmaker
from infra.db.migrate import upgrade_head
from infra.settings import get_settings
from services.alerts.model import Alert
from services.vocabulary import AlertKind, Severity, alert_id_for
from tests.databases import throwaway_postgres

_CLEAN = (
    "delivery_attempts",
    "outbox",
    "alert_acks",
    "alert_escalations",
    "alerts",
    "alert_situations",
    "vessels",
)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """One throwaway PostgreSQL database for the session, migrated once."""
    with throwaway_postgres("alerts") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'alerts.sqlite'}"
        upgrade_head(url)
    else:
        url = request.getfixturevalue("pg_url")
        with get_engine(url).begin() as conn:
            for table in _CLEAN:
                conn.execute(text(f"DELETE FROM {table}"))
            conn.execute(text("DELETE FROM recipients WHERE key LIKE 'test-%'"))
            conn.execute(text("DELETE FROM audit_log WHERE entity IN ('alert', 'recipient')"))
            conn.execute(text("UPDATE recipients SET webhook_url = NULL, secret = NULL"))
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", url)
    monkeypatch.setenv("SEAWATCH_SECRET_KEY", "alerts-test-secret-" + "k" * 40)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    if request.param == "sqlite":
        get_engine(url).dispose()


@pytest.fixture
def session_factory(db_url: str) -> sessionmaker[Session]:
    return get_sessionmaker(db_url)


def make_alert(
    n: int,
    vessel_id: str = "QNg-90001-TS",
    kind: AlertKind = AlertKind.IMMINENT,
    severity: Severity = Severity.CRITICAL,
    created_at: datetime | None = None,
    audience: tuple[str, ...] = ("border_guard",),
) -> Alert:
    ts = datetime(2026, 11, 23, 3, 0, tzinfo=UTC) + timedelta(minutes=n)
    return Alert(
        alert_id=alert_id_for(kind.value, f"{vessel_id}#{n}", ts),
        kind=kind,
        severity=severity,
        vessel_id=vessel_id,
        ts=ts,
        created_at=created_at or datetime.now(UTC),
        lat=16.5,
        lon=112.1,
        country="CN",
        zone_kind="disputed",
        distance_nm=1.2,
        minutes_to_crossing=8.0,
        audience=list(audience),
        message=f"Tàu {vessel_id} sắp đi vào vùng tranh chấp (#{n})",
    )


def store(session: Session, alerts: list[Alert]) -> list[Alert]:
    """What the alert agent does: save, then enqueue in the same transaction."""
    from infra.repositories.outbox import save_and_enqueue

    return save_and_enqueue(session, alerts)
