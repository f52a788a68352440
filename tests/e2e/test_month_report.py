"""The department's month view in a real browser: consular counts beside the IUU figures.

A Sở Ngoại vụ officer opens "Báo cáo", asks for November 2026 (a Vietnam calendar month), reads
the fishermen detained, home and still held by country next to the month's IUU figures (Decree
26/2019/NĐ-CP Art. 44 as amended by Decree 37/2024/NĐ-CP: lost connection over 6 h, not back
within 10 days, crossed into foreign waters, 15 m and over without a working device), opens the
list of boats behind a figure, and the page says it all in Vietnamese. Screenshots at 1440×900
and 390×844 go to test-artifacts/. A border guard does not get the tab (the report's readers
are foreign affairs, admin and viewer).

Boats, people and figures are invented test data.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from infra.db.base import get_engine, session_scope
from infra.db.cases import CaseMemberRow, CaseRow, PersonRow, StatusEventRow
from infra.db.iuu import ManualPositionReportRow
from infra.db.migrate import upgrade_head
from infra.db.models import PositionRow, Vessel
from infra.repositories.alerts import save_alerts
from infra.repositories.users import SqlUserStore
from services.tracking.alerts import make_alert
from services.vocabulary import VN_TZ
from tests.e2e.serve import ARTIFACTS, chromium_path, launch_chromium, serve_api
from tests.e2e.test_ops_page import CODE_WORDS

pytestmark = pytest.mark.e2e
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

PASSWORD = "mật-khẩu-báo-cáo-tháng-2026"
FLEET = [  # (id, name, home port, length, device)
    ("QNg-90501-TS", "Tấn Phát 01", "Cảng cá Sa Huỳnh", 18.0, True),
    ("QNg-90502-TS", "Bình Minh 02", "Cảng cá Tịnh Kỳ", 24.5, True),
    ("QNg-90503-TS", "Hải Âu 03", "Cảng Lý Sơn", 16.0, True),
    ("QNg-90504-TS", "Phú Quý 04", "Cảng cá Sa Kỳ", 15.5, False),
    ("QNg-90505-TS", "Đức Thắng 05", "Cảng cá Sa Huỳnh", 20.0, True),
]


def vn(day: int, hour: int = 0, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VN_TZ).astimezone(UTC)


def _silence(vessel: str, last: datetime, steps: dict[str, int], back: int | None) -> list[Any]:
    """The tracker's own alerts for one silence: each step at its hour, then the return."""
    now, details = datetime.now(UTC), {"last_fix": last.isoformat()}
    hours = dict(steps) | ({"SIGNAL_RESTORED": back} if back is not None else {})
    return [
        make_alert(k, vessel, (last + timedelta(hours=h)).timestamp(), f"Tàu {vessel}", now,
                   details=details)
        for k, h in hours.items()
    ]  # fmt: skip


def _seed(url: str) -> None:
    now = datetime.now(UTC)
    with session_scope(url) as s:
        users = SqlUserStore(s)
        users.create("ngoaivu", PASSWORD, "foreign_affairs", actor="e2e", full_name="Chuyên viên")
        users.create("trucban", PASSWORD, "border_guard", actor="e2e", full_name="Trực ban")
        for vid, name, port, length, device in FLEET:
            s.add(Vessel(vessel_id=vid, name=name, home_port=port, province="Quảng Ngãi",
                         length_m=length, registered=True, high_risk=False,
                         vms_device_id=f"VMS-{vid}" if device else None, created_at=now,
                         updated_at=now))  # fmt: skip
        for vid in ("QNg-90501-TS", "QNg-90502-TS", "QNg-90505-TS"):  # their devices reported
            s.add(PositionRow(vessel_id=vid, ts=vn(2, 8), lat=15.0, lon=109.6, source="vms"))
        alerts = _silence("QNg-90501-TS", vn(6, 4), {"DARK": 6}, 20)  # reported by radio
        alerts += _silence("QNg-90502-TS", vn(9, 22), {"DARK": 6, "DARK_24H": 24, "DARK_10D": 240},
                           None)  # silent since, past 10 days  # fmt: skip
        alerts += _silence("QNg-90505-TS", vn(21, 3), {"DARK": 6}, 11)  # silent, no report
        alerts.append(make_alert("INSIDE_FOREIGN", "QNg-90505-TS", vn(18, 14, 20).timestamp(),
                                 "Tàu QNg-90505-TS đã vào vùng biển Malaysia", now,
                                 country="MY"))  # fmt: skip
        save_alerts(s, alerts)
        for hours in (7, 13):
            s.add(ManualPositionReportRow(
                vessel_id="QNg-90501-TS", ts=vn(6, 4) + timedelta(hours=hours), lat=11.2,
                lon=110.1, means="radio", reported_by="trucban", created_at=now,
            ))  # fmt: skip
    with get_engine(url).begin() as conn:  # one case: three men held by Indonesia, one home
        conn.execute(insert(PersonRow), [
            {"id": i, "full_name": f"Ngư dân {i}", "confirmed": True, "created_at": now,
             "created_by": "e2e"} for i in (1, 2, 3)])  # fmt: skip
        conn.execute(insert(CaseRow), [{
            "id": 1, "kind": "detention", "country": "ID", "occurred_on": date(2026, 11, 3),
            "vessel_id": "QNg-90503-TS", "source": "e2e", "needs_review": False,
            "created_at": now, "created_by": "e2e"}])  # fmt: skip
        conn.execute(insert(CaseMemberRow), [
            {"id": i, "case_id": 1, "person_id": i, "added_at": now, "added_by": "e2e"}
            for i in (1, 2, 3)])  # fmt: skip
        events = [(i, i, "DETAINED", date(2026, 11, 3)) for i in (1, 2, 3)]
        events += [(4, 1, "RELEASED", date(2026, 11, 20))]
        events += [(5, 1, "REPATRIATED", date(2026, 11, 27))]
        conn.execute(insert(StatusEventRow), [
            {"id": e, "member_id": m, "case_id": 1, "person_id": m, "status": st,
             "occurred_on": on, "recorded_at": now, "recorded_by": "e2e", "supersedes": None}
            for e, m, st, on in events])  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    chromium_path()
    db = tmp_path_factory.mktemp("month") / "month.sqlite"
    url = f"sqlite:///{db}"
    upgrade_head(url)
    _seed(url)
    with serve_api(url, db.parent) as base:
        yield {"base": base, "url": url}


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[Any]:
    with launch_chromium() as chromium:
        yield chromium


