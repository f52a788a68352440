"""Migration 0002 matches the models, and goes down and up again cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from infra.db import metadata
from infra.db.base import get_engine
from infra.db.migrate import alembic_config, upgrade_head

MINE = {
    "persons",
    "cases",
    "case_members",
    "status_events",
    "case_notes",
    "case_alerts",
    "incident_reports",
    "users",
    "api_keys",
    "audit_log",
}


def test_models_and_migration_agree(db_url: str) -> None:
    def mine(name: str | None, type_: str, parent: object) -> bool:
        return type_ != "table" or name in MINE

    def mine_object(obj: object, name: str | None, type_: str, *_: object) -> bool:
        return mine(name, type_, None)

    with get_engine(db_url).connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": mine, "include_object": mine_object}
        )
        assert compare_metadata(context, metadata) == []


def test_downgrade_and_upgrade_again(db_url: str) -> None:
    command.downgrade(alembic_config(db_url), "0001")
    tables = set(inspect(get_engine(db_url)).get_table_names())
    assert not tables & MINE and "vessels" in tables
    upgrade_head(db_url)
    inspector = inspect(get_engine(db_url))
    assert set(inspector.get_table_names()) >= MINE
    assert "status_timeline" in inspector.get_view_names()
