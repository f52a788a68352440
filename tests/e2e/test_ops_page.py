"""The operations page in a real browser (Debian's headless Chromium, driven by Playwright).

Starts ``uvicorn`` on ``services.api.main:create_app`` against a migrated temporary SQLite
database (no broker), logs in as a border-guard officer, watches an alert inserted into the
database appear live, acknowledges it, opens a vessel's track, and saves screenshots of a
duty-room screen and a phone to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from infra.db.base import get_engine, session_scope
from infra.db.delivery import AckRow
from infra.db.migrate import upgrade_head
from infra.db.models import LatestPosition, PositionRow, Vessel
from infra.repositories.alerts import save_alerts
from infra.repositories.users import SqlUserStore
from infra.settings import get_settings
from services.alerts.model import Alert
from services.vocabulary import AlertKind, Severity, alert_id_for

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("SEAWATCH_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mật-khẩu-trực-ban-2026"
VESSELS = [  # (id, name, home port, lat, lon, risk)
    ("QNg-90417-TS", "Thành Đạt 17", "Cảng Lý Sơn", 16.62, 111.80, "DISPUTED"),
    ("QNg-95123-TS", "Phước Lộc 23", "Cảng cá Sa Huỳnh", 15.10, 110.40, "SAFE"),
    ("QNg-96088-TS", "Hoàng Long 88", "Cảng cá Tịnh Kỳ", 8.30, 106.90, "APPROACHING"),
]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _seed(url: str) -> None:
    now = datetime.now(UTC)
    with session_scope(url) as session:
        users = SqlUserStore(session)
        users.create(
            "trucban", PASSWORD, "border_guard", actor="e2e", full_name="Trực ban Biên phòng"
        )
        users.create(
            "ngoaivu", PASSWORD, "foreign_affairs", actor="e2e", full_name="Chuyên viên Sở"
        )
        for vid, name, port, lat, lon, risk in VESSELS:
            session.add(
                Vessel(
                    vessel_id=vid,
                    name=name,
                    home_port=port,
                    province="Quảng Ngãi",
                    registered=True,
                    high_risk=False,
                    created_at=now,
                    updated_at=now,
                )
            )
            for step in range(12):  # a 6-hour track heading north-east
                ts = now - timedelta(minutes=30 * (12 - step))
                session.add(
                    PositionRow(
                        vessel_id=vid,
                        ts=ts,
                        lat=lat - 0.05 * (12 - step),
                        lon=lon - 0.06 * (12 - step),
                        speed_kn=7.5,
                        course_deg=40.0,
                        source="vms",
                        risk=risk,
                    )
                )
            session.add(
                LatestPosition(
                    vessel_id=vid,
                    ts=now - timedelta(minutes=1),
                    lat=lat,
                    lon=lon,
                    speed_kn=7.5,
                    course_deg=40.0,
                    source="vms",
                    risk=risk,
                    country="CN" if risk == "DISPUTED" else None,
                    zone_kind="disputed" if risk == "DISPUTED" else None,
                    distance_nm=0.0 if risk == "DISPUTED" else 12.0,
                )
            )
        save_alerts(
            session,
            [
                _alert(
                    0,
                    AlertKind.APPROACHING,
                    Severity.WARNING,
                    "Tàu QNg-96088-TS đang tiến gần ranh giới vùng biển Malaysia",
                )
            ],
        )


def _alert(n: int, kind: AlertKind, severity: Severity, message: str) -> Alert:
    ts = datetime.now(UTC) - timedelta(seconds=30 - n)
    if n:  # inside the Paracels
        where: dict[str, Any] = {
            "vessel_id": "QNg-90417-TS",
            "lat": 16.62,
            "lon": 111.80,
            "country": None,
            "zone_kind": "disputed",
            "distance_nm": 0.4,
        }
    else:  # nearing Malaysia's EEZ
        where = {
            "vessel_id": "QNg-96088-TS",
            "lat": 8.30,
            "lon": 106.90,
            "country": "MY",
            "zone_kind": "eez",
            "distance_nm": 3.2,
            "minutes_to_crossing": 26.0,
        }
    return Alert(
        alert_id=alert_id_for(kind.value, f"{where['vessel_id']}#e2e{n}", ts),
        kind=kind,
        severity=severity,
        ts=ts,
        created_at=datetime.now(UTC),
        audience=["border_guard"],
        message=message,
        **where,
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    db = tmp_path_factory.mktemp("ops") / "ops.sqlite"
    url = f"sqlite:///{db}"
    upgrade_head(url)
    _seed(url)
    port = _free_port()
    env = {
        **os.environ,
        "SEAWATCH_DATABASE_URL": url,
        "SEAWATCH_ENVIRONMENT": "test",
        "SEAWATCH_SECRET_KEY": "e2e-secret-" + "x" * 40,
        "SEAWATCH_DATA_DIR": str(db.parent),
    }
    log = (db.parent / "uvicorn.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "services.api.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail("uvicorn exited: " + (db.parent / "uvicorn.log").read_text())
            time.sleep(0.2)
        else:
            pytest.fail("uvicorn did not answer in 30 s")
        yield {"base": base, "url": url}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        get_engine(url).dispose()
        get_settings.cache_clear()


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[Any]:
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _login(page: Any, base: str, username: str = "trucban") -> None:
    page.goto(base + "/")
    page.get_by_test_id("login").wait_for(state="visible")
    page.get_by_test_id("login-user").fill(username)
    page.get_by_test_id("login-pass").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_selector("body[data-ready='1']", timeout=15_000)


def test_duty_officer_sees_live_alert_acknowledges_it_and_opens_a_track(
    server: dict[str, Any], browser: Any
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1600, "height": 900}, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, server["base"])
    assert "Biên phòng" in page.get_by_test_id("user-name").inner_text()
    assert not page.locator("#tab-cases").is_visible()  # consular cases are not this desk's
    page.wait_for_selector("#map .vessel", timeout=10_000)
    assert page.locator("#map .vessel").count() == len(VESSELS)
    assert page.locator("#map .land").count() > 0, "basemap not drawn"
    assert page.locator("#map .zone").count() > 0, "zones not drawn"
    assert page.locator("[data-testid=alert]").count() == 1  # the stored one
    page.wait_for_selector("[data-testid=live].pill-on", timeout=10_000)

    live = _alert(
        1,
        AlertKind.DISPUTED,
        Severity.CRITICAL,
        "Tàu QNg-90417-TS đã đi vào vùng biển tranh chấp, cách ranh giới 0,4 hải lý",
    )
    with session_scope(server["url"]) as session:
        assert save_alerts(session, [live])
    item = page.locator(f"[data-alert-id='{live.alert_id}']")
    item.wait_for(timeout=10_000)
    first = page.locator("[data-testid=alert]").first
    assert first.get_attribute("data-alert-id") == live.alert_id  # newest first
    assert "sev-critical" in (item.get_attribute("class") or "")
    assert item.locator(".sev").text_content() == "Khẩn cấp"
    assert "vùng biển tranh chấp" in item.inner_text()
    assert "cách ranh giới 0,4 hải lý" in item.inner_text()  # Vietnamese decimal comma
    page.screenshot(path=str(ARTIFACTS / "ops-1-live-alert.png"))

    item.get_by_role("button", name="Xác nhận").click()
    item.locator("input[name=note]").fill("Đã liên lạc thuyền trưởng, tàu đang quay về")
    item.get_by_role("button", name="Gửi xác nhận").click()
    item.locator(".ack-state", has_text="Đã xác nhận").wait_for(timeout=10_000)
    with session_scope(server["url"]) as session:
        ack = session.scalar(select(AckRow).where(AckRow.alert_id == live.alert_id))
        assert ack is not None and ack.acked_by == "trucban"
        assert ack.note == "Đã liên lạc thuyền trưởng, tàu đang quay về"
    page.screenshot(path=str(ARTIFACTS / "ops-2-acknowledged.png"))

    page.locator("#tab-vessels").click()
    page.get_by_test_id("vessel-q").fill("90417")
    page.get_by_test_id("vessel-q").press("Enter")
    result = page.locator("[data-testid=vessel-results] li[data-vessel='QNg-90417-TS']")
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_selector("[data-testid=track]", state="attached", timeout=10_000)
    assert page.locator("#map .track-pt").count() == 12
    info = page.get_by_test_id("track-info").inner_text()
    assert "Thành Đạt 17" in info and "12 điểm" in info
    page.screenshot(path=str(ARTIFACTS / "ops-3-track.png"))
    assert errors == []
    page.close()


def test_phone_layout_stacks_map_and_list(server: dict[str, Any], browser: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    _login(page, server["base"])
    page.wait_for_selector("[data-testid=alert]", timeout=10_000)
    map_box = page.get_by_test_id("map").bounding_box()
    list_box = page.get_by_test_id("alerts").bounding_box()
    assert map_box and list_box
    assert list_box["y"] >= map_box["y"] + map_box["height"] - 1  # list below the map
    assert map_box["width"] <= 390
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the page scrolls sideways on a phone"
    page.screenshot(path=str(ARTIFACTS / "ops-4-phone.png"), full_page=True)
    page.close()


def test_duty_room_screen_uses_larger_type(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 2560, "height": 1440}, locale="vi-VN")
    _login(page, server["base"])
    page.wait_for_selector("[data-testid=alert]", timeout=10_000)
    root_px = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root_px >= 19  # readable from across the duty room
    map_box = page.get_by_test_id("map").bounding_box()
    assert map_box and map_box["width"] > 1500  # the map takes most of the screen
    page.screenshot(path=str(ARTIFACTS / "ops-6-duty-room.png"))
    page.close()


def test_foreign_affairs_officer_opens_a_case_from_the_page(
    server: dict[str, Any], browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, server["base"], "ngoaivu")
    assert "Ngoại vụ" in page.get_by_test_id("user-name").inner_text()
    # the border-guard alerts of the other tests are not addressed to this desk
    assert page.locator("[data-testid=alert]").count() == 0
    page.locator("#tab-cases").click()
    form = page.locator("#case-form")
    form.locator("select[name=kind]").select_option("detention")
    form.locator("select[name=country]").select_option("MY")
    form.locator("input[name=occurred_on]").fill("2021-07-05")
    form.locator("input[name=vessel_id]").fill("QNg-96088-TS")
    form.locator("input[name=authority]").fill("Cơ quan Thực thi Hàng hải Malaysia")
    form.get_by_role("button", name="Mở hồ sơ").click()
    page.locator("#case-msg.ok").wait_for(timeout=10_000)
    case = page.locator("[data-testid=cases] li", has_text="QNg-96088-TS")
    case.wait_for(timeout=10_000)
    assert "Malaysia" in case.inner_text() and "05/07/2021" in case.inner_text()
    page.screenshot(path=str(ARTIFACTS / "ops-5-cases.png"))
    # opening the case raised a CASE_OPENED alert for this desk: it arrives on the live stream
    page.locator("#tab-alerts").click()
    opened = page.locator("[data-testid=alert]", has_text="Mở hồ sơ lãnh sự")
    opened.wait_for(timeout=10_000)
    assert "Malaysia" in opened.inner_text()
    assert page.locator("[data-testid=alert]").count() == 1
    assert errors == []
    page.close()
