"""Repository functions for the tracking tables; every write is idempotent.

The broker is at-least-once, so a batch may be written twice after a worker restart: history
inserts skip rows already stored (unique vessel+time), latest positions only move forward in
time, and dead letters are keyed by a digest of their content.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from infra.db.models import DeadLetterRow, LatestPosition, PositionRow, Vessel
from services.tracking.history import HISTORY_COLUMNS, HistoryRows
from streams.records import DeadLetter

__all__ = [
    "bump_counters",
    "insert_history",
    "known_vessel_ids",
    "load_day_fixes",
    "load_vessel_states",
    "save_dead_letters",
    "upsert_latest",
]


def _insert(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


_LATEST_COLS = tuple(c.name for c in LatestPosition.__table__.columns)


def _sqlite_ts(value: datetime) -> str:
    """``ts`` as SQLAlchemy's SQLite DateTime stores it (wall time, microseconds, no zone), so
    rows written here and through the ORM compare equal in indexes and ``ts <=`` tests."""
    return value.isoformat(" ", "microseconds")[:26]


def _aware(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


def _sqlite_epoch(epoch_s: float) -> str:
    return _sqlite_ts(datetime.fromtimestamp(epoch_s, UTC))


def _raw_insert(session: Session, table: str, cols: Sequence[str], rows: Iterable[dict[str, Any]],
                conflict: str) -> bool:  # fmt: skip
    """One DBAPI ``executemany`` on the session's connection and transaction, skipping
    SQLAlchemy's per-row parameter processing (the position flow writes every fix).
    Returns False for dialects it does not know, which take the SQLAlchemy path."""
    conn = session.connection()
    dialect = conn.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        return False
    mark = "?" if dialect == "sqlite" else "%s"
    ts_at = list(cols).index("ts")
    pick = itemgetter(*cols)
    params: list[tuple[Any, ...]] = []
    stamps: dict[datetime, str] = {}  # fixes of a batch share few distinct times
    for row in rows:
        try:
            values: list[Any] = list(pick(row))
        except KeyError:  # an optional column left out: NULL
            values = [row.get(c) for c in cols]
        if dialect == "sqlite":
            ts: datetime = values[ts_at]
            text = stamps.get(ts)
            if text is None:
                text = stamps[ts] = _sqlite_ts(ts)
            values[ts_at] = text
        params.append(tuple(values))
    if params:
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))}) "
        conn.exec_driver_sql(sql + conflict, params)
    return True


def _sqlite_multirow_insert(session: Session, rows: HistoryRows, conflict: str) -> None:
    """Insert history rows as multi-row ``VALUES`` statements of a few thousand rows each.

    ``executemany`` steps SQLite once per row and Python's sqlite3 drops and retakes the GIL
    around every step: beside a busy event loop each retake waited for the loop's thread to
    let go. One statement per few thousand rows takes the GIL back a few times per batch.
    """
    conn = session.connection()
    raw = conn.connection.driver_connection
    assert raw is not None
    try:
        limit = int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    except (AttributeError, sqlite3.Error):  # Python < 3.11 or another driver
        limit = 999
    width = len(HISTORY_COLUMNS)
    per = max(1, min(limit, 32_766) // width)
    n = len(rows)
    flat: list[Any] = [None] * (n * width)  # row-major parameters, filled column by column
    for c, column in enumerate(rows.columns(_sqlite_epoch)):
        flat[c::width] = column
    head = f"INSERT INTO positions ({', '.join(HISTORY_COLUMNS)}) VALUES "
    one = "(" + ",".join("?" * width) + ")"
    for start in range(0, n, per):
        count = min(per, n - start)
        sql = f"{head}{','.join([one] * count)} {conflict}"
        conn.exec_driver_sql(sql, tuple(flat[start * width : (start + count) * width]))


def insert_history(session: Session, rows: HistoryRows | Sequence[dict[str, Any]]) -> None:
    """Append fixes to the track history, ignoring ones already stored."""
    if not len(rows):
        return
    conflict = "ON CONFLICT (vessel_id, ts) DO NOTHING"
    dialect = session.get_bind().dialect.name
    if isinstance(rows, HistoryRows) and dialect == "sqlite":
        _sqlite_multirow_insert(session, rows, conflict)
        return
    if isinstance(rows, HistoryRows) and dialect == "postgresql":
        sql = (
            f"INSERT INTO positions ({', '.join(HISTORY_COLUMNS)}) "
            f"VALUES ({', '.join(['%s'] * len(HISTORY_COLUMNS))}) {conflict}"
        )
        session.connection().exec_driver_sql(sql, rows.tuples(_aware))
        return
    if not _raw_insert(session, "positions", HISTORY_COLUMNS, rows, conflict):
        stmt = _insert(session, PositionRow.__table__)
        session.execute(stmt.on_conflict_do_nothing(index_elements=["vessel_id", "ts"]), list(rows))


def upsert_latest(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Insert or move forward each vessel's latest fix (never backwards in time)."""
    values = [{c: r.get(c) for c in _LATEST_COLS} for r in rows]
    if not values:
        return
    update = ", ".join(f"{c} = excluded.{c}" for c in _LATEST_COLS if c != "vessel_id")
    conflict = (
        f"ON CONFLICT (vessel_id) DO UPDATE SET {update} WHERE latest_positions.ts <= excluded.ts"
    )
    if _raw_insert(session, "latest_positions", _LATEST_COLS, values, conflict):
        return
    table = LatestPosition.__table__
    stmt = _insert(session, table)
    excluded = stmt.excluded
    stmt = stmt.on_conflict_do_update(
        index_elements=["vessel_id"],
        set_={c: excluded[c] for c in _LATEST_COLS if c != "vessel_id"},
        where=table.c.ts <= excluded.ts,
    )
    session.execute(stmt, values)


