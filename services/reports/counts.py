"""The counting core: what the monthly report says, computed from plain facts.

Rules, in the order they apply (the same as ``services.cases.timeline``):

* **as of** — a report can be re-issued as it stood at a moment: facts recorded after
  ``as_of`` are ignored. Without it every fact counts, so a record entered late for a past
  date changes that past period's counts.
* **supersession** — a correction is a new event naming the one it replaces; the replaced event
  stops counting and the correction takes its place in the timeline. Chains resolve to their
  newest link.
* **local dates** — everything is counted by Asia/Ho_Chi_Minh calendar date.
* **one detention episode** is one fisherman in one case. Newly detained, released, returned
  home: an in-effect ``DETAINED``, ``RELEASED``, ``REPATRIATED`` event dated in the period.
  Still detained at the end: his status at the end of the last day (the last in-effect event
  dated on or before it) is one of the open-detention statuses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from services.reports.facts import AlertFact, IncidentFact, ReturnFact, StatusEvent, VesselFact
from services.reports.format_vi import country_code
from services.reports.period import Period, local_date
from services.reports.supersession import in_effect
from services.reports.tallies import (
    AlertCounts,
    IncidentTally,
    MonthlyCounts,
    VmsCoverage,
    by_country,
)
from services.vocabulary import DARK_ALERT_KINDS, OPEN_DETENTION, AlertKind, CaseKind, Status

__all__ = [
    "VMS_MIN_LENGTH_M",
    "FishermenCounts",
    "compute_counts",
    "count_fishermen",
    "effective_events",
]

VMS_MIN_LENGTH_M = 15.0
# The report's alert lines. OVERLAP and ARCHIPELAGO (boats in a neighbour's patrol area, in
# Hoàng Sa / Trường Sa) have no line of their own in the report's wording yet: not counted here.
_WARN = {AlertKind.APPROACHING, AlertKind.IMMINENT}
_CROSSED = {AlertKind.INSIDE_FOREIGN}
_DISPUTED = {AlertKind.DISPUTED}
_DARK = set(DARK_ALERT_KINDS)
_ALERT_GROUPS = (("warned", _WARN), ("crossed", _CROSSED), ("disputed", _DISPUTED), ("dark", _DARK))


def _visible(recorded_at: datetime, as_of: datetime | None) -> bool:
    return as_of is None or recorded_at <= as_of


def _id_key(event_id: str) -> tuple[int, int | str]:
    """Numeric ids sort as numbers ("9" before "10"), others as text after them."""
    return (0, int(event_id)) if event_id.isdigit() else (1, event_id)


def effective_events(
    events: Iterable[StatusEvent], as_of: datetime | None = None
) -> tuple[list[StatusEvent], list[str]]:
    """Events still in effect, in timeline order, plus notes on corrections that do not fit.

    Supersession and order are :func:`services.reports.supersession.in_effect`'s. A
    correction pointing at an unknown event is reported, not fatal: one bad row must not stop
    the month's report, nor vanish silently.
    """
    visible = [e for e in events if _visible(e.recorded_at, as_of)]
    kept, orphans = in_effect(
        visible, lambda e: e.event_id, lambda e: e.supersedes, lambda e: _id_key(e.event_id)
    )
    anomalies = [
        f"event {e.event_id} corrects unknown event {e.supersedes}; kept as is" for e in orphans
    ]
    return kept, anomalies


@dataclass(slots=True)
class _Episode:
    country: str
    timeline: list[StatusEvent] = field(default_factory=list)

    def status_on(self, day: date) -> Status | None:
        status = None
        for event in self.timeline:
            if event.occurred_on > day:
                break
            status = event.status
        return status

    def dated(self, status: Status, period: Period) -> bool:
        return any(e.status == status and period.contains(e.occurred_on) for e in self.timeline)


def _episodes(events: list[StatusEvent]) -> dict[tuple[str, str], _Episode]:
    episodes: dict[tuple[str, str], _Episode] = {}
    for e in events:  # already in timeline order
        ep = episodes.setdefault((e.case_id, e.person_id), _Episode(country_code(e.country)))
        ep.timeline.append(e)
        if e.status == Status.DETAINED:
            ep.country = country_code(e.country)
    return episodes


@dataclass(frozen=True, slots=True)
class FishermenCounts:
    """Per country: the fishermen-episode figures of a period, and who is held at its end."""

    detained: Counter[str]
    released: Counter[str]
    awaiting: Counter[str]  # released during the period, not home by its end
    repatriated: Counter[str]
    still_detained: Counter[str]
    held: frozenset[tuple[str, str]]  # (case_id, person_id) of the episodes still detained


def count_fishermen(period: Period, kept: Iterable[StatusEvent]) -> FishermenCounts:
    """The fishermen figures from events already in effect and in timeline order.

    One episode is one fisherman in one case, counted under the country of its detention.
    The consular desk's month summary (:mod:`services.cases.summary`) counts with this too.
    """
    detained: Counter[str] = Counter()
    released: Counter[str] = Counter()
    awaiting: Counter[str] = Counter()
    repatriated: Counter[str] = Counter()
    still: Counter[str] = Counter()
    held: set[tuple[str, str]] = set()
    for key, ep in _episodes(list(kept)).items():
        c = ep.country
        detained[c] += ep.dated(Status.DETAINED, period)
        repatriated[c] += ep.dated(Status.REPATRIATED, period)
        if ep.dated(Status.RELEASED, period):
            released[c] += 1
            awaiting[c] += ep.status_on(period.end) == Status.RELEASED
        if ep.status_on(period.end) in OPEN_DETENTION:
            still[c] += 1
            held.add(key)
    return FishermenCounts(detained, released, awaiting, repatriated, still, frozenset(held))


def _tally(incidents: list[IncidentFact]) -> IncidentTally:
    vessels = {v for i in incidents for v in i.vessel_ids}
    people = sum(i.people for i in incidents)
    return IncidentTally(cases=len(incidents), vessels=len(vessels), people=people)


def _alerts(
    alerts: Iterable[AlertFact], period: Period, returns: Iterable[ReturnFact] = ()
) -> AlertCounts:
    groups: dict[str, set[str]] = {name: set() for name, _ in _ALERT_GROUPS}
    for a in alerts:
        if not a.vessel_id or not period.contains(local_date(a.ts)):
            continue
        kind = str(a.kind).upper()
        for name, kinds in _ALERT_GROUPS:
            if kind in kinds:
                groups[name].add(a.vessel_id)
    alerted = groups["warned"] | groups["crossed"] | groups["disputed"]
    back = {r.vessel_id for r in returns if period.contains(local_date(r.ts))}
    return AlertCounts(
        warned_vessels=len(groups["warned"]),
        crossed_vessels=len(groups["crossed"]),
        disputed_vessels=len(groups["disputed"]),
        dark_vessels=len(groups["dark"]),
        alerted_vessels=len(alerted),
        returned_vessels=len(alerted & back),
    )


def _vms(vessels: Iterable[VesselFact]) -> VmsCoverage:
    seen: dict[str, VesselFact] = {}
    for v in vessels:
        if v.length_m is not None and v.length_m >= VMS_MIN_LENGTH_M:
            seen[v.vessel_id] = v
    return VmsCoverage(
        boats=len(seen),
        with_device=sum(v.has_device for v in seen.values()),
        working=sum(v.has_device and v.reporting for v in seen.values()),
    )


def compute_counts(
    period: Period,
    events: Iterable[StatusEvent] = (),
    incidents: Iterable[IncidentFact] = (),
    alerts: Iterable[AlertFact] = (),
    vessels: Iterable[VesselFact] = (),
    as_of: datetime | None = None,
    notes: Iterable[str] = (),
    returns: Iterable[ReturnFact] = (),
) -> MonthlyCounts:
    """Count one period. Pure: the same facts give the same counts, in any order.

    ``notes`` are problems found while gathering the facts; they are reported with the counts.
    """
    kept, found = effective_events(events, as_of)
    anomalies = [*notes, *found]
    men = count_fishermen(period, kept)

    unique: dict[str, IncidentFact] = {}
    for inc in incidents:
        if _visible(inc.recorded_at, as_of) and period.contains(inc.occurred_on):
            unique[inc.case_id] = inc  # the same case twice (a replay) counts once
    in_period = sorted(unique.values(), key=lambda i: i.case_id)
    by_kind = {kind: _tally([i for i in in_period if i.kind == kind]) for kind in CaseKind}

    boats: dict[str, set[str]] = {}
    for inc in in_period:
        if inc.kind in (CaseKind.DETENTION, CaseKind.BOAT_SEIZED):
            boats.setdefault(country_code(inc.country), set()).update(inc.vessel_ids)

    return MonthlyCounts(
        period=period,
        as_of=as_of,
        boats_detained=by_country({c: len(v) for c, v in boats.items()}),
        fishermen_detained=by_country(men.detained),
        fishermen_released=by_country(men.released),
        fishermen_released_awaiting_return=by_country(men.awaiting),
        fishermen_repatriated=by_country(men.repatriated),
        still_detained=by_country(men.still_detained),
        incidents=by_kind,
        obstructed=_tally(
            [i for i in in_period if i.kind in (CaseKind.ROBBERY, CaseKind.OBSTRUCTION)]
        ),
        alerts=_alerts(alerts, period, returns),
        vms=_vms(vessels),
        anomalies=tuple(anomalies),
    )
