"""SQLAlchemy engine and session factory.

Nothing opens an engine at import time: :func:`get_engine` builds one per URL on first use, so
tests can point the process at another database by changing the settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from infra.settings import get_settings

__all__ = ["Base", "UtcDateTime", "get_engine", "get_sessionmaker", "session_scope"]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware.

    SQLite keeps no zone; PostgreSQL's ``timestamptz`` does. This type makes both behave the
    same, so API output always carries ``+00:00``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # The track history's (vessel, time) index takes every fix at a random place: with SQLite's
    # 2 MB default page cache each batch re-read its pages, and a checkpoint every 1,000 WAL
    # pages wrote them back several times per batch. 64 MB and 10,000 pages (40 MB of WAL)
    # took a 25,000-fix batch from 7.6 + 10.2 to 4.9 + 5.0 µs per fix (insert + commit).
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.close()


def _sqlite_savepoint_inside_transaction(conn: Any, _name: str | None) -> None:
    """Open the real transaction before a savepoint, as PostgreSQL has it.

    pysqlite begins a transaction only before an INSERT, UPDATE or DELETE, not before a
    SAVEPOINT, and SQLite runs a SAVEPOINT outside a transaction as a transaction of its own,
    committed by its RELEASE. So when a session's first write sat in ``begin_nested()`` (an
    unknown vessel, an acknowledgement, an escalation), that write committed at once, and what
    the same session wrote next (the vessel's alert, the escalation's deliveries) did not share
    its fate: a rollback or a crash in between kept the one without the other.
    """
    dbapi = conn.connection.dbapi_connection
    if not dbapi.in_transaction:
        dbapi.execute("BEGIN")


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "savepoint", _sqlite_savepoint_inside_transaction)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the settings' database), created once per URL."""
    return _engine_for(url or get_settings().sqlalchemy_url)


def get_sessionmaker(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = get_sessionmaker(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
