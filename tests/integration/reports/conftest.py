"""Migrated throwaway databases for the report tests: SQLite always, PostgreSQL when it answers.

Each backend gets one database per test session, with the July 2021 story and a seeded random
story written into it; the tests only read, so they can share it.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from infra.db.base import get_engine
from infra.db.migrate import upgrade_head
from services.reports.period import Period
from tests.integration.reports.db_story import insert_story, random_story
from tests.unit.reports.scenario import Story, july_2021

PG_HOST, PG_PORT = "127.0.0.1", 5432


def _pg_up() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class StoryDb:
    url: str
    july: Story
    rand: Story


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("reports") / "reports.sqlite"
        url = f"sqlite:///{path}"
        upgrade_head(url)
        yield url
        get_engine(url).dispose()
        return
    if not _pg_up():
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}")
    import psycopg

    name = f"seawatch_reports_{uuid.uuid4().hex[:10]}"
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


@pytest.fixture(scope="session")
def story_db(db_url: str) -> StoryDb:
    july = july_2021()
    rand = random_story(seed=7, base=100_000)
    engine = get_engine(db_url)
    insert_story(engine, july, reporting_in=Period.month(2021, 7))
    insert_story(engine, rand)
    return StoryDb(db_url, july, rand)
