"""``/api/vessels`` routes over a migrated database."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from infra.db.base import get_sessionmaker, session_scope
from infra.db.models import LatestPosition, PositionRow, Vessel
from services.api.deps import get_db
from services.api.routes.vessels import router
from services.api.security import Principal, get_principal

with warnings.catch_warnings():  # starlette asks for httpx2, which the project does not use yet
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(router)

    def db() -> Iterator[Session]:
        session = get_sessionmaker(db_url)()
        try:
            yield session
            session.commit()
        finally:
            session.close()

    app.dependency_overrides[get_db] = db
    app.dependency_overrides[get_principal] = lambda: Principal("fa", "foreign_affairs", "user")
    with session_scope(db_url) as session:
        for i, (vid, name, mmsi, risk) in enumerate(
            [
                ("QNg-90123-TS", "Hoàng Sa 01", 574000123, True),
                ("QNg-90456-TS", "Bình Minh 88", None, False),
                ("NT-90777-TS", "Cà Ná 07", 574000777, False),
            ]
        ):
            session.add(
                Vessel(
                    vessel_id=vid,
                    name=name,
                    mmsi=mmsi,
                    high_risk=risk,
                    registered=True,
                    owner=f"Chủ {i}",
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
        session.add(
            Vessel(
                vessel_id="MMSI-574999999",
                mmsi=574999999,
                registered=False,
                high_risk=False,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        for minutes in (30, 90, 150, 60 * 30):
            session.add(
                PositionRow(
                    vessel_id="QNg-90123-TS",
                    ts=NOW - timedelta(minutes=minutes),
                    lat=15.0 + minutes / 1000,
                    lon=109.0,
                    speed_kn=7.0,
                    course_deg=90.0,
                    source="vms",
                )
            )
        session.add(
            LatestPosition(
                vessel_id="QNg-90123-TS",
                ts=NOW - timedelta(minutes=30),
                lat=15.03,
                lon=109.0,
                source="vms",
                risk="SAFE",
            )
        )
    with TestClient(app) as test_client:
        yield test_client


def test_search(client: TestClient) -> None:
    every = client.get("/api/vessels").json()
    assert [v["vessel_id"] for v in every] == [
        "MMSI-574999999",
        "NT-90777-TS",
        "QNg-90123-TS",
        "QNg-90456-TS",
    ]
    assert [v["vessel_id"] for v in client.get("/api/vessels?q=qng").json()] == [
        "QNg-90123-TS",
        "QNg-90456-TS",
    ]
    assert [v["vessel_id"] for v in client.get("/api/vessels?q=574000777").json()] == [
        "NT-90777-TS",
    ]
    assert [v["vessel_id"] for v in client.get("/api/vessels?q=Bình").json()] == ["QNg-90456-TS"]
    assert [v["vessel_id"] for v in client.get("/api/vessels?registered=false").json()] == [
        "MMSI-574999999",
    ]
    assert [v["vessel_id"] for v in client.get("/api/vessels?high_risk=true").json()] == [
        "QNg-90123-TS",
    ]
    assert client.get("/api/vessels?limit=0").status_code == 422


def test_one_vessel_with_latest_fix(client: TestClient) -> None:
    body = client.get("/api/vessels/QNg-90123-TS").json()
    assert body["name"] == "Hoàng Sa 01" and body["high_risk"] is True
    assert body["latest"]["lat"] == pytest.approx(15.03)
    assert "latest" not in client.get("/api/vessels/NT-90777-TS").json()
    missing = client.get("/api/vessels/QNg-00000-TS")
    assert missing.status_code == 404 and "QNg-00000-TS" in missing.json()["detail"]


def test_track_by_hours(client: TestClient) -> None:
    # the window ends at the vessel's latest fix (30 min ago), not at the wall clock
    body = client.get("/api/vessels/QNg-90123-TS/track?hours=2").json()
    assert body["count"] == 3
    assert [p["lat"] for p in body["positions"]] == pytest.approx([15.15, 15.09, 15.03])
    assert client.get("/api/vessels/QNg-90123-TS/track?hours=48").json()["count"] == 4
    until = (NOW - timedelta(hours=2)).isoformat()
    past = client.get("/api/vessels/QNg-90123-TS/track", params={"hours": 1, "until": until})
    assert past.json()["count"] == 1
    assert client.get("/api/vessels/QNg-90123-TS/track?hours=-1").status_code == 422


def _as(client: TestClient, principal: Principal | None) -> None:
    overrides = client.app.dependency_overrides  # type: ignore[attr-defined]
    if principal is None:
        del overrides[get_principal]
    else:
        overrides[get_principal] = lambda: principal


def test_needs_authentication(client: TestClient) -> None:
    _as(client, None)
    for path in ("/api/vessels", "/api/vessels/QNg-90123-TS", "/api/vessels/QNg-90123-TS/track"):
        assert client.get(path).status_code == 401


def test_owner_hidden_from_roles_without_personal_data(client: TestClient) -> None:
    assert client.get("/api/vessels/QNg-90123-TS").json()["owner"] == "Chủ 0"
    assert [v["vessel_id"] for v in client.get("/api/vessels?q=chủ 1").json()] == ["QNg-90456-TS"]
    _as(client, Principal("bg", "border_guard", "user"))  # the guard calls the owner
    assert client.get("/api/vessels/QNg-90123-TS").json()["owner"] == "Chủ 0"
    _as(client, Principal("v", "viewer", "user"))
    body = client.get("/api/vessels/QNg-90123-TS").json()
    assert body["owner"] is None and body["owner_phone"] is None and body["name"] == "Hoàng Sa 01"
    assert body["captain"] is None and body["captain_phone"] is None
    assert client.get("/api/vessels?q=chủ 1").json() == []  # no searching by hidden fields
    assert client.get("/api/vessels/QNg-90123-TS/track?hours=2").json()["count"] == 3
