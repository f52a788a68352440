"""The consular desk in a real browser (Debian's Chromium, driven by Playwright).

The journey of a foreign-affairs officer: log in, receive a live INSIDE_FOREIGN alert for a
boat (made by the tracker's own ``make_alert``, so it carries the audience the tracker gives
it), open a detention case for that boat from the alert, add three fishermen (each recorded
detained from the case's date), release two, repatriate one, add a note, attach the family's
letter, download the evidence file and the month's report, and check the report's counts.
Then the roles: a border guard reads the case but has no edit controls; a viewer sees no names.

The boat's last position is where Indonesian patrol ship 6003 took nine Bình Thuận boats on
24 July (06°25'N – 109°39'E, "giáp đường phân định trong vùng đặc quyền kinh tế của
Indonesia"), as reported by VOV: https://amp.vov.vn/xa-hoi/10-tau-ca-binh-thuan-bi-bat-giu-tai-indonesia-va-malaysia-534644.vov
The boat, its crew and their families are invented test data.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from infra.db.base import session_scope
from infra.db.delivery import AckRow
from infra.db.migrate import upgrade_head
from infra.db.models import LatestPosition, PositionRow, Vessel
from infra.repositories.alerts import save_alerts
from infra.repositories.users import SqlUserStore
from services.tracking.alerts import make_alert
from services.vocabulary import VN_TZ
from tests.e2e.serve import ARTIFACTS, chromium_path, launch_chromium, serve_api

pytestmark = pytest.mark.e2e

PASSWORD = "mật-khẩu-bàn-lãnh-sự-2026"
VESSEL = "QNg-90123-TS"
SEIZED_AT = (6 + 25 / 60, 109 + 39 / 60)  # VOV, see the module docstring
CREW = [  # (name, birth year, commune, ID number, next of kin, phone) - invented
    ("Nguyễn Văn Hùng", 1984, "Bình Châu", "051084001234", "Trần Thị Lan (vợ)", "0905111222"),
    ("Lê Văn Tài", 1991, "Bình Hải", "051091004321", "Lê Văn Bốn (cha)", "0913222333"),
    ("Phạm Minh Trí", 1979, "An Vĩnh", "051079007777", "Võ Thị Hoa (vợ)", "0935444555"),
]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _detention(now: datetime) -> datetime:
    """The reported detention: 05:30 (Vietnam) two days ago."""
    day = now.astimezone(VN_TZ).date() - timedelta(days=2)
    return datetime.combine(day, datetime.min.time().replace(hour=5, minute=30), tzinfo=VN_TZ)


def _seed(url: str, now: datetime) -> None:
    with session_scope(url) as session:
        users = SqlUserStore(session)
        users.create(
            "ngoaivu", PASSWORD, "foreign_affairs", actor="e2e", full_name="Chuyên viên Sở"
        )
        users.create("trucban", PASSWORD, "border_guard", actor="e2e", full_name="Trực ban BĐBP")
        users.create("khach", PASSWORD, "viewer", actor="e2e", full_name="Người xem")
        session.add(
            Vessel(
                vessel_id=VESSEL,
                name="Hùng Phát 23",
                home_port="Cảng cá Sa Kỳ",
                province="Quảng Ngãi",
                registered=True,
                high_risk=False,
                created_at=now,
                updated_at=now,
            )
        )
        lat1, lon1 = SEIZED_AT
        seized = _detention(now).astimezone(UTC)
        for step in range(37):  # 72 h every 2 h, steaming south-east to the seizure position
            back = 36 - step
            session.add(
                PositionRow(
                    vessel_id=VESSEL,
                    ts=seized - timedelta(hours=2 * back, minutes=20),
                    lat=lat1 + 0.05 * back,
                    lon=lon1 - 0.04 * back,
                    speed_kn=4.0,
                    course_deg=140.0,
                    source="vms",
                    risk="APPROACHING" if back < 3 else "SAFE",
                )
            )
        # the tracker warned the border guard the evening before; the duty officer answered
        warned = seized - timedelta(hours=6, minutes=20)
        approaching = make_alert(
            "APPROACHING",
            VESSEL,
            warned.timestamp(),
            f"Tàu {VESSEL} đang tiến gần ranh giới vùng biển Indonesia, còn 3,2 hải lý",
            warned,
            lat=lat1 + 0.15,
            lon=lon1 - 0.12,
            country="ID",
            zone_kind="eez",
            distance_nm=3.2,
        )
        save_alerts(session, [approaching])
        session.add(
            AckRow(
                alert_id=approaching.alert_id,
                acked_by="trucban",
                role="border_guard",
                acked_at=warned + timedelta(minutes=12),
                action="radio",
                note="Đã gọi thuyền trưởng qua máy ICOM, yêu cầu quay lại",
            )
        )
        session.add(
            LatestPosition(
                vessel_id=VESSEL,
                ts=now,
                lat=lat1,
                lon=lon1,
                speed_kn=6.0,
                course_deg=145.0,
                source="vms",
                risk="INSIDE_FOREIGN",
                country="ID",
                zone_kind="eez",
                distance_nm=0.0,
            )
        )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    chromium_path()  # skips early, before seeding, when Chromium is absent
    db = tmp_path_factory.mktemp("desk") / "desk.sqlite"
    url = f"sqlite:///{db}"
    upgrade_head(url)
    now = datetime.now(UTC).replace(microsecond=0)
    _seed(url, now)
    with serve_api(url, db.parent) as base:
        yield {"base": base, "url": url, "now": now, "tmp": db.parent}


@pytest.fixture(scope="module")
def browser(stack: dict[str, Any]) -> Iterator[Any]:
    vietnamese = {**os.environ, "LANG": "vi_VN.UTF-8", "LANGUAGE": "vi"}  # dd/mm/yyyy inputs
    with launch_chromium(["--lang=vi-VN"], env=vietnamese) as chromium:
        yield chromium


def _login(page: Any, base: str, username: str) -> None:
    page.goto(base + "/")
    page.get_by_test_id("login").wait_for(state="visible")
    page.get_by_test_id("login-user").fill(username)
    page.get_by_test_id("login-pass").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_selector("body[data-ready='1']", timeout=15_000)


def _screenshots(page: Any, name: str) -> None:
    """What the officer sees on opening the case, then the whole case at once (the sheet
    scrolls inside the page, so it is let out to full length for the second picture)."""
    page.get_by_test_id("case-view").evaluate("el => { el.scrollTop = 0; }")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    style = page.add_style_tag(
        content=".case-sheet{position:absolute!important;overflow:visible"
        "!important;bottom:auto!important} body{overflow:visible!important}"
        " .sheet-head{position:static!important}"
    )
    page.screenshot(path=str(ARTIFACTS / f"{name}-full.png"), full_page=True)
    style.evaluate("el => el.remove()")


def _man(page: Any, name: str) -> Any:
    return page.locator("[data-testid=man]", has_text=name)


def _record(page: Any, name: str, status: str, on: date, note: str = "") -> None:
    card = _man(page, name)
    form = card.locator("form.ev-form")
    form.locator("select[name=status]").select_option(status)
    form.locator("input[name=occurred_on]").fill(f"{on:%d/%m/%Y}")
    if note:
        form.locator("input[name=note]").fill(note)
    form.get_by_role("button", name="Ghi nhận").click()
    done = _man(page, name).locator(f".case-timeline .tl-ev[data-status={status}]")
    done.wait_for(timeout=20_000)


@pytest.fixture(scope="module")
def journey(stack: dict[str, Any], browser: Any) -> dict[str, Any]:
    """The officer's journey, once; the tests below check what it left."""
    ARTIFACTS.mkdir(exist_ok=True)
    now: datetime = stack["now"]
    day = now.astimezone(VN_TZ).date()
    case_day, release_day = _detention(now).date(), day - timedelta(days=1)
    page = browser.new_page(
        viewport={"width": 1440, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, stack["base"], "ngoaivu")
    page.wait_for_selector("[data-testid=live].pill-on", timeout=20_000)
    assert page.locator("[data-testid=alert]").count() == 0

    # a live INSIDE_FOREIGN alert, made as the tracker makes it (audience by kind)
    lat, lon = SEIZED_AT
    live = make_alert(
        "INSIDE_FOREIGN",
        VESSEL,
        (_detention(now) - timedelta(minutes=50)).timestamp(),
        f"Tàu {VESSEL} đã vào vùng biển Indonesia (vùng đặc quyền kinh tế)",
        now,
        lat=lat,
        lon=lon,
        country="ID",
        zone_kind="eez",
        distance_nm=0.0,
    )
    assert "foreign_affairs" in live.audience
    with session_scope(stack["url"]) as session:
        assert save_alerts(session, [live])
    item = page.locator(f"[data-alert-id='{live.alert_id}']")
    item.wait_for(timeout=20_000)
    assert "Indonesia" in item.inner_text()

    # open a detention case for that boat, from the alert
    item.get_by_test_id("open-case-from-alert").click()
    form = page.locator("#case-form")
    assert form.locator("input[name=vessel_id]").input_value() == VESSEL
    form.locator("select[name=country]").select_option("ID")
    form.locator("input[name=occurred_on]").fill(f"{case_day:%d/%m/%Y}")
    form.locator("input[name=occurred_time]").fill(f"{_detention(now):%H:%M}")
    form.locator("input[name=authority]").fill("Hải quân Indonesia (tàu tuần tra 6003)")
    form.locator("input[name=lat]").fill(f"{lat:.4f}".replace(".", ","))
    form.locator("input[name=lon]").fill(f"{lon:.4f}".replace(".", ","))
    form.locator("input[name=place]").fill("Phía bắc đảo Natuna Bắc")
    form.get_by_role("button", name="Mở hồ sơ").click()
    view = page.get_by_test_id("case-view")
    view.wait_for(state="visible", timeout=20_000)
    case_id = int(view.locator("#case-title").inner_text().split("#")[1].split(" ")[0])

    # three men: each detained from the case's date without asking
    for name, born, commune, nid, kin, phone in CREW:
        add = view.locator("form.add-man")
        add.locator("input[name=full_name]").fill(name)
        add.locator("input[name=birth_year]").fill(str(born))
        add.locator("input[name=national_id]").fill(nid)
        add.locator("input[name=home_commune]").fill(commune)
        add.locator("input[name=home_district]").fill("Bình Sơn")
        add.locator("input[name=home_province]").fill("Quảng Ngãi")
        add.locator("input[name=family_contact]").fill(kin)
        add.locator("input[name=family_phone]").fill(phone)
        add.get_by_role("button", name="Thêm vào hồ sơ").click()
        _man(page, name).wait_for(timeout=20_000)
    for name, *_ in CREW:
        assert "Bị bắt giữ" in _man(page, name).locator("header .chip").inner_text()

    # the rules answer in Vietnamese: a date that is not a date, then one before the case
    card = _man(page, CREW[0][0]).locator("form.ev-form")
    card.locator("select[name=status]").select_option("RELEASED")
    card.locator("input[name=occurred_on]").fill("31/02/2026")
    card.get_by_role("button", name="Ghi nhận").click()
    refusal = card.locator(".form-msg.err")
    refusal.wait_for(timeout=20_000)
    assert "không hợp lệ" in refusal.inner_text()
    card.locator("input[name=occurred_on]").fill(f"{case_day - timedelta(days=3):%d/%m/%Y}")
    card.get_by_role("button", name="Ghi nhận").click()
    card.locator(".form-msg.err", has_text="sớm hơn ngày xảy ra vụ việc").wait_for(timeout=20_000)

    _record(page, CREW[0][0], "RELEASED", release_day, "Theo công hàm của ĐSQ")
    _record(page, CREW[1][0], "RELEASED", release_day)
    _record(page, CREW[0][0], "REPATRIATED", day, "Về qua sân bay Tân Sơn Nhất")

    notes = view.locator("form.note-form")
    notes.locator("textarea[name=text]").fill("Gia đình anh Trí đề nghị hỗ trợ đưa về sớm")
    notes.locator("select[name=kind]").select_option("repatriation_request")
    notes.locator("select[name=member_id]").select_option(label=CREW[2][0])
    notes.get_by_role("button", name="Thêm ghi chú").click()
    view.locator("[data-testid=notes] li", has_text="đưa về sớm").wait_for(timeout=20_000)

    letter = stack["tmp"] / "don-de-nghi-gia-dinh.pdf"
    letter.write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"
    )
    docs = view.locator("form.doc-form")
    docs.locator("input[name=file]").set_input_files(str(letter))
    docs.locator("select[name=member_id]").select_option(label=CREW[2][0])
    docs.get_by_role("button", name="Tải lên").click()
    view.locator("[data-testid=documents] a", has_text="don-de-nghi-gia-dinh.pdf").wait_for(
        timeout=20_000
    )

    assert "3 ngư dân" in view.get_by_test_id("men-summary").inner_text()
    _screenshots(page, "desk-1-case-desktop")

    with page.expect_download() as got:
        view.get_by_test_id("evidence-docx").click()
    evidence = ARTIFACTS / "desk-evidence.docx"
    got.value.save_as(evidence)
    view.locator(".sheet-close").click()
    month = page.get_by_test_id("month-report")
    month.locator("input[name=month]").fill(f"{day:%m/%Y}")
    with page.expect_download() as got_report:
        month.get_by_role("button", name="Tải báo cáo (.docx)").click()
    report = ARTIFACTS / "desk-month-report.docx"
    got_report.value.save_as(report)
    assert errors == []
    page.close()
    return {"case_id": case_id, "evidence": Path(evidence), "report": Path(report), "day": day}


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        xml = z.read("word/document.xml").decode()
    import re

    return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))


