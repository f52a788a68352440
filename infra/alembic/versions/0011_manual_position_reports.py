"""Positions reported by other means (phone, radio) while a boat's VMS is down.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "manual_position_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("vessel_id", sa.String(64), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("means", sa.String(16), nullable=False),
        sa.Column("reported_by", sa.String(100), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_manual_position_reports_vessel_ts", "manual_position_reports",
                    ["vessel_id", "ts"], unique=True)  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_manual_position_reports_vessel_ts", "manual_position_reports")
    op.drop_table("manual_position_reports")