def load_day_fixes(
    session: Session, vessel_ids: Sequence[str]
) -> dict[str, list[tuple[float, float, float, str]]]:
    """Each vessel's used fixes (no reject flag) of its newest day in the history, from the
    Vietnam midnight before its newest fix, led by its last fix before that midnight: what a
    restarted worker needs to rebuild the reporting-cadence day
    (:func:`services.tracking.cadence.days_from_history`). ``(ts, lat, lon, source)`` in time
    order; vessels without history are left out. Four queries per 500 vessels and distinct
    midnight, whatever the history's length (the index on vessel and time serves them all).
    """
    from sqlalchemy import func, tuple_, union_all

    from services.tracking.cadence import vn_midnight

    P = PositionRow
    used = P.flag.is_(None)
    cols = (P.vessel_id, P.ts, P.lat, P.lon, P.source)
    out: dict[str, list[tuple[float, float, float, str]]] = {}
    for start in range(0, len(vessel_ids), 500):
        chunk = list(vessel_ids[start : start + 500])
        newest = session.execute(
            select(P.vessel_id, func.max(P.ts)).where(P.vessel_id.in_(chunk), used)
            .group_by(P.vessel_id)
        ).all()  # fmt: skip
        by_midnight: dict[float, list[str]] = {}
        for vid, ts in newest:
            by_midnight.setdefault(vn_midnight(_epoch(ts)), []).append(vid)
        for midnight, vids in by_midnight.items():
            cut = datetime.fromtimestamp(midnight, UTC)
            lead = session.execute(
                select(P.vessel_id, func.max(P.ts))
                .where(P.vessel_id.in_(vids), used, P.ts < cut).group_by(P.vessel_id)
            ).all()  # fmt: skip
            parts = [select(*cols).where(P.vessel_id.in_(vids), used, P.ts >= cut)]
            if lead:
                pairs = [tuple(r) for r in lead]
                parts.append(select(*cols).where(tuple_(P.vessel_id, P.ts).in_(pairs)))
            for vid, ts, lat, lon, src in session.execute(
                union_all(*parts).order_by("vessel_id", "ts")
            ):
                out.setdefault(vid, []).append((_epoch(ts), lat, lon, src))
    return out


