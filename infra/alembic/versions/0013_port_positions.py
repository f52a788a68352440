"""Where each port's position comes from and how far off it may be.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ports") as batch:
        batch.add_column(
            sa.Column("position_source", sa.Text, nullable=False, server_default="")
        )
        batch.add_column(sa.Column("precision_m", sa.Float))


def downgrade() -> None:
    with op.batch_alter_table("ports") as batch:
        batch.drop_column("precision_m")
        batch.drop_column("position_source")
