"""Registry writes: CSV import, unknown vessels seen on a feed, AIS static updates.

Every function is idempotent (the broker is at-least-once and officers re-import the same
sheet): running it twice with the same input changes nothing the second time and raises no
second alert. Callers own the transaction (``session_scope``); nothing here commits. An
"unknown vessel" alert is stored (and its deliveries enqueued) in the same transaction that
creates the vessel: the vessel exists only with its alert, so a crash before the caller sends
the alert on can never lose it. The returned alerts still go to the alerts topic, for live
consumers; the alert flow stores each ``alert_id`` once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from infra.db.base import session_scope
from infra.db.models import Vessel
from infra.repositories.outbox import save_and_enqueue
from services.alerts.model import Alert
from services.vessels.alerts import unknown_vessel_alert
from services.vessels.csv_import import RegistryParse, RowError
from services.vessels.model import Sighting, StaticUpdate, VesselRecord, ascii_fold
from services.vessels.ports import ImportResult, StaticResult

__all__ = [
    "SqlVesselRegistry",
    "apply_static_updates",
    "import_vessels",
    "register_sightings",
    "registry_scope",
]

_FIELDS = [f.name for f in fields(VesselRecord) if f.name != "vessel_id"]


def import_vessels(
    session: Session, parsed: RegistryParse, now: datetime | None = None
) -> ImportResult:
    """Upsert parsed registry rows; conflicts with other vessels become row errors.

    An MMSI or device id held by an *unregistered* placeholder (a boat first seen on the feed)
    moves to the registered boat, which is how an officer links the two; held by another
    registered boat it is an error on that row.
    """
    now = now or datetime.now(UTC)
    result = ImportResult(errors=list(parsed.errors))
    rows = {row.vessel_id: row for row in session.scalars(select(Vessel))}
    by_fold = {vid.casefold(): vid for vid in rows}
    by_mmsi = {row.mmsi: row.vessel_id for row in rows.values() if row.mmsi is not None}
    by_device = {
        row.vms_device_id.casefold(): row.vessel_id for row in rows.values() if row.vms_device_id
    }
    for record in parsed.records:
        line_no = parsed.line_of.get(record.vessel_id, 0)
        vessel_id = by_fold.get(record.vessel_id.casefold(), record.vessel_id)
        conflict = _conflict(rows, by_mmsi, by_device, record, vessel_id)
        if conflict:
            result.errors.append(RowError(line_no, record.vessel_id, conflict))
            continue
        for holder_id in {
            by_mmsi.get(record.mmsi) if record.mmsi is not None else None,
            by_device.get(record.vms_device_id.casefold()) if record.vms_device_id else None,
        } - {None, vessel_id}:
            holder = rows[str(holder_id)]
            if holder.mmsi is not None and holder.mmsi == record.mmsi:
                by_mmsi.pop(holder.mmsi, None)
                holder.mmsi = None
            if (
                holder.vms_device_id
                and record.vms_device_id
                and (holder.vms_device_id.casefold() == record.vms_device_id.casefold())
            ):
                by_device.pop(holder.vms_device_id.casefold(), None)
                holder.vms_device_id = None
            holder.updated_at = now
            session.flush()
        row = rows.get(vessel_id)
        if row is None:
            row = Vessel(vessel_id=vessel_id, created_at=now, updated_at=now)
            _copy(record, row)
            session.add(row)
            rows[vessel_id] = row
            by_fold[vessel_id.casefold()] = vessel_id
            result.created += 1
        elif _copy(record, row):
            row.updated_at = now
            result.updated += 1
        else:
            result.unchanged += 1
        if row.mmsi is not None:
            by_mmsi[row.mmsi] = vessel_id
        if row.vms_device_id:
            by_device[row.vms_device_id.casefold()] = vessel_id
        session.flush()
    result.errors.sort(key=lambda e: e.line_no)
    return result


def _conflict(
    rows: dict[str, Vessel],
    by_mmsi: dict[int, str],
    by_device: dict[str, str],
    record: VesselRecord,
    vessel_id: str,
) -> str | None:
    if record.mmsi is not None:
        holder = by_mmsi.get(record.mmsi)
        if holder is not None and holder != vessel_id and rows[holder].registered:
            return f"MMSI {record.mmsi} đã thuộc tàu {holder}"
    if record.vms_device_id:
        holder = by_device.get(record.vms_device_id.casefold())
        if holder is not None and holder != vessel_id and rows[holder].registered:
            return f"mã thiết bị VMS {record.vms_device_id} đã thuộc tàu {holder}"
    return None


def _copy(record: VesselRecord, row: Vessel) -> bool:
    changed = False
    for name in _FIELDS:
        value = getattr(record, name)
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _create_unregistered(session: Session, row: Vessel) -> bool:
    """Insert a placeholder row; ``False`` if another worker (or the registry) got there first."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return True
    except IntegrityError:
        if row.mmsi is None or session.get(Vessel, row.vessel_id) is not None:
            return False
    # the MMSI is already linked to a differently-named vessel: keep the sighting, drop the link
    retry = Vessel(**{c: getattr(row, c) for c in [col.key for col in Vessel.__table__.columns]})
    retry.mmsi = None
    try:
        with session.begin_nested():
            session.add(retry)
            session.flush()
        return True
    except IntegrityError:
        return False


