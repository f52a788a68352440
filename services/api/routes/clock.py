"""The clock the page shows: the feed's own (a simulator or replay declares it), else the wall."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter
from sqlalchemy import func, select

from infra.db.models import LatestPosition
from infra.db.situations import FeedClockRow
from services.api.deps import SessionDep
from services.api.security import TrackingReader
from services.vocabulary import utc

__all__ = ["STALE_AFTER", "router"]

router = APIRouter(prefix="/api", tags=["clock"])

#: A declared clock whose source stopped refreshing it this long ago no longer runs the page.
STALE_AFTER = timedelta(minutes=2)


@router.get("/clock")
def read_clock(session: SessionDep, user: TrackingReader) -> dict[str, Any]:
    """Feed time now (simulated or replayed when declared), and the newest fix in the database."""
    now = datetime.now(UTC)
    latest = session.scalar(select(func.max(LatestPosition.ts)))
    row = session.scalar(select(FeedClockRow).order_by(FeedClockRow.updated_at.desc()).limit(1))
    out: dict[str, Any] = {
        "mode": "live",
        "source": None,
        "speed": 1.0,
        "server_now": now.isoformat(),
        "feed_now": now.isoformat(),
        "feed_start": None,
        "wall_start": None,
        "latest_fix": utc(latest).isoformat() if latest is not None else None,
    }
    if row is not None and now - utc(row.updated_at) <= STALE_AFTER:
        feed_now = utc(row.feed_start) + (now - utc(row.wall_start)) * row.speed
        out.update(
            mode=row.mode,
            source=row.source,
            speed=row.speed,
            feed_now=feed_now.isoformat(),
            feed_start=utc(row.feed_start).isoformat(),
            wall_start=utc(row.wall_start).isoformat(),
        )
    return out
