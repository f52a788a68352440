"""What the position flow keeps in the database besides the history: each boat's latest position
(moved forward only, however many rows), and what a restarted worker reads back from the history
to rebuild each boat's cadence day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from infra.db.base import get_engine, session_scope
from infra.db.migrate import upgrade_head
from infra.db.models import LatestPosition
from infra.db.tracking import insert_history, load_day_fixes, upsert_latest
from tests.databases import throwaway_postgres

pytestmark = pytest.mark.integration

DAY0 = 1_793_466_000.0  # 2026-10-31T17:00Z, midnight in Vietnam
H = 3600.0


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


def _row(vessel: str, ts: float, lat: float = 12.0, flag: str | None = None) -> dict[str, Any]:
    when = datetime.fromtimestamp(ts, UTC)
    return {"vessel_id": vessel, "ts": when, "lat": lat, "lon": 110.5, "speed_kn": 3.0,
            "course_deg": None, "source": "vms", "risk": "SAFE", "flag": flag}  # fmt: skip


def test_a_boats_newest_day_comes_back_led_by_its_last_fix_before_midnight(db_url: str) -> None:
    """What a restarted worker rebuilds the cadence day from: the day of the newest fix, the
    last fix before its midnight first (its interval across midnight counts), no rejects, times
    to the microsecond (a replayed fix is told by comparing with them)."""
    a, b, c = "QNg-94101-TS", "QNg-94102-TS", "QNg-94103-TS"
    rows = [_row(a, DAY0 - 5 * H), _row(a, DAY0 - 2 * H), _row(a, DAY0 + 0.123456),
            _row(a, DAY0 + 3 * H), _row(a, DAY0 + 1 * H, flag="OUT_OF_ORDER"),
            _row(b, DAY0 - 4 * 86400.0), _row(b, DAY0 + 2 * H),  # silent 4 days before
            _row(c, DAY0 - 3 * H)]  # fmt: skip
    with session_scope(db_url) as s:
        insert_history(s, rows)
    with session_scope(db_url) as s:
        got = load_day_fixes(s, [a, b, c, "QNg-00000-TS"])
    assert set(got) == {a, b, c}
    assert [t for t, *_ in got[a]] == pytest.approx(
        [DAY0 - 2 * H, DAY0 + 0.123456, DAY0 + 3 * H], abs=1e-6
    )
    assert got[a][1][0] == pytest.approx(DAY0 + 0.123456, abs=1e-6)
    assert [t for t, *_ in got[b]] == [DAY0 - 4 * 86400.0, DAY0 + 2 * H]  # found further back
    assert [t for t, *_ in got[c]] == [DAY0 - 3 * H]  # its newest day began the day before
    assert all(src == "vms" for *_, src in got[a])


def test_a_whole_fleet_rebuild_reads_every_boat_once(db_url: str) -> None:
    """1,200 boats (more than one chunk of 500), a day of fixes each: every boat comes back
    with its own fixes only, in time order."""
    ids = [f"QNg-{90000 + i}-TS" for i in range(1200)]
    with session_scope(db_url) as s:
        insert_history(s, [_row(v, DAY0 + k * 2 * H, 12.0 + i * 1e-4)
                           for i, v in enumerate(ids) for k in range(-1, 6)])  # fmt: skip
    with session_scope(db_url) as s:
        got = load_day_fixes(s, ids)
    assert len(got) == 1200
    for i, v in enumerate(ids):
        assert [round(t - DAY0) for t, *_ in got[v]] == [-7200 + k * 7200 for k in range(7)]
        assert {lat for _, lat, _, _ in got[v]} == {12.0 + i * 1e-4}


def test_latest_positions_of_a_large_flush_move_forward_only(db_url: str) -> None:
    """3,000 boats in one flush (two SQLite statements at 13 columns a row), one of them twice
    in it with its older fix last, then an older flush: each keeps its newest fix."""
    t0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)

    def row(v: str, minutes: int, lat: float) -> dict[str, object]:
        return {"vessel_id": v, "ts": t0 + timedelta(minutes=minutes), "lat": lat,
                "lon": 110.0, "source": "vms", "risk": "SAFE"}  # fmt: skip

    ids = [f"QNg-{91000 + i}-TS" for i in range(3000)]
    with session_scope(db_url) as s:
        upsert_latest(s, [row(v, 10, 12.0) for v in ids] + [row(ids[0], 5, 9.0)])
    with session_scope(db_url) as s:
        upsert_latest(s, [row(v, 1, 8.0) for v in ids[:100]] + [row(ids[-1], 20, 13.0)])
    with session_scope(db_url) as s:
        got = {r.vessel_id: (r.ts, r.lat) for r in s.scalars(select(LatestPosition))}
    assert len(got) == 3000
    assert got[ids[0]] == (t0 + timedelta(minutes=10), 12.0)
    assert got[ids[50]] == (t0 + timedelta(minutes=10), 12.0)
    assert got[ids[-1]] == (t0 + timedelta(minutes=20), 13.0)
