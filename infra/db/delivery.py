"""Tables of alert delivery: recipients, the webhook outbox, its attempt log, acks, escalations.

The ``alerts`` table itself is not touched: acknowledgements and escalations live in their own
tables keyed by ``alert_id``, so the alert record stays append-only. Created by migration 0003.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from infra.db.base import Base, UtcDateTime

__all__ = [
    "AckRow",
    "DeliveryAttemptRow",
    "EscalationRow",
    "OutboxRow",
    "RecipientRow",
    "RoutingCursorRow",
]


class RecipientRow(Base):
    """A desk that receives alerts, its routing rule and (optionally) its webhook."""

    __tablename__ = "recipients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    min_severity: Mapped[str] = mapped_column(String(16), nullable=False)
    kinds: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    areas: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    receives_alerts: Mapped[bool] = mapped_column(Boolean, nullable=False)
    receives_escalations: Mapped[bool] = mapped_column(Boolean, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False)
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    secret: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class OutboxRow(Base):
    """One webhook delivery owed: an alert (or its escalation) × one recipient.

    Written in the transaction that stores the alert, so a stored alert is never without its
    deliveries; the unique key makes re-enqueueing a replayed alert a no-op.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint(
            "recipient_id", "alert_id", "event", name="uq_outbox_recipient_alert_event"
        ),
        Index("ix_outbox_recipient_status_order", "recipient_id", "status", "alert_pk", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipients.id"), nullable=False)
    alert_pk: Mapped[int] = mapped_column(ForeignKey("alerts.id"), nullable=False)
    alert_id: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    event: Mapped[str] = mapped_column(String(16), nullable=False)  # alert | escalation
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # pending | delivered
    attempts: Mapped[int] = mapped_column(Integer, nullable=False)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeliveryAttemptRow(Base):
    """The delivery log: every HTTP attempt, successful or not (append-only)."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), nullable=False, index=True)
    recipient_id: Mapped[int] = mapped_column(Integer, nullable=False)
    alert_id: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)  # delivered | failed
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[float | None] = mapped_column()
    retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AckRow(Base):
    """An officer's acknowledgement of an alert: who, when, note. One per alert (first wins)."""

    __tablename__ = "alert_acks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[str] = mapped_column(
        ForeignKey("alerts.alert_id"), unique=True, nullable=False
    )
    acked_by: Mapped[str] = mapped_column(String(100), nullable=False)
    role: Mapped[str | None] = mapped_column(String(32))
    acked_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(String(32))  # services.vocabulary.AckAction


class EscalationRow(Base):
    """An unacknowledged high-severity alert passed up the chain (once per alert)."""

    __tablename__ = "alert_escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[str] = mapped_column(
        ForeignKey("alerts.alert_id"), unique=True, nullable=False
    )
    escalated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    after_min: Mapped[float] = mapped_column(nullable=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class RoutingCursorRow(Base):
    """How far the dispatcher's sweep has routed the ``alerts`` table (by row id).

    The sweep routes alerts whose writer did not call ``enqueue`` (any writer of the alerts
    table), so delivery never depends on every code path remembering to enqueue.
    """

    __tablename__ = "routing_cursor"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_alert_pk: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