def test_the_months_report_counts_the_journey(journey: dict[str, Any]) -> None:
    text = _docx_text(journey["report"])
    # three men seized, two released, one of them home; one still held
    assert "01 tàu cá và 03 ngư dân bị Indonesia bắt giữ" in text, text[:2000]
    assert "Trong tháng, có 01 ngư dân bị Indonesia bắt giữ về nước." in text
    assert "Có 01 ngư dân được Indonesia trả tự do, đang chờ về nước." in text
    assert "toàn tỉnh vẫn còn 01 ngư dân đang bị Indonesia bắt giữ" in text


def test_the_evidence_file_is_a_word_document_about_the_boat(journey: dict[str, Any]) -> None:
    text = _docx_text(journey["evidence"])
    assert f"HỒ SƠ HÀNH TRÌNH TÀU {VESSEL}" in text
    assert "06°25,0'N – 109°39,0'E" in text  # the reported position, as border guards write it
    # against the 2003 continental-shelf line: on Vietnam's side, about 4 nm from it
    assert "Đường ranh giới thềm lục địa Việt Nam – Indonesia" in text
    assert "phía Việt Nam" in text and "4,1" in text
    assert "36 điểm (VMS)" in text  # every 2 hours, 72 h back (the 37th is 20 min older)
    # the border guard's answer to the tracker's warning
    assert "Xác nhận: trucban" in text and "yêu cầu quay lại" in text
    assert "Liên lạc Icom/VHF" in text  # the action the duty officer chose
    for name, *_ in CREW:
        assert name in text
    with zipfile.ZipFile(journey["evidence"]) as z:
        assert any(n.startswith("word/media/") for n in z.namelist()), "no map in the file"


