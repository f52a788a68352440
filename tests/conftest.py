"""Shared fixtures: isolate every test from the developer's environment and ``var/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.settings import get_settings

_ENV = (
    "SEAWATCH_DATABASE_URL",
    "DATABASE_URL",
    "SEAWATCH_KAFKA_BOOTSTRAP",
    "KAFKA_BOOTSTRAP",
    "SEAWATCH_TOPIC_PREFIX",
    "SEAWATCH_APP_ID",
)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with a private data dir and no external broker/database configured."""
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("SEAWATCH_ENVIRONMENT", "test")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
