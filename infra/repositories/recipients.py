"""Recipients as stored: read them as routing rules, create or update them, mask their secrets."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db.delivery import RecipientRow
from services.alerts.errors import InvalidRecipient
from services.alerts.routing import Recipient

__all__ = ["list_recipients", "recipient_dict", "to_rule", "upsert_recipient"]


def to_rule(row: RecipientRow) -> Recipient:
    """The pure routing rule of a stored recipient."""
    return Recipient(
        key=row.key,
        name=row.name,
        role=row.role,
        min_severity=row.min_severity,
        kinds=frozenset(row.kinds or []),
        areas=frozenset(row.areas or []),
        receives_alerts=row.receives_alerts,
        receives_escalations=row.receives_escalations,
        active=row.active,
    )


def recipient_dict(row: RecipientRow) -> dict[str, Any]:
    """API view; the secret is never shown again after it was issued."""
    return {
        "key": row.key,
        "name": row.name,
        "role": row.role,
        "min_severity": row.min_severity,
        "kinds": sorted(row.kinds or []),
        "areas": sorted(row.areas or []),
        "receives_alerts": row.receives_alerts,
        "receives_escalations": row.receives_escalations,
        "active": row.active,
        "webhook_url": row.webhook_url,
        "has_secret": bool(row.secret),
    }


def list_recipients(session: Session) -> list[RecipientRow]:
    return list(session.scalars(select(RecipientRow).order_by(RecipientRow.id)))


def _check_url(url: str | None) -> None:
    if url is not None and not url.startswith(("http://", "https://")):
        raise InvalidRecipient("webhook_url must start with http:// or https://")


def upsert_recipient(
    session: Session, key: str, fields: dict[str, Any], rotate_secret: bool = False
) -> tuple[RecipientRow, str | None]:
    """Create or update recipient ``key``; return it and a newly issued secret, if any.

    A secret is issued when a webhook URL is first set (or on ``rotate_secret``) and returned
    only here, so the caller can hand it to the receiving desk once.
    """
    allowed = {
        "name",
        "role",
        "min_severity",
        "kinds",
        "areas",
        "receives_alerts",
        "receives_escalations",
        "active",
        "webhook_url",
        "secret",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidRecipient(f"unknown field(s): {', '.join(sorted(unknown))}")
    _check_url(fields.get("webhook_url"))
    row = session.scalar(select(RecipientRow).where(RecipientRow.key == key))
    now = datetime.now(UTC)
    if row is None:
        if "name" not in fields or "role" not in fields:
            raise InvalidRecipient("a new recipient needs a name and a role")
        row = RecipientRow(
            key=key,
            kinds=[],
            areas=[],
            min_severity="info",
            receives_alerts=True,
            receives_escalations=False,
            active=True,
            created_at=now,
        )
        session.add(row)
    for name, value in fields.items():
        if name in ("kinds", "areas"):
            value = sorted(set(_strings(value)))
        setattr(row, name, value)
    row.updated_at = now
    to_rule(row)  # validates role, severity and areas (raises InvalidRecipient)
    issued: str | None = None
    if rotate_secret or (row.webhook_url and not row.secret):
        issued = secrets.token_urlsafe(32)
        row.secret = issued
    session.flush()
    return row, issued


def _strings(value: Any) -> Iterable[str]:
    if not isinstance(value, list | tuple | set | frozenset):
        raise InvalidRecipient("kinds and areas must be lists of strings")
    return [str(v) for v in value]
