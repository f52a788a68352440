"""Positions reported by other means, and the month's IUU figures (SQLite and PostgreSQL).

Decree 26/2019/NĐ-CP Art. 44 as amended by Decree 37/2024/NĐ-CP: once the VMS is down the owner
reports the position every 6 hours by other means and brings the boat to port within 10 days
(as summarised by the Department of Fisheries: https://danviet.vn/tau-ca-mat-ket-noi-thiet-bi-giam-sat-hanh-trinh-chu-tau-can-lam-gi-de-khong-bi-xu-phat-d1379502.html).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from infra.db.base import get_engine, session_scope
from infra.db.migrate import upgrade_head
from infra.db.models import PositionRow, Vessel
from infra.repositories.alerts import save_alerts
from infra.repositories.users import SqlUserStore
from infra.settings import get_settings
from services.alerts.model import Alert
from services.api.main import create_app
from services.tracking.alerts import make_alert
from tests.databases import throwaway_postgres

pytestmark = pytest.mark.integration
PASSWORD = "mat-khau-du-dai-de-thu"
T0 = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:  # fmt: skip
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'iuu.sqlite'}"
        upgrade_head(url)
        ctx = None
    else:
        ctx = throwaway_postgres("iuu")
        url = ctx.__enter__()
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", url)
    get_settings.cache_clear()
    with session_scope() as s:
        store = SqlUserStore(s)
        for role in ("viewer", "border_guard"):
            store.create(role, PASSWORD, role, "test")
    try:
        yield create_app()
    finally:
        get_settings.cache_clear()
        get_engine(url).dispose()
        if ctx is not None:
            ctx.__exit__(None, None, None)


def _login(client: TestClient, user: str) -> dict[str, str]:
    token = client.post("/api/auth/token", data={"username": user, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def _dark(
    vessel: str, last: datetime, kinds: tuple[str, ...], back: datetime | None
) -> list[Alert]:
    hours = {"DARK": 6, "DARK_24H": 24, "DARK_10D": 240}
    now = datetime.now(UTC)
    out = [make_alert(k, vessel, (last + timedelta(hours=hours[k])).timestamp(), "x", now,
                      details={"last_fix": last.isoformat()}) for k in kinds]  # fmt: skip
    if back is not None:
        out.append(make_alert("SIGNAL_RESTORED", vessel, back.timestamp(), "x", now,
                              details={"last_fix": last.isoformat()}))  # fmt: skip
    return out


def test_reports_by_other_means_are_recorded_once_and_counted_in_the_figures(app: FastAPI) -> None:
    client = TestClient(app)
    now = datetime.now(UTC)
    with session_scope() as s:
        for vid, length, device in (
            ("QNg-1-TS", 20.0, "D1"),
            ("QNg-2-TS", 18.0, "D2"),
            ("QNg-3-TS", 24.0, None),
            ("QNg-4-TS", 12.0, None),
        ):
            s.add(Vessel(vessel_id=vid, length_m=length, vms_device_id=device, registered=True,
                         created_at=now, updated_at=now))  # fmt: skip
        s.add(PositionRow(vessel_id="QNg-1-TS", ts=T0 - timedelta(hours=1), lat=10.0, lon=111.0,
                          source="vms"))  # fmt: skip
        alerts = _dark("QNg-1-TS", T0, ("DARK",), T0 + timedelta(hours=20))  # reported
        alerts += _dark("QNg-2-TS", T0, ("DARK", "DARK_24H", "DARK_10D"), None)  # silent
        alerts.append(make_alert("INSIDE_FOREIGN", "QNg-1-TS", (T0 + timedelta(days=2))
                                 .timestamp(), "x", now))  # fmt: skip
        save_alerts(s, alerts)
    report = {"ts": (T0 + timedelta(hours=7)).isoformat(), "lat": 10.2, "lon": 111.3,
              "means": "radio", "note": "Đài Thông tin Duyên hải"}  # fmt: skip
    url = "/api/vessels/QNg-1-TS/position-reports"
    assert client.post(url, json=report).status_code == 401
    assert client.post(url, json=report, headers=_login(client, "viewer")).status_code == 403
    guard = _login(client, "border_guard")
    first = client.post(url, json=report, headers=guard)
    assert first.status_code == 201 and first.json()["created"] is True
    assert first.json()["reported_by"] == "border_guard"
    again = client.post(url, json=report, headers=guard)
    assert again.json()["created"] is False and again.json()["id"] == first.json()["id"]
    second = {**report, "ts": (T0 + timedelta(hours=13)).isoformat(), "means": "phone"}
    assert client.post(url, json=second, headers=guard).status_code == 201
    future = {**report, "ts": (now + timedelta(hours=2)).isoformat()}
    assert client.post(url, json=future, headers=guard).status_code == 422
    listed = client.get(url, headers=guard).json()
    assert [r["means"] for r in listed] == ["phone", "radio"]

    body = client.get("/api/reports/iuu?month=2026-11", headers=guard).json()
    # the longest silence first: QNg-2-TS is still silent at the month's end
    assert body["lost_connection_over_6h"] == {"boats": 2, "silences": 2,
                                               "vessel_ids": ["QNg-2-TS", "QNg-1-TS"]}  # fmt: skip
    assert body["lost_over_6h_without_reporting"] == {"boats": 1, "vessel_ids": ["QNg-2-TS"]}
    # QNg-1-TS: 20 h silent owes reports at 6, 12, 18 h; those at 7 h and 13 h answer the last
    # two. QNg-2-TS: from 10/11 09:00 to 01/12 00:00 (Vietnam time), 495 h: 82 marks, none met
    assert body["position_reports"] == {"required": 3 + 82, "received": 2}
    assert body["not_back_in_port_after_10_days"] == {"boats": 1, "vessel_ids": ["QNg-2-TS"]}
    assert body["crossed_into_foreign_waters"] == {"boats": 1, "vessel_ids": ["QNg-1-TS"]}
    assert body["boats_15m_and_over"] == 3
    # QNg-1-TS sent a VMS fix in the month; QNg-2-TS's device sent none; QNg-3-TS has none
    assert body["boats_15m_without_working_device"] == {
        "boats": 2, "no_device": 1, "device_silent": 1, "vessel_ids": ["QNg-2-TS", "QNg-3-TS"]}
    assert "01 tàu không báo cáo vị trí về bờ bằng phương tiện thông tin khác" in body["text"]
    assert body["labels"]["crossed"].startswith("Vượt ranh giới cho phép")
    assert client.get("/api/reports/iuu?month=2026-13", headers=guard).status_code == 422

    boats = client.get("/api/reports/iuu/vessels?month=2026-11&figure=lost_6h", headers=guard)
    assert boats.status_code == 200
    listed = boats.json()
    assert listed["count"] == 2 and listed["label"] == "Tàu cá mất kết nối trên 06 giờ trên biển"
    first, second = listed["vessels"]
    assert first["vessel_id"] == "QNg-2-TS" and first["until"] is None and first["hours"] == 495.0
    assert second["vessel_id"] == "QNg-1-TS" and second["hours"] == 20.0
    assert (second["reports_received"], second["reports_due"]) == (2, 3)
    assert second["length_m"] == 20.0
    idle = client.get("/api/reports/iuu/vessels?month=2026-11&figure=no_working_device",
                      headers=guard).json()  # fmt: skip
    assert [(v["vessel_id"], v["has_device"]) for v in idle["vessels"]] == [
        ("QNg-2-TS", True), ("QNg-3-TS", False)]
    bad = client.get("/api/reports/iuu/vessels?month=2026-11&figure=nope", headers=guard)
    assert bad.status_code == 422


def test_the_monthly_report_carries_the_iuu_figures_and_paragraph(app: FastAPI) -> None:
    client = TestClient(app)
    with session_scope() as s:
        save_alerts(s, _dark("QNg-9-TS", T0, ("DARK",), T0 + timedelta(hours=8)))
    with session_scope() as s:
        SqlUserStore(s).create("fa", PASSWORD, "foreign_affairs", "test")
    headers = _login(client, "fa")
    body = client.get("/api/reports/monthly?month=2026-11", headers=headers).json()
    assert body["iuu"]["lost_over_6h_without_reporting"]["boats"] == 1
    assert body["text"]["iuu"].startswith("Thực hiện Điều 44 Nghị định số 26/2019/NĐ-CP")
    md = client.get("/api/reports/monthly?month=2026-11&format=md", headers=headers).text
    assert "## 4. Giám sát hành trình tàu cá theo quy định chống khai thác IUU" in md
    assert ("- Tàu cá mất kết nối thiết bị giám sát hành trình trên 06 giờ trên biển: 01 lượt/01 "
            "tàu; trong đó 01 tàu không báo cáo vị trí về bờ") in md  # fmt: skip
