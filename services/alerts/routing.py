"""Who should receive an alert: recipients, their rules, and what each role may see.

Pure Python (no database, no HTTP): the outbox asks :func:`route` which recipients match an
alert, the SSE route asks :func:`visible_to` whether a logged-in user's role may see it. Keeping
the rules here means one test file pins down the whole routing policy of a province.

A recipient matches an alert when it is active, its role is in the alert's ``audience``, the alert
is at least as severe as the recipient's ``min_severity``, its kind is in the recipient's ``kinds``
(empty = every kind) and its coastal area is in the recipient's ``areas`` (empty = the whole
province). The coastal area of an alert is the area of the vessel's home port: a border post
follows the boats of its own stretch of coast wherever they fish.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.alerts.errors import InvalidRecipient
from services.vocabulary import CONSULAR_KINDS, FOREIGN_AFFAIRS_TRACKING, Audience, Role, Severity

__all__ = [
    "COASTAL_AREAS",
    "DEFAULT_RECIPIENTS",
    "ROLES",
    "SEVERITY_RANK",
    "CoastalArea",
    "Recipient",
    "area_for_home_port",
    "matches",
    "route",
    "visible_to",
]

ROLES = tuple(role.value for role in Role)
SEVERITY_RANK = {severity.value: severity.rank for severity in Severity}


@dataclass(frozen=True)
class CoastalArea:
    """A stretch of the province's coast, recognised from a home port's name."""

    key: str
    name_vi: str
    keywords: tuple[str, ...]


# Quảng Ngãi's fishing coast, north to south; keywords are matched without diacritics.
COASTAL_AREAS: tuple[CoastalArea, ...] = (
    CoastalArea(
        "binh_son", "Bình Sơn – Dung Quất", ("binh son", "binh chau", "binh hai", "dung quat")
    ),
    CoastalArea("ly_son", "Lý Sơn", ("ly son", "an vinh", "an hai", "an binh")),
    CoastalArea(
        "tinh_ky", "Sa Kỳ – Tịnh Kỳ", ("sa ky", "tinh ky", "son tinh", "tu nghia", "quang ngai")
    ),
    CoastalArea(
        "duc_pho", "Mộ Đức – Đức Phổ – Sa Huỳnh", ("sa huynh", "duc pho", "mo duc", "pho quang")
    ),
)


def _fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics (đ → d) for keyword matching."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def area_for_home_port(home_port: str | None) -> str | None:
    """The coastal-area key for a home port such as ``"Cảng cá Sa Huỳnh"``, or None if unknown."""
    if not home_port:
        return None
    folded = _fold(home_port)
    for area in COASTAL_AREAS:
        if any(word in folded for word in area.keywords):
            return area.key
    return None


@dataclass(frozen=True)
class Recipient:
    """A desk that receives alerts, with the rule that selects them."""

    key: str
    name: str
    role: str
    min_severity: str = "info"
    kinds: frozenset[str] = field(default_factory=frozenset)
    areas: frozenset[str] = field(default_factory=frozenset)
    receives_alerts: bool = True
    receives_escalations: bool = False
    active: bool = True

    def __post_init__(self) -> None:
        if self.role not in tuple(Audience):
            raise InvalidRecipient(
                f"role must be border_guard or foreign_affairs, not {self.role!r}"
            )
        if self.min_severity not in SEVERITY_RANK:
            raise InvalidRecipient(f"unknown severity {self.min_severity!r}")
        unknown = set(self.areas) - {a.key for a in COASTAL_AREAS}
        if unknown:
            raise InvalidRecipient(f"unknown coastal area(s): {', '.join(sorted(unknown))}")


# the desk takes every kind addressed to it (services.vocabulary.audience_for decides which)
_FA_KINDS = FOREIGN_AFFAIRS_TRACKING | CONSULAR_KINDS

DEFAULT_RECIPIENTS: tuple[Recipient, ...] = (
    Recipient(
        "bdbp-command",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh – trực ban",
        "border_guard",
        min_severity="warning",
    ),
    Recipient(
        "bdbp-leadership",
        "Ban Chỉ huy Bộ đội Biên phòng tỉnh – lãnh đạo trực",
        "border_guard",
        min_severity="critical",
        receives_alerts=False,
        receives_escalations=True,
    ),
    Recipient(
        "post-binh-son", "Đồn Biên phòng Bình Hải", "border_guard", areas=frozenset({"binh_son"})
    ),
    Recipient("post-ly-son", "Đồn Biên phòng Lý Sơn", "border_guard", areas=frozenset({"ly_son"})),
    Recipient(
        "post-tinh-ky",
        "Đồn Biên phòng Cửa khẩu cảng Sa Kỳ",
        "border_guard",
        areas=frozenset({"tinh_ky"}),
    ),
    Recipient(
        "post-duc-pho", "Đồn Biên phòng Sa Huỳnh", "border_guard", areas=frozenset({"duc_pho"})
    ),
    Recipient(
        "so-ngoai-vu",
        "Sở Ngoại vụ tỉnh",
        "foreign_affairs",
        kinds=_FA_KINDS,
        receives_escalations=True,
    ),
)


def matches(
    recipient: Recipient, alert: Mapping[str, Any], area: str | None, escalation: bool = False
) -> bool:
    """True when ``recipient``'s rule selects ``alert`` (a stored-alert dict)."""
    if not recipient.active:
        return False
    if not (recipient.receives_escalations if escalation else recipient.receives_alerts):
        return False
    if recipient.role not in (alert.get("audience") or []):
        return False
    rank = SEVERITY_RANK.get(str(alert.get("severity")), 0)
    if rank < SEVERITY_RANK[recipient.min_severity]:
        return False
    if recipient.kinds and alert.get("kind") not in recipient.kinds:
        return False
    return not recipient.areas or area in recipient.areas


def route(
    alert: Mapping[str, Any],
    recipients: Iterable[Recipient],
    area: str | None = None,
    escalation: bool = False,
) -> list[Recipient]:
    """The recipients that must get ``alert`` (in the order given)."""
    return [r for r in recipients if matches(r, alert, area, escalation)]


def visible_to(alert: Mapping[str, Any], role: str | None) -> bool:
    """Whether a user with ``role`` may see ``alert`` on the page and the live stream.

    admin sees everything; border_guard and foreign_affairs see alerts addressed to them;
    viewer (read-only) sees tracking alerts (border-guard audience) but not consular ones, which
    can carry personal details; no role sees nothing.
    """
    if role == Role.ADMIN:
        return True
    audience = alert.get("audience") or []
    if role == Role.VIEWER:
        return Audience.BORDER_GUARD in audience
    return role is not None and role in audience
