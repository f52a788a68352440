"""The cadence rule's open day per VMS boat, so a restarted worker keeps counting it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
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


def downgrade() -> None:
    op.drop_table("cadence_days")
