"""Tables of the tracking side: vessels, their track history, latest fix, alerts, dead letters.

Typed SQLAlchemy 2 mappings. The schema itself is created by Alembic migrations
(``infra/alembic/versions``), never by ``create_all`` at run time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from infra.db.base import Base, UtcDateTime

__all__ = [
    "AlertRow", "DeadLetterRow", "LatestPosition", "PositionRow", "StreamCounterRow", "Vessel"
]  # fmt: skip


class Vessel(Base):
    """The vessel registry: one row per boat, registered or seen unregistered on a feed."""

    __tablename__ = "vessels"

    vessel_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # registration number
    name: Mapped[str | None] = mapped_column(String(200))
    mmsi: Mapped[int | None] = mapped_column(Integer, unique=True)
    vms_device_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    owner: Mapped[str | None] = mapped_column(String(200))
    owner_phone: Mapped[str | None] = mapped_column(String(32))
    home_port: Mapped[str | None] = mapped_column(String(100))
    province: Mapped[str | None] = mapped_column(String(100))
    length_m: Mapped[float | None] = mapped_column(Float)
    crew_count: Mapped[int | None] = mapped_column(Integer)
    high_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    registered: Mapped[bool] = mapped_column(Boolean, default=True)
    call_sign: Mapped[str | None] = mapped_column(String(32))
    captain: Mapped[str | None] = mapped_column(String(200))
    captain_phone: Mapped[str | None] = mapped_column(String(32))
    radio: Mapped[str | None] = mapped_column(String(100))  # e.g. "Icom IC-718 (HF)"
    ship_type: Mapped[int | None] = mapped_column(Integer)  # AIS type (30: fishing)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PositionRow(Base):
    """Append-only track history (Decree 41/2026: VMS data kept, not edited)."""

    __tablename__ = "positions"
    __table_args__ = (Index("ix_positions_vessel_ts", "vessel_id", "ts", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vessel_id: Mapped[str] = mapped_column(String(64), nullable=False)
    ts: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lon: Mapped[float] = mapped_column(Float, nullable=False)
    speed_kn: Mapped[float | None] = mapped_column(Float)
    course_deg: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    risk: Mapped[str | None] = mapped_column(String(16))
    flag: Mapped[str | None] = mapped_column(String(32))  # e.g. OUT_OF_ORDER, BAD_FIX


class LatestPosition(Base):
    """The newest good fix per vessel, with its classification: what the map shows."""

    __tablename__ = "latest_positions"

    vessel_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lon: Mapped[float] = mapped_column(Float, nullable=False)
    speed_kn: Mapped[float | None] = mapped_column(Float)
    course_deg: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    risk: Mapped[str] = mapped_column(String(16), nullable=False)
    country: Mapped[str | None] = mapped_column(String(3))
    zone_kind: Mapped[str | None] = mapped_column(String(32))
    distance_nm: Mapped[float | None] = mapped_column(Float)
    # where the fix sat on the wire (services/tracking/fixes.py): a warm-started worker tells
    # a replayed record from a sender's duplicate by it
    wire: Mapped[int | None] = mapped_column(BigInteger)


class AlertRow(Base):
    """Every alert ever raised; ``alert_id`` is deterministic so replays cannot duplicate."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_vessel_ts", "vessel_id", "ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    severity: Mapped[str] = mapped_column(String(16), nullable=False)
    vessel_id: Mapped[str | None] = mapped_column(String(64))
    ts: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(3))
    zone_kind: Mapped[str | None] = mapped_column(String(32))
    distance_nm: Mapped[float | None] = mapped_column(Float)
    minutes_to_crossing: Mapped[float | None] = mapped_column(Float)
    audience: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    situation_id: Mapped[int | None] = mapped_column(Integer, index=True)


class DeadLetterRow(Base):
    """Dead letters persisted for officers to inspect (the broker may be memory-only).

    One row per distinct reject of one source record (topic, partition, offset), with how many
    identical ones it held; ``digest`` makes a redelivered record's rejects land on the same row.
    """

    __tablename__ = "dead_letters"
    __table_args__ = (Index("ix_dead_letters_reason_at", "reason", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    source_topic: Mapped[str] = mapped_column(String(200), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    partition: Mapped[int | None] = mapped_column(Integer)
    offset: Mapped[int | None] = mapped_column(BigInteger)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class StreamCounterRow(Base):
    """A running total kept by the stream workers (e.g. ``positions.redelivered``)."""

    __tablename__ = "stream_counters"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


# positions and alerts carry no foreign key to vessels on purpose: fixes from boats not yet in
# the registry must still be stored; the registry row is created (unregistered) alongside.
