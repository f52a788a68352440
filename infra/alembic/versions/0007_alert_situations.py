"""Alert situations, acknowledgement actions, who to call, the feed's declared clock.

* ``alert_situations``: one row per boat and family of alert kinds while it is active (a
  partial unique index holds it), with its counts, acknowledgement and ending; every alert row
  points at its situation (``alerts.situation_id``).
* ``alert_acks.action``: what the officer did (``services.vocabulary.AckAction``).
* ``vessels.captain``, ``captain_phone``, ``radio``: who to call and on what.
* ``feed_clocks``: a replay or the simulator declares its clock (start and speed-up) so the page
  shows the feed's time, not the wall clock.

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alert_situations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("vessel_id", sa.String(64)),
        sa.Column("family", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("audience", sa.JSON, nullable=False),
        sa.Column("opened_at", TS, nullable=False),
        sa.Column("last_ts", TS, nullable=False),
        sa.Column("first_alert_id", sa.String(64), nullable=False),
        sa.Column("last_alert_id", sa.String(64), nullable=False),
        sa.Column("messages", sa.Integer, nullable=False),
        sa.Column("reminders", sa.Integer, nullable=False),
        sa.Column("escalations", sa.Integer, nullable=False),
        sa.Column("needs_ack", sa.Boolean, nullable=False),
        sa.Column("acked_at", TS),
        sa.Column("acked_by", sa.String(100)),
        sa.Column("ack_action", sa.String(32)),
        sa.Column("ack_note", sa.Text),
        sa.Column("ended_at", TS),
        sa.Column("ending", sa.String(32)),
        sa.Column("escalated_at", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index(
        "uq_alert_situations_active",
        "alert_situations",
        ["vessel_id", "family"],
        unique=True,
        sqlite_where=sa.text("ended_at IS NULL"),
        postgresql_where=sa.text("ended_at IS NULL"),
    )
    op.create_index("ix_alert_situations_opened_at", "alert_situations", ["opened_at"])
    op.create_index(
        "ix_alert_situations_open", "alert_situations", ["needs_ack", "acked_at", "ended_at"]
    )
    op.add_column("alerts", sa.Column("situation_id", sa.Integer))
    op.create_index("ix_alerts_situation_id", "alerts", ["situation_id"])
    op.add_column("alert_acks", sa.Column("action", sa.String(32)))
    op.add_column("vessels", sa.Column("captain", sa.String(200)))
    op.add_column("vessels", sa.Column("captain_phone", sa.String(32)))
    op.add_column("vessels", sa.Column("radio", sa.String(100)))
    op.create_table(
        "feed_clocks",
        sa.Column("source", sa.String(32), primary_key=True),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("feed_start", TS, nullable=False),
        sa.Column("wall_start", TS, nullable=False),
        sa.Column("speed", sa.Float, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feed_clocks")
    with op.batch_alter_table("vessels") as batch:
        batch.drop_column("radio")
        batch.drop_column("captain_phone")
        batch.drop_column("captain")
    with op.batch_alter_table("alert_acks") as batch:
        batch.drop_column("action")
    op.drop_index("ix_alerts_situation_id", table_name="alerts")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("situation_id")
    op.drop_table("alert_situations")
