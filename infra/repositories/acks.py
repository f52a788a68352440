"""Acknowledgement of alerts by officers, and escalation of those nobody acknowledged.

An acknowledgement says who took charge, when, and with what note; the first one stands (a second
officer acknowledging the same alert gets the existing record back, so double clicks and retried
requests are harmless). A critical alert still unacknowledged ``after_min`` minutes after it was
raised is escalated once: an escalation row is written and webhook deliveries of kind
``escalation`` are enqueued to the recipients that take escalations (the command's leadership,
the foreign-affairs department for its kinds).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from infra.db.delivery import AckRow, EscalationRow
from infra.db.models import AlertRow
from infra.db.situations import SituationRow
from infra.repositories.outbox import enqueue_rows
from infra.repositories.situations import acknowledge_situation
from services.alerts.errors import UnknownAlert
from services.vocabulary import AckAction

__all__ = ["ack_dict", "ack_state", "acknowledge", "escalate_due"]

_MAX_NOTE = 2000


def ack_dict(row: AckRow) -> dict[str, Any]:
    return {
        "alert_id": row.alert_id,
        "acked_by": row.acked_by,
        "role": row.role,
        "acked_at": row.acked_at.isoformat(),
        "note": row.note,
        "action": row.action,
    }


def _situation_ack(row: SituationRow, alert_id: str) -> dict[str, Any]:
    return {
        "alert_id": alert_id,
        "acked_by": row.acked_by,
        "role": None,
        "acked_at": row.acked_at.isoformat() if row.acked_at else None,
        "note": row.ack_note,
        "action": row.ack_action,
        "situation_id": row.id,
    }


def acknowledge(
    session: Session,
    alert_id: str,
    user: str,
    role: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
    action: AckAction | None = None,
) -> tuple[AckRow, bool]:
    """Record that ``user`` acknowledged ``alert_id``; return the ack and whether it is new.

    The acknowledgement takes the alert's whole situation in hand (its reminders and earlier
    messages included): one acknowledgement per boat at risk, not one per message.
    """
    situation_id = session.scalar(
        select(AlertRow.situation_id).where(AlertRow.alert_id == alert_id)
    )
    if situation_id is None and (
        session.scalar(select(AlertRow.id).where(AlertRow.alert_id == alert_id)) is None
    ):
        raise UnknownAlert(f"no alert {alert_id!r}")
    clean = (note or "").strip()[:_MAX_NOTE] or None
    at = now or datetime.now(UTC)
    if situation_id is not None:
        acknowledge_situation(session, situation_id, user, action, clean, at)
    existing = session.scalar(select(AckRow).where(AckRow.alert_id == alert_id))
    if existing is not None:
        return existing, False
    row = AckRow(
        alert_id=alert_id, acked_by=user, role=role, note=clean, acked_at=at,
        action=action.value if action is not None else None,
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another officer acknowledged it in the same instant
        winner = session.scalar(select(AckRow).where(AckRow.alert_id == alert_id))
        if winner is None:
            raise
        return winner, False
    return row, True


def ack_state(session: Session, alert_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """For each alert id: its acknowledgement (or None) and escalation time (or None)."""
    ids = list(dict.fromkeys(alert_ids))[:1000]
    state: dict[str, dict[str, Any]] = {i: {"ack": None, "escalated_at": None} for i in ids}
    if not ids:
        return state
    situations = session.execute(
        select(AlertRow.alert_id, SituationRow)
        .join(SituationRow, SituationRow.id == AlertRow.situation_id)
        .where(AlertRow.alert_id.in_(ids))
    ).all()
    for alert_id, sit in situations:
        if sit.acked_at is not None:  # the situation is in hand: so is each of its messages
            state[alert_id]["ack"] = _situation_ack(sit, alert_id)
        if sit.escalated_at is not None:
            state[alert_id]["escalated_at"] = sit.escalated_at.isoformat()
    for ack in session.scalars(select(AckRow).where(AckRow.alert_id.in_(ids))):
        state[ack.alert_id]["ack"] = ack_dict(ack)
    for esc in session.scalars(select(EscalationRow).where(EscalationRow.alert_id.in_(ids))):
        state[esc.alert_id]["escalated_at"] = esc.escalated_at.isoformat()
    return state


def escalate_due(
    session: Session,
    after_min: float,
    now: datetime | None = None,
    severities: tuple[str, ...] = ("critical",),
    lookback_h: float = 72.0,
) -> list[str]:
    """Escalate alerts of ``severities`` unacknowledged for ``after_min`` minutes; return their ids.

    ``lookback_h`` keeps a fresh deployment from escalating months of imported history. A
    situation is escalated once, by its first due message; a situation in hand or ended is not.
    """
    current = now or datetime.now(UTC)
    cutoff = current - timedelta(minutes=after_min)
    rows = list(
        session.scalars(
            select(AlertRow)
            .where(
                AlertRow.severity.in_(severities),
                AlertRow.created_at <= cutoff,
                AlertRow.created_at >= current - timedelta(hours=lookback_h),
                ~exists().where(AckRow.alert_id == AlertRow.alert_id),
                ~exists().where(EscalationRow.alert_id == AlertRow.alert_id),
                ~exists().where(
                    SituationRow.id == AlertRow.situation_id,
                    (SituationRow.acked_at.is_not(None))
                    | (SituationRow.ended_at.is_not(None))
                    | (SituationRow.escalated_at.is_not(None)),
                ),
            )
            .order_by(AlertRow.id)
            .limit(500)
        )
    )
    escalated: list[AlertRow] = []
    seen: set[int] = set()
    for row in rows:
        if row.situation_id is not None:
            if row.situation_id in seen:
                continue
            seen.add(row.situation_id)
        waited = (current - row.created_at).total_seconds() / 60.0
        try:
            with session.begin_nested():
                session.add(
                    EscalationRow(
                        alert_id=row.alert_id,
                        escalated_at=current,
                        after_min=after_min,
                        details={"waited_min": round(waited, 1)},
                    )
                )
        except IntegrityError:  # a concurrent dispatcher escalated it first
            continue
        if row.situation_id is not None:
            sit = session.get(SituationRow, row.situation_id)
            if sit is not None:
                sit.escalated_at = current
        escalated.append(row)
    enqueue_rows(session, escalated, "escalation", current)
    return [r.alert_id for r in escalated]
