"""Recipients of alerts (desks), their routing rules and webhooks; admin only."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, Field

from infra.repositories.recipients import list_recipients, recipient_dict, upsert_recipient
from infra.uow import record_audit
from services.alerts.errors import InvalidRecipient
from services.api.deps import SessionDep
from services.api.security import Principal, require_roles
from services.auth.roles import Role

__all__ = ["router"]

router = APIRouter(prefix="/api/recipients", tags=["recipients"])

Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]


class RecipientIn(BaseModel):
    """Fields to set; omitted ones keep their value. ``webhook_url: null`` removes the webhook."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Literal["border_guard", "foreign_affairs"] | None = None
    min_severity: Literal["info", "warning", "critical"] | None = None
    kinds: list[str] | None = None
    areas: list[str] | None = None
    receives_alerts: bool | None = None
    receives_escalations: bool | None = None
    active: bool | None = None
    webhook_url: str | None = Field(default=None, max_length=500)
    rotate_secret: bool = False


@router.get("")
def recipients(session: SessionDep, user: Admin) -> list[dict[str, Any]]:
    """Every recipient with its rule (secrets are never shown)."""
    return [recipient_dict(r) for r in list_recipients(session)]


@router.put("/{key}")
def put_recipient(key: str, body: RecipientIn, session: SessionDep, user: Admin) -> dict[str, Any]:
    """Create or update a recipient; a new webhook secret is returned once, here only."""
    fields = body.model_dump(exclude_unset=True, exclude={"rotate_secret"})
    fields = {k: v for k, v in fields.items() if v is not None or k == "webhook_url"}
    try:
        row, secret = upsert_recipient(session, key, fields, rotate_secret=body.rotate_secret)
    except InvalidRecipient as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    record_audit(
        session,
        user.actor,
        "upsert",
        "recipient",
        key,
        {**fields, "secret_rotated": secret is not None},
    )
    return {**recipient_dict(row), "secret": secret}