def test_phone_case_view_fits_the_screen(
    stack: dict[str, Any], browser: Any, journey: dict[str, Any]
) -> None:
    page = browser.new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    _login(page, stack["base"], "ngoaivu")
    page.locator("#tab-cases").click()
    page.locator(f"[data-testid=cases] li[data-case-id='{journey['case_id']}']").click()
    view = page.get_by_test_id("case-view")
    view.wait_for(state="visible", timeout=20_000)
    assert view.locator("[data-testid=man]").count() == 3
    overflow = page.evaluate(
        "[...document.querySelectorAll('#case-view *')].some(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1)"
    )
    assert not overflow, "the case view is wider than the phone"
    _screenshots(page, "desk-3-case-phone")
    page.close()


def test_border_guard_sees_the_case_but_no_edit_controls(
    stack: dict[str, Any], browser: Any, journey: dict[str, Any]
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    _login(page, stack["base"], "trucban")
    assert not page.locator("#tab-cases").is_visible()  # not this desk's tab
    # the case's position is now a past seizure: the map shows it as a hotspot
    page.wait_for_selector("#map [data-testid=hotspot]", state="attached", timeout=20_000)
    assert (
        "Khu vực thường xảy ra bắt giữ: 1 vụ"
        in page.locator("#map [data-testid=hotspot] title").first.text_content()
    )
    page.evaluate(f"window.SW_CASES.open({journey['case_id']})")
    view = page.get_by_test_id("case-view")
    view.wait_for(state="visible", timeout=20_000)
    assert view.locator("[data-testid=man]").count() == 3
    for form in (
        "form.ev-form",
        "form.add-man",
        "form.note-form",
        "form.doc-form",
        "form.close-case",
        "form.edit-case",
    ):
        assert view.locator(form).count() == 0, form
    assert "0905111222" not in view.inner_text()  # no phone numbers for the border guard
    response = page.request.post(
        f"{stack['base']}/api/cases/{journey['case_id']}/notes", data={"text": "thử"}
    )
    assert response.status == 403
    page.close()


def test_viewer_sees_no_personal_data(
    stack: dict[str, Any], browser: Any, journey: dict[str, Any]
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    _login(page, stack["base"], "khach")
    page.evaluate(f"window.SW_CASES.open({journey['case_id']})")
    view = page.get_by_test_id("case-view")
    view.wait_for(state="visible", timeout=20_000)
    text = view.inner_text()
    for name, born, commune, nid, kin, phone in CREW:
        for secret in (name, str(born), commune, nid, kin, phone):
            assert secret not in text, secret
    assert "đưa về sớm" not in text and "don-de-nghi" not in text
    page.close()
