"""Alert words: kinds, severities, audiences and the deterministic alert id.

The severity of a risk alert is the severity of its :class:`~services.vocabulary.risk.RiskLevel`
(one place); the other kinds carry theirs here. Case alerts choose theirs per case (a detention
is critical, a robbery a warning), so :data:`DEFAULT_SEVERITY` is only their fallback.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum

from services.vocabulary.time import utc

__all__ = [
    "ALERT_KIND_VI",
    "CONSULAR_KINDS",
    "DEFAULT_AUDIENCE",
    "FOREIGN_AFFAIRS_TRACKING",
    "AlertKind",
    "Audience",
    "Severity",
    "alert_id_for",
    "alert_kind_vi",
    "audience_for",
]


class Severity(StrEnum):
    """How urgent an alert is; ordered by :attr:`rank` (recipients filter on a minimum)."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for critical."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}


class Audience(StrEnum):
    """Who an alert is for: the desks that receive pushed alerts."""

    BORDER_GUARD = "border_guard"  # Bộ đội Biên phòng duty officers
    FOREIGN_AFFAIRS = "foreign_affairs"  # Sở Ngoại vụ: the consular desk


DEFAULT_AUDIENCE: tuple[Audience, ...] = (Audience.BORDER_GUARD,)


class AlertKind(StrEnum):
    """What an alert is about (the wire value is the name)."""

    APPROACHING = "APPROACHING"
    IMMINENT = "IMMINENT"
    INSIDE_FOREIGN = "INSIDE_FOREIGN"
    DISPUTED = "DISPUTED"
    OVERLAP = "OVERLAP"  # inside an area where a neighbour patrols and arrests (zone kind overlap)
    ARCHIPELAGO = "ARCHIPELAGO"  # inside quần đảo Hoàng Sa / Trường Sa (zone kind archipelago)
    BACK_SAFE = "BACK_SAFE"
    DARK = "DARK"
    DARK_24H = "DARK_24H"
    DARK_10D = "DARK_10D"
    SIGNAL_RESTORED = "SIGNAL_RESTORED"
    UNKNOWN_VESSEL = "UNKNOWN_VESSEL"
    CASE_OPENED = "CASE_OPENED"
    CASE_STATUS = "CASE_STATUS"
    INCIDENT_REPORT = "INCIDENT_REPORT"  # a report about a case already open (the desk reads it)
    # behaviour beyond the boundary (services/events): port visits, meetings at sea, devices
    PORT_DEPARTURE = "PORT_DEPARTURE"
    PORT_ARRIVAL = "PORT_ARRIVAL"
    ENCOUNTER = "ENCOUNTER"
    LOITERING = "LOITERING"
    DEVICE_SWAP = "DEVICE_SWAP"
    # silences and sources (services/tracking/dark.py, services/feeds/clock.py)
    AIS_GAP = "AIS_GAP"  # AIS-only or < 15 m boat silent: lower severity than DARK
    LOW_CADENCE = "LOW_CADENCE"  # fewer than 12 positions a day (Decree 37/2024)
    SOURCE_STALLED = "SOURCE_STALLED"  # "nguồn dữ liệu gián đoạn": a feed sends nothing
    SOURCE_RESTORED = "SOURCE_RESTORED"
    FOREIGN_INTRUSION = "FOREIGN_INTRUSION"  # a foreign fishing vessel inside Vietnam's waters
    # near a place where boats were seized before (services/cases/hotspots.py)
    HOTSPOT = "HOTSPOT"

    @property
    def severity(self) -> Severity:
        """The severity an alert of this kind carries unless its maker decides otherwise."""
        return DEFAULT_SEVERITY.get(self, Severity.WARNING)

    @property
    def audience(self) -> tuple[Audience, ...]:
        """The desks an alert of this kind is addressed to (see :func:`audience_for`)."""
        if self in CONSULAR_KINDS:
            return (Audience.FOREIGN_AFFAIRS,)
        if self in FOREIGN_AFFAIRS_TRACKING:
            return (Audience.BORDER_GUARD, Audience.FOREIGN_AFFAIRS)
        return DEFAULT_AUDIENCE


# Risk kinds take their level's severity (see risk.py, which fills them in at import).
DEFAULT_SEVERITY: dict[AlertKind, Severity] = {
    AlertKind.BACK_SAFE: Severity.INFO,
    AlertKind.DARK: Severity.WARNING,
    AlertKind.DARK_24H: Severity.CRITICAL,
    AlertKind.DARK_10D: Severity.CRITICAL,
    AlertKind.SIGNAL_RESTORED: Severity.INFO,
    AlertKind.UNKNOWN_VESSEL: Severity.INFO,
    AlertKind.CASE_OPENED: Severity.WARNING,
    AlertKind.CASE_STATUS: Severity.INFO,
    AlertKind.INCIDENT_REPORT: Severity.INFO,
    AlertKind.PORT_DEPARTURE: Severity.INFO,
    AlertKind.PORT_ARRIVAL: Severity.INFO,
    AlertKind.ENCOUNTER: Severity.WARNING,
    AlertKind.LOITERING: Severity.WARNING,
    AlertKind.DEVICE_SWAP: Severity.CRITICAL,
    AlertKind.AIS_GAP: Severity.INFO,
    AlertKind.LOW_CADENCE: Severity.INFO,
    AlertKind.SOURCE_STALLED: Severity.WARNING,
    AlertKind.SOURCE_RESTORED: Severity.INFO,
    AlertKind.FOREIGN_INTRUSION: Severity.WARNING,
    AlertKind.HOTSPOT: Severity.WARNING,
}