def save_dead_letters(session: Session, letters: Iterable[DeadLetter]) -> int:
    """Store dead letters once each: by the sender's key (derived from the record's topic,
    partition and offset, so a redelivered record does not count twice); a letter without a
    key (an older sender) by a digest of all it says, its time included, so that identical
    rejects of different records are never merged."""
    rows = []
    for letter in letters:
        digest = (
            letter.key
            or hashlib.sha256(
                f"{letter.source_topic}|{letter.partition}|{letter.offset}|{letter.at.isoformat()}|"
                f"{letter.reason}|{letter.payload}".encode()
            ).hexdigest()
        )
        rows.append({**letter.model_dump(exclude={"key"}), "digest": digest})
    if not rows:
        return 0
    stmt = _insert(session, DeadLetterRow.__table__).on_conflict_do_nothing(
        index_elements=["digest"]
    )
    result = session.execute(stmt, rows)
    return int(getattr(result, "rowcount", 0) or 0)


def known_vessel_ids(session: Session) -> set[str]:
    """Every vessel id in the registry (registered or not)."""
    return set(session.scalars(select(Vessel.vessel_id)))


def bump_counters(session: Session, increments: dict[str, int]) -> None:
    """Add to running totals in ``stream_counters`` (created at first use)."""
    from infra.db.models import StreamCounterRow

    now = datetime.now(UTC)
    table = StreamCounterRow.__table__
    for name, n in increments.items():
        if n <= 0:
            continue
        stmt = _insert(session, table).values(name=name, value=n, updated_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=["name"],
            set_={"value": table.c.value + n, "updated_at": now},
        )
        session.execute(stmt)


def load_vessel_states(session: Session, vessel_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Rebuild tracking state from the database for vessels a worker has no table state for.

    Returns plain dicts in :class:`services.tracking.state.VesselState` shape: the latest fix
    and its announced risk, and the event time of the last alert of each kind.
    """
    from sqlalchemy import func

    from infra.db.models import AlertRow

    out: dict[str, dict[str, Any]] = {}
    if not vessel_ids:
        return out
    for start in range(0, len(vessel_ids), 500):
        chunk = list(vessel_ids[start : start + 500])
        for row in session.scalars(
            select(LatestPosition).where(LatestPosition.vessel_id.in_(chunk))
        ):
            out[row.vessel_id] = {
                "vessel_id": row.vessel_id, "last_ts": _epoch(row.ts),
                "lat": row.lat, "lon": row.lon,
                "speed_kn": row.speed_kn, "course_deg": row.course_deg, "risk": row.risk,
                "country": row.country, "zone_kind": row.zone_kind, "distance_nm": row.distance_nm,
                "last_alert": {}, "flushed_ts": 0.0, "source": row.source,
                "wire": row.wire if row.wire is not None else -1,
            }  # fmt: skip
        stmt = (
            select(AlertRow.vessel_id, AlertRow.kind, func.max(AlertRow.ts))
            .where(AlertRow.vessel_id.in_(chunk))
            .group_by(AlertRow.vessel_id, AlertRow.kind)
        )
        for vid, kind, ts in session.execute(stmt):
            if vid in out and ts is not None:
                out[vid]["last_alert"][kind] = _epoch(ts)
    return out


def _epoch(ts: datetime) -> float:
    return ts.timestamp()  # UtcDateTime: always aware


def fleet_facts(session: Session) -> dict[str, Any]:
    """What the registry knows of every vessel, for the fleet-of-interest rules (by vessel id)."""
    from services.tracking.fleet import VesselFacts

    rows = session.execute(select(
        Vessel.vessel_id, Vessel.registered, Vessel.mmsi, Vessel.vms_device_id, Vessel.length_m,
        Vessel.ship_type,
    ))  # fmt: skip
    return {r[0]: VesselFacts(bool(r[1]), r[2], r[3], r[4], r[5]) for r in rows}
