"""Read the facts a report counts from the database (the adapter side of the reports domain).

Nothing is counted here: rows become :mod:`services.reports.facts` values and the pure core
applies the rules. Every status event is loaded, not only those dated in the period, because a
correction dated elsewhere can remove an event from it; a province's timelines are small.
Rows the core cannot use (an unknown status or case kind) become notes on the report instead
of disappearing.

VMS coverage reads the registry as it stands (the registry keeps no history): registered boats
of 15 m and over; a device is *working* when it sent at least one non-AIS fix in the period.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from infra.db.cases import CaseMemberRow, CaseRow, StatusEventRow
from infra.db.models import AlertRow, PositionRow, Vessel
from infra.db.situations import SituationRow
from services.reports.counts import VMS_MIN_LENGTH_M
from services.reports.facts import (
    AlertFact,
    IncidentFact,
    LoadedFacts,
    RegistryBoat,
    ReturnFact,
    StatusEvent,
    VesselFact,
)
from services.reports.iuu import IuuFigures
from services.reports.own import OwnBoats
from services.reports.period import Period
from services.vocabulary import DARK_ALERT_KINDS, RISK_ALERT_KINDS, CaseKind, Status

__all__ = ["COUNTED_ALERT_KINDS", "SqlReportFacts", "load_facts"]

# every kind the counts may group: the position's and the silences' (see services.reports.counts)
COUNTED_ALERT_KINDS = tuple(sorted(str(k) for k in RISK_ALERT_KINDS | DARK_ALERT_KINDS))


def _kind(value: str, notes: list[str], case_id: int) -> CaseKind | None:
    try:
        return CaseKind(value)
    except ValueError:
        notes.append(f"case {case_id} has unknown kind {value!r}; left out of the counts")
        return None


def _load_events(session: Session, facts: LoadedFacts) -> None:
    rows = session.execute(
        select(
            StatusEventRow.id,
            StatusEventRow.case_id,
            StatusEventRow.person_id,
            StatusEventRow.status,
            StatusEventRow.occurred_on,
            StatusEventRow.recorded_at,
            StatusEventRow.supersedes,
            CaseRow.kind,
            CaseRow.country,
            CaseRow.vessel_id,
        ).join(CaseRow, CaseRow.id == StatusEventRow.case_id)
    )
    for r in rows:
        kind = _kind(r.kind, facts.notes, r.case_id)
        try:
            status = Status(r.status)
        except ValueError:
            facts.notes.append(f"event {r.id} has unknown status {r.status!r}; left out")
            continue
        if kind is None:
            continue
        facts.events.append(
            StatusEvent(
                event_id=str(r.id),
                person_id=str(r.person_id),
                case_id=str(r.case_id),
                status=status,
                occurred_on=r.occurred_on,
                recorded_at=r.recorded_at,
                country=r.country,
                vessel_id=r.vessel_id,
                case_kind=kind,
                supersedes=str(r.supersedes) if r.supersedes is not None else None,
            )
        )


def _load_incidents(session: Session, period: Period, facts: LoadedFacts) -> None:
    members = (
        select(func.count(CaseMemberRow.id))
        .where(CaseMemberRow.case_id == CaseRow.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            CaseRow.id,
            CaseRow.kind,
            CaseRow.country,
            CaseRow.occurred_on,
            CaseRow.created_at,
            CaseRow.vessel_id,
            members.label("people"),
        ).where(CaseRow.occurred_on >= period.start, CaseRow.occurred_on <= period.end)
    )
    for r in rows:
        kind = _kind(r.kind, facts.notes, r.id)
        if kind is None:
            continue
        facts.incidents.append(
            IncidentFact(
                case_id=str(r.id),
                kind=kind,
                country=r.country,
                occurred_on=r.occurred_on,
                recorded_at=r.created_at,
                vessel_ids=(r.vessel_id,) if r.vessel_id else (),
                people=int(r.people or 0),
            )
        )


def _load_alerts(session: Session, period: Period, facts: LoadedFacts) -> None:
    rows = session.execute(
        select(AlertRow.vessel_id, AlertRow.kind, AlertRow.ts).where(
            AlertRow.kind.in_(COUNTED_ALERT_KINDS),
            AlertRow.vessel_id.is_not(None),
            AlertRow.ts >= period.start_utc,
            AlertRow.ts < period.end_utc,
        )
    )
    facts.alerts.extend(AlertFact(r.vessel_id, r.kind, r.ts) for r in rows)


def _load_vessels(session: Session, period: Period, facts: LoadedFacts) -> None:
    reported = exists().where(
        PositionRow.vessel_id == Vessel.vessel_id,
        PositionRow.source != "ais",
        PositionRow.ts >= period.start_utc,
        PositionRow.ts < period.end_utc,
    )
    rows = session.execute(
        select(
            Vessel.vessel_id, Vessel.length_m, Vessel.vms_device_id, reported.label("reporting")
        ).where(Vessel.registered.is_(True), Vessel.length_m >= VMS_MIN_LENGTH_M)
    )
    facts.vessels.extend(
        VesselFact(
            vessel_id=r.vessel_id,
            length_m=r.length_m,
            has_device=r.vms_device_id is not None,
            reporting=r.vms_device_id is not None and bool(r.reporting),
        )
        for r in rows
    )


def _load_returns(session: Session, period: Period, facts: LoadedFacts) -> None:
    """Warned boats that came back: a risk situation ended in safe waters, or "đã quay về"."""
    rows = session.execute(
        select(
            SituationRow.vessel_id, SituationRow.ended_at, SituationRow.ending,
            SituationRow.acked_at, SituationRow.ack_action,
        ).where(
            SituationRow.family == "risk",
            SituationRow.vessel_id.is_not(None),
            SituationRow.needs_ack.is_(True),
            SituationRow.last_ts >= period.start_utc,
        )
    )  # fmt: skip
    for r in rows:
        if r.ending == "back_safe" and r.ended_at is not None:
            facts.returns.append(ReturnFact(r.vessel_id, r.ended_at))
        elif r.ack_action == "returned" and r.acked_at is not None:
            facts.returns.append(ReturnFact(r.vessel_id, r.acked_at))


def _load_registry(session: Session, facts: LoadedFacts) -> None:
    rows = session.execute(
        select(Vessel.vessel_id, Vessel.length_m, Vessel.vms_device_id, Vessel.high_risk).where(
            Vessel.registered.is_(True)
        )
    )
    facts.registry.extend(
        RegistryBoat(r.vessel_id, r.length_m, r.vms_device_id is not None, bool(r.high_risk))
        for r in rows
    )


def _keep_own(session: Session, facts: LoadedFacts, own: OwnBoats) -> None:
    """Drop every fact about a boat that is not the province's own (cases without a boat stay)."""
    home = {
        r.vessel_id: (r.home_port, r.province)
        for r in session.execute(select(Vessel.vessel_id, Vessel.home_port, Vessel.province))
    }

    def mine(vessel_id: str | None) -> bool:
        port, province = home.get(vessel_id or "", (None, None))
        return own.includes(vessel_id, port, province)

    facts.events = [e for e in facts.events if mine(e.vessel_id)]
    facts.incidents = [i for i in facts.incidents if all(mine(v) for v in i.vessel_ids)]
    facts.alerts = [a for a in facts.alerts if mine(a.vessel_id)]
    facts.vessels = [v for v in facts.vessels if mine(v.vessel_id)]
    facts.returns = [r for r in facts.returns if mine(r.vessel_id)]
    facts.registry = [b for b in facts.registry if mine(b.vessel_id)]