def register_sightings(
    session: Session, reports: Iterable[Sighting], now: datetime | None = None
) -> list[Alert]:
    """Create vessels seen on a feed but missing from the registry; one alert per new vessel."""
    now = now or datetime.now(UTC)
    first: dict[str, Sighting] = {}
    for report in reports:
        seen = first.get(report.vessel_id)
        if seen is None or report.ts < seen.ts:
            first[report.vessel_id] = report
    known = _existing(session, first)
    alerts: list[Alert] = []
    for vessel_id, report in first.items():
        if vessel_id in known:
            continue
        row = Vessel(
            vessel_id=vessel_id,
            mmsi=report.mmsi,
            registered=False,
            high_risk=False,
            created_at=now,
            updated_at=now,
        )
        if _create_unregistered(session, row):
            alerts.append(
                unknown_vessel_alert(
                    vessel_id,
                    report.ts,
                    report.lat,
                    report.lon,
                    report.mmsi,
                    report.source,
                    now=now,
                )
            )
    save_and_enqueue(session, alerts, now)
    return alerts


def _existing(session: Session, ids: Iterable[str]) -> set[str]:
    wanted = list(ids)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(session.scalars(select(Vessel.vessel_id).where(Vessel.vessel_id.in_(chunk))))
    return found


def apply_static_updates(
    session: Session,
    updates: Iterable[StaticUpdate],
    ts: datetime | None = None,
    now: datetime | None = None,
) -> StaticResult:
    """Copy AIS names and call signs into the registry (creating unknown vessels, flagged once).

    A registered boat's name is only replaced when the broadcast name differs beyond accents
    and case: AIS sends ``HOANG SA 01`` for the registry's ``Hoàng Sa 01``, which is no rename.
    """
    now = now or datetime.now(UTC)
    result = StaticResult()
    latest: dict[int, StaticUpdate] = {}
    for update in updates:
        previous = latest.get(update.mmsi)
        latest[update.mmsi] = _merge(previous, update) if previous else update
    if not latest:
        return result
    rows = {
        row.mmsi: row
        for row in session.scalars(select(Vessel).where(Vessel.mmsi.in_(list(latest))))
    }
    for mmsi, update in latest.items():
        row = rows.get(mmsi)
        if row is None:
            row = session.get(Vessel, update.vessel_id)
        if row is None:
            row = Vessel(
                vessel_id=update.vessel_id,
                mmsi=mmsi,
                name=update.name,
                call_sign=update.call_sign,
                registered=False,
                high_risk=False,
                ship_type=update.ship_type,
                created_at=now,
                updated_at=now,
            )
            if _create_unregistered(session, row):
                result.alerts.append(
                    unknown_vessel_alert(
                        update.vessel_id,
                        ts or now,
                        mmsi=mmsi,
                        source="ais",
                        name=update.name,
                        now=now,
                    )
                )
                result.updated += 1
            continue
        changed = False
        renamed = not row.registered or not row.name or _fold(row.name) != _fold(update.name or "")
        if update.name and renamed and row.name != update.name:
            row.name, changed = update.name, True
        if update.call_sign and row.call_sign != update.call_sign:
            row.call_sign, changed = update.call_sign, True
        # the AIS ship type (30: fishing) tells a foreign fisher from a merchant ship
        if update.ship_type is not None and row.ship_type != update.ship_type:
            row.ship_type, changed = update.ship_type, True
        if changed:
            row.updated_at = now
            result.updated += 1
        else:
            result.unchanged += 1
    session.flush()
    save_and_enqueue(session, result.alerts, now)
    return result


def _fold(text: str) -> str:
    return " ".join(ascii_fold(text).casefold().split())


def _merge(old: StaticUpdate, new: StaticUpdate) -> StaticUpdate:
    """Type 24 sends the name (part A) and call sign (part B) separately: keep both."""
    return StaticUpdate(
        mmsi=new.mmsi,
        vessel_id=new.vessel_id,
        msg_type=new.msg_type,
        name=new.name or old.name,
        call_sign=new.call_sign or old.call_sign,
        ship_type=new.ship_type if new.ship_type is not None else old.ship_type,
    )


class SqlVesselRegistry:
    """:class:`services.vessels.ports.VesselRegistry` inside a session its caller commits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def register_sightings(
        self, sightings: Iterable[Sighting], now: datetime | None = None
    ) -> list[Alert]:
        return register_sightings(self.session, sightings, now)

    def apply_static_updates(
        self, updates: Iterable[StaticUpdate], ts: datetime | None = None,
        now: datetime | None = None,
    ) -> StaticResult:  # fmt: skip
        return apply_static_updates(self.session, updates, ts, now)


@contextmanager
def registry_scope(url: str | None = None) -> Iterator[SqlVesselRegistry]:
    """A registry over its own transaction (committed on leaving the block)."""
    with session_scope(url) as session:
        yield SqlVesselRegistry(session)
