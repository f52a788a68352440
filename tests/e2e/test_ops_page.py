"""The operations page in a real browser (Debian's headless Chromium, driven by Playwright).

Starts ``uvicorn`` on ``services.api.main:create_app`` against a migrated temporary SQLite
database (no broker), logs in as a border-guard officer, watches a boat's alert and its
reminders arrive live as one situation, acknowledges it once with the action taken, checks the
counter against the database, opens the boat's box (owner and phone) and its track, and saves
screenshots of a 1440×900 desk and a 390×844 phone to ``test-artifacts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from infra.db.base import session_scope
from infra.db.delivery import AckRow
from infra.db.migrate import upgrade_head
from infra.db.models import LatestPosition, PositionRow, Vessel
from infra.db.situations import SituationRow
from infra.repositories.alerts import save_alerts
from infra.repositories.situations import count_open
from infra.repositories.users import SqlUserStore
from services.alerts.model import Alert
from services.vocabulary import AlertKind, Severity, alert_id_for
from tests.e2e.serve import ARTIFACTS, chromium_path, launch_chromium, serve_api

pytestmark = pytest.mark.e2e

PASSWORD = "mật-khẩu-trực-ban-2026"
VESSELS = [  # (id, name, home port, lat, lon, risk)
    ("QNg-90417-TS", "Thành Đạt 17", "Cảng Lý Sơn", 16.62, 111.80, "DISPUTED"),
    ("QNg-95123-TS", "Phước Lộc 23", "Cảng cá Sa Huỳnh", 15.10, 110.40, "SAFE"),
    ("QNg-96088-TS", "Hoàng Long 88", "Cảng cá Tịnh Kỳ", 8.30, 106.90, "APPROACHING"),
]
OWNERS = {  # invented people (vessel -> owner, phone, captain, phone, crew, radio)
    "QNg-90417-TS": ("Nguyễn Văn Tâm", "0905 123 456", "Nguyễn Văn Hải", "0914 222 333", 9,
                     "Icom IC-718 (HF)"),
    "QNg-95123-TS": ("Lê Thị Hoa", "0935 765 432", "Phạm Văn Dũng", "0987 111 222", 7,
                     "Icom IC-M330 (VHF)"),
    "QNg-96088-TS": ("Trần Minh Sơn", "0389 456 789", "Trần Minh Sơn", "0389 456 789", 11,
                     "Icom IC-M710 (HF)"),
}  # fmt: skip
# English or code words that must never reach the page's text
CODE_WORDS = re.compile(
    r"\b(?:[A-Z]{2,}_[A-Z_]+|[a-z]+_[a-z_]+|undefined|null|NaN|Invalid Date|high seas|"
    r"warning|critical|info|disputed|eez)\b"
)

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


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
            owner, phone, captain, captain_phone, crew, radio = OWNERS[vid]
            session.add(
                Vessel(
                    vessel_id=vid,
                    name=name,
                    home_port=port,
                    province="Quảng Ngãi",
                    registered=True,
                    high_risk=False,
                    owner=owner,
                    owner_phone=phone,
                    captain=captain,
                    captain_phone=captain_phone,
                    crew_count=crew,
                    radio=radio,
                    vms_device_id=f"VMS-{vid}",
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


def _alert(n: int, kind: AlertKind, severity: Severity, message: str, tag: str = "") -> Alert:
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
        alert_id=alert_id_for(kind.value, f"{where['vessel_id']}#e2e{n}{tag}", ts),
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
    chromium_path()  # skips early, before seeding, when Chromium is absent
    db = tmp_path_factory.mktemp("ops") / "ops.sqlite"
    url = f"sqlite:///{db}"
    upgrade_head(url)
    _seed(url)
    with serve_api(url, db.parent) as base:
        yield {"base": base, "url": url}


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[Any]:
    with launch_chromium() as chromium:
        yield chromium


def _login(page: Any, base: str, username: str = "trucban") -> None:
    page.goto(base + "/")
    page.get_by_test_id("login").wait_for(state="visible")
    page.get_by_test_id("login-user").fill(username)
    page.get_by_test_id("login-pass").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_selector("body[data-ready='1']", timeout=15_000)


def _no_code_words(page: Any) -> None:
    text = page.evaluate("document.body.innerText")
    found = sorted(set(CODE_WORDS.findall(text)))
    assert found == [], f"code words on the page: {found}"


def _counter_matches_database(page: Any, url: str) -> int:
    with session_scope(url) as session:
        expected = count_open(session, "border_guard")["open"]
    if expected == 0:
        page.get_by_test_id("unacked").wait_for(state="hidden", timeout=10_000)
    else:
        page.locator(f"[data-testid=unacked][data-open='{expected}']").wait_for(timeout=10_000)
    return expected


def _one_situation_acknowledged_once(page: Any, server: dict[str, Any], tag: str) -> None:
    """A boat's alert and its reminders are one item; one acknowledgement takes them all."""
    vessel = "QNg-90417-TS"
    messages = [
        _alert(10 + i, AlertKind.DISPUTED, Severity.WARNING,
               f"Tàu {vessel} đang ở khu vực quần đảo Hoàng Sa, cách ranh giới 0,4 hải lý",
               tag=tag)
        for i in range(4)
    ]  # fmt: skip
    with session_scope(server["url"]) as session:
        assert len(save_alerts(session, messages)) == 4
    item = page.locator(f"[data-testid=alert][data-vessel='{vessel}']")
    item.locator(".count", has_text="4 tin nhắn").wait_for(timeout=10_000)
    assert item.count() == 1, "one item per boat, not one per message"
    assert "3 lần nhắc lại" in item.inner_text()
    assert "cách ranh giới 0,4 hải lý" in item.inner_text()  # Vietnamese decimal comma
    assert "0905 123 456" in item.inner_text() and "Nguyễn Văn Tâm" in item.inner_text()
    item.get_by_role("button", name="Xem diễn biến").click()
    item.locator(".timeline li").nth(3).wait_for(timeout=10_000)
    assert item.locator(".timeline li").count() == 4  # every message, oldest first
    _counter_matches_database(page, server["url"])
    item.get_by_role("button", name="Xác nhận").click()
    item.locator("select[name=action]").select_option("call_owner")
    item.locator("input[name=note]").fill("Đã gọi chủ tàu, tàu đang quay về")
    item.get_by_role("button", name="Gửi xác nhận").click()
    page.locator(
        f"[data-testid=alert][data-vessel='{vessel}'] .ack-state", has_text="Gọi chủ tàu"
    ).wait_for(timeout=10_000)
    with session_scope(server["url"]) as session:
        sit = session.get(SituationRow, int(item.get_attribute("data-situation") or 0))
        assert sit is not None and sit.acked_by == "trucban" and sit.ack_action == "call_owner"
        assert sit.messages == 4 and sit.reminders == 3
        ack = session.scalar(select(AckRow).where(AckRow.alert_id == sit.last_alert_id))
        assert ack is not None and ack.note == "Đã gọi chủ tàu, tàu đang quay về"
    assert _counter_matches_database(page, server["url"]) == 1  # the other boat is still open
    # the boat comes back: its situation ends and leaves the list of boats to follow
    with session_scope(server["url"]) as session:
        save_alerts(
            session,
            [
                _alert(
                    20,
                    AlertKind.BACK_SAFE,
                    Severity.INFO,
                    f"Tàu {vessel} đã trở về vùng biển an toàn.",
                    tag=tag,
                )
            ],
        )
    item.wait_for(state="detached", timeout=10_000)


