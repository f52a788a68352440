"""Every timestamp is a UTC instant: normalise stored values for ``UtcDateTime`` on all tables.

Revision ID: 0004
Revises: 0009
Create Date: 2026-12-03

Until now only the tracking tables used ``UtcDateTime`` (aware UTC in, aware UTC out); cases,
delivery and users used a bare ``DateTime(timezone=True)`` and about ten call sites patched
naive values read back from SQLite. The column DDL is the same for both types (``timestamptz``
on PostgreSQL, text on SQLite), so the models change without a schema change; what this
migration does is make every *stored* value one that ``UtcDateTime`` reads right:

* SQLite keeps timestamps as text without a zone, and compares them as text in ``WHERE``,
  ``ORDER BY`` and unique keys. A value written with an offset or an ISO ``T`` (raw SQL, an
  import, a hand fix: ``2021-07-01T12:00:00+07:00``) sorts by its spelling, not its instant
  ("T" after " ", the offset ignored), so range queries miss it and a unique key lets the same
  instant in twice. Such values are rewritten as the UTC instant they name, in SQLAlchemy's
  own format (``2021-07-01 05:00:00.000000``). Values without an offset are UTC already and stay as
  they are. A rewritten value that collides with a row already stored for the same instant
  under a unique key (the same fix twice in ``positions``) is the same row: it is dropped.
* PostgreSQL keeps instants (``timestamptz``). A column found as ``timestamp without time
  zone`` (a database made with ``create_all`` from old models) is converted, its values taken
  as UTC, which is what the application always wrote.

Numbered 0004 as reserved for this change; it follows 0009, the head when it landed (it
normalises every timestamp column, including those the later-numbered ones created).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0009"
branch_labels = None
depends_on = None

_SQLITE_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
# text that is not SQLAlchemy's zone-less form: an ISO "T", a trailing "Z" or an offset
_SQLITE_ODD = (
    "({c} LIKE '%T%' OR {c} LIKE '%Z' OR {c} GLOB '*[+-][0-9][0-9]:[0-9][0-9]'"
    " OR {c} GLOB '*[+-][0-9][0-9][0-9][0-9]')"
)


def _timestamp_columns(bind: sa.engine.Connection) -> list[tuple[str, str, Any]]:
    inspector = sa.inspect(bind)
    found: list[tuple[str, str, Any]] = []
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        for column in inspector.get_columns(table):
            if isinstance(column["type"], sa.DateTime):
                found.append((table, column["name"], column["type"]))
    return found


def _utc_text(value: str) -> str:
    moment = datetime.fromisoformat(value.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(_SQLITE_FORMAT)


def _sqlite(bind: sa.engine.Connection) -> None:
    for table, column, _ in _timestamp_columns(bind):
        t, c = f'"{table}"', f'"{column}"'
        odd = _SQLITE_ODD.format(c=c)
        rows = bind.exec_driver_sql(
            f"SELECT rowid, {c} FROM {t} WHERE {c} IS NOT NULL AND typeof({c}) = 'text' AND {odd}"
        ).fetchall()
        for rowid, value in rows:
            update = f"UPDATE OR IGNORE {t} SET {c} = ? WHERE rowid = ?"
            bind.exec_driver_sql(update, (_utc_text(value), rowid))
        if rows:  # what a unique key kept from being rewritten is a second copy of a stored row
            bind.exec_driver_sql(f"DELETE FROM {t} WHERE {c} IS NOT NULL AND {odd}")


def _postgresql(bind: sa.engine.Connection) -> None:
    for table, column, type_ in _timestamp_columns(bind):
        if getattr(type_, "timezone", False):
            continue
        bind.exec_driver_sql(
            f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE timestamptz '
            f"USING \"{column}\" AT TIME ZONE 'UTC'"
        )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite(bind)
    elif bind.dialect.name == "postgresql":
        _postgresql(bind)


def downgrade() -> None:
    # Nothing to undo: UTC text and timestamptz are what 0003's models read as well.
    pass