def load_facts(session: Session, period: Period, own: OwnBoats | None = None) -> LoadedFacts:
    """Everything :func:`services.reports.counts.compute_counts` needs for ``period``.

    With ``own``, only the province's own boats (see :mod:`services.reports.own`).
    """
    facts = LoadedFacts()
    _load_events(session, facts)
    _load_incidents(session, period, facts)
    _load_alerts(session, period, facts)
    _load_vessels(session, period, facts)
    _load_returns(session, period, facts)
    _load_registry(session, facts)
    if own is not None and own.filters:
        _keep_own(session, facts, own)
    facts.notes = list(dict.fromkeys(facts.notes))  # one note per problem, not per row
    return facts


class SqlReportFacts:
    """:class:`services.reports.ports.FactsSource` over a database session."""

    def __init__(self, session: Session, own: OwnBoats | None = None) -> None:
        self.session = session
        self.own = own

    def load(self, period: Period) -> LoadedFacts:
        return load_facts(self.session, period, self.own)

    def load_iuu(self, period: Period, now: datetime | None = None) -> IuuFigures:
        """The period's IUU figures (``infra.repositories.iuu``), for the same boats."""
        from infra.repositories.iuu import load_iuu_figures

        return load_iuu_figures(self.session, period, now=now, own=self.own)
