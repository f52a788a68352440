"""Run Alembic migrations programmatically (``seawatch db upgrade`` and process start-up)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from infra.settings import get_settings

__all__ = ["alembic_config", "upgrade_head"]

_INI = Path(__file__).resolve().parent.parent / "alembic.ini"


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(_INI))
    config.set_main_option("script_location", str(_INI.parent / "alembic"))
    config.set_main_option(
        "sqlalchemy.url", (url or get_settings().sqlalchemy_url).replace("%", "%%")
    )
    return config


def upgrade_head(url: str | None = None) -> None:
    """Bring the database at ``url`` (default: the settings') to the newest schema."""
    command.upgrade(alembic_config(url), "head")
