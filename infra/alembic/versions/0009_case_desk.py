"""The consular desk: attached documents, an incident's reported time, birth years, and
tracking alerts addressed to the foreign-affairs desk too.

* ``case_documents``: files attached to a case (the family's request letter, a crew list);
* ``cases.occurred_at``: the reported time of the incident (the evidence file's "detention
  time"), ``persons.birth_year`` when only the year is known;
* the Sở Ngoại vụ desk's kinds become what :func:`services.vocabulary.audience_for` addresses
  to it (DISPUTED, ARCHIPELAGO — Hoàng Sa / Trường Sa — and OVERLAP join), unless an
  administrator changed them;
* stored INSIDE_FOREIGN, DISPUTED, ARCHIPELAGO, OVERLAP and DARK_10D alerts get the
  foreign-affairs audience they should have had (they were stored for the border guard alone),
  so the desk's page shows them.

Revision ID: 0009
Revises: 0008 (0008_ports)
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
OLD_FA_KINDS = ["INSIDE_FOREIGN", "DARK_10D", "CASE_OPENED", "CASE_STATUS"]
NEW_FA_KINDS = [
    "ARCHIPELAGO",
    "CASE_OPENED",
    "CASE_STATUS",
    "DARK_10D",
    "DISPUTED",
    "INCIDENT_REPORT",
    "INSIDE_FOREIGN",
    "OVERLAP",
]
FA_TRACKING = ("INSIDE_FOREIGN", "DISPUTED", "ARCHIPELAGO", "OVERLAP", "DARK_10D")


def upgrade() -> None:
    op.create_table(
        "case_documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("case_members.id")),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("uploaded_at", TS, nullable=False),
        sa.Column("uploaded_by", sa.String(100), nullable=False),
        sa.UniqueConstraint("case_id", "sha256", "member_id", name="uq_case_documents_content"),
    )
    # plain ADD COLUMN (SQLite has it): a batch copy of ``cases`` would trip the view on it
    op.add_column("cases", sa.Column("occurred_at", TS))
    op.add_column("persons", sa.Column("birth_year", sa.Integer))

    bind = op.get_bind()
    recipients = sa.table("recipients", sa.column("key", sa.String), sa.column("kinds", sa.JSON))
    kinds = bind.execute(
        sa.select(recipients.c.kinds).where(recipients.c.key == "so-ngoai-vu")
    ).scalar()
    if kinds is not None and sorted(kinds) == sorted(OLD_FA_KINDS):  # as seeded, untouched
        bind.execute(
            recipients.update().where(recipients.c.key == "so-ngoai-vu").values(kinds=NEW_FA_KINDS)
        )
    alerts = sa.table(
        "alerts",
        sa.column("id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("audience", sa.JSON),
    )
    rows = bind.execute(
        sa.select(alerts.c.id, alerts.c.audience).where(alerts.c.kind.in_(FA_TRACKING))
    ).all()
    for alert_id, audience in rows:
        if "foreign_affairs" not in (audience or []):
            bind.execute(
                alerts.update()
                .where(alerts.c.id == alert_id)
                .values(audience=[*(audience or []), "foreign_affairs"])
            )


def downgrade() -> None:
    # plain DROP COLUMN (SQLite >= 3.35 and PostgreSQL): no batch copy under the view
    op.execute("ALTER TABLE persons DROP COLUMN birth_year")
    op.execute("ALTER TABLE cases DROP COLUMN occurred_at")
    op.drop_table("case_documents")
