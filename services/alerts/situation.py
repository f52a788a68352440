"""An alert is a situation, not a message: one open situation per boat and family of kinds.

The tracker keeps sending messages about the same boat: an hourly reminder while it stays inside
foreign waters, an escalation from "approaching" to "about to cross", a second and third dark
threshold. A duty officer must not acknowledge each of them: they all belong to one
**situation** — the boat at risk, the boat silent — which one acknowledgement takes in hand and
the boat's return to safe waters (or its signal coming back) ends. So:

* a message opens a situation when none of its family is active for the boat, else it is
  attached to the active one as a reminder (same kind) or an escalation (a graver kind);
* an escalation after an acknowledgement asks for a new acknowledgement (the danger grew); a
  reminder does not (the officer already has it in hand);
* ``BACK_SAFE`` ends the boat's risk situation and ``SIGNAL_RESTORED`` its dark one; with none
  active they are notices;
* information-level messages need no acknowledgement: alone they make a notice, a situation
  that is born ended.

Pure: :func:`plan` takes the active situation (or None) and one message and says what to do;
:mod:`infra.repositories.situations` applies it to the database. Webhooks and the live stream
still carry every message (receivers may count reminders); only the desk's view is grouped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.vocabulary import RANKED, AlertKind, Severity

__all__ = [
    "CLOSERS",
    "Ending",
    "Family",
    "SituationStep",
    "StepKind",
    "family_of",
    "graver",
    "plan",
]


class Family(StrEnum):
    """Kinds that describe one state of one boat; any other kind is a family of its own."""

    RISK = "risk"  # APPROACHING … INSIDE_FOREIGN, DISPUTED
    DARK = "dark"  # DARK, DARK_24H, DARK_10D


class Ending(StrEnum):
    """Why a situation ended (acknowledgement does not end it: it takes it in hand)."""

    BACK_SAFE = "back_safe"
    SIGNAL_RESTORED = "signal_restored"
    SOURCE_RESTORED = "source_restored"  # a stalled feed sends again
    NOTICE = "notice"  # information only: born ended


class StepKind(StrEnum):
    OPEN = "open"
    REMINDER = "reminder"
    ESCALATION = "escalation"
    CLOSE = "close"
    NOTICE = "notice"


_RISK_RANK: dict[AlertKind, int] = {
    level.alert_kind: level.rank or 0 for level in RANKED if level.alert_kind is not None
}
_DARK_ORDER = (AlertKind.DARK, AlertKind.DARK_24H, AlertKind.DARK_10D)
CLOSERS: dict[AlertKind, tuple[str, Ending]] = {
    AlertKind.BACK_SAFE: (Family.RISK.value, Ending.BACK_SAFE),
    AlertKind.SIGNAL_RESTORED: (Family.DARK.value, Ending.SIGNAL_RESTORED),
    AlertKind.SOURCE_RESTORED: (AlertKind.SOURCE_STALLED.value, Ending.SOURCE_RESTORED),
}


def family_of(kind: str) -> str:
    """The family a kind's situation belongs to (closers name the family they end).

    >>> family_of("IMMINENT"), family_of("DARK_24H"), family_of("BACK_SAFE"), family_of("X")
    ('risk', 'dark', 'risk', 'X')
    """
    try:
        k = AlertKind(kind)
    except ValueError:
        return kind
    if k in CLOSERS:
        return CLOSERS[k][0]
    if k in _RISK_RANK:
        return Family.RISK.value
    if k in _DARK_ORDER:
        return Family.DARK.value
    return k.value


def _rank(kind: str) -> int:
    try:
        k = AlertKind(kind)
    except ValueError:
        return 0
    if k in _DARK_ORDER:
        return _DARK_ORDER.index(k)
    return _RISK_RANK.get(k, 0)


def graver(new_kind: str, current_kind: str) -> bool:
    """Whether ``new_kind`` is a graver state than ``current_kind`` of the same family.

    >>> graver("IMMINENT", "APPROACHING"), graver("APPROACHING", "IMMINENT")
    (True, False)
    """
    return _rank(new_kind) > _rank(current_kind)


@dataclass(frozen=True, slots=True)
class SituationStep:
    """What one message does to its boat's situation."""

    kind: StepKind
    family: str
    ending: Ending | None = None  # for CLOSE and NOTICE
    needs_ack: bool = True  # for OPEN: False for information-level messages
    reopen_ack: bool = False  # for ESCALATION: the acknowledgement no longer covers it


def plan(
    kind: str,
    severity: str,
    active_kind: str | None,
    active_acked: bool = False,
) -> SituationStep:
    """Decide what a message of ``kind`` does, given the boat's active situation of its family.

    ``active_kind`` is the current kind of the active situation (None when there is none).

    >>> plan("APPROACHING", "warning", None).kind
    <StepKind.OPEN: 'open'>
    >>> plan("APPROACHING", "warning", "APPROACHING").kind
    <StepKind.REMINDER: 'reminder'>
    >>> s = plan("IMMINENT", "critical", "APPROACHING", active_acked=True)
    >>> s.kind, s.reopen_ack
    (<StepKind.ESCALATION: 'escalation'>, True)
    >>> plan("BACK_SAFE", "info", "IMMINENT").kind, plan("BACK_SAFE", "info", None).kind
    (<StepKind.CLOSE: 'close'>, <StepKind.NOTICE: 'notice'>)
    """
    family = family_of(kind)
    closer = CLOSERS.get(AlertKind(kind)) if kind in AlertKind.__members__ else None
    if closer is not None:
        if active_kind is not None:
            return SituationStep(StepKind.CLOSE, family, ending=closer[1])
        return SituationStep(StepKind.NOTICE, family, ending=Ending.NOTICE, needs_ack=False)
    if active_kind is None:
        if severity == Severity.INFO.value:
            return SituationStep(StepKind.NOTICE, family, ending=Ending.NOTICE, needs_ack=False)
        return SituationStep(StepKind.OPEN, family)
    if graver(kind, active_kind):
        return SituationStep(StepKind.ESCALATION, family, reopen_ack=active_acked)
    return SituationStep(StepKind.REMINDER, family)
