"""Throwaway databases for integration tests: SQLite always, PostgreSQL when it answers.

Each test package asks for a migrated database here instead of creating one its own way, so
that "PostgreSQL not reachable" is decided, and reported, the same way everywhere.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from infra.db.base import get_engine
from infra.db.migrate import upgrade_head

__all__ = ["PG_HOST", "PG_PORT", "postgres_reachable", "throwaway_postgres"]

PG_HOST, PG_PORT = "127.0.0.1", 5432
_ADMIN = f"host={PG_HOST} port={PG_PORT} user=postgres dbname=postgres"


def postgres_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def throwaway_postgres(prefix: str) -> Iterator[str]:
    """A freshly created and migrated PostgreSQL database, dropped afterwards; skips if absent."""
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}")
    import psycopg

    name = f"seawatch_{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    try:
        upgrade_head(url)
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
