"""Migrated throwaway databases for the case tests: SQLite always, PostgreSQL when it answers.

SQLite: a fresh migrated file per test. PostgreSQL: one database per test session (created,
migrated, dropped at the end), emptied before each test. ``get_settings()`` is pointed at the
database through the environment, as the running processes read it.
"""

from __future__ import annotations

import secrets
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():  # starlette asks for httpx2, which the project does not use yet
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from infra.db import metadata
from infra.db.base import get_engine, get_sessionmaker
from infra.db.migrate import upgrade_head
from infra.db.users import UserRow
from infra.repositories.users import SqlUserStore
from infra.settings import get_settings
from infra.uow import SqlAlchemyUnitOfWork
from services.auth.passwords import hash_password
from services.auth.roles import Role
from services.auth.tokens import issue_token
from tests.databases import throwaway_postgres

MY_ROUTERS = (
    "auth",
    "users",
    "cases",
    "case_documents",
    "evidence",
    "hotspots",
    "persons",
    "incidents",
)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for SQLite; for PostgreSQL the URL of this session's migrated database."""
    if request.param == "sqlite":
        yield None
        return
    with throwaway_postgres("cases") as url:
        yield url


def _empty(url: str) -> None:
    tables = ", ".join(t.name for t in metadata.sorted_tables)
    with get_engine(url).begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def db_url(backend: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated, empty database that ``get_settings()`` points at."""
    if backend is None:
        url = f"sqlite:///{tmp_path / 'cases.sqlite'}"
        upgrade_head(url)
    else:
        url = backend
        _empty(url)
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", url)
    monkeypatch.setenv("SEAWATCH_SECRET_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("SEAWATCH_ENVIRONMENT", "test")
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    if backend is None:
        get_engine(url).dispose()


@pytest.fixture
def uow_factory(db_url: str) -> Callable[[], SqlAlchemyUnitOfWork]:
    return lambda: SqlAlchemyUnitOfWork(get_sessionmaker(db_url))


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    with get_sessionmaker(db_url)() as s:
        yield s


def build_app() -> FastAPI:
    """A bare app with this area's routers (no lifespan: no broker, no start-up work)."""
    import importlib

    app = FastAPI()
    for name in MY_ROUTERS:
        app.include_router(importlib.import_module(f"services.api.routes.{name}").router)
    return app


@dataclass
class Api:
    client: TestClient
    passwords: dict[str, str]
    api_key: str

    def auth(self, who: str | None) -> dict[str, str]:
        """Headers for a role name, ``"apikey"``, or ``None`` (anonymous)."""
        if who is None:
            return {}
        if who == "apikey":
            return {"X-API-Key": self.api_key}
        token = issue_token(who, who, get_settings().secret_key)
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def role_passwords() -> dict[str, tuple[str, str]]:
    """One password and its argon2 hash per role, hashed once (argon2 is slow on purpose)."""
    passwords = {role.value: secrets.token_urlsafe(12) for role in Role}
    return {role: (password, hash_password(password)) for role, password in passwords.items()}


@pytest.fixture
def api(db_url: str, role_passwords: dict[str, tuple[str, str]]) -> Iterator[Api]:
    """A client plus one user per role (username = role name) and one feed API key."""
    with get_sessionmaker(db_url)() as s:
        for role, (_password, hashed) in role_passwords.items():
            s.add(
                UserRow(
                    username=role,
                    role=role,
                    password_hash=hashed,
                    active=True,
                    created_at=datetime.now(UTC),
                )
            )
        _row, key = SqlUserStore(s).create_api_key("border-post-feed", "test")
        s.commit()
    passwords = {role: password for role, (password, _hash) in role_passwords.items()}
    with TestClient(build_app()) as client:
        yield Api(client, passwords, key)
