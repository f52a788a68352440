"""The events tab in a real browser: departures, arrivals and a device swap with both tracks.

The events are real: the hand-built day of tests/unit/events/test_live.py run through the
worker's live detectors, turned into alerts as the worker does, stored, then shown.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from infra.db.base import session_scope
from infra.db.models import PositionRow
from infra.repositories.alerts import save_alerts
from services.events.alerts import event_alerts
from services.ports import get_registry
from tests.e2e.test_ops_page import ARTIFACTS, _login, browser, server  # noqa: F401
from tests.unit.events.test_live import _live, _scenario
from tests.unit.events.tracks import offset

pytestmark = pytest.mark.e2e


def test_events_tab_shows_departures_arrivals_and_a_swap_with_both_tracks(
    server: dict[str, Any],  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    _, events = _live(_scenario(), 25)
    port = next(p for p in get_registry() if p.name == "Sa Kỳ")
    start = datetime(2026, 11, 20, tzinfo=UTC)
    with session_scope(server["url"]) as session:
        save_alerts(session, event_alerts(events))
        for k, km in enumerate([0, 0, 20, 40, 40, 20, 0, 0]):  # a day's trip from Sa Kỳ
            lat, lon = offset(port.lat, port.lon, 0.0, km * 1000.0)
            session.add(PositionRow(vessel_id="QNg-90777-TS", ts=start + timedelta(hours=4 * k),
                                    lat=lat, lon=lon, speed_kn=0.0 if km == 0 else 6.0,
                                    source="vms", risk="SAFE"))  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1600, "height": 900}, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, server["base"])
    page.locator("#tab-events").click()
    page.wait_for_selector("[data-testid=event]", timeout=15_000)
    items = page.locator("[data-testid=event]")
    kinds = [items.nth(i).get_attribute("data-kind") for i in range(items.count())]
    assert {"PORT_DEPARTURE", "PORT_ARRIVAL", "DEVICE_SWAP", "ENCOUNTER", "LOITERING"} <= set(kinds)
    text = page.locator("#panel-events").inner_text()
    assert "Rời cảng" in text and "Cập cảng" in text and "Nghi hoán đổi thiết bị" in text
    assert "rời cảng Sa Kỳ" in text and "cập cảng Sa Huỳnh" in text
    swap = page.locator("[data-kind=DEVICE_SWAP]").filter(has_text="di chuyển cùng nhau")
    assert swap.locator(".ev-track").count() == 2  # both devices' tracks, drawn
    assert "VMS-DEV-9" in swap.inner_text() and "NT-90003-TS" in swap.inner_text()
    page.locator(".ev-count[data-kind=DEVICE_SWAP]").click()  # filter to swaps only
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=event]')]"
        ".every(e => e.dataset.kind === 'DEVICE_SWAP')"
    )
    page.locator(".ev-count[data-kind=DEVICE_SWAP]").click()
    page.wait_for_function("document.querySelectorAll('[data-testid=event]').length > 3")
    # a boat's trips (chuyến biển) from its stored track
    page.get_by_test_id("trip-q").fill("QNg-90777-TS")
    page.get_by_test_id("trip-q").press("Enter")
    page.wait_for_selector("[data-testid=trip]", timeout=10_000)
    trip = page.get_by_test_id("trips").inner_text()
    assert "rời Sa Kỳ 15:00 20/11 → cập Sa Kỳ 07:00 21/11 (16 giờ)" in trip, trip
    page.screenshot(path=str(ARTIFACTS / "events-tab.png"))
    swap.scroll_into_view_if_needed()
    swap.screenshot(path=str(ARTIFACTS / "events-swap.png"))
    assert errors == []