#: The Vietnamese name of each kind, as officers read it (the page's labels.js repeats these,
#: checked by tests/unit/test_page_labels.py; Word files and reports take them from here).
ALERT_KIND_VI: dict[AlertKind, str] = {
    AlertKind.APPROACHING: "Tiến gần ranh giới",
    AlertKind.IMMINENT: "Sắp vượt ranh giới",
    AlertKind.INSIDE_FOREIGN: "Trong vùng biển nước ngoài",
    AlertKind.DISPUTED: "Trong vùng biển chồng lấn",
    AlertKind.OVERLAP: "Trong vùng chồng lấn có tuần tra nước ngoài",
    AlertKind.ARCHIPELAGO: "Trong khu vực quần đảo Hoàng Sa, Trường Sa",
    AlertKind.BACK_SAFE: "Đã về vùng an toàn",
    AlertKind.DARK: "Mất kết nối",
    AlertKind.DARK_24H: "Mất kết nối quá 24 giờ",
    AlertKind.DARK_10D: "Mất kết nối quá 10 ngày",
    AlertKind.SIGNAL_RESTORED: "Có tín hiệu trở lại",
    AlertKind.UNKNOWN_VESSEL: "Tàu chưa đăng ký",
    AlertKind.CASE_OPENED: "Mở hồ sơ lãnh sự",
    AlertKind.CASE_STATUS: "Cập nhật hồ sơ lãnh sự",
    AlertKind.INCIDENT_REPORT: "Báo cáo mới về hồ sơ lãnh sự",
    AlertKind.PORT_DEPARTURE: "Rời cảng",
    AlertKind.PORT_ARRIVAL: "Cập cảng",
    AlertKind.ENCOUNTER: "Gặp tàu khác trên biển",
    AlertKind.LOITERING: "Di chuyển chậm bất thường",
    AlertKind.DEVICE_SWAP: "Nghi hoán đổi thiết bị giám sát",
    AlertKind.AIS_GAP: "Gián đoạn AIS",
    AlertKind.LOW_CADENCE: "Báo vị trí thưa (dưới 12 lần/ngày)",
    AlertKind.SOURCE_STALLED: "Nguồn dữ liệu gián đoạn",
    AlertKind.SOURCE_RESTORED: "Nguồn dữ liệu hoạt động lại",
    AlertKind.FOREIGN_INTRUSION: "Tàu cá nước ngoài xâm phạm vùng biển",
    AlertKind.HOTSPOT: "Gần khu vực thường xảy ra bắt giữ",
}


def alert_kind_vi(kind: str) -> str:
    """The Vietnamese name of an alert kind; a kind this build does not know shows as it is.

    >>> alert_kind_vi("DARK_10D")
    'Mất kết nối quá 10 ngày'
    """
    try:
        return ALERT_KIND_VI[AlertKind(kind)]
    except (ValueError, KeyError):
        return kind


# Whom each kind is addressed to. The foreign-affairs desk follows what can end in a detention
# abroad, and the cases themselves: a boat inside a neighbour's waters, in Hoàng Sa / Trường Sa
# (DISPUTED: foreign forces seize Vietnamese boats there; the archipelagos' own kind joins this
# set when the zone set has one), or silent for ten days (the crew may be held with the boat),
# as well as the border guard; case alerts name fishermen, so they go to foreign affairs only,
# never to the border guard's screens or a viewer. Before this rule every tracking alert was
# addressed to the border guard alone and the Sở Ngoại vụ's routing rule never matched.
FOREIGN_AFFAIRS_TRACKING = frozenset(
    {
        AlertKind.INSIDE_FOREIGN,
        AlertKind.DISPUTED,
        AlertKind.ARCHIPELAGO,
        AlertKind.OVERLAP,
        AlertKind.DARK_10D,
    }
)
CONSULAR_KINDS = frozenset(
    {AlertKind.CASE_OPENED, AlertKind.CASE_STATUS, AlertKind.INCIDENT_REPORT}
)


def audience_for(kind: str) -> list[str]:
    """The roles an alert of ``kind`` is addressed to, as the wire carries them (a new list).

    >>> audience_for("INSIDE_FOREIGN"), audience_for("APPROACHING"), audience_for("CASE_STATUS")
    (['border_guard', 'foreign_affairs'], ['border_guard'], ['foreign_affairs'])
    """
    try:
        return [a.value for a in AlertKind(kind).audience]
    except ValueError:  # a kind this build does not know: the border guard sees everything
        return [a.value for a in DEFAULT_AUDIENCE]


def alert_id_for(kind: str, subject: str, ts: datetime) -> str:
    """Deterministic alert id: a replayed event yields the same id, so stores can deduplicate.

    >>> from datetime import UTC
    >>> len(alert_id_for("DARK", "VN-1", datetime(2024, 1, 1, tzinfo=UTC)))
    24
    """
    raw = f"{kind}|{subject}|{utc(ts).isoformat()}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]
