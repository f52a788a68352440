"""The month at a glance for officers: who came home, who is still held, and where.

The figures come from the timelines alone (events in effect, dated in Vietnam's calendar), so a
correction recorded later changes the summary of the month it corrects. The full monthly report
(issue 7) reads the same tables; this is the quick view behind ``GET /api/cases/summary``.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.cases.model import Case, NoteKind
from services.cases.timeline import effective, status_on
from services.vocabulary import OPEN_DETENTION, Status

__all__ = ["MonthSummary", "month_summary"]


@dataclass(frozen=True)
class MonthSummary:
    year: int
    month: int
    repatriated: dict[str, int]  # country -> fishermen home during the month
    still_detained: dict[str, int]  # country -> fishermen held at the end of the month
    repatriation_requested: dict[str, int]  # of those held: families asked to bring them home

    @property
    def totals(self) -> dict[str, int]:
        return {
            "repatriated": sum(self.repatriated.values()),
            "still_detained": sum(self.still_detained.values()),
            "repatriation_requested": sum(self.repatriation_requested.values()),
        }


def month_summary(cases: Iterable[Case], year: int, month: int) -> MonthSummary:
    """Count per country; a person held in two cases at once cannot happen (rule), so no dedup."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    home: Counter[str] = Counter()
    held: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for case in cases:
        requested = {n.member_id for n in case.notes if n.kind is NoteKind.REPATRIATION_REQUEST}
        for member in case.members:
            if any(e.status is Status.REPATRIATED and first <= e.occurred_on <= last
                   for e in effective(member.events)):
                home[case.country] += 1
            if status_on(member.events, last) in OPEN_DETENTION:
                held[case.country] += 1
                if member.id in requested:
                    asked[case.country] += 1
    return MonthSummary(year, month, dict(home), dict(held), dict(asked))
