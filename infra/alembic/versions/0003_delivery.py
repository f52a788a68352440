"""Alert delivery: recipients (seeded with defaults), outbox, attempts, acks, escalations.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    recipients = op.create_table(
        "recipients",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("min_severity", sa.String(16), nullable=False),
        sa.Column("kinds", sa.JSON, nullable=False),
        sa.Column("areas", sa.JSON, nullable=False),
        sa.Column("receives_alerts", sa.Boolean, nullable=False),
        sa.Column("receives_escalations", sa.Boolean, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("webhook_url", sa.String(500)),
        sa.Column("secret", sa.String(128)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recipient_id", sa.Integer, sa.ForeignKey("recipients.id"), nullable=False),
        sa.Column("alert_pk", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("alert_id", sa.String(64), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("lease_until", TS),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("delivered_at", TS),
        sa.UniqueConstraint(
            "recipient_id", "alert_id", "event", name="uq_outbox_recipient_alert_event"
        ),
    )
    op.create_index("ix_outbox_alert_id", "outbox", ["alert_id"])
    op.create_index(
        "ix_outbox_recipient_status_order", "outbox", ["recipient_id", "status", "alert_pk", "id"]
    )
    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("outbox_id", sa.Integer, sa.ForeignKey("outbox.id"), nullable=False),
        sa.Column("recipient_id", sa.Integer, nullable=False),
        sa.Column("alert_id", sa.String(64), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("error", sa.Text),
        sa.Column("duration_ms", sa.Float),
        sa.Column("retry_at", TS),
    )
    op.create_index("ix_delivery_attempts_outbox_id", "delivery_attempts", ["outbox_id"])
    op.create_index("ix_delivery_attempts_alert_id", "delivery_attempts", ["alert_id"])
    op.create_table(
        "alert_acks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "alert_id", sa.String(64), sa.ForeignKey("alerts.alert_id"), nullable=False, unique=True
        ),
        sa.Column("acked_by", sa.String(100), nullable=False),
        sa.Column("role", sa.String(32)),
        sa.Column("acked_at", TS, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "alert_escalations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "alert_id", sa.String(64), sa.ForeignKey("alerts.alert_id"), nullable=False, unique=True
        ),
        sa.Column("escalated_at", TS, nullable=False),
        sa.Column("after_min", sa.Float, nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
    )
    op.create_table(
        "routing_cursor",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_alert_pk", sa.Integer, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    # Route what is stored from now on; alerts older than this migration are not replayed.
    op.execute(
        sa.text(
            "INSERT INTO routing_cursor (name, last_alert_pk, updated_at) "
            "SELECT 'alerts', COALESCE(MAX(id), 0), :now FROM alerts"
        ).bindparams(sa.bindparam("now", datetime.now(UTC), type_=TS))
    )
    # The province's default desks, without webhooks (set with `seawatch deliver recipient`).
    # Literal values, not imported from services/: a migration must not change when code does.
    now = datetime.now(UTC)
    fa_kinds = ["INSIDE_FOREIGN", "DARK_10D", "CASE_OPENED", "CASE_STATUS"]
    rows = [
        (
            "bdbp-command",
            "Bộ Chỉ huy Bộ đội Biên phòng tỉnh – trực ban",
            "border_guard",
            "warning",
            [],
            [],
            True,
            False,
        ),
        (
            "bdbp-leadership",
            "Ban Chỉ huy Bộ đội Biên phòng tỉnh – lãnh đạo trực",
            "border_guard",
            "critical",
            [],
            [],
            False,
            True,
        ),
        (
            "post-binh-son",
            "Đồn Biên phòng Bình Hải",
            "border_guard",
            "info",
            [],
            ["binh_son"],
            True,
            False,
        ),
        (
            "post-ly-son",
            "Đồn Biên phòng Lý Sơn",
            "border_guard",
            "info",
            [],
            ["ly_son"],
            True,
            False,
        ),
        (
            "post-tinh-ky",
            "Đồn Biên phòng Cửa khẩu cảng Sa Kỳ",
            "border_guard",
            "info",
            [],
            ["tinh_ky"],
            True,
            False,
        ),
        (
            "post-duc-pho",
            "Đồn Biên phòng Sa Huỳnh",
            "border_guard",
            "info",
            [],
            ["duc_pho"],
            True,
            False,
        ),
        ("so-ngoai-vu", "Sở Ngoại vụ tỉnh", "foreign_affairs", "info", fa_kinds, [], True, True),
    ]
    op.bulk_insert(
        recipients,
        [
            {
                "key": k,
                "name": n,
                "role": r,
                "min_severity": s,
                "kinds": kinds,
                "areas": areas,
                "receives_alerts": ra,
                "receives_escalations": re,
                "active": True,
                "webhook_url": None,
                "secret": None,
                "created_at": now,
                "updated_at": now,
            }
            for k, n, r, s, kinds, areas, ra, re in rows
        ],
    )


def downgrade() -> None:
    for table in (
        "routing_cursor",
        "alert_escalations",
        "alert_acks",
        "delivery_attempts",
        "outbox",
        "recipients",
    ):
        op.drop_table(table)
