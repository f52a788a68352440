"""Seawatch's domain vocabulary: every word the rest of the house shares, defined once.

A leaf package: it imports nothing from the project (geo/ may import it), only the standard
library. Add new words (alert kinds, zone kinds, country names) here, nowhere else.

>>> from services.vocabulary import RiskLevel, AlertKind
>>> RiskLevel.INSIDE_FOREIGN.alert_kind is AlertKind.INSIDE_FOREIGN
True
"""

from __future__ import annotations

from services.vocabulary.actions import ACK_ACTION_LABELS_VI, AckAction
from services.vocabulary.alerts import (
    ALERT_KIND_VI,
    CONSULAR_KINDS,
    DEFAULT_AUDIENCE,
    DEFAULT_SEVERITY,
    FOREIGN_AFFAIRS_TRACKING,
    AlertKind,
    Audience,
    Severity,
    alert_id_for,
    alert_kind_vi,
    audience_for,
)
from services.vocabulary.cases import END_STATUSES, OPEN_DETENTION, CaseKind, Status
from services.vocabulary.countries import (
    ALPHA3_TO_ALPHA2,
    COUNTRY_NAMES_VI,
    HOME_COUNTRY,
    country_name_vi,
    normalize_country,
    to_alpha2,
)
from services.vocabulary.events import ALERT_OF, EncounterKind, EventKind, SwapSignal
from services.vocabulary.mmsi import HOME_MID, MID_COUNTRY, flag_of_mmsi, mid_of
from services.vocabulary.risk import (
    BY_CODE,
    DARK_ALERT_KINDS,
    RANKED,
    RISK_ALERT_KINDS,
    RiskLevel,
)
from services.vocabulary.roles import Role
from services.vocabulary.time import VN_TZ, utc, vn_date
from services.vocabulary.zones import LINE_TYPE_CODES, ZONE_KIND_VI, ZONE_NAMES_VI, zone_kind_vi

__all__ = [
    "ACK_ACTION_LABELS_VI",
    "ALERT_KIND_VI",
    "ALERT_OF",
    "ALPHA3_TO_ALPHA2",
    "BY_CODE",
    "CONSULAR_KINDS",
    "COUNTRY_NAMES_VI",
    "DARK_ALERT_KINDS",
    "DEFAULT_AUDIENCE",
    "DEFAULT_SEVERITY",
    "END_STATUSES",
    "FOREIGN_AFFAIRS_TRACKING",
    "HOME_COUNTRY",
    "HOME_MID",
    "LINE_TYPE_CODES",
    "MID_COUNTRY",
    "OPEN_DETENTION",
    "RANKED",
    "RISK_ALERT_KINDS",
    "VN_TZ",
    "ZONE_KIND_VI",
    "ZONE_NAMES_VI",
    "AckAction",
    "AlertKind",
    "Audience",
    "CaseKind",
    "EncounterKind",
    "EventKind",
    "RiskLevel",
    "Role",
    "Severity",
    "Status",
    "SwapSignal",
    "alert_id_for",
    "alert_kind_vi",
    "audience_for",
    "country_name_vi",
    "flag_of_mmsi",
    "mid_of",
    "normalize_country",
    "to_alpha2",
    "utc",
    "vn_date",
    "zone_kind_vi",
]
