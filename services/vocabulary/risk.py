"""Risk levels of a fix: one enum carrying the array code, escalation rank and severity.

Three encodings used to coexist (geo's integer codes, the tracker's escalation ranks, and the
names on the wire) and disagreed on order. Now each level is one member:

* ``level.value`` (= its name) is what JSON, the database and alerts carry;
* ``level.code`` is the small integer geo/ writes into its ``int8`` result arrays (kept as
  they were so classification stays vectorised; :data:`BY_CODE` turns a code back);
* ``level.rank`` is the escalation order: an alert is raised when the rank goes up, and a
  disputed area ranks below a predicted crossing although geo numbers it higher;
  ``None`` for ``INVALID`` (a bad fix keeps the level already announced);
* ``level.severity`` is the severity of the alert that announces it.

>>> RiskLevel.IMMINENT.rank > RiskLevel.DISPUTED.rank, RiskLevel.IMMINENT.code
(True, 2)
>>> BY_CODE[4], RiskLevel("APPROACHING").severity
(<RiskLevel.DISPUTED: 'DISPUTED'>, <Severity.WARNING: 'warning'>)
"""

from __future__ import annotations

from enum import StrEnum

from services.vocabulary.alerts import DEFAULT_SEVERITY, AlertKind, Severity

__all__ = ["BY_CODE", "DARK_ALERT_KINDS", "RANKED", "RISK_ALERT_KINDS", "RiskLevel"]


class RiskLevel(StrEnum):
    SAFE = "SAFE"
    APPROACHING = "APPROACHING"
    IMMINENT = "IMMINENT"
    INSIDE_FOREIGN = "INSIDE_FOREIGN"
    DISPUTED = "DISPUTED"
    INVALID = "INVALID"
    OVERLAP = "OVERLAP"
    ARCHIPELAGO = "ARCHIPELAGO"

    @property
    def code(self) -> int:
        """geo/'s integer code for this level in its result arrays."""
        return _TRAITS[self][0]

    @property
    def rank(self) -> int | None:
        """Escalation order (higher is worse); ``None`` for a fix that cannot be judged."""
        return _TRAITS[self][1]

    @property
    def severity(self) -> Severity:
        """Severity of the alert announcing this level."""
        return _TRAITS[self][2]

    @property
    def alert_kind(self) -> AlertKind | None:
        """The alert kind announcing this level (none for SAFE and INVALID)."""
        return _KIND.get(self)


#              code  rank  severity
# Inside an overlap area a neighbour patrols (warning, above a predicted crossing's warning but
# below it); inside Hoàng Sa / Trường Sa foreign forces seize and expel boats (critical, above a
# predicted crossing, below being inside a neighbour's waters).
_TRAITS: dict[RiskLevel, tuple[int, int | None, Severity]] = {
    RiskLevel.SAFE: (0, 0, Severity.INFO),
    RiskLevel.APPROACHING: (1, 10, Severity.WARNING),
    RiskLevel.DISPUTED: (4, 20, Severity.WARNING),
    RiskLevel.OVERLAP: (6, 25, Severity.WARNING),
    RiskLevel.IMMINENT: (2, 30, Severity.CRITICAL),
    RiskLevel.ARCHIPELAGO: (7, 35, Severity.CRITICAL),
    RiskLevel.INSIDE_FOREIGN: (3, 40, Severity.CRITICAL),
    RiskLevel.INVALID: (5, None, Severity.INFO),
}

_KIND: dict[RiskLevel, AlertKind] = {
    level: AlertKind(level.value) for level in RiskLevel if level.value in AlertKind.__members__
}

#: Level by geo code: ``BY_CODE[code]``.
BY_CODE: tuple[RiskLevel, ...] = tuple(sorted(RiskLevel, key=lambda lvl: lvl.code))

#: Levels that take part in escalation, lowest first.
RANKED: tuple[RiskLevel, ...] = tuple(
    sorted((lvl for lvl in RiskLevel if lvl.rank is not None), key=lambda lvl: lvl.rank or 0)
)

#: The alert kinds that announce a risk level (the boat's position): one family.
RISK_ALERT_KINDS: frozenset[AlertKind] = frozenset(_KIND.values())
#: The alert kinds of a silence, in the order they escalate: the other family of a boat's state.
DARK_ALERT_KINDS: frozenset[AlertKind] = frozenset(
    {AlertKind.DARK, AlertKind.DARK_24H, AlertKind.DARK_10D}
)

for _level, _kind in _KIND.items():
    DEFAULT_SEVERITY[_kind] = _level.severity
