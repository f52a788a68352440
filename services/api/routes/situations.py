"""The duty desk's alerts: one situation per boat at risk, its messages, one acknowledgement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from infra.db.models import AlertRow, LatestPosition, Vessel
from infra.db.situations import SituationRow
from infra.repositories.acks import acknowledge
from infra.repositories.alerts import alert_row_dict
from infra.repositories.situations import (
    count_open,
    list_situations,
    month_outcomes,
    situation_dict,
    situation_timeline,
)
from infra.uow import record_audit
from services.alerts.routing import visible_to
from services.api.deps import SessionDep
from services.api.params import RowId
from services.api.security import Principal, TrackingReader, require_roles
from services.auth.roles import Role
from services.vocabulary import VN_TZ, AckAction, utc

__all__ = ["router"]

router = APIRouter(prefix="/api/situations", tags=["alerts"])

Acker = Annotated[
    Principal, Depends(require_roles(Role.BORDER_GUARD, Role.FOREIGN_AFFAIRS, Role.ADMIN))
]


class SituationAckIn(BaseModel):
    action: AckAction | None = None
    note: str | None = Field(default=None, max_length=2000)


def _contact(row: Vessel | None, personal: bool) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "name": row.name,
        "home_port": row.home_port,
        "owner": row.owner if personal else None,
        "owner_phone": row.owner_phone if personal else None,
        "captain": row.captain if personal else None,
        "captain_phone": row.captain_phone if personal else None,
        "crew_count": row.crew_count,
        "radio": row.radio,
        "call_sign": row.call_sign,
        "vms_device_id": row.vms_device_id,
        "length_m": row.length_m,
    }


def _views(session: SessionDep, rows: list[SituationRow], personal: bool) -> list[dict[str, Any]]:
    last_ids = [r.last_alert_id for r in rows]
    last = {
        a.alert_id: a
        for a in session.scalars(select(AlertRow).where(AlertRow.alert_id.in_(last_ids)))
    } if last_ids else {}  # fmt: skip
    vids = [r.vessel_id for r in rows if r.vessel_id]
    vessels = (
        {v.vessel_id: v for v in session.scalars(select(Vessel).where(Vessel.vessel_id.in_(vids)))}
        if vids
        else {}
    )
    out = []
    for r in rows:
        view = situation_dict(r)
        alert = last.get(r.last_alert_id)
        view["last"] = alert_row_dict(alert) if alert is not None else None
        view["vessel"] = _contact(vessels.get(r.vessel_id or ""), personal)
        out.append(view)
    return out


@router.get("")
def read_situations(
    session: SessionDep,
    user: TrackingReader,
    state: Annotated[str, Query(pattern="^(active|open|all)$")] = "active",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    vessel_id: str | None = None,
) -> list[dict[str, Any]]:
    """Situations the caller may see: active ones (open first), only open ones, or all."""
    rows = list_situations(session, user.role, state, limit, vessel_id)
    return _views(session, rows, user.sees_vessel_contacts)


@router.get("/summary")
def read_summary(session: SessionDep, user: TrackingReader) -> dict[str, Any]:
    """The desk's counters, counted in the database (not from what a page happened to load).

    ``month`` is the calendar month (Vietnam time) of the feed's newest fix: boats warned and
    boats that came back, as the month's report counts them.
    """
    out: dict[str, Any] = dict(count_open(session, user.role))
    newest = session.scalar(select(func.max(LatestPosition.ts)))
    local = utc(newest or datetime.now(UTC)).astimezone(VN_TZ)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    nxt = (first + timedelta(days=32)).replace(day=1)
    month = month_outcomes(session, utc(first), utc(nxt), user.role)
    out["month"] = {"label": f"{first.month:02d}/{first.year}", **month}
    return out


def _visible(session: SessionDep, situation_id: int, user: Principal) -> SituationRow:
    row = session.get(SituationRow, situation_id)
    if row is None or not visible_to({"audience": row.audience}, user.role):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no situation {situation_id}")
    return row


@router.get("/{situation_id}")
def read_situation(
    session: SessionDep, user: TrackingReader, situation_id: RowId
) -> dict[str, Any]:
    """One situation with its timeline: every message, oldest first."""
    row = _visible(session, situation_id, user)
    (view,) = _views(session, [row], user.sees_vessel_contacts)
    view["timeline"] = [alert_row_dict(a) for a in situation_timeline(session, situation_id)]
    return view


@router.post("/{situation_id}/ack", status_code=status.HTTP_201_CREATED)
def acknowledge_situation(
    situation_id: RowId,
    body: SituationAckIn,
    session: SessionDep,
    response: Response,
    user: Acker,
) -> dict[str, Any]:
    """Take the situation in hand with the action taken (201); again returns it as it is (200)."""
    row = _visible(session, situation_id, user)
    was_acked = row.acked_at is not None
    acknowledge(session, row.last_alert_id, user.name, user.role, body.note, action=body.action)
    session.refresh(row)
    if was_acked:
        response.status_code = status.HTTP_200_OK
    else:
        record_audit(
            session, user.actor, "acknowledge", "situation", str(situation_id),
            {"action": row.ack_action, "note": row.ack_note},
        )  # fmt: skip
    (view,) = _views(session, [row], user.sees_vessel_contacts)
    return view
