"""The duty desk's API: situations, their counters and acknowledgement; one clock; track window."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from infra.db.base import session_scope
from infra.db.models import PositionRow, Vessel
from infra.db.tracking import upsert_latest
from infra.repositories.alerts import save_alerts
from services.alerts.model import Alert
from services.simulator.run import declare_clock
from services.vocabulary import AlertKind, alert_id_for
from tests.integration.api.test_tracking_routes import _fix, _login, app  # noqa: F401

V = "QNg-90123-TS"


def _alert(ts: datetime, kind: AlertKind = AlertKind.INSIDE_FOREIGN) -> Alert:
    return Alert(
        alert_id=alert_id_for(kind.value, V, ts), kind=kind, severity=kind.severity,
        vessel_id=V, ts=ts, created_at=datetime.now(UTC), lat=6.3, lon=108.0, country="ID",
        message=f"Tàu {V} đang ở trong vùng biển Indonesia.",
    )  # fmt: skip


def test_one_acknowledgement_with_an_action_takes_the_boat_and_its_reminders(
    app: FastAPI,  # noqa: F811
) -> None:
    t0 = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    now = datetime.now(UTC)
    with session_scope() as s:
        s.add(Vessel(vessel_id=V, owner="Nguyễn Văn Tâm", owner_phone="0905 123 456",
                     captain="Trần Văn Hải", crew_count=9, radio="Icom IC-718 (HF)",
                     home_port="Cảng cá Sa Huỳnh", created_at=now, updated_at=now))  # fmt: skip
        save_alerts(s, [_alert(t0 + timedelta(hours=h)) for h in range(5)])
    client = TestClient(app)
    guard, viewer = _login(client, "border_guard"), _login(client, "viewer")
    assert client.get("/api/situations/summary", headers=guard).json()["open"] == 1
    (sit,) = client.get("/api/situations", headers=guard).json()
    assert (sit["messages"], sit["reminders"], sit["state"]) == (5, 4, "open")
    assert sit["vessel"]["owner_phone"] == "0905 123 456" and sit["vessel"]["crew_count"] == 9
    assert client.get("/api/situations", headers=viewer).json()[0]["vessel"]["owner"] is None
    assert (
        client.post(f"/api/situations/{sit['id']}/ack", json={}, headers=viewer).status_code == 403
    )
    bad = client.post(f"/api/situations/{sit['id']}/ack", json={"action": "x"}, headers=guard)
    assert bad.status_code == 422
    res = client.post(f"/api/situations/{sit['id']}/ack",
                      json={"action": "call_owner", "note": "chủ tàu đã gọi thuyền trưởng"},
                      headers=guard)  # fmt: skip
    assert res.status_code == 201 and res.json()["ack_action"] == "call_owner"
    again = client.post(f"/api/situations/{sit['id']}/ack", json={}, headers=guard)
    assert again.status_code == 200 and again.json()["ack_note"] == "chủ tàu đã gọi thuyền trưởng"
    assert client.get("/api/situations/summary", headers=guard).json()["open"] == 0
    detail = client.get(f"/api/situations/{sit['id']}", headers=guard).json()
    assert [m["ts"] for m in detail["timeline"]] == sorted(m["ts"] for m in detail["timeline"])
    assert len(detail["timeline"]) == 5


def test_the_clock_is_the_simulators_while_it_runs(app: FastAPI) -> None:  # noqa: F811
    client = TestClient(app)
    guard = _login(client, "border_guard")
    assert client.get("/api/clock", headers=guard).json()["mode"] == "live"
    wall = datetime.now(UTC)
    declare_clock(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), 60.0, wall - timedelta(seconds=30))
    clock = client.get("/api/clock", headers=guard).json()
    assert clock["mode"] == "simulated" and clock["speed"] == 60.0
    feed_now = datetime.fromisoformat(clock["feed_now"])
    assert (
        datetime(2026, 12, 3, 9, 30) <= feed_now.replace(tzinfo=None) < datetime(2026, 12, 3, 9, 35)
    )


def test_the_track_window_ends_at_the_vessels_latest_fix_not_the_wall_clock(
    app: FastAPI,  # noqa: F811
) -> None:
    ahead = datetime.now(UTC) + timedelta(hours=9)  # a simulator running hours ahead
    with session_scope() as s:
        for i in range(30):
            ts = ahead - timedelta(minutes=30 * i)
            s.add(PositionRow(vessel_id=V, ts=ts, lat=10.0 + i / 100, lon=110.0, source="sim"))
        upsert_latest(s, [{**_fix(), "ts": ahead, "lat": 10.0, "risk": "SAFE"}])
    client = TestClient(app)
    track = client.get(f"/api/vessels/{V}/track?hours=24", headers=_login(client, "viewer"))
    body = track.json()
    assert body["count"] == 30
    assert max(p["ts"] for p in body["positions"]) == body["until"] == ahead.isoformat()
