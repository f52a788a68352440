"""Consular cases (persons, cases, members, status timeline, notes) and access control.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

# Flat, read-only view of every status event with its case, for reports: ``in_effect`` is 0
# once a later correction supersedes the event.
TIMELINE_VIEW = """
CREATE VIEW status_timeline AS
SELECT e.id AS event_id, e.case_id, e.member_id, e.person_id, e.status, e.occurred_on,
       e.recorded_at, e.recorded_by, e.note, e.document_ref, e.supersedes,
       CASE WHEN EXISTS (SELECT 1 FROM status_events c WHERE c.supersedes = e.id)
            THEN 0 ELSE 1 END AS in_effect,
       c.kind AS case_kind, c.country, c.vessel_id, c.closed_at AS case_closed_at
FROM status_events e JOIN cases c ON c.id = e.case_id
"""


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("date_of_birth", sa.Date),
        sa.Column("national_id", sa.String(20), unique=True),
        sa.Column("home_commune", sa.String(100)),
        sa.Column("home_district", sa.String(100)),
        sa.Column("home_province", sa.String(100)),
        sa.Column("family_contact", sa.String(200)),
        sa.Column("family_phone", sa.String(32)),
        sa.Column("confirmed", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_persons_full_name", "persons", ["full_name"])
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("authority", sa.String(200)),
        sa.Column("place", sa.String(200)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("zone", sa.String(64)),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("vessel_id", sa.String(64), sa.ForeignKey("vessels.vessel_id")),
        sa.Column("source", sa.String(50), nullable=False),
        sa.Column("first_report_id", sa.String(100)),
        sa.Column("request_id", sa.String(100), unique=True),
        sa.Column("needs_review", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("closed_at", TS),
        sa.Column("closed_by", sa.String(100)),
    )
    op.create_index("ix_cases_country", "cases", ["country"])
    op.create_index("ix_cases_vessel_country", "cases", ["vessel_id", "country"])
    op.create_table(
        "case_members",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
        sa.UniqueConstraint("case_id", "person_id", name="uq_case_members_case_person"),
    )
    op.create_index("ix_case_members_case_id", "case_members", ["case_id"])
    op.create_index("ix_case_members_person_id", "case_members", ["person_id"])
    op.create_table(
        "status_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("case_members.id"), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("document_ref", sa.String(200)),
        sa.Column("supersedes", sa.Integer, sa.ForeignKey("status_events.id"), unique=True),
    )
    op.create_index("ix_status_events_member_id", "status_events", ["member_id"])
    op.create_index("ix_status_events_case_id", "status_events", ["case_id"])
    op.create_index(
        "ix_status_events_person_occurred", "status_events", ["person_id", "occurred_on"]
    )
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("case_members.id")),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("document_ref", sa.String(200)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])
    op.create_table(
        "case_alerts",
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("alert_id", sa.String(64), primary_key=True),
    )
    op.create_table(
        "incident_reports",
        sa.Column("report_id", sa.String(100), primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("source", sa.String(50), nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("problems", sa.JSON, nullable=False),
    )
    op.create_index("ix_incident_reports_case_id", "incident_reports", ["case_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("full_name", sa.String(200)),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("revoked_at", TS),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(100), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])
    op.execute(TIMELINE_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS status_timeline")
    for table in (
        "audit_log",
        "api_keys",
        "users",
        "incident_reports",
        "case_alerts",
        "case_notes",
        "status_events",
        "case_members",
        "cases",
        "persons",
    ):
        op.drop_table(table)
