"""The operator's dead-letter listing (issue 15, #4), on SQLite and PostgreSQL (migrated)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from infra.db.base import get_engine, session_scope
from infra.db.migrate import upgrade_head
from infra.db.tracking import bump_counters, save_dead_letters
from infra.settings import get_settings
from services.api.main import create_app
from services.auth.tokens import issue_token
from services.deadletters import Rejected, letters_for
from streams.records import DeadLetter
from tests.databases import throwaway_postgres

pytestmark = pytest.mark.integration
TOPIC = "seawatch.positions"


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> Iterator[FastAPI]:  # fmt: skip
    def setup(url: str) -> FastAPI:
        monkeypatch.setenv("SEAWATCH_DATABASE_URL", url)
        monkeypatch.setenv("SEAWATCH_DATA_DIR", str(tmp_path))
        get_settings.cache_clear()
        upgrade_head(url)
        from infra.repositories.users import SqlUserStore

        with session_scope() as s:
            for role in ("admin", "viewer"):
                SqlUserStore(s).create(role, "mat-khau-du-dai-de-thu", role, "test")
        return create_app()

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'dl.sqlite'}"
        yield setup(url)
        get_engine(url).dispose()
    else:
        with throwaway_postgres("deadletters") as url:
            yield setup(url)
            get_engine(url).dispose()
    get_settings.cache_clear()


def _store(rejected: list[Rejected]) -> None:
    now = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    letters = [
        DeadLetter(source_topic=TOPIC, reason=lt.reason, payload=lt.payload,
                   partition=lt.partition, offset=lt.offset, count=lt.count, key=lt.key, at=now)
        for lt in letters_for(TOPIC, rejected)
    ]  # fmt: skip
    with session_scope() as s:
        save_dead_letters(s, letters)


def _rows() -> int:
    from sqlalchemy import func, select

    from infra.db.models import DeadLetterRow

    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(DeadLetterRow)) or 0)


def _as(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(role, role, get_settings().secret_key)}"}


def test_rejects_are_kept_per_record_counted_and_listed_by_reason(app: FastAPI) -> None:
    bad_lat = "invalid position report — lat: Input should be less than or equal to 90"
    record = [Rejected(bad_lat, '{"lat": 123}', 1, 7)] * 3
    record += [Rejected("malformed JSON: x", "{x", 1, 8)]
    _store(record)
    assert _rows() == 2
    _store(record)
    assert _rows() == 2  # the same record redelivered: nothing new, nothing doubled
    _store([Rejected("malformed JSON: x", "{x", 2, 8)])  # byte-identical, another record
    _store([Rejected("empty batch: the record holds no positions", '{"positions": []}', 0, 3)])
    big = 2**40 + 5  # Kafka offsets outgrow 32 bits
    _store([Rejected("malformed JSON: y", "{y", 3, big)])
    with session_scope() as s:
        bump_counters(s, {"positions.redelivered": 5})
    with session_scope() as s:
        bump_counters(s, {"positions.redelivered": 2})
    client = TestClient(app)
    response = client.get("/api/dead-letters/summary", headers=_as("admin"))
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["counters"] == {"positions.redelivered": 7}
    by = {e["reason"]: (e["rows"], e["rejects"]) for e in summary["by_reason"]}
    assert by == {"invalid position report": (1, 3), "malformed JSON": (3, 3),
                  "empty batch": (1, 1)}  # fmt: skip
    assert summary["rejects"] == 7 and summary["rows"] == 5
    listed = client.get("/api/dead-letters?reason=malformed", headers=_as("admin")).json()
    assert sorted((d["partition"], d["offset"]) for d in listed) == [(1, 8), (2, 8), (3, big)]
    assert all(d["count"] == 1 and d["source_topic"] == TOPIC for d in listed)
    assert client.get("/api/dead-letters", headers=_as("viewer")).status_code == 403
    assert client.get("/api/dead-letters/summary").status_code == 401