def _boat_box_shows_who_to_call(page: Any) -> None:
    page.locator("#tab-vessels").click()
    page.get_by_test_id("vessel-q").fill("90417")
    page.get_by_test_id("vessel-q").press("Enter")
    result = page.locator("[data-testid=vessel-results] li[data-vessel='QNg-90417-TS']")
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_selector("[data-testid=track]", state="attached", timeout=10_000)
    info = page.get_by_test_id("track-info")
    info.locator("[data-testid=contacts]", has_text="0905 123 456").wait_for(timeout=10_000)
    text = info.inner_text()
    assert "Thành Đạt 17" in text and "12 điểm" in text
    assert "Nguyễn Văn Tâm" in text and "9 thuyền viên" in text and "Icom IC-718" in text
    assert page.locator("#map .track-pt").count() == 12


def test_duty_officer_works_a_situation_at_1440x900(server: dict[str, Any], browser: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, server["base"])
    assert "Biên phòng" in page.get_by_test_id("user-name").inner_text()
    assert not page.locator("#tab-cases").is_visible()  # consular cases are not this desk's
    page.wait_for_selector("#map .vessel", timeout=10_000)
    assert page.locator("#map .vessel").count() == len(VESSELS)
    assert page.locator("#map .land").count() > 0, "basemap not drawn"
    assert page.locator("#map .zone").count() > 0, "zones not drawn"
    assert page.locator("#map .port").count() > 10, "ports not drawn"
    assert "hải lý" in page.get_by_test_id("scale").inner_text()
    page.wait_for_selector("[data-testid=live].pill-on", timeout=10_000)
    box = page.get_by_test_id("map").bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert re.fullmatch(r"\d\d°\d\d'N – \d{3}°\d\d'E", page.get_by_test_id("pointer").inner_text())
    # the stored one
    assert page.locator("[data-testid=alert][data-vessel='QNg-96088-TS']").count() == 1
    _one_situation_acknowledged_once(page, server, "desk")
    page.locator("#tab-alerts").click()
    page.screenshot(path=str(ARTIFACTS / "ops-1-desk-1440.png"))
    _no_code_words(page)
    _boat_box_shows_who_to_call(page)
    page.screenshot(path=str(ARTIFACTS / "ops-2-boat-box-1440.png"))
    _no_code_words(page)
    assert errors == []
    page.close()


