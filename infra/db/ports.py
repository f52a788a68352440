"""The port registry table: the province's imported list of fishing ports and anchorages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infra.db.base import Base, UtcDateTime

__all__ = ["PortRow"]


class PortRow(Base):
    """One port or storm anchorage (``services.ports.Port``), keyed by name and province."""

    __tablename__ = "ports"
    __table_args__ = (UniqueConstraint("name", "province", name="uq_ports_name_province"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    province: Mapped[str] = mapped_column(String(100), nullable=False)
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lon: Mapped[float] = mapped_column(Float, nullable=False)
    port_class: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="port")
    radius_nm: Mapped[float] = mapped_column(Float, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    position_source: Mapped[str] = mapped_column(Text, nullable=False, default="")
    precision_m: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
