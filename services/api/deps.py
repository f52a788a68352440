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
    """One session per request: committed when the route returns, rolled back on error."""
    session = get_sessionmaker()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
