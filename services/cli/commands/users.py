"""``seawatch users``: create the first admin and manage accounts and feed keys from a shell.

There is no default password anywhere: ``create-admin`` prompts for one (twice, hidden) or
reads it from standard input with ``--password-stdin`` for scripted installs.
"""

from __future__ import annotations

import sys

import typer

from infra.db.base import session_scope
from infra.repositories.users import SqlUserStore
from services.auth.errors import AuthError

__all__ = ["app"]

app = typer.Typer(help="Users, roles and API keys.", no_args_is_help=True)

_ACTOR = "cli"


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _fail(exc: AuthError) -> None:
    typer.echo(f"error: {exc.reason}", err=True)
    raise typer.Exit(code=2)


@app.command("create-admin")
def create_admin(
    username: str = typer.Option(..., "--username", "-u", help="Login name of the admin."),
    full_name: str | None = typer.Option(None, "--full-name"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Create an admin account (the first one, or another)."""
    create(username, "admin", full_name, password_stdin)


@app.command("create")
def create(
    username: str = typer.Option(..., "--username", "-u"),
    role: str = typer.Option(
        ..., "--role", "-r", help="border_guard, foreign_affairs, admin or viewer"
    ),
    full_name: str | None = typer.Option(None, "--full-name"),
    password_stdin: bool = typer.Option(False, "--password-stdin"),
) -> None:
    """Create an account with a role."""
    password = _password(password_stdin)
    try:
        with session_scope() as session:
            SqlUserStore(session).create(username, password, role, _ACTOR, full_name)
    except AuthError as exc:
        _fail(exc)
    typer.echo(f"created {role} {username}")


@app.command("list")
def list_users() -> None:
    """List accounts."""
    with session_scope() as session:
        for row in SqlUserStore(session).all_users():
            state = "active" if row.active else "disabled"
            typer.echo(f"{row.username}\t{row.role}\t{state}")


@app.command("set-role")
def set_role(username: str, role: str) -> None:
    """Change an account's role."""
    try:
        with session_scope() as session:
            SqlUserStore(session).update(username, _ACTOR, role=role)
    except AuthError as exc:
        _fail(exc)
    typer.echo(f"{username} is now {role}")


@app.command("disable")
def disable(username: str) -> None:
    """Disable an account (kept for the audit trail)."""
    try:
        with session_scope() as session:
            SqlUserStore(session).update(username, _ACTOR, active=False)
    except AuthError as exc:
        _fail(exc)
    typer.echo(f"{username} disabled")


@app.command("api-key")
def api_key(name: str = typer.Argument(..., help="Name of the machine feed.")) -> None:
    """Create an API key for a machine feed; it is printed once, store it now."""
    try:
        with session_scope() as session:
            _row, key = SqlUserStore(session).create_api_key(name, _ACTOR)
    except AuthError as exc:
        _fail(exc)
    typer.echo(key)
