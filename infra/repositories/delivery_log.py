"""Read side of delivery: the delivery log of one alert and the state of every desk's queue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.db.delivery import DeliveryAttemptRow, OutboxRow, RecipientRow
from infra.db.models import AlertRow
from services.alerts.errors import UnknownAlert

__all__ = ["delivery_log", "queue_summary"]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def delivery_log(session: Session, alert_id: str) -> list[dict[str, Any]]:
    """Every owed delivery of ``alert_id`` with its attempts, oldest first."""
    if session.scalar(select(AlertRow.id).where(AlertRow.alert_id == alert_id)) is None:
        raise UnknownAlert(f"no alert {alert_id!r}")
    owed = session.execute(
        select(OutboxRow, RecipientRow.key, RecipientRow.name)
        .join(RecipientRow, RecipientRow.id == OutboxRow.recipient_id)
        .where(OutboxRow.alert_id == alert_id)
        .order_by(OutboxRow.id)
    ).all()
    attempts: dict[int, list[dict[str, Any]]] = {}
    for a in session.scalars(
        select(DeliveryAttemptRow)
        .where(DeliveryAttemptRow.alert_id == alert_id)
        .order_by(DeliveryAttemptRow.id)
    ):
        attempts.setdefault(a.outbox_id, []).append(
            {
                "attempt": a.attempt,
                "at": _iso(a.at),
                "outcome": a.outcome,
                "status_code": a.status_code,
                "error": a.error,
                "duration_ms": round(a.duration_ms, 1) if a.duration_ms is not None else None,
                "retry_at": _iso(a.retry_at),
            }
        )
    return [
        {
            "recipient": key,
            "recipient_name": name,
            "event": row.event,
            "status": row.status,
            "attempts": row.attempts,
            "next_attempt_at": _iso(row.next_attempt_at) if row.status == "pending" else None,
            "delivered_at": _iso(row.delivered_at),
            "last_error": row.last_error,
            "log": attempts.get(row.id, []),
        }
        for row, key, name in owed
    ]


def queue_summary(session: Session) -> list[dict[str, Any]]:
    """Per recipient: pending and delivered counts, oldest pending alert and its last error."""
    counts: dict[int, dict[str, int]] = {}
    for rid, status, n in session.execute(
        select(OutboxRow.recipient_id, OutboxRow.status, func.count()).group_by(
            OutboxRow.recipient_id, OutboxRow.status
        )
    ).tuples():
        counts.setdefault(rid, {})[status] = n
    result = []
    for r in session.scalars(select(RecipientRow).order_by(RecipientRow.id)):
        head = session.scalar(
            select(OutboxRow)
            .where(OutboxRow.recipient_id == r.id, OutboxRow.status == "pending")
            .order_by(OutboxRow.alert_pk, OutboxRow.id)
            .limit(1)
        )
        c = counts.get(r.id, {})
        result.append(
            {
                "recipient": r.key,
                "name": r.name,
                "webhook": bool(r.webhook_url),
                "active": r.active,
                "pending": c.get("pending", 0),
                "delivered": c.get("delivered", 0),
                "oldest_pending_alert_id": head.alert_id if head else None,
                "oldest_pending_since": _iso(head.created_at) if head else None,
                "attempts": head.attempts if head else 0,
                "last_error": head.last_error if head else None,
                "next_attempt_at": _iso(head.next_attempt_at) if head else None,
            }
        )
    return result
