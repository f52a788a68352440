"""Port registry in the database: import (upsert by name and province) and load.

Callers own the transaction (the CLI's ``session_scope``, the API's request session).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from infra.db.ports import PortRow
from services.ports import Port, PortRegistry

__all__ = ["PortImport", "import_ports", "load_ports", "load_registry"]


@dataclass(frozen=True, slots=True)
class PortImport:
    created: int
    updated: int
    unchanged: int
    removed: int


def _values(port: Port) -> dict[str, object]:
    return {"lat": port.lat, "lon": port.lon, "port_class": port.port_class, "kind": port.kind,
            "radius_nm": port.radius_nm, "source": port.source,
            "position_source": port.position_source, "precision_m": port.precision_m}  # fmt: skip


def import_ports(
    session: Session, ports: list[Port], replace: bool = False, now: datetime | None = None
) -> PortImport:
    """Upsert ``ports``; with ``replace``, ports of the table absent from ``ports`` are removed."""
    now = now or datetime.now(UTC)
    existing = {(r.name, r.province): r for r in session.scalars(select(PortRow))}
    created = updated = unchanged = 0
    for port in ports:
        row = existing.get(port.key)
        values = _values(port)
        if row is None:
            session.add(PortRow(name=port.name, province=port.province, updated_at=now, **values))
            created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_at = now
            updated += 1
        else:
            unchanged += 1
    removed = 0
    if replace:
        keep = {p.key for p in ports}
        gone = [r.id for key, r in existing.items() if key not in keep]
        if gone:
            session.execute(delete(PortRow).where(PortRow.id.in_(gone)))
            removed = len(gone)
    session.flush()
    return PortImport(created, updated, unchanged, removed)


def load_ports(session: Session) -> list[Port]:
    """Every port of the table, ordered by province then name."""
    rows = session.scalars(select(PortRow).order_by(PortRow.province, PortRow.name))
    return [
        Port(r.name, r.province, r.lat, r.lon, r.port_class, r.kind, r.radius_nm, r.source,
             r.position_source, r.precision_m)
        for r in rows
    ]


def load_registry(session: Session) -> PortRegistry | None:
    """The imported registry, or ``None`` when nothing was imported (the shipped list applies)."""
    ports = load_ports(session)
    return PortRegistry(ports) if ports else None


def use_database_registry(url: str | None = None) -> int:
    """Make the imported list (if any) the registry in effect; returns its size (0: shipped).

    Called by workers and the API at start. An unreachable or unmigrated database leaves the
    shipped list in effect: "in port" must not stop the stream.
    """
    import logging

    from infra.db.base import session_scope
    from services.ports import set_registry

    try:
        with session_scope(url) as session:
            registry = load_registry(session)
    except Exception as exc:
        log = logging.getLogger(__name__)
        log.warning("port registry not read (%s); the shipped list applies", type(exc).__name__)
        return 0
    if registry is None:
        return 0
    set_registry(registry)
    return len(registry)
