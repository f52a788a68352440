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
from datetime import UTC, date, datetime

from services.reports.facts import AlertFact, IncidentFact, StatusEvent, VesselFact
from services.reports.format_vi import country_code
from services.reports.period import Period, local_date
from services.reports.tallies import (
    AlertCounts,
    IncidentTally,
    MonthlyCounts,
    VmsCoverage,
    by_country,
)
from services.vocabulary import CaseKind, Status

__all__ = ["OPEN_DETENTION", "VMS_MIN_LENGTH_M", "compute_counts", "effective_events"]

VMS_MIN_LENGTH_M = 15.0
OPEN_DETENTION = frozenset(
    {
        Status.DETAINED,
        Status.CONSULAR_ACCESS,
        Status.IDENTITY_VERIFIED,
        Status.SENTENCED,
        Status.FINED,
    }
)
_WARN = {"APPROACHING", "IMMINENT"}
_CROSSED = {"INSIDE_FOREIGN"}
_DISPUTED = {"DISPUTED"}
_DARK = {"DARK", "DARK_24H", "DARK_10D"}
_ALERT_GROUPS = (("warned", _WARN), ("crossed", _CROSSED), ("disputed", _DISPUTED), ("dark", _DARK))


def _aware(ts: datetime) -> datetime:
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts


def _visible(recorded_at: datetime, as_of: datetime | None) -> bool:
    return as_of is None or _aware(recorded_at) <= _aware(as_of)


def _id_key(event_id: str) -> tuple[int, int | str]:
    """Numeric ids sort as numbers ("9" before "10"), others as text after them."""
    return (0, int(event_id)) if event_id.isdigit() else (1, event_id)


def effective_events(
    events: Iterable[StatusEvent], as_of: datetime | None = None
) -> tuple[list[StatusEvent], list[str]]:
    """Events still in effect, in timeline order, plus notes on corrections that do not fit.

    Timeline order is by date, then by the entry order of the event each correction replaces
    (a correction sits where its original was). A correction pointing at an unknown event is
    reported, not fatal: one bad row must not stop the month's report, nor vanish silently.
    """
    visible = {e.event_id: e for e in events if _visible(e.recorded_at, as_of)}
    anomalies: list[str] = []
    superseded: set[str] = set()
    for event in visible.values():
        if event.supersedes is None:
            continue
        if event.supersedes in visible:
            superseded.add(event.supersedes)
        else:
            anomalies.append(
                f"event {event.event_id} corrects unknown event {event.supersedes}; kept as is"
            )

    def root(event: StatusEvent) -> StatusEvent:
        seen = {event.event_id}
        while event.supersedes in visible and event.supersedes not in seen:
            event = visible[event.supersedes]
            seen.add(event.event_id)
        return event

    def order(event: StatusEvent) -> tuple[date, datetime, tuple[int, int | str]]:
        first = root(event)
        return (event.occurred_on, _aware(first.recorded_at), _id_key(first.event_id))

    kept = sorted((e for e in visible.values() if e.event_id not in superseded), key=order)
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


def _tally(incidents: list[IncidentFact]) -> IncidentTally:
    vessels = {v for i in incidents for v in i.vessel_ids}
    people = sum(i.people for i in incidents)
    return IncidentTally(cases=len(incidents), vessels=len(vessels), people=people)


def _alerts(alerts: Iterable[AlertFact], period: Period) -> AlertCounts:
    groups: dict[str, set[str]] = {name: set() for name, _ in _ALERT_GROUPS}
    for a in alerts:
        if not a.vessel_id or not period.contains(local_date(a.ts)):
            continue
        kind = str(a.kind).upper()
        for name, kinds in _ALERT_GROUPS:
            if kind in kinds:
                groups[name].add(a.vessel_id)
    return AlertCounts(
        warned_vessels=len(groups["warned"]),
        crossed_vessels=len(groups["crossed"]),
        disputed_vessels=len(groups["disputed"]),
        dark_vessels=len(groups["dark"]),
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
) -> MonthlyCounts:
    """Count one period. Pure: the same facts give the same counts, in any order.

    ``notes`` are problems found while gathering the facts; they are reported with the counts.
    """
    kept, found = effective_events(events, as_of)
    anomalies = [*notes, *found]
    episodes = _episodes(kept)

    detained: Counter[str] = Counter()
    released: Counter[str] = Counter()
    awaiting: Counter[str] = Counter()
    repatriated: Counter[str] = Counter()
    still: Counter[str] = Counter()
    for ep in episodes.values():
        c = ep.country
        detained[c] += ep.dated(Status.DETAINED, period)
        repatriated[c] += ep.dated(Status.REPATRIATED, period)
        if ep.dated(Status.RELEASED, period):
            released[c] += 1
            awaiting[c] += ep.status_on(period.end) == Status.RELEASED
        still[c] += ep.status_on(period.end) in OPEN_DETENTION

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
        fishermen_detained=by_country(detained),
        fishermen_released=by_country(released),
        fishermen_released_awaiting_return=by_country(awaiting),
        fishermen_repatriated=by_country(repatriated),
        still_detained=by_country(still),
        incidents=by_kind,
        obstructed=_tally(
            [i for i in in_period if i.kind in (CaseKind.ROBBERY, CaseKind.OBSTRUCTION)]
        ),
        alerts=_alerts(alerts, period),
        vms=_vms(vessels),
        anomalies=tuple(anomalies),
    )
