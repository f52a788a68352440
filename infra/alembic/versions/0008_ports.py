"""Port registry (``seawatch ports import``) and each vessel's AIS ship type.

``ports`` stays empty until a list is imported: the shipped list (``services/ports/data``)
applies meanwhile. ``vessels.ship_type`` (AIS type, 30 = fishing) tells a foreign fishing
vessel, whose entry into Vietnam's waters is an intrusion, from a merchant ship.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("province", sa.String(100), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("port_class", sa.String(16), nullable=False, server_default=""),
        sa.Column("kind", sa.String(16), nullable=False, server_default="port"),
        sa.Column("radius_nm", sa.Float, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", "province", name="uq_ports_name_province"),
    )
    with op.batch_alter_table("vessels") as batch:
        batch.add_column(sa.Column("ship_type", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("vessels") as batch:
        batch.drop_column("ship_type")
    op.drop_table("ports")
