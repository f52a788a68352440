"""A duty officer records a position the captain gave by radio while the boat's VMS is down.

Decree 26/2019/NĐ-CP Art. 44 as amended by Decree 37/2024/NĐ-CP: every 6 hours by other means
once the device is down. The box of a boat shows the reports recorded and takes a new one.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from infra.db.base import session_scope
from infra.db.iuu import ManualPositionReportRow
from tests.e2e.test_ops_page import ARTIFACTS, _login, _no_code_words, browser, server  # noqa: F401

pytestmark = pytest.mark.e2e


def test_the_officer_records_a_radio_report_in_the_boats_box(
    server: dict[str, Any],  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, server["base"])
    page.locator("#tab-vessels").click()
    page.get_by_test_id("vessel-q").fill("95123")
    page.get_by_test_id("vessel-q").press("Enter")
    result = page.locator("[data-testid=vessel-results] li[data-vessel='QNg-95123-TS']")
    result.wait_for(timeout=10_000)
    result.click()
    section = page.get_by_test_id("other-reports")
    section.wait_for(timeout=10_000)
    section.get_by_text("Chưa có báo cáo vị trí bằng phương tiện khác.").wait_for(timeout=10_000)
    section.locator("input[name=lat]").fill("15.1234")
    section.locator("input[name=lon]").fill("110.4321")
    section.locator("select[name=means]").select_option("radio")
    section.locator("input[name=note]").fill("Thuyền trưởng gọi qua Đài Thông tin Duyên hải")
    section.get_by_role("button", name="Ghi nhận").click()
    recorded = "Đã ghi nhận 1 báo cáo vị trí bằng phương tiện khác:"
    section.get_by_text(recorded).wait_for(timeout=10_000)
    text = section.inner_text()
    assert "Đã ghi nhận báo cáo." in text and "Vô tuyến (HF/VHF)" in text and "trucban" in text
    with session_scope(server["url"]) as s:
        rows = list(s.scalars(select(ManualPositionReportRow).where(
            ManualPositionReportRow.vessel_id == "QNg-95123-TS")))  # fmt: skip
    assert len(rows) == 1 and rows[0].means == "radio" and rows[0].reported_by == "trucban"
    assert abs(rows[0].lat - 15.1234) < 1e-9 and abs(rows[0].lon - 110.4321) < 1e-9
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "other-reports.png"))
    _no_code_words(page)
    assert errors == []
