"""Routing rules, default recipients of the province, and role visibility."""

from __future__ import annotations

from typing import Any

import pytest

from services.alerts.errors import InvalidRecipient
from services.alerts.routing import (
    DEFAULT_RECIPIENTS,
    Recipient,
    area_for_home_port,
    route,
    visible_to,
)


def _alert(
    kind: str = "IMMINENT",
    severity: str = "critical",
    audience: tuple[str, ...] = ("border_guard",),
) -> dict[str, Any]:
    return {"kind": kind, "severity": severity, "audience": list(audience)}


def _keys(recipients: list[Recipient]) -> set[str]:
    return {r.key for r in recipients}


@pytest.mark.parametrize(
    ("port", "area"),
    [
        ("Cảng cá Sa Huỳnh", "duc_pho"),
        ("SA HUYNH", "duc_pho"),
        ("Cảng Lý Sơn", "ly_son"),
        ("An Vĩnh, Lý Sơn", "ly_son"),
        ("Cảng cá Tịnh Kỳ", "tinh_ky"),
        ("Bình Châu, Bình Sơn", "binh_son"),
        ("Đà Nẵng", None),
        ("", None),
        (None, None),
    ],
)
def test_area_for_home_port(port: str | None, area: str | None) -> None:
    assert area_for_home_port(port) == area


def test_critical_border_alert_goes_to_command_and_the_boats_own_post() -> None:
    got = _keys(route(_alert(), DEFAULT_RECIPIENTS, area="ly_son"))
    assert got == {"bdbp-command", "post-ly-son"}


def test_info_alert_skips_the_command_but_reaches_the_post() -> None:
    got = _keys(route(_alert("BACK_SAFE", "info"), DEFAULT_RECIPIENTS, area="duc_pho"))
    assert got == {"post-duc-pho"}


def test_unknown_area_reaches_only_province_wide_recipients() -> None:
    got = _keys(route(_alert("APPROACHING", "warning"), DEFAULT_RECIPIENTS, area=None))
    assert got == {"bdbp-command"}


def test_foreign_affairs_gets_its_kinds_only() -> None:
    both = ("border_guard", "foreign_affairs")
    assert "so-ngoai-vu" in _keys(
        route(_alert("INSIDE_FOREIGN", audience=both), DEFAULT_RECIPIENTS)
    )
    assert "so-ngoai-vu" not in _keys(route(_alert("IMMINENT", audience=both), DEFAULT_RECIPIENTS))
    case = _alert("CASE_OPENED", "warning", audience=("foreign_affairs",))
    assert _keys(route(case, DEFAULT_RECIPIENTS, area="ly_son")) == {"so-ngoai-vu"}


def test_escalations_go_to_leadership_not_to_posts() -> None:
    got = _keys(route(_alert(), DEFAULT_RECIPIENTS, area="ly_son", escalation=True))
    assert got == {"bdbp-leadership"}


def test_inactive_recipient_gets_nothing() -> None:
    off = Recipient("x", "X", "border_guard", active=False)
    assert route(_alert(), [off]) == []


def test_recipient_validation() -> None:
    with pytest.raises(InvalidRecipient):
        Recipient("x", "X", "viewer")
    with pytest.raises(InvalidRecipient):
        Recipient("x", "X", "border_guard", min_severity="urgent")
    with pytest.raises(InvalidRecipient):
        Recipient("x", "X", "border_guard", areas=frozenset({"atlantis"}))


@pytest.mark.parametrize(
    ("role", "audience", "visible"),
    [
        ("admin", ("foreign_affairs",), True),
        ("border_guard", ("border_guard",), True),
        ("border_guard", ("foreign_affairs",), False),
        ("foreign_affairs", ("foreign_affairs",), True),
        ("foreign_affairs", ("border_guard",), False),
        ("viewer", ("border_guard",), True),
        ("viewer", ("foreign_affairs",), False),
        (None, ("border_guard",), False),
        ("stranger", ("border_guard",), False),
    ],
)
def test_visible_to(role: str | None, audience: tuple[str, ...], visible: bool) -> None:
    assert visible_to(_alert(audience=audience), role) is visible
