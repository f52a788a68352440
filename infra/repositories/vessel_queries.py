"""Registry reads: the directory the feeds resolve against, search, one vessel, its track.

Also the retention rule of the track history: positions are never edited, only removed once
older than the retention period (Decree 41/2026 asks for 36 months of VMS data).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session

from infra.db.models import LatestPosition, PositionRow, Vessel
from services.vessels.directory import VesselDirectory
from services.vessels.errors import VesselNotFound
from services.vessels.model import VesselRecord

__all__ = [
    "get_vessel",
    "load_directory",
    "prune_track_history",
    "record_from_row",
    "search_vessels",
    "vessel_dict",
    "vessel_track",
]


def record_from_row(row: Vessel) -> VesselRecord:
    return VesselRecord(
        vessel_id=row.vessel_id,
        name=row.name,
        mmsi=row.mmsi,
        vms_device_id=row.vms_device_id,
        owner=row.owner,
        owner_phone=row.owner_phone,
        captain=row.captain,
        captain_phone=row.captain_phone,
        radio=row.radio,
        home_port=row.home_port,
        province=row.province,
        length_m=row.length_m,
        crew_count=row.crew_count,
        high_risk=bool(row.high_risk),
        call_sign=row.call_sign,
        registered=bool(row.registered),
    )


def load_directory(session: Session) -> VesselDirectory:
    """The whole registry as an in-memory directory (one query, then dict lookups per fix)."""
    return VesselDirectory(record_from_row(row) for row in session.scalars(select(Vessel)))


def vessel_dict(
    row: Vessel, latest: LatestPosition | None = None, personal: bool = True
) -> dict[str, Any]:
    """The API and CLI view of a vessel, with its latest fix when known.

    ``personal=False`` blanks the owner's name and phone for roles that may not see them.
    """
    data: dict[str, Any] = {
        "vessel_id": row.vessel_id,
        "name": row.name,
        "mmsi": row.mmsi,
        "vms_device_id": row.vms_device_id,
        "call_sign": row.call_sign,
        "owner": row.owner if personal else None,
        "owner_phone": row.owner_phone if personal else None,
        "captain": row.captain if personal else None,
        "captain_phone": row.captain_phone if personal else None,
        "radio": row.radio,
        "home_port": row.home_port,
        "province": row.province,
        "length_m": row.length_m,
        "crew_count": row.crew_count,
        "high_risk": bool(row.high_risk),
        "registered": bool(row.registered),
        "created_at": row.created_at.isoformat() if row.created_at else None,
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
    }
    if latest is not None:
        data["latest"] = {
            "ts": latest.ts.isoformat(),
            "lat": latest.lat,
            "lon": latest.lon,
            "speed_kn": latest.speed_kn,
            "course_deg": latest.course_deg,
            "risk": latest.risk,
            "country": latest.country,
            "zone_kind": latest.zone_kind,
            "distance_nm": latest.distance_nm,
        }
    return data


def search_vessels(
    session: Session,
    q: str | None = None,
    registered: bool | None = None,
    high_risk: bool | None = None,
    limit: int = 50,
    offset: int = 0,
    by_owner: bool = True,
) -> list[Vessel]:
    """Vessels whose id, name, owner, port, call sign or device contain ``q``; MMSI exact."""
    stmt = select(Vessel)
    text = (q or "").strip()
    if text:
        pattern = f"%{text.lower()}%"
        columns = [
            Vessel.vessel_id,
            Vessel.name,
            Vessel.home_port,
            Vessel.call_sign,
            Vessel.vms_device_id,
        ]
        if by_owner:  # only for callers allowed to see owners, or the search would leak them
            columns.append(Vessel.owner)
        conditions: list[ColumnElement[bool]] = [
            func.lower(column).like(pattern) for column in columns
        ]
        if text.isdigit() and len(text) <= 9:
            conditions.append(Vessel.mmsi == int(text))
        stmt = stmt.where(or_(*conditions))
    if registered is not None:
        stmt = stmt.where(Vessel.registered.is_(registered))
    if high_risk is not None:
        stmt = stmt.where(Vessel.high_risk.is_(high_risk))
    stmt = stmt.order_by(Vessel.vessel_id).limit(limit).offset(offset)
    return list(session.scalars(stmt))


def get_vessel(session: Session, vessel_id: str) -> tuple[Vessel, LatestPosition | None]:
    """One vessel and its latest fix; :class:`VesselNotFound` when there is none."""
    row = session.get(Vessel, vessel_id)
    if row is None:
        raise VesselNotFound(f"không có tàu {vessel_id}")
    return row, session.get(LatestPosition, vessel_id)


def vessel_track(
    session: Session, vessel_id: str, since: datetime, until: datetime, limit: int = 10_000
) -> list[PositionRow]:
    """Fixes of one vessel between ``since`` and ``until``, oldest first (vessel/ts index)."""
    stmt = (
        select(PositionRow)
        .where(PositionRow.vessel_id == vessel_id, PositionRow.ts >= since, PositionRow.ts <= until)
        .order_by(PositionRow.ts)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def prune_track_history(session: Session, older_than: datetime) -> int:
    """Delete positions older than the retention cut-off; return how many went."""
    result = session.execute(delete(PositionRow).where(PositionRow.ts < older_than))
    return int(getattr(result, "rowcount", 0) or 0)
