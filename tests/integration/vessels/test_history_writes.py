"""Track history writes from the column path: chunked, idempotent, and keyed like the row path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from infra.db.base import session_scope
from infra.db.models import PositionRow
from infra.db.tracking import insert_history
from services.tracking.batch import track_batch
from services.tracking.history import HistoryRows
from services.tracking.policy import AlertPolicy
from services.tracking.state import VesselState
from tests.unit.tracking.fakes import T0, Fix, columns


def _rows(url: str) -> int:
    with session_scope(url) as session:
        return int(session.scalar(select(func.count()).select_from(PositionRow)) or 0)


def _history(n: int, vessels: int = 7) -> HistoryRows:
    rows = HistoryRows()
    for k in range(n):
        speed = None if k % 3 else 6.5
        rows.append(f"QNg-{k % vessels:05d}-TS", T0 + 60 * (k // vessels) + 0.123456,
                    10.0 + k * 1e-5, 110.0, speed, 90.0, "vms", "SAFE", None)  # fmt: skip
    return rows


def test_many_rows_go_in_several_statements_once_each(db_url: str) -> None:
    rows = _history(9_000)  # more than one multi-row statement's worth on SQLite
    with session_scope(db_url) as session:
        insert_history(session, rows)
    assert _rows(db_url) == 9_000
    with session_scope(db_url) as session:  # a replay of the same batch adds nothing
        insert_history(session, rows)
    assert _rows(db_url) == 9_000
    with session_scope(db_url) as session:
        first = session.scalars(
            select(PositionRow).where(PositionRow.vessel_id == "QNg-00001-TS")
            .order_by(PositionRow.ts).limit(1)
        ).one()  # fmt: skip
    assert first.ts == datetime.fromtimestamp(T0 + 0.123456, UTC)
    assert first.speed_kn is None and first.lat == 10.0 + 1e-5  # k = 1: no speed


def test_column_and_row_paths_store_the_same_key(db_url: str) -> None:
    rows = _history(5)
    with session_scope(db_url) as session:
        insert_history(session, rows)
    with session_scope(db_url) as session:  # the same fixes as dicts: all conflicts
        insert_history(session, list(rows))
    assert _rows(db_url) == 5


def test_a_fix_the_table_had_seen_but_history_had_not_is_stored_on_replay(db_url: str) -> None:
    # a worker wrote the vessel's state (last fix at T0) and was killed before the history row
    v = "QNg-90123-TS"
    ahead = VesselState(v, T0, 10.0, 110.0, zone_kind="eez", flushed_ts=T0)
    cols, cls = columns([Fix(v, T0)])
    replay = track_batch(cols, cls, {v: ahead}.get, AlertPolicy(), datetime.now(UTC))
    assert replay.counts["duplicate"] == 1 and len(replay.rejects) == 1
    for _ in range(2):  # stored once, and only once however often it comes back
        with session_scope(db_url) as session:
            insert_history(session, replay.history)
        assert _rows(db_url) == 1


def test_new_vessels_of_a_batch_whose_commit_failed_are_registered_on_the_retry(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    import streams.positions.store as store_module
    from infra.db.models import AlertRow, Vessel
    from infra.settings import get_settings
    from streams.positions.store import PositionStore

    monkeypatch.setenv("SEAWATCH_DATABASE_URL", db_url)
    get_settings.cache_clear()
    v = "QNg-93001-TS"
    cols, cls = columns([Fix(v, T0)])
    outcome = track_batch(cols, cls, lambda _: None, AlertPolicy(), datetime.now(UTC))
    real_scope, calls = store_module.session_scope, []

    @contextmanager
    def commit_fails_once() -> Iterator[Session]:
        with real_scope() as session:
            yield session
            calls.append(1)
            if len(calls) == 1:  # the database goes away at the commit: nothing is stored
                session.rollback()
                raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(store_module, "session_scope", commit_fails_once)
    store = PositionStore()
    try:
        with pytest.raises(OperationalError):
            store.write_history(outcome)
        alerts = store.write_history(outcome)  # what the flow's retry does
    finally:
        get_settings.cache_clear()
    assert [a.vessel_id for a in alerts] == [v]
    with session_scope(db_url) as session:
        assert session.get(Vessel, v) is not None
        assert session.scalars(select(AlertRow.kind).where(AlertRow.vessel_id == v)).all() == [
            "UNKNOWN_VESSEL"
        ]
    assert _rows(db_url) == 1
