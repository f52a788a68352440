"""Alerts: the stored list and the live Server-Sent Events stream."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from infra.db.models import AlertRow
from infra.repositories.alerts import alert_row_dict
from services.api.deps import SessionDep
from services.api.live import alerts_after
from services.api.params import QueryRowId
from services.api.security import TrackingReader

router = APIRouter(prefix="/api/alerts", tags=["alerts"])

HEARTBEAT_S = 15.0


def _visible(alert: dict[str, Any], role: str) -> bool:
    from services.alerts.routing import visible_to

    return visible_to(alert, role)


@router.get("")
def list_alerts(
    session: SessionDep,
    user: TrackingReader,
    limit: int = Query(100, ge=1, le=1000),
    before_id: QueryRowId = None,
    kind: str | None = None,
    vessel_id: str | None = None,
) -> list[dict[str, Any]]:
    """Stored alerts, newest first, filtered to what the caller's role may see."""
    stmt = select(AlertRow).order_by(AlertRow.id.desc())
    if before_id is not None:
        stmt = stmt.where(AlertRow.id < before_id)
    if kind:
        stmt = stmt.where(AlertRow.kind == kind.upper())
    if vessel_id:
        stmt = stmt.where(AlertRow.vessel_id == vessel_id)
    out: list[dict[str, Any]] = []
    for row in session.scalars(stmt.limit(limit * 3)):
        alert = alert_row_dict(row)
        if _visible(alert, user.role):
            out.append(alert)
            if len(out) >= limit:
                break
    return out


def _sse(alert: dict[str, Any]) -> str:
    return f"id: {alert['id']}\nevent: alert\ndata: {json.dumps(alert, ensure_ascii=False)}\n\n"


@router.get("/stream")
async def stream_alerts(
    request: Request,
    user: TrackingReader,
    last_event_id: str | None = Header(None, alias="Last-Event-ID"),
) -> StreamingResponse:
    """Live alerts as Server-Sent Events (``curl -N``); resumes after ``Last-Event-ID``."""
    hub = request.app.state.alert_hub
    queue = hub.subscribe()
    role = user.role

    async def events() -> AsyncIterator[str]:
        try:
            yield ": seawatch live alerts\n\n"
            sent = 0
            if last_event_id and last_event_id.isdigit() and len(last_event_id) <= 18:
                for alert in await asyncio.to_thread(alerts_after, int(last_event_id)):
                    sent = max(sent, alert["id"])
                    if _visible(alert, role):
                        yield _sse(alert)
            while not await request.is_disconnected():
                try:
                    alert = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_S)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if alert["id"] > sent and _visible(alert, role):
                    yield _sse(alert)
        finally:
            hub.unsubscribe(queue)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
