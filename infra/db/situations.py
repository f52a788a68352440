"""Tables of the desk's view: alert situations, and the clock a feed declares.

Created by migration 0007. A situation groups the messages of one boat and one family of alert
kinds (see :mod:`services.alerts.situation`); the ``alerts`` rows stay append-only apart from
the pointer to their situation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from infra.db.base import Base, UtcDateTime

__all__ = ["FeedClockRow", "SituationRow"]


class SituationRow(Base):
    """One boat's situation of one family: active until it ends (``ended_at``)."""

    __tablename__ = "alert_situations"
    __table_args__ = (
        Index(
            "uq_alert_situations_active",
            "vessel_id",
            "family",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index("ix_alert_situations_open", "needs_ack", "acked_at", "ended_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vessel_id: Mapped[str | None] = mapped_column(String(64))
    family: Mapped[str] = mapped_column(String(32), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)  # gravest kind so far
    severity: Mapped[str] = mapped_column(String(16), nullable=False)
    audience: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, index=True)
    last_ts: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)  # event time
    first_alert_id: Mapped[str] = mapped_column(String(64), nullable=False)
    last_alert_id: Mapped[str] = mapped_column(String(64), nullable=False)
    messages: Mapped[int] = mapped_column(Integer, nullable=False)
    reminders: Mapped[int] = mapped_column(Integer, nullable=False)
    escalations: Mapped[int] = mapped_column(Integer, nullable=False)
    needs_ack: Mapped[bool] = mapped_column(Boolean, nullable=False)
    acked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acked_by: Mapped[str | None] = mapped_column(String(100))
    ack_action: Mapped[str | None] = mapped_column(String(32))
    ack_note: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # event time
    ending: Mapped[str | None] = mapped_column(String(32))
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class FeedClockRow(Base):
    """The clock a source declares: feed time = ``feed_start`` + (wall − ``wall_start``) × speed."""

    __tablename__ = "feed_clocks"

    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16), nullable=False)  # simulated | replay | live
    feed_start: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    wall_start: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    speed: Mapped[float] = mapped_column(Float, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
