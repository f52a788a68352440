"""Bounded integer parameters: what the database can hold, so a huge number is a 422, not a 500.

Row ids are PostgreSQL ``INTEGER`` (32-bit); SQLite refuses anything past 64 bits with an
``OverflowError`` deep in the driver. Every integer a route accepts (path, query, body) uses
one of these, and ``tests/integration/api/test_limits.py`` walks the OpenAPI schema to keep it so.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

__all__ = ["DB_INT_MAX", "BodyRowId", "Offset", "QueryRowId", "RowId"]

DB_INT_MAX = 2**31 - 1

RowId = Annotated[int, Path(ge=1, le=DB_INT_MAX, description="Row id")]
QueryRowId = Annotated[int | None, Query(ge=1, le=DB_INT_MAX)]
Offset = Annotated[int, Query(ge=0, le=DB_INT_MAX, description="Rows to skip")]
BodyRowId = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
