"""Administration: users, machine-feed API keys, and the audit log (admin only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field

from infra.db.users import ApiKeyRow, AuditRow, UserRow
from infra.repositories.users import SqlUserStore
from services.api.deps import SessionDep
from services.api.security import Admin
from services.auth.errors import InvalidUserData

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["users"])


class NewUser(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    role: str
    full_name: str | None = Field(default=None, max_length=200)


class UserChange(BaseModel):
    role: str | None = None
    active: bool | None = None
    password: str | None = Field(default=None, max_length=256)
    full_name: str | None = Field(default=None, max_length=200)


class NewApiKey(BaseModel):
    name: str = Field(min_length=1, max_length=100)


def _user(row: UserRow) -> dict[str, Any]:
    return {
        "username": row.username,
        "full_name": row.full_name,
        "role": row.role,
        "active": row.active,
        "created_at": row.created_at.isoformat(),
    }


def _key(row: ApiKeyRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "prefix": row.prefix,
        "role": row.role,
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by,
        "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
    }


def _audit(row: AuditRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at.isoformat(),
        "actor": row.actor,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "changes": row.changes,
    }


def _invalid(exc: InvalidUserData) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, exc.reason)


@router.get("/users")
def list_users(admin: Admin, session: SessionDep) -> list[dict[str, Any]]:
    """All accounts."""
    return [_user(row) for row in SqlUserStore(session).all_users()]


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(body: NewUser, admin: Admin, session: SessionDep) -> dict[str, Any]:
    """Create an account with a role."""
    try:
        row = SqlUserStore(session).create(
            body.username, body.password, body.role, admin.actor, body.full_name
        )
    except InvalidUserData as exc:
        raise _invalid(exc) from None
    return _user(row)


@router.patch("/users/{username}")
def update_user(
    username: str, body: UserChange, admin: Admin, session: SessionDep
) -> dict[str, Any]:
    """Change a role, disable an account, reset a password."""
    try:
        row = SqlUserStore(session).update(
            username,
            admin.actor,
            role=body.role,
            active=body.active,
            password=body.password,
            full_name=body.full_name,
        )
    except InvalidUserData as exc:
        raise _invalid(exc) from None
    return _user(row)


@router.get("/api-keys")
def list_api_keys(admin: Admin, session: SessionDep) -> list[dict[str, Any]]:
    """Machine-feed keys (prefixes only; the keys themselves are never stored)."""
    return [_key(row) for row in SqlUserStore(session).api_keys()]


@router.post("/api-keys", status_code=status.HTTP_201_CREATED)
def create_api_key(body: NewApiKey, admin: Admin, session: SessionDep) -> dict[str, Any]:
    """A new key for a machine feed; the response is the only time the key is shown."""
    try:
        row, key = SqlUserStore(session).create_api_key(body.name, admin.actor)
    except InvalidUserData as exc:
        raise _invalid(exc) from None
    return {**_key(row), "key": key}


@router.delete("/api-keys/{name}")
def revoke_api_key(name: str, admin: Admin, session: SessionDep) -> dict[str, Any]:
    """Revoke a key (kept, marked revoked, for the audit trail)."""
    try:
        row = SqlUserStore(session).revoke_api_key(name, admin.actor)
    except InvalidUserData as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, exc.reason) from None
    return _key(row)


@router.get("/audit")
def audit_log(
    admin: Admin,
    session: SessionDep,
    actor: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    """Who changed what, newest first."""
    rows = SqlUserStore(session).audit_log(
        actor=actor, entity=entity, entity_id=entity_id, limit=limit
    )
    return [_audit(row) for row in rows]
