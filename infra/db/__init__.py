"""Database adapters. Importing this package registers every mapped table on ``metadata``."""

from infra.db import (  # noqa: F401  (consular cases, users and audit)
    cases,
    delivery,
    iuu,
    models,
    ports,
    situations,
    users,
)
from infra.db.base import Base, get_engine, get_sessionmaker, session_scope

metadata = Base.metadata

__all__ = ["Base", "get_engine", "get_sessionmaker", "metadata", "session_scope"]
