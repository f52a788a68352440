"""Database adapters. Importing this package registers every mapped table on ``metadata``."""

from infra.db import models  # noqa: F401  (registers the tracking tables)
from infra.db import cases, users  # noqa: F401  (consular cases, users and audit)
from infra.db import delivery  # noqa: F401  (recipients, outbox, delivery log, acks, escalations)
from infra.db.base import Base, get_engine, get_sessionmaker, session_scope

metadata = Base.metadata

__all__ = ["Base", "get_engine", "get_sessionmaker", "metadata", "session_scope"]
