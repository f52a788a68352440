"""The delivery log of an alert and the state of each desk's webhook queue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy import select

from infra.db.models import AlertRow
from infra.repositories.alerts import alert_row_dict
from infra.repositories.delivery_log import delivery_log, queue_summary
from services.alerts.errors import UnknownAlert
from services.alerts.routing import visible_to
from services.api.deps import SessionDep
from services.api.security import Principal, require_roles
from services.auth.roles import Role

__all__ = ["router"]

router = APIRouter(tags=["deliveries"])

Operator = Annotated[
    Principal, Depends(require_roles(Role.BORDER_GUARD, Role.FOREIGN_AFFAIRS, Role.ADMIN))
]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]


@router.get("/api/alerts/{alert_id}/deliveries")
def alert_deliveries(alert_id: str, session: SessionDep, user: Operator) -> list[dict[str, Any]]:
    """Who this alert was sent to, and every attempt (time, HTTP status, error, next retry)."""
    row = session.scalar(select(AlertRow).where(AlertRow.alert_id == alert_id))
    if row is None or not visible_to(alert_row_dict(row), user.role):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no alert {alert_id!r}")
    try:
        return delivery_log(session, alert_id)
    except UnknownAlert as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None


@router.get("/api/deliveries")
def delivery_queues(session: SessionDep, user: Admin) -> list[dict[str, Any]]:
    """Per recipient: pending/delivered counts and the head of its queue (what blocks it)."""
    return queue_summary(session)
