"""Read what an evidence file needs from the database (the adapter side of services.evidence).

The case through the case repository; the boat's fixes from the append-only track history
(fixes the tracker flagged as bad are left out: they are not where the boat was); its alerts
with their acknowledgement and escalation. Nothing is judged here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db.delivery import AckRow, EscalationRow
from infra.db.models import AlertRow, PositionRow, Vessel
from infra.db.situations import SituationRow
from infra.repositories.cases import SqlCaseRepository
from services.cases.errors import NotFound, RuleViolation
from services.evidence.assemble import (
    DEFAULT_HOURS,
    AlertRecord,
    EvidenceFile,
    Fix,
    assemble,
    detention_time,
)
from services.vocabulary import ACK_ACTION_LABELS_VI, AckAction, utc

__all__ = ["EvidenceFiles", "load_evidence"]

_ACTIONS = {a.value for a in AckAction}


@dataclass(frozen=True)
class EvidenceFiles:
    """The evidence file and its file names (``ho-so-hanh-trinh-<case>-<vessel>.<ext>``)."""

    evidence: EvidenceFile

    def filename(self, ext: str) -> str:
        return f"ho-so-hanh-trinh-{self.evidence.case.id}-{self.evidence.vessel_id}.{ext}"


def load_evidence(
    session: Session, case_id: int, *, now: datetime, hours: float = DEFAULT_HOURS
) -> EvidenceFiles:
    """The evidence file of case ``case_id``; NotFound or RuleViolation (no vessel) otherwise."""
    case = SqlCaseRepository(session).get(case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist", f"Không có hồ sơ số {case_id}.")
    if not case.vessel_id:
        raise RuleViolation(
            f"case {case_id} names no vessel: no evidence file",
            "Hồ sơ chưa có số đăng ký tàu nên chưa lập được hồ sơ hành trình.",
        )
    at, _known = detention_time(case)
    start, end = at - timedelta(hours=hours), at + timedelta(hours=24)
    rows = session.scalars(
        select(PositionRow)
        .where(
            PositionRow.vessel_id == case.vessel_id, PositionRow.ts >= start, PositionRow.ts <= end
        )
        .order_by(PositionRow.ts)
    )
    fixes = [
        Fix(utc(r.ts), r.lat, r.lon, r.speed_kn, r.course_deg, r.source, r.risk)
        for r in rows
        if r.flag is None
    ]
    alert_rows = list(
        session.scalars(
            select(AlertRow)
            .where(
                AlertRow.vessel_id == case.vessel_id,
                AlertRow.ts >= start,
                AlertRow.ts <= end,
                AlertRow.kind.not_in(["CASE_OPENED", "CASE_STATUS"]),
            )
            .order_by(AlertRow.ts)
        )
    )
    ids = [a.alert_id for a in alert_rows]
    acks = {r.alert_id: r for r in session.scalars(select(AckRow).where(AckRow.alert_id.in_(ids)))}
    escalated = {
        r.alert_id: r
        for r in session.scalars(select(EscalationRow).where(EscalationRow.alert_id.in_(ids)))
    }
    situations = {
        r.id: r
        for r in session.scalars(
            select(SituationRow).where(
                SituationRow.id.in_({a.situation_id for a in alert_rows if a.situation_id})
            )
        )
    }
    alerts = []
    for a in alert_rows:
        ack, esc = acks.get(a.alert_id), escalated.get(a.alert_id)
        # one acknowledgement takes the whole situation in hand (its reminders included)
        sit = situations.get(a.situation_id) if a.situation_id else None
        by: str | None = None
        acked_at: datetime | None = None
        note: str | None = None
        action: str | None = None
        if ack is not None:
            by, acked_at, note, action = ack.acked_by, ack.acked_at, ack.note, ack.action
        elif sit is not None and sit.acked_at is not None:
            by, acked_at, note, action = sit.acked_by, sit.acked_at, sit.ack_note, sit.ack_action
        label = ACK_ACTION_LABELS_VI.get(AckAction(action)) if action in _ACTIONS else None
        esc_at: datetime | None = esc.escalated_at if esc else (sit.escalated_at if sit else None)
        alerts.append(
            AlertRecord(
                alert_id=a.alert_id,
                kind=a.kind,
                severity=a.severity,
                ts=utc(a.ts),
                created_at=utc(a.created_at),
                message=a.message,
                lat=a.lat,
                lon=a.lon,
                acked_by=by,
                acked_role=ack.role if ack else None,
                acked_at=utc(acked_at) if acked_at else None,
                ack_note="; ".join(x for x in (label, note) if x) or None,
                escalated_at=utc(esc_at) if esc_at else None,
            )
        )
    boat = session.get(Vessel, case.vessel_id)
    vessel = {"name": boat.name, "home_port": boat.home_port, "owner": boat.owner} if boat else {}
    return EvidenceFiles(
        assemble(case, fixes, alerts, vessel=vessel, hours=hours, generated_at=now)
    )
