"""Positions reported by other means (phone, radio) while a boat's VMS is down."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from infra.db.base import Base, UtcDateTime

__all__ = ["ManualPositionReportRow"]


class ManualPositionReportRow(Base):
    """One report (Decree 26/2019 Art. 44 as amended: every 6 h once the VMS is down)."""

    __tablename__ = "manual_position_reports"
    __table_args__ = (
        Index("ix_manual_position_reports_vessel_ts", "vessel_id", "ts", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vessel_id: Mapped[str] = mapped_column(String(64), nullable=False)
    ts: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)  # time of the position
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lon: Mapped[float] = mapped_column(Float, nullable=False)
    means: Mapped[str] = mapped_column(String(16), nullable=False)  # phone, radio, other
    reported_by: Mapped[str] = mapped_column(String(100), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
