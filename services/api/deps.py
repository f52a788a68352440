"""Shared FastAPI dependencies (``Annotated`` aliases used by every router)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from infra.db.base import get_sessionmaker
from infra.settings import Settings, get_settings

__all__ = ["SessionDep", "SettingsDep", "get_db"]


def get_db() -> Iterator[Session]:
    """One session per request: committed when the route returns, rolled back on error.

    Used with ``scope="function"`` (below): FastAPI's default runs a dependency's exit code
    after the response has been sent, so a client was told "201 created" before the commit —
    and kept that answer when the commit then failed (a locked SQLite file, a unique key), and
    a page reading right after its own write could see the old row. Committing inside the
    route's scope makes the answer follow the commit: a failed commit is a 500, not a success.
    """
    session = get_sessionmaker()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_db, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
