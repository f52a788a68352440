"""Migrated throwaway databases for the registry tests: SQLite always, PostgreSQL when it answers.

One database per backend per test session (``alembic upgrade head``, never ``create_all``);
each test starts from empty registry and track tables.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from infra.db.base import get_engine, session_scope
from infra.db.migrate import upgrade_head
from infra.db.models import LatestPosition, PositionRow, Vessel

PG_HOST, PG_PORT = "127.0.0.1", 5432


def _pg_up() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def migrated_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("vessels") / "vessels.sqlite"
        url = f"sqlite:///{path}"
        upgrade_head(url)
        yield url
        get_engine(url).dispose()
        return
    if not _pg_up():
        pytest.skip(f"PostgreSQL not reachable on {PG_HOST}:{PG_PORT}")
    import psycopg

    name = f"seawatch_vessels_{uuid.uuid4().hex[:10]}"
    admin = f"host={PG_HOST} port={PG_PORT} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    try:
        upgrade_head(url)
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(migrated_url: str) -> str:
    """The session's database with empty vessel and track tables."""
    with session_scope(migrated_url) as session:
        for table in (PositionRow, LatestPosition, Vessel):
            session.execute(delete(table))
    return migrated_url


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    with session_scope(db_url) as s:
        yield s