def _phone(browser: Any) -> Any:
    return browser.new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )


def _labels_inside_the_map(page: Any) -> None:
    clipped = page.evaluate(
        """() => { const m = document.getElementById('map').getBoundingClientRect();
        return [...document.querySelectorAll('#map .zone-label')]
          .filter((t) => getComputedStyle(t).display !== 'none')
          .map((t) => [t.textContent, t.getBoundingClientRect()])
          .filter(([, r]) => r.width && (r.left < m.left - 1 || r.right > m.right + 1
                                         || r.top < m.top - 1 || r.bottom > m.bottom + 1))
          .map(([name]) => name); }"""
    )
    assert clipped == [], f"labels cut at the map's edge: {clipped}"


def test_phone_layout_keeps_the_map_usable_and_the_desk_workable(
    server: dict[str, Any], browser: Any
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = _phone(browser)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, server["base"])
    page.wait_for_selector("[data-testid=alert]", timeout=10_000)
    map_box = page.get_by_test_id("map").bounding_box()
    list_box = page.get_by_test_id("alerts").bounding_box()
    legend = page.get_by_test_id("legend").bounding_box()
    assert map_box and list_box and legend
    assert list_box["y"] >= map_box["y"] + map_box["height"] - 1  # list below the map
    assert map_box["width"] <= 390
    # the legend starts folded: far less than a quarter of the map
    assert legend["width"] * legend["height"] < 0.08 * map_box["width"] * map_box["height"]
    _labels_inside_the_map(page)
    _labels_clear_of_the_legend(page)
    assert "hải lý" in page.get_by_test_id("scale").inner_text()
    assert page.get_by_test_id("clock").inner_text().strip()  # the clock is shown on a phone too
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the page scrolls sideways on a phone"
    _one_situation_acknowledged_once(page, server, "phone")
    page.screenshot(path=str(ARTIFACTS / "ops-4-phone-390.png"), full_page=True)
    _no_code_words(page)
    _boat_box_shows_who_to_call(page)
    _no_code_words(page)
    page.screenshot(path=str(ARTIFACTS / "ops-5-phone-boat-box-390.png"))
    assert errors == []
    page.close()


def test_the_header_shows_the_simulators_clock_and_says_so(
    server: dict[str, Any], browser: Any
) -> None:
    from services.simulator.run import declare_clock

    # the simulator started 20 real minutes ago at 60x from 00:00 on 4 December, Vietnam time
    start = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    declare_clock(start, 60.0, datetime.now(UTC) - timedelta(minutes=20), url=server["url"])
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    _login(page, server["base"])
    clock = page.get_by_test_id("clock")
    clock.filter(has_text="Giờ mô phỏng").wait_for(timeout=10_000)
    assert re.search(r"×60: 20:\d\d:\d\d 04/12", clock.inner_text()), clock.inner_text()
    page.close()


def test_phone_reaches_the_cases_tab(server: dict[str, Any], browser: Any) -> None:
    page = _phone(browser)
    _login(page, server["base"], "ngoaivu")
    tab = page.locator("#tab-cases").bounding_box()
    assert tab and tab["x"] >= 0 and tab["x"] + tab["width"] <= 390, "cases tab cut off"
    page.locator("#tab-cases").click()
    page.locator("#case-form").wait_for(timeout=10_000)
    page.close()


