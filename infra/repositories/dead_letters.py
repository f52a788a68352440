"""Reading the dead-letter audit trail: totals by reason, and the letters themselves."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infra.db.models import DeadLetterRow, StreamCounterRow
from services.deadletters import reason_family

__all__ = ["dead_letter_page", "dead_letter_summary"]


def dead_letter_summary(session: Session) -> dict[str, Any]:
    """Rejects by kind of reason (rows, rejects counted, first and last seen) and counters."""
    row = DeadLetterRow
    stmt = select(
        row.source_topic, row.reason, func.count(), func.sum(row.count), func.min(row.at),
        func.max(row.at),
    ).group_by(row.source_topic, row.reason)  # fmt: skip
    families: dict[tuple[str, str], dict[str, Any]] = {}
    for topic, reason, rows, rejects, first, last in session.execute(stmt):
        key = (topic, reason_family(reason))
        entry = families.setdefault(key, {
            "source_topic": topic, "reason": key[1], "rows": 0, "rejects": 0,
            "first_at": first, "last_at": last, "example": reason,
        })  # fmt: skip
        entry["rows"] += int(rows)
        entry["rejects"] += int(rejects or 0)
        entry["first_at"] = min(entry["first_at"], first)
        entry["last_at"] = max(entry["last_at"], last)
    by_reason = sorted(families.values(), key=lambda e: (-e["rejects"], e["reason"]))
    for entry in by_reason:
        entry["first_at"] = entry["first_at"].isoformat()
        entry["last_at"] = entry["last_at"].isoformat()
    counters = {c.name: c.value for c in session.scalars(select(StreamCounterRow))}
    return {
        "rows": sum(e["rows"] for e in by_reason),
        "rejects": sum(e["rejects"] for e in by_reason),
        "by_reason": by_reason,
        "counters": counters,
    }


def dead_letter_page(
    session: Session, reason: str | None, topic: str | None, limit: int, before_id: int | None
) -> list[dict[str, Any]]:
    """Newest first; ``reason`` matches the start of the reason (a kind from the summary)."""
    stmt = select(DeadLetterRow).order_by(DeadLetterRow.id.desc()).limit(limit)
    if reason:
        escaped = reason.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(DeadLetterRow.reason.like(escaped + "%", escape="\\"))
    if topic:
        stmt = stmt.where(DeadLetterRow.source_topic == topic)
    if before_id is not None:
        stmt = stmt.where(DeadLetterRow.id < before_id)
    return [
        {
            "id": r.id, "source_topic": r.source_topic, "partition": r.partition,
            "offset": r.offset, "count": r.count, "reason": r.reason,
            "payload": r.payload[:2000], "payload_chars": len(r.payload), "at": r.at.isoformat(),
        }
        for r in session.scalars(stmt)
    ]  # fmt: skip
