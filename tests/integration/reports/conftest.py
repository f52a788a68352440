"""Migrated throwaway databases for the report tests: SQLite always, PostgreSQL when it answers.

Each backend gets one database per test session, with the July 2021 story and a seeded random
story written into it; the tests only read, so they can share it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from infra.db.base import get_engine
from infra.db.migrate import upgrade_head
from services.reports.period import Period
from tests.databases import throwaway_postgres
from tests.integration.reports.db_story import insert_story, random_story
from tests.unit.reports.scenario import Story, july_2021


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
    with throwaway_postgres("reports") as url:
        yield url


@pytest.fixture(scope="session")
def story_db(db_url: str) -> StoryDb:
    july = july_2021()
    rand = random_story(seed=7, base=100_000)
    engine = get_engine(db_url)
    insert_story(engine, july, reporting_in=Period.month(2021, 7))
    insert_story(engine, rand)
    return StoryDb(db_url, july, rand)