def _login(page: Any, base: str, username: str) -> None:
    page.goto(base + "/")
    page.get_by_test_id("login").wait_for(state="visible")
    page.get_by_test_id("login-user").fill(username)
    page.get_by_test_id("login-pass").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_selector("body[data-ready='1']", timeout=15_000)


def _open_november(page: Any) -> Any:
    page.locator("#tab-month").click()
    form = page.get_by_test_id("month-form")
    form.wait_for(timeout=10_000)
    form.locator("input[name=month]").fill("11/2026")
    form.get_by_role("button", name="Xem").click()
    page.get_by_role("heading", name="Báo cáo tháng 11/2026").wait_for(timeout=10_000)
    iuu = page.get_by_test_id("month-iuu")
    iuu.wait_for(timeout=15_000)
    return iuu


def _no_code_words(page: Any) -> None:
    text = page.locator("#panel-month").inner_text()
    assert sorted(set(CODE_WORDS.findall(text))) == [], text


def test_the_department_reads_the_months_figures_and_the_boats_behind_them(
    server: dict[str, Any], browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, server["base"], "ngoaivu")
    iuu = _open_november(page)
    consular = page.get_by_test_id("month-consular")
    assert "03" in consular.get_by_test_id("mo-detained").inner_text()
    assert "Indonesia: 03" in consular.get_by_test_id("mo-detained").inner_text()
    assert "01" in consular.get_by_test_id("mo-repatriated").inner_text()
    assert "Indonesia: 02" in consular.get_by_test_id("mo-still").inner_text()

    def figure(key: str) -> str:
        return str(iuu.get_by_test_id("iuu-" + key).locator(".mo-num").inner_text())

    assert figure("lost_6h") == "03 tàu (03 lượt)"
    assert figure("lost_6h_unreported") == "02 tàu"
    assert figure("not_back_10d") == "01 tàu"
    assert figure("crossed") == "01 tàu"
    assert figure("no_working_device") == "02/05 tàu"  # 90504 has none; 90503's sent nothing
    basis = iuu.get_by_test_id("iuu-basis").inner_text()
    assert basis.startswith("Số liệu tính theo giờ Việt Nam, từ ngày 01/11/2026 đến hết ngày")

    iuu.get_by_test_id("iuu-lost_6h").click()
    listed = page.get_by_test_id("iuu-list")
    listed.locator("li").nth(2).wait_for(timeout=10_000)
    boats = [li.get_attribute("data-vessel") for li in listed.locator("li").all()]
    assert boats == ["QNg-90502-TS", "QNg-90501-TS", "QNg-90505-TS"]  # longest silence first
    first = listed.locator("li").first.inner_text()
    assert "Bình Minh 02" in first and "chưa có tín hiệu trở lại" in first
    assert "Mất kết nối từ 22:00 09/11/2026" in first
    second = listed.locator("li").nth(1).inner_text()
    assert "có tín hiệu trở lại lúc 00:00 07/11/2026" in second
    assert "báo cáo vị trí 02/03 lượt" in second
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "month-desk.png"))

    iuu.get_by_test_id("iuu-crossed").click()
    listed.get_by_text("Vào vùng biển Malaysia lúc 14:20 18/11/2026").wait_for(timeout=10_000)
    assert listed.locator("li").count() == 1
    iuu.get_by_test_id("iuu-no_working_device").click()
    listed.get_by_text("Chưa lắp thiết bị giám sát hành trình").wait_for(timeout=10_000)
    assert "Đã lắp thiết bị nhưng không truyền dữ liệu trong tháng" in listed.inner_text()
    page.locator("#panel-month").screenshot(path=str(ARTIFACTS / "month-desk-panel.png"))
    href = page.get_by_test_id("month-docx").get_attribute("href")
    assert href == "/api/reports/monthly?month=2026-11&format=docx"
    _no_code_words(page)
    assert errors == []

    phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN",
                             device_scale_factor=2)  # fmt: skip
    _login(phone, server["base"], "ngoaivu")
    _open_november(phone).get_by_test_id("iuu-not_back_10d").click()
    phone.get_by_test_id("iuu-list").locator("li").first.wait_for(timeout=10_000)
    phone.get_by_test_id("month-iuu").scroll_into_view_if_needed()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    phone.screenshot(path=str(ARTIFACTS / "month-desk-phone.png"), full_page=True)
    _no_code_words(phone)


def test_the_border_guard_has_no_report_tab(server: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    _login(page, server["base"], "trucban")
    assert page.locator("#tab-month").is_hidden()