def test_every_risk_a_boat_can_have_has_its_colour_and_legend_row(
    server: dict[str, Any], browser: Any
) -> None:
    """A boat inside Hoàng Sa or an overlap area was drawn black, with no legend row (seen
    under make run): each risk the map draws has its own fill and its row in the legend."""
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    _login(page, server["base"])
    page.get_by_test_id("legend").wait_for(state="visible")
    risks = ["SAFE", "APPROACHING", "IMMINENT", "INSIDE_FOREIGN", "DISPUTED", "OVERLAP",
             "ARCHIPELAGO"]  # fmt: skip
    fills = page.evaluate(
        """(risks) => risks.map((r) => {
            const ns = 'http://www.w3.org/2000/svg';
            const svg = document.body.appendChild(document.createElementNS(ns, 'svg'));
            const c = svg.appendChild(document.createElementNS(ns, 'circle'));
            c.setAttribute('class', 'vessel risk-' + r);
            const fill = getComputedStyle(c).fill; svg.remove(); return fill; })""",
        risks,
    )
    assert "rgb(0, 0, 0)" not in fills, dict(zip(risks, fills, strict=True))
    assert len(set(fills)) == len(risks), dict(zip(risks, fills, strict=True))
    legend = page.get_by_test_id("legend").inner_text()
    for label in ("Tàu: trong khu vực quần đảo Hoàng Sa, Trường Sa",  # names keep their capitals
                  "Tàu: trong vùng chồng lấn có tuần tra nước ngoài", "Tàu: an toàn"):  # fmt: skip
        assert label in legend, legend
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
    # the new case opens in the case view (tests/e2e/test_case_desk.py works it); close it
    page.get_by_test_id("case-view").wait_for(state="visible", timeout=10_000)
    page.keyboard.press("Escape")
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


def _zoom_map_to(page: Any, lon: float, lat: float, steps: int) -> None:
    """Wheel-zoom the map in ``steps`` times at a position (the map's own projection)."""
    at = page.evaluate(
        """([lon, lat]) => { const svg = document.getElementById('map');
        const k = Math.cos(14 * Math.PI / 180), p = svg.createSVGPoint();
        p.x = lon * k * 100; p.y = -lat * 100;
        const q = p.matrixTransform(svg.getScreenCTM()); return [q.x, q.y]; }""",
        [lon, lat],
    )
    box = page.get_by_test_id("map").bounding_box()
    assert box
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # drag the map (from its centre, clear of the legend) so the place comes to the centre
    page.mouse.move(centre[0], centre[1])
    page.mouse.down()
    page.mouse.move(2 * centre[0] - at[0], 2 * centre[1] - at[1], steps=8)
    page.mouse.up()
    page.mouse.move(centre[0], centre[1])
    for _ in range(steps):
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(60)


def _labels_clear_of_the_legend(page: Any) -> None:
    hidden = page.evaluate(
        """() => { const covers = ['#legend', '#scale', '.attribution']
          .map((q) => document.querySelector(q).getBoundingClientRect());
        return [...document.querySelectorAll('#map .zone-label')]
          .filter((t) => getComputedStyle(t).display !== 'none')
          .map((t) => [t.textContent, t.getBoundingClientRect()])
          .filter(([, r]) => r.width && covers.some((g) => r.left < g.right && g.left < r.right
                                                     && r.top < g.bottom && g.top < r.bottom))
          .map(([name]) => name); }"""
    )
    assert hidden == [], f"labels under the legend, scale or attribution: {hidden}"


def test_the_map_shows_the_gulf_of_thailand_areas_and_their_lines(
    server: dict[str, Any], browser: Any
) -> None:
    """Issue 13: the areas where Thai and Malaysian forces seize boats, with their line types."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, server["base"])
    page.wait_for_selector("#map .zone", timeout=10_000)
    titles = page.evaluate(
        "() => [...document.querySelectorAll('#map path.line title')].map((t) => t.textContent)"
    )
    for name, kind in (
        ("vùng phát triển chung Malaysia – Thái Lan", "Theo văn bản hiệp định"),
        ("vùng chồng lấn Việt Nam – Malaysia – Thái Lan", "Theo văn bản hiệp định"),
        ("vùng chồng lấn Campuchia – Thái Lan", "Ranh giới tham khảo"),
        ("vùng chồng lấn Việt Nam – Malaysia", "Ranh giới tham khảo"),
    ):
        assert any(t.startswith(f"{name} · {kind}") for t in titles), (name, titles)
    _labels_clear_of_the_legend(page)  # at the home view, the Gulf is next to the legend
    _zoom_map_to(page, 102.6, 8.6, 3)
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "ops-7-gulf-of-thailand-1440.png"))
    _labels_inside_the_map(page)
    _labels_clear_of_the_legend(page)
    _no_code_words(page)
    assert errors == []
    page.close()
