"""The events tab in a real browser: departures, arrivals and a device swap with both tracks.

The events are real: the hand-built day of tests/unit/events/test_live.py run through the
worker's live detectors, turned into alerts as the worker does, stored, then shown.
"""

from __future__ import annotations

from typing import Any

import pytest

from infra.db.base import session_scope
from infra.repositories.alerts import save_alerts
from services.events.alerts import event_alerts
from tests.e2e.test_ops_page import ARTIFACTS, _login, browser, server  # noqa: F401
from tests.unit.events.test_live import _live, _scenario

pytestmark = pytest.mark.e2e


def test_events_tab_shows_departures_arrivals_and_a_swap_with_both_tracks(
    server: dict[str, Any],  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    _, events = _live(_scenario(), 25)
    with session_scope(server["url"]) as session:
        save_alerts(session, event_alerts(events))
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
    page.screenshot(path=str(ARTIFACTS / "events-tab.png"))
    swap.scroll_into_view_if_needed()
    swap.screenshot(path=str(ARTIFACTS / "events-swap.png"))
    assert errors == []
