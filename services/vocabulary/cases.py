"""Consular-case words: what happened abroad and where each fisherman stands."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["END_STATUSES", "OPEN_DETENTION", "CaseKind", "Status"]


class CaseKind(StrEnum):
    """Kinds of incident abroad; incident reports carry the same values on the wire."""

    DETENTION = "detention"  # crew (and usually boat) detained
    BOAT_SEIZED = "boat_seized"
    ROBBERY = "robbery"  # crew robbed or obstructed at sea
    OBSTRUCTION = "obstruction"
    DISTRESS = "distress"
    COLLISION = "collision"
    DEATH_MISSING = "death_missing"


class Status(StrEnum):
    """A step in one fisherman's timeline.

    ``REPATRIATED`` is home after a detention; ``RETURNED`` is home without one (robbery,
    distress), so only the first counts as "bị ... bắt giữ về nước" in the monthly report.
    """

    DETAINED = "DETAINED"
    CONSULAR_ACCESS = "CONSULAR_ACCESS"
    IDENTITY_VERIFIED = "IDENTITY_VERIFIED"
    SENTENCED = "SENTENCED"
    FINED = "FINED"
    RELEASED = "RELEASED"
    REPATRIATED = "REPATRIATED"
    RETURNED = "RETURNED"
    DECEASED = "DECEASED"
    MISSING = "MISSING"


#: Statuses in which a man is held abroad: the detention is still open.
OPEN_DETENTION = frozenset(
    {Status.DETAINED, Status.CONSULAR_ACCESS, Status.IDENTITY_VERIFIED, Status.SENTENCED,
     Status.FINED}
)  # fmt: skip
#: A case may close only when every member's current status is one of these.
END_STATUSES = frozenset({Status.REPATRIATED, Status.RETURNED, Status.DECEASED, Status.MISSING})
