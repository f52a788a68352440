"""Log in: OAuth2 password flow for API clients, a session cookie for the web page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from infra.repositories.users import SqlUserStore
from services.api.deps import SessionDep, SettingsDep
from services.api.security import COOKIE_NAME, CurrentUser
from services.auth.errors import InvalidCredentials
from services.auth.roles import SEES_PERSONAL_DATA
from services.auth.tokens import ACCESS_TOKEN_TTL, issue_token

__all__ = ["router"]

router = APIRouter(prefix="/api/auth", tags=["auth"])

LoginForm = Annotated[OAuth2PasswordRequestForm, Depends()]


def _login(form: OAuth2PasswordRequestForm, session: SessionDep, secret: str) -> dict[str, Any]:
    try:
        user = SqlUserStore(session).authenticate(form.username, form.password)
    except InvalidCredentials as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, exc.reason, headers={"WWW-Authenticate": "Bearer"}
        ) from None
    token = issue_token(user.username, user.role, secret)
    return {
        "access_token": token,
        "token_type": "bearer",
        "role": user.role,
        "expires_in": int(ACCESS_TOKEN_TTL.total_seconds()),
    }


@router.post("/token")
def token(form: LoginForm, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """OAuth2 password flow: username and password in, a signed bearer token out."""
    return _login(form, session, settings.secret_key)


@router.post("/login")
def login(
    form: LoginForm, session: SessionDep, settings: SettingsDep, response: Response
) -> dict[str, Any]:
    """Log in from the web page: sets the HttpOnly session cookie."""
    body = _login(form, session, settings.secret_key)
    response.set_cookie(
        COOKIE_NAME,
        body["access_token"],
        max_age=body["expires_in"],
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        path="/",
    )
    return {"role": body["role"], "expires_in": body["expires_in"]}


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout() -> Response:
    """Forget the session cookie."""
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response


@router.get("/me")
def me(user: CurrentUser) -> dict[str, Any]:
    """Who am I, and may I see personal data."""
    return {
        "username": user.name,
        "role": user.role,
        "sees_personal_data": user.role in SEES_PERSONAL_DATA,
    }
