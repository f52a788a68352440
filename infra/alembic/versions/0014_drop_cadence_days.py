"""Drop the cadence rule's per-boat checkpoint: the open day is rebuilt from the history.

Writing every boat's open day with every batch (0012) cost the position flow a fifth to a
third of its throughput as multi-row statements, or, as an ``executemany``, 2–4 s of alert
latency at p99; a restarted worker now rebuilds the day from the stored fixes
(``infra.db.tracking.load_day_fixes``). Downgrade recreates the empty table.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("cadence_days")


def downgrade() -> None:
    op.create_table(
        "cadence_days",
        sa.Column("vessel_id", sa.String(64), primary_key=True),
        sa.Column("day_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fixes", sa.Integer, nullable=False),
        sa.Column("sea_s", sa.Float, nullable=False),
        sa.Column("last_fix_s", sa.Float, nullable=False),
        sa.Column("last_at_sea", sa.Boolean, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
    )
