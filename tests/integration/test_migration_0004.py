"""Migration 0004 keeps rows written under 0003 right, on SQLite and on PostgreSQL.

Rows are written with raw SQL the way other writers could have (an offset, an ISO ``T``, the
same fix twice in two spellings; on PostgreSQL a column left as ``timestamp without time zone``
by an old ``create_all``), then the database is upgraded to head and read through the models.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, inspect, select

from infra.db.base import get_engine, session_scope
from infra.db.migrate import alembic_config, upgrade_head
from infra.db.models import PositionRow
from infra.db.users import AuditRow
from tests.databases import _ADMIN, PG_HOST, PG_PORT, postgres_reachable

NOON_VN = datetime(2021, 7, 1, 5, 0, tzinfo=UTC)  # 12:00 in Vietnam


def _audit(url: str, at_text: str, actor: str) -> None:
    with get_engine(url).begin() as conn:
        mark = "?" if url.startswith("sqlite") else "%s"
        conn.exec_driver_sql(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, changes) "
            f"VALUES ({mark}, {mark}, 'case.open', 'case', '1', '{{}}')",
            (at_text, actor),
        )


def _read_audit(url: str) -> dict[str, datetime]:
    with session_scope(url) as session:
        return {row.actor: row.at for row in session.scalars(select(AuditRow))}


def _before_six(url: str) -> set[str]:
    six = NOON_VN.replace(hour=6)
    with session_scope(url) as session:
        return set(session.scalars(select(AuditRow.actor).where(AuditRow.at < six)))


@pytest.fixture
def sqlite_at_0003(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0003")
    yield url
    get_engine(url).dispose()


def test_sqlite_rows_with_offsets_become_the_instants_they_name(sqlite_at_0003: str) -> None:
    url = sqlite_at_0003
    _audit(url, "2021-07-01 05:00:00.000000", "canonical")
    _audit(url, "2021-07-01T12:00:00+07:00", "offset")
    _audit(url, "2021-07-01T05:00:00Z", "zulu")
    _audit(url, "2021-07-01 05:00:00", "no-micro")
    with get_engine(url).begin() as conn:  # the same fix twice, in two spellings
        for ts in ("2021-07-01 05:00:00.000000", "2021-07-01T12:00:00+07:00"):
            conn.exec_driver_sql(
                "INSERT INTO positions (vessel_id, ts, lat, lon, source) "
                "VALUES ('QNg-90123-TS', ?, 15.1, 109.2, 'vms')",
                (ts,),
            )
        conn.exec_driver_sql(
            "INSERT INTO positions (vessel_id, ts, lat, lon, source) "
            "VALUES ('QNg-90123-TS', '2021-07-01T13:00:00+07:00', 15.2, 109.3, 'vms')"
        )
    # before: SQLite compares the text, so the odd spellings fall outside "before 06:00 UTC"
    assert _before_six(url) == {"canonical", "no-micro"}
    upgrade_head(url)
    assert _read_audit(url) == dict.fromkeys(("canonical", "offset", "zulu", "no-micro"), NOON_VN)
    assert _before_six(url) == {"canonical", "offset", "zulu", "no-micro"}
    with session_scope(url) as session:
        stamps = session.scalars(select(PositionRow.ts).order_by(PositionRow.ts)).all()
        assert stamps == [NOON_VN, NOON_VN.replace(hour=6)]
        assert session.scalar(select(func.count()).select_from(PositionRow)) == 2
    command.downgrade(alembic_config(url), "0009")  # and back, harmlessly
    upgrade_head(url)
    assert _read_audit(url)["offset"] == NOON_VN


@pytest.fixture
def postgres_at_0003() -> Iterator[str]:
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}")
    import psycopg

    name = f"seawatch_m0004_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    try:
        command.upgrade(alembic_config(url), "0003")
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_naive_columns_become_timestamptz_read_as_utc(postgres_at_0003: str) -> None:
    url = postgres_at_0003
    _audit(url, "2021-07-01 12:00:00+07", "aware")  # timestamptz: an instant, kept as it is
    with get_engine(url).begin() as conn:  # a database whose column lost its zone
        conn.exec_driver_sql("SET TIME ZONE 'Asia/Ho_Chi_Minh'")
        conn.exec_driver_sql(
            "ALTER TABLE audit_log ALTER COLUMN at TYPE timestamp USING at AT TIME ZONE 'UTC'"
        )
    _audit(url, "2021-07-01 05:00:00", "naive-utc")
    upgrade_head(url)
    column = next(c for c in inspect(get_engine(url)).get_columns("audit_log") if c["name"] == "at")
    assert column["type"].timezone is True
    assert _read_audit(url) == {"aware": NOON_VN, "naive-utc": NOON_VN}
