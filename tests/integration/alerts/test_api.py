"""Acknowledgement, recipient and delivery-log routes through ``create_app()``, real auth."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():  # starlette asks for httpx2, which the project does not use yet
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from infra.db.users import AuditRow
from infra.repositories.users import SqlUserStore
from services.api.main import create_app
from tests.integration.alerts.conftest import make_alert, store

PASSWORD = "mật-khẩu-thử-nghiệm-đủ-dài"
ROLES = ("admin", "border_guard", "foreign_affairs", "viewer")


@pytest.fixture
def client(session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    with session_factory.begin() as session:
        store_ = SqlUserStore(session)
        for role in ROLES:
            if store_.get(f"u-{role}") is None:  # the PostgreSQL database lives for the session
                store_.create(f"u-{role}", PASSWORD, role, actor="test")
    yield TestClient(create_app())  # no `with`: the lifespan (broker) is not started


def _auth(client: TestClient, role: str) -> dict[str, str]:
    res = client.post("/api/auth/token", data={"username": f"u-{role}", "password": PASSWORD})
    assert res.status_code == 200, res.text
    return {"Authorization": f"Bearer {res.json()['access_token']}"}


def test_acknowledge_first_wins_and_is_audited(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    alert = make_alert(1)
    with session_factory.begin() as session:
        store(session, [alert])
    url = f"/api/alerts/{alert.alert_id}/ack"
    res = client.post(
        url, json={"note": "Đã gọi thuyền trưởng"}, headers=_auth(client, "border_guard")
    )
    assert res.status_code == 201
    assert res.json()["acked_by"] == "u-border_guard"
    again = client.post(url, json={"note": "lần hai"}, headers=_auth(client, "admin"))
    assert again.status_code == 200 and again.json()["acked_by"] == "u-border_guard"
    state = client.get(
        "/api/acks", params={"alert_ids": alert.alert_id}, headers=_auth(client, "viewer")
    ).json()
    assert state[alert.alert_id]["ack"]["note"] == "Đã gọi thuyền trưởng"
    with session_factory() as session:
        audited = session.scalars(
            select(AuditRow.actor).where(AuditRow.action == "acknowledge")
        ).all()
    assert audited == ["u-border_guard"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 201),
        ("border_guard", 201),
        ("foreign_affairs", 404),
        ("viewer", 403),
        (None, 401),
    ],
)
def test_ack_role_matrix(
    client: TestClient, session_factory: sessionmaker[Session], role: str | None, expected: int
) -> None:
    alert = make_alert(2)  # a border-guard alert: foreign affairs cannot see it
    with session_factory.begin() as session:
        store(session, [alert])
    headers = _auth(client, role) if role else {}
    res = client.post(f"/api/alerts/{alert.alert_id}/ack", json={}, headers=headers)
    assert res.status_code == expected, res.text


def test_unknown_alert_is_404(client: TestClient) -> None:
    res = client.post("/api/alerts/nope/ack", json={}, headers=_auth(client, "admin"))
    assert res.status_code == 404


def test_recipients_admin_only_and_secret_shown_once(client: TestClient) -> None:
    for role in ("border_guard", "foreign_affairs", "viewer"):
        assert client.get("/api/recipients", headers=_auth(client, role)).status_code == 403
    admin = _auth(client, "admin")
    listed = client.get("/api/recipients", headers=admin).json()
    assert {"bdbp-command", "post-ly-son", "so-ngoai-vu"} <= {r["key"] for r in listed}
    res = client.put(
        "/api/recipients/post-ly-son",
        headers=admin,
        json={"webhook_url": "https://donbp-lyson.example/hook"},
    )
    assert res.status_code == 200 and len(res.json()["secret"]) >= 32
    res2 = client.put(
        "/api/recipients/post-ly-son", headers=admin, json={"min_severity": "warning"}
    )
    assert res2.json()["secret"] is None and res2.json()["has_secret"] is True
    assert res2.json()["min_severity"] == "warning"
    bad = client.put("/api/recipients/post-ly-son", headers=admin, json={"areas": ["atlantis"]})
    assert bad.status_code == 422 and "atlantis" in bad.json()["detail"]
    bad_url = client.put(
        "/api/recipients/x",
        headers=admin,
        json={"name": "X", "role": "border_guard", "webhook_url": "ftp://x"},
    )
    assert bad_url.status_code == 422
    assert all("secret" not in r for r in client.get("/api/recipients", headers=admin).json())


def test_delivery_log_and_queue(client: TestClient, session_factory: sessionmaker[Session]) -> None:
    admin = _auth(client, "admin")
    client.put(
        "/api/recipients/test-desk",
        headers=admin,
        json={"name": "Bàn thử", "role": "border_guard", "webhook_url": "http://127.0.0.1:9/h"},
    )
    alert = make_alert(3)
    with session_factory.begin() as session:
        store(session, [alert])
    log = client.get(
        f"/api/alerts/{alert.alert_id}/deliveries", headers=_auth(client, "border_guard")
    )
    assert log.status_code == 200
    assert [(d["recipient"], d["status"]) for d in log.json()] == [("test-desk", "pending")]
    queues = {q["recipient"]: q for q in client.get("/api/deliveries", headers=admin).json()}
    assert queues["test-desk"]["pending"] == 1
    assert queues["test-desk"]["oldest_pending_alert_id"] == alert.alert_id
    assert client.get("/api/deliveries", headers=_auth(client, "viewer")).status_code == 403
