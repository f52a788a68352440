"""Persist alerts idempotently: the same ``alert_id`` twice is stored once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from infra.db.models import AlertRow
from services.alerts.model import Alert

__all__ = ["alert_row_dict", "save_alerts"]


def _row(alert: Alert) -> dict[str, Any]:
    data = alert.model_dump(mode="python", exclude={"speed_kn", "course_deg"})
    data["kind"] = alert.kind.value
    data["severity"] = alert.severity.value
    details = dict(alert.details)
    if alert.speed_kn is not None:
        details.setdefault("speed_kn", alert.speed_kn)
    if alert.course_deg is not None:
        details.setdefault("course_deg", alert.course_deg)
    data["details"] = details
    return data


def save_alerts(session: Session, alerts: Iterable[Alert]) -> list[Alert]:
    """Insert alerts not stored yet; return those that were new (for fan-out after commit).

    Deduplicates inside the batch and against the table, so at-least-once delivery and replays
    never store an alert twice. Portable across SQLite and PostgreSQL (no dialect upsert needed:
    a unique index on ``alert_id`` backs it up under concurrency).
    """
    unique: dict[str, Alert] = {}
    for alert in alerts:
        unique.setdefault(alert.alert_id, alert)
    if not unique:
        return []
    existing: set[str] = set()
    ids = list(unique)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        existing.update(
            session.scalars(select(AlertRow.alert_id).where(AlertRow.alert_id.in_(chunk)))
        )
    fresh = [a for a in unique.values() if a.alert_id not in existing]
    if fresh:
        from infra.repositories.situations import attach_alerts

        session.execute(insert(AlertRow), [_row(a) for a in fresh])
        attach_alerts(session, fresh)  # the desk's view: one situation per boat and family
    return fresh


def alert_row_dict(row: AlertRow) -> dict[str, Any]:
    """The API/SSE view of a stored alert."""
    return {
        "id": row.id,
        "alert_id": row.alert_id,
        "kind": row.kind,
        "severity": row.severity,
        "vessel_id": row.vessel_id,
        "ts": row.ts.isoformat() if row.ts else None,
        "created_at": row.created_at.isoformat() if row.created_at else None,
        "lat": row.lat,
        "lon": row.lon,
        "country": row.country,
        "zone_kind": row.zone_kind,
        "distance_nm": row.distance_nm,
        "minutes_to_crossing": row.minutes_to_crossing,
        "audience": row.audience,
        "message": row.message,
        "details": row.details,
        "situation_id": row.situation_id,
    }
