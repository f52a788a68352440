"""The month at a glance for officers: who came home, who is still held, and where.

The figures come from the timelines alone (events in effect, dated in Vietnam's calendar), so a
correction recorded later changes the summary of the month it corrects. They are the monthly
report's own (:func:`services.reports.counts.count_fishermen` over the same facts): this is
its quick view behind ``GET /api/cases/summary``, plus the families' repatriation requests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from services.cases.model import Case, NoteKind
from services.reports.counts import count_fishermen, effective_events
from services.reports.facts import StatusEvent as EventFact
from services.reports.format_vi import country_code
from services.reports.period import Period
from services.reports.tallies import by_country

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
    """Count per country with the monthly report's own core (same rules, same figures).

    A person held in two cases at once cannot happen (rule), so no dedup.
    """
    period = Period.month(year, month)
    facts: list[EventFact] = []
    requested: set[tuple[str, str]] = set()
    for case in cases:
        asked = {n.member_id for n in case.notes if n.kind is NoteKind.REPATRIATION_REQUEST}
        for member in case.members:
            episode = (str(case.id), str(member.person.id))
            if member.id in asked:
                requested.add(episode)
            facts.extend(
                EventFact(
                    event_id=str(e.id), person_id=episode[1], case_id=episode[0],
                    status=e.status, occurred_on=e.occurred_on, recorded_at=e.recorded_at,
                    country=case.country, vessel_id=case.vessel_id, case_kind=case.kind,
                    supersedes=None if e.supersedes is None else str(e.supersedes),
                )
                for e in member.events
            )  # fmt: skip
    kept, _ = effective_events(facts)
    men = count_fishermen(period, kept)
    country = {(e.case_id, e.person_id): country_code(e.country) for e in facts}
    asked_held = Counter(country[ep] for ep in men.held & requested)
    return MonthSummary(
        year, month, dict(by_country(men.repatriated)), dict(by_country(men.still_detained)),
        dict(by_country(asked_held)),
    )  # fmt: skip
