"""Migrated throwaway databases for the registry tests: SQLite always, PostgreSQL when it answers.

One database per backend per test session (``alembic upgrade head``, never ``create_all``);
each test starts from empty registry and track tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from infra.db.base import get_engine, session_scope
from infra.db.migrate import upgrade_head
from infra.db.models import AlertRow, LatestPosition, PositionRow, Vessel
from tests.databases import throwaway_postgres


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
    with throwaway_postgres("vessels") as url:
        yield url


@pytest.fixture
def db_url(migrated_url: str) -> str:
    """The session's database with empty vessel, track and alert tables."""
    with session_scope(migrated_url) as session:
        for table in (PositionRow, LatestPosition, Vessel, AlertRow):
            session.execute(delete(table))
    return migrated_url


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    with session_scope(db_url) as s:
        yield s
