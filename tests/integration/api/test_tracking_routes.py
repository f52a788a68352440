"""Tracking routes: health, latest positions, alerts, POST positions — auth and bad input."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():  # starlette asks for httpx2, which the project does not use
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from infra.db.base import session_scope
from infra.db.migrate import upgrade_head
from infra.db.tracking import upsert_latest
from infra.repositories.alerts import save_alerts
from infra.repositories.users import SqlUserStore
from infra.settings import get_settings
from services.alerts.model import Alert
from services.api.main import create_app
from services.vocabulary import AlertKind, Severity, alert_id_for

pytestmark = pytest.mark.integration

PASSWORD = "mat-khau-du-dai-de-thu"


class FakePublisher:
    def __init__(self) -> None:
        self.sent: list[Any] = []

    def publish_positions(self, reports: list[Any]) -> int:
        self.sent.extend(reports)
        return 1

    def flush(self, timeout_s: float = 10.0) -> None:
        return None


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp_path / 'api.sqlite'}"
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", url)
    get_settings.cache_clear()
    upgrade_head(url)
    with session_scope() as s:
        store = SqlUserStore(s)
        for role in ("viewer", "border_guard", "foreign_affairs", "admin"):
            store.create(role, PASSWORD, role, "test")
        _, key = store.create_api_key("vms-gateway", "test")
    application = create_app()
    application.state.api_key = key
    yield application


def _login(client: TestClient, user: str) -> dict[str, str]:
    token = client.post("/api/auth/token", data={"username": user, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def _fix(**over: Any) -> dict[str, Any]:
    return {"vessel_id": "QNg-90123-TS", "ts": "2026-11-20T01:00:00Z", "lat": 10.5, "lon": 109.5,
            "speed_kn": 7.0, "course_deg": 180.0, "source": "vms", **over}  # fmt: skip


def test_health_reports_a_missing_broker_as_degraded(app: FastAPI) -> None:
    client = TestClient(app)
    body = client.get("/api/health")
    assert body.status_code == 503
    assert body.json()["database"]["ok"] is True
    assert body.json()["broker"]["ok"] is False


def test_post_positions_needs_a_writer_and_reports_bad_items(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakePublisher()
    monkeypatch.setattr("services.api.routes.positions.get_publisher", lambda _app: fake)
    client = TestClient(app)
    batch = {"positions": [_fix(), _fix(lat=123.0), _fix(vessel_id="")]}
    assert client.post("/api/positions", json=batch).status_code == 401
    assert (
        client.post("/api/positions", json=batch, headers=_login(client, "viewer")).status_code
        == 403
    )
    res = client.post("/api/positions", json=batch, headers={"X-API-Key": app.state.api_key})
    assert res.status_code == 202
    body = res.json()
    assert body["accepted"] == 1
    assert [r["index"] for r in body["rejected"]] == [1, 2]
    assert "lat" in body["rejected"][0]["reason"]
    assert [r.vessel_id for r in fake.sent] == ["QNg-90123-TS"]
    res = client.post("/api/positions", json=batch, headers=_login(client, "border_guard"))
    assert res.status_code == 202


def test_post_positions_without_a_broker_is_503_not_a_crash(app: FastAPI) -> None:
    client = TestClient(app)
    res = client.post(
        "/api/positions", json={"positions": [_fix()]}, headers={"X-API-Key": app.state.api_key}
    )
    assert res.status_code == 503
    assert "broker" in res.json()["detail"]


def test_latest_positions_and_alerts_are_timezone_aware_and_filtered_by_role(app: FastAPI) -> None:
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    with session_scope() as s:
        upsert_latest(
            s, [{**_fix(), "ts": now, "risk": "APPROACHING", "country": "ID", "distance_nm": 3.2}]
        )
        save_alerts(s, [
            Alert(alert_id=alert_id_for("APPROACHING", "QNg-90123-TS", now),
                  kind=AlertKind.APPROACHING, severity=Severity.WARNING,
                  vessel_id="QNg-90123-TS", ts=now, created_at=now,
                  message="Tàu QNg-90123-TS cách ranh giới vùng biển Indonesia 3,2 hải lý."),
            Alert(alert_id=alert_id_for("CASE_OPENED", "case-1", now), kind=AlertKind.CASE_OPENED,
                  severity=Severity.WARNING, ts=now, created_at=now, audience=["foreign_affairs"],
                  message="Mở hồ sơ lãnh sự."),
        ])  # fmt: skip
    client = TestClient(app)
    assert client.get("/api/positions/latest").status_code == 401
    latest = client.get("/api/positions/latest", headers=_login(client, "viewer")).json()
    assert latest[0]["ts"] == "2026-11-20T02:00:00+00:00" and latest[0]["risk"] == "APPROACHING"
    only = client.get("/api/positions/latest?risk=inside_foreign", headers=_login(client, "viewer"))
    assert only.json() == []
    seen = {r: [a["kind"] for a in client.get("/api/alerts", headers=_login(client, r)).json()]
            for r in ("viewer", "border_guard", "foreign_affairs", "admin")}  # fmt: skip
    assert seen["border_guard"] == ["APPROACHING"]
    assert seen["foreign_affairs"] == ["CASE_OPENED"]
    assert seen["admin"] == ["CASE_OPENED", "APPROACHING"]
    assert "CASE_OPENED" not in seen["viewer"]


def test_the_port_list_says_where_each_position_comes_from(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.get("/api/ports").status_code == 401
    ports = client.get("/api/ports", headers=_login(client, "viewer")).json()
    assert len(ports) == 80
    cua_hoi = next(p for p in ports if p["name"] == "Cửa Hội")
    assert cua_hoi["province"] == "Nghệ An" and cua_hoi["precision_m"] == 500
    assert cua_hoi["position_source"].startswith("GFW")
