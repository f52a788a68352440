"""Authentication and authorisation dependencies for every router.

Three ways to present credentials, checked in this order:

1. ``X-API-Key: sw_...`` - machine feeds (border-post systems, VMS gateways);
2. ``Authorization: Bearer <jwt>`` - from ``POST /api/auth/token`` (OAuth2 password flow);
3. the ``seawatch_session`` cookie (HttpOnly, SameSite=Lax) set by ``POST /api/auth/login``
   for the web page.

Apply to a route with ``dependencies=[Depends(require_roles(...))]`` or take the principal as a
parameter, e.g. ``user: Annotated[Principal, Depends(require_roles(*CASE_WRITE))]``. The intended
matrix (see ``services.auth.roles``): tracking reads ``TrackingReader``; POST positions
``PositionWriter`` (API key or border_guard/admin). No credentials → 401; wrong role → 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer

from infra.db.base import get_sessionmaker
from infra.repositories.users import SqlUserStore
from services.api.deps import SettingsDep
from services.auth.errors import InvalidCredentials
from services.auth.roles import (
    ALL_ROLES,
    CASE_READ,
    CASE_WRITE,
    INCIDENT_WRITE,
    POSITION_WRITE,
    SEES_PERSONAL_DATA,
    SEES_VESSEL_CONTACTS,
    TRACKING_READ,
    USER_ADMIN,
    Role,
)
from services.auth.tokens import decode_token

__all__ = [
    "COOKIE_NAME",
    "Admin",
    "ApiKeyPrincipal",
    "CaseReader",
    "CaseWriter",
    "CurrentUser",
    "IncidentWriter",
    "PositionWriter",
    "Principal",
    "TrackingReader",
    "get_principal",
    "require_api_key",
    "require_roles",
]

COOKIE_NAME = "seawatch_session"

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a logged-in user or a machine feed's API key."""

    name: str
    role: str
    kind: Literal["user", "api_key"]

    @property
    def actor(self) -> str:
        """The name the audit log records."""
        return self.name if self.kind == "user" else f"apikey:{self.name}"

    @property
    def sees_personal_data(self) -> bool:
        return self.kind == "user" and self.role in SEES_PERSONAL_DATA

    @property
    def sees_vessel_contacts(self) -> bool:
        """Owner, captain and phones of a boat: for the desks that act on its alerts."""
        return self.kind == "user" and self.role in SEES_VESSEL_CONTACTS

    @property
    def disclosure(self) -> bool | Literal["none"]:
        """How much of a person the case views show (``services.cases.views.Personal``): all
        to consular roles, no ID or phone to the border guard, nothing identifying to a viewer.
        """
        if self.sees_personal_data:
            return True
        return "none" if self.role == "viewer" or self.kind != "user" else False


def _unauthorized(reason: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, reason, headers={"WWW-Authenticate": "Bearer"}
    )


def get_principal(
    request: Request,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> Principal:
    """The authenticated caller, or 401.

    Reads the account in a short session of its own, so a long response (the SSE stream) does
    not hold a database connection for the sake of authentication.
    """
    if not api_key:
        token = token or request.cookies.get(COOKIE_NAME)
        if not token:
            raise _unauthorized("not authenticated")
        try:
            claims = decode_token(token, settings.secret_key)
        except InvalidCredentials:
            raise _unauthorized("invalid or expired token") from None
    with get_sessionmaker()() as session:
        store = SqlUserStore(session)
        if api_key:
            try:
                key = store.api_key(api_key)
            except InvalidCredentials as exc:
                raise _unauthorized(exc.reason) from None
            return Principal(name=key.name, role=key.role, kind="api_key")
        user = store.get(claims.username)
        if user is None or not user.active:
            raise _unauthorized("account unknown or disabled")
        return Principal(name=user.username, role=user.role, kind="user")


def require_roles(
    *roles: Role | str, allow_api_key: bool = False
) -> Callable[[Principal], Principal]:
    """A dependency admitting users with one of ``roles`` (and API keys when allowed)."""
    allowed = frozenset(str(role) for role in roles)

    def dependency(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if principal.kind == "api_key":
            if allow_api_key:
                return principal
            raise HTTPException(status.HTTP_403_FORBIDDEN, "API keys may not use this endpoint")
        if principal.role not in allowed:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"role {principal.role!r} may not do this"
            )
        return principal

    return dependency


def require_api_key(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    """Machine feeds only."""
    if principal.kind != "api_key":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "an API key is required")
    return principal


CurrentUser = Annotated[Principal, Depends(require_roles(*ALL_ROLES))]
TrackingReader = Annotated[Principal, Depends(require_roles(*TRACKING_READ))]
PositionWriter = Annotated[Principal, Depends(require_roles(*POSITION_WRITE, allow_api_key=True))]
CaseReader = Annotated[Principal, Depends(require_roles(*CASE_READ))]
CaseWriter = Annotated[Principal, Depends(require_roles(*CASE_WRITE))]
IncidentWriter = Annotated[Principal, Depends(require_roles(*INCIDENT_WRITE, allow_api_key=True))]
Admin = Annotated[Principal, Depends(require_roles(*USER_ADMIN))]
ApiKeyPrincipal = Annotated[Principal, Depends(require_api_key)]
