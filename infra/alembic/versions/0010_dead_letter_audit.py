"""Dead letters as an audit trail; stream counters.

* ``dead_letters.count``: identical rejects from one source record are one row with their
  count (they used to be merged, by content alone, across records and lost);
  ``dead_letters.offset`` becomes 64-bit (Kafka offsets grow past 2**31); an index on
  ``reason`` for the operator's listing by reason.
* ``latest_positions.wire``: where the vessel's latest fix sat on the wire (record offset and
  index), so a worker that starts from the database knows a replayed record when it sees one.
* ``stream_counters``: running totals a worker keeps in the database, e.g. fixes redelivered
  after a crash or rebalance (counted, not filed as rejects).

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dead_letters") as batch:
        batch.add_column(sa.Column("count", sa.Integer, nullable=False, server_default="1"))
        batch.alter_column("offset", type_=sa.BigInteger, existing_type=sa.Integer)
    op.add_column("latest_positions", sa.Column("wire", sa.BigInteger))
    op.create_index("ix_dead_letters_reason_at", "dead_letters", ["reason", "at"])
    op.create_table(
        "stream_counters",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("stream_counters")
    op.drop_index("ix_dead_letters_reason_at", table_name="dead_letters")
    with op.batch_alter_table("latest_positions") as batch:
        batch.drop_column("wire")
    with op.batch_alter_table("dead_letters") as batch:
        batch.alter_column("offset", type_=sa.Integer, existing_type=sa.BigInteger)
        batch.drop_column("count")
