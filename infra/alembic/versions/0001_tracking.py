"""Tracking tables: vessels, positions, latest positions, alerts, dead letters.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "vessels",
        sa.Column("vessel_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200)),
        sa.Column("mmsi", sa.Integer, unique=True),
        sa.Column("vms_device_id", sa.String(64), unique=True),
        sa.Column("owner", sa.String(200)),
        sa.Column("owner_phone", sa.String(32)),
        sa.Column("home_port", sa.String(100)),
        sa.Column("province", sa.String(100)),
        sa.Column("length_m", sa.Float),
        sa.Column("crew_count", sa.Integer),
        sa.Column("high_risk", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("registered", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("call_sign", sa.String(32)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "positions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("vessel_id", sa.String(64), nullable=False),
        sa.Column("ts", TS, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("speed_kn", sa.Float),
        sa.Column("course_deg", sa.Float),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("risk", sa.String(16)),
        sa.Column("flag", sa.String(32)),
    )
    op.create_index("ix_positions_vessel_ts", "positions", ["vessel_id", "ts"], unique=True)
    op.create_table(
        "latest_positions",
        sa.Column("vessel_id", sa.String(64), primary_key=True),
        sa.Column("ts", TS, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("speed_kn", sa.Float),
        sa.Column("course_deg", sa.Float),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("risk", sa.String(16), nullable=False),
        sa.Column("country", sa.String(3)),
        sa.Column("zone_kind", sa.String(32)),
        sa.Column("distance_nm", sa.Float),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("vessel_id", sa.String(64)),
        sa.Column("ts", TS, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("country", sa.String(3)),
        sa.Column("zone_kind", sa.String(32)),
        sa.Column("distance_nm", sa.Float),
        sa.Column("minutes_to_crossing", sa.Float),
        sa.Column("audience", sa.JSON, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
    )
    op.create_index("ix_alerts_kind", "alerts", ["kind"])
    op.create_index("ix_alerts_vessel_ts", "alerts", ["vessel_id", "ts"])
    op.create_table(
        "dead_letters",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("source_topic", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("partition", sa.Integer),
        sa.Column("offset", sa.Integer),
        sa.Column("at", TS, nullable=False),
    )


def downgrade() -> None:
    for table in ("dead_letters", "alerts", "latest_positions", "positions", "vessels"):
        op.drop_table(table)
