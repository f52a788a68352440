"""The cadence checkpoint in the database: stored, read back exactly, never wound back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.db.base import get_engine, session_scope
from infra.db.migrate import upgrade_head
from infra.db.tracking import load_cadence_days, upsert_cadence_days
from services.tracking.cadence import CadenceDay
from tests.databases import throwaway_postgres

pytestmark = pytest.mark.integration

DAY0 = 1_793_466_000.0  # 2026-10-31T17:00Z, midnight in Vietnam


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'cadence.sqlite'}"
        upgrade_head(url)
        yield url
        get_engine(url).dispose()
        return
    with throwaway_postgres("cadence") as url:
        yield url


def _day(fixes: int, last_ts: float) -> CadenceDay:
    return CadenceDay("QNg-94101-TS", DAY0, fixes, fixes * 3 * 3600.0, last_ts, True, 12.0, 110.5)


def test_a_checkpoint_round_trips_exactly_and_an_older_one_never_replaces_it(db_url: str) -> None:
    newer = _day(5, DAY0 + 12 * 3600.123456)  # sub-second: a replayed fix is told by equality
    with session_scope(db_url) as s:
        upsert_cadence_days(s, [newer])
    with session_scope(db_url) as s:
        upsert_cadence_days(s, [_day(3, DAY0 + 6 * 3600.0)])  # a late write of an older batch
    with session_scope(db_url) as s:
        assert load_cadence_days(s, ["QNg-94101-TS", "unknown"]) == [newer]
    moved = _day(6, DAY0 + 15 * 3600.0)
    with session_scope(db_url) as s:
        upsert_cadence_days(s, [moved])
        assert load_cadence_days(s, ["QNg-94101-TS"]) == [moved]
