"""GET /api/events/trips: a boat's trips from its stored track, on the feed's clock."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():  # starlette asks for httpx2, which the project does not use
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from infra.db.base import session_scope
from infra.db.migrate import upgrade_head
from infra.db.models import PositionRow
from infra.repositories.users import SqlUserStore
from infra.settings import get_settings
from services.api.main import create_app
from services.ports import get_registry
from tests.unit.events.tracks import offset

pytestmark = pytest.mark.integration

PASSWORD = "mat-khau-du-dai-de-thu"
START = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp_path / 'api.sqlite'}"
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", url)
    get_settings.cache_clear()
    upgrade_head(url)
    with session_scope() as s:
        SqlUserStore(s).create("trucban", PASSWORD, "border_guard", "test")
        port = next(p for p in get_registry() if p.name == "Sa Kỳ")
        # two days: in port, out 40 km for a day, back, in port
        for k, km in enumerate([0, 0, 20, 40, 40, 40, 40, 20, 0, 0, 0]):
            lat, lon = offset(port.lat, port.lon, 0.0, km * 1000.0)
            s.add(PositionRow(vessel_id="QNg-90001-TS", ts=START + timedelta(hours=4 * k),
                              lat=lat, lon=lon, speed_kn=0.0 if km == 0 else 6.0,
                              source="vms", risk="SAFE"))  # fmt: skip
    yield create_app()
    get_settings.cache_clear()


def test_trips_of_a_boat(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.get("/api/events/trips", params={"vessel_id": "QNg-90001-TS"}).status_code == 401
    token = client.post("/api/auth/token",
                        data={"username": "trucban", "password": PASSWORD}).json()  # fmt: skip
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    body = client.get("/api/events/trips", params={"vessel_id": "QNg-90001-TS"},
                      headers=headers).json()  # fmt: skip
    assert body["fixes"] == 11
    (trip,) = body["trips"]
    assert trip["start"] == (START + timedelta(hours=8)).isoformat()
    assert trip["end"] == (START + timedelta(hours=32)).isoformat()
    assert trip["port"] == "Sa Kỳ" and trip["details"]["duration_h"] == 24.0
    assert [e["kind"] for e in body["port_events"]] == ["port_departure", "port_arrival"]
    empty = client.get("/api/events/trips", params={"vessel_id": "QNg-00000-TS"},
                       headers=headers).json()  # fmt: skip
    assert empty["trips"] == [] and empty["fixes"] == 0
