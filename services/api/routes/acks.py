"""Acknowledging alerts, and the acknowledgement/escalation state the page shows."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import select

from infra.db.models import AlertRow
from infra.repositories.acks import ack_dict, ack_state, acknowledge
from infra.repositories.alerts import alert_row_dict
from infra.uow import record_audit
from services.alerts.errors import UnknownAlert
from services.alerts.routing import visible_to
from services.api.deps import SessionDep
from services.api.security import Principal, TrackingReader, require_roles
from services.auth.roles import Role
from services.vocabulary import AckAction

__all__ = ["router"]

router = APIRouter(tags=["alerts"])

Acker = Annotated[
    Principal, Depends(require_roles(Role.BORDER_GUARD, Role.FOREIGN_AFFAIRS, Role.ADMIN))
]


class AckIn(BaseModel):
    note: str | None = Field(default=None, max_length=2000)
    action: AckAction | None = None


def _visible_alert(session: SessionDep, alert_id: str, user: Principal) -> AlertRow:
    row = session.scalar(select(AlertRow).where(AlertRow.alert_id == alert_id))
    if row is None or not visible_to(alert_row_dict(row), user.role):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no alert {alert_id!r}")
    return row


@router.post("/api/alerts/{alert_id}/ack", status_code=status.HTTP_201_CREATED)
def acknowledge_alert(
    alert_id: str, body: AckIn, session: SessionDep, response: Response, user: Acker
) -> dict[str, Any]:
    """Acknowledge an alert (201); acknowledging again returns the first acknowledgement (200)."""
    _visible_alert(session, alert_id, user)
    try:
        ack, created = acknowledge(
            session, alert_id, user.name, user.role, body.note, action=body.action
        )
    except UnknownAlert as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    if created:
        record_audit(
            session, user.actor, "acknowledge", "alert", alert_id,
            {"note": ack.note, "action": ack.action},
        )  # fmt: skip
    else:
        response.status_code = status.HTTP_200_OK
    return ack_dict(ack)


@router.get("/api/acks")
def acknowledgement_state(
    session: SessionDep, user: TrackingReader, alert_ids: str = Query(..., max_length=30_000)
) -> dict[str, Any]:
    """For comma-separated alert ids: acknowledgement and escalation time of each."""
    ids = [i.strip() for i in alert_ids.split(",") if i.strip()]
    return ack_state(session, ids)
