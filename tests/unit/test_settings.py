"""Settings: environment names and aliases, URL normalisation, secrets, topic names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from infra.settings import Settings, get_settings


def fresh(env_file: Path | None = None, **values: Any) -> Settings:
    """Settings from the environment only (never a developer's ``.env``) plus ``values``."""
    return Settings(_env_file=env_file, **values)  # type: ignore[call-arg]


def test_defaults_under_test_isolation(tmp_path: Path) -> None:
    s = fresh()
    assert s.environment == "test"
    assert s.data_dir == (tmp_path / "var").resolve()
    assert s.sqlalchemy_url == f"sqlite:///{s.data_dir / 'seawatch.sqlite'}"
    assert s.embedded_broker is True
    assert s.warning_distance_nm == 5.0 and s.hysteresis_nm == 0.5


def test_variables_carry_the_seawatch_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAWATCH_TOPIC_PARTITIONS", "12")
    monkeypatch.setenv("SEAWATCH_WARNING_DISTANCE_NM", "3.5")
    monkeypatch.setenv("TOPIC_PARTITIONS", "99")  # unprefixed: not ours
    s = fresh()
    assert s.topic_partitions == 12 and s.warning_distance_nm == 3.5


def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAWATCH_TOPIC_PARTITIONS", "many")
    with pytest.raises(ValidationError):
        fresh()
    monkeypatch.setenv("SEAWATCH_TOPIC_PARTITIONS", "4")
    monkeypatch.setenv("SEAWATCH_ENVIRONMENT", "staging")
    with pytest.raises(ValidationError):
        fresh()


@pytest.mark.parametrize("name", ["KAFKA_BOOTSTRAP", "SEAWATCH_KAFKA_BOOTSTRAP"])
def test_kafka_bootstrap_with_or_without_prefix(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "kafka:9092")
    s = fresh()
    assert s.kafka_bootstrap == "kafka:9092" and s.embedded_broker is False


@pytest.mark.parametrize("name", ["DATABASE_URL", "SEAWATCH_DATABASE_URL"])
def test_database_url_with_or_without_prefix(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "sqlite:////tmp/x.sqlite")
    assert fresh().sqlalchemy_url == "sqlite:////tmp/x.sqlite"


def test_the_prefixed_name_wins_over_the_bare_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/bare.sqlite")
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", "sqlite:////tmp/ours.sqlite")
    monkeypatch.setenv("KAFKA_BOOTSTRAP", "bare:9092")
    monkeypatch.setenv("SEAWATCH_KAFKA_BOOTSTRAP", "ours:9092")
    s = fresh()
    assert s.database_url == "sqlite:////tmp/ours.sqlite" and s.kafka_bootstrap == "ours:9092"


def test_fields_can_be_passed_by_name() -> None:
    s = fresh(database_url="sqlite:///a.db", kafka_bootstrap="h:1")
    assert s.database_url == "sqlite:///a.db" and s.kafka_bootstrap == "h:1"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/seawatch", "postgresql+psycopg://u:p@db:5432/seawatch"),
        ("postgresql://u:p@db/seawatch", "postgresql+psycopg://u:p@db/seawatch"),
        ("postgresql+psycopg://u@db/seawatch", "postgresql+psycopg://u@db/seawatch"),
        ("sqlite:////var/lib/seawatch/db.sqlite", "sqlite:////var/lib/seawatch/db.sqlite"),
    ],
)
def test_postgres_urls_are_normalised_to_psycopg_3(given: str, expected: str) -> None:
    assert fresh(database_url=given).sqlalchemy_url == expected


@pytest.mark.parametrize(
    "secret", ["change-me", "changeme", "secret", "", "dev-secret-not-for-production"]
)
def test_placeholder_secret_refused_in_production(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("SEAWATCH_ENVIRONMENT", "production")
    monkeypatch.setenv("SEAWATCH_SECRET_KEY", secret)
    with pytest.raises(ValidationError, match="SEAWATCH_SECRET_KEY"):
        fresh()


def test_default_secret_refused_in_production_but_fine_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEAWATCH_ENVIRONMENT", "production")
    with pytest.raises(ValidationError):
        fresh()
    monkeypatch.setenv("SEAWATCH_SECRET_KEY", "b3f1c0a9e7d24c5f8a6e1d2c3b4a5f60")
    assert fresh().environment == "production"
    monkeypatch.setenv("SEAWATCH_ENVIRONMENT", "development")
    monkeypatch.delenv("SEAWATCH_SECRET_KEY")
    assert fresh().secret_key != "dev-secret-not-for-production"  # random, see test_secret_key


def test_topic_names_use_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    assert fresh().topic("positions") == "seawatch.positions"
    monkeypatch.setenv("SEAWATCH_TOPIC_PREFIX", "qng")
    assert fresh().topic("alerts") == "qng.alerts"


def test_data_dir_is_made_absolute(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEAWATCH_DATA_DIR", "rel/var")
    assert fresh().data_dir == tmp_path.resolve() / "rel" / "var"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SEAWATCH_DATA_DIR", "~/sw")
    assert fresh().data_dir == (tmp_path / "home" / "sw").resolve()


def test_a_dotenv_file_is_read_but_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    env.write_text("SEAWATCH_PROVINCE=Ninh Thuận\nSEAWATCH_API_PORT=8100\n", encoding="utf-8")
    monkeypatch.setenv("SEAWATCH_API_PORT", "9000")
    s = fresh(env)
    assert s.province == "Ninh Thuận" and s.api_port == 9000


def test_get_settings_is_cached_until_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    first = get_settings()
    assert get_settings() is first
    monkeypatch.setenv("SEAWATCH_TOPIC_PARTITIONS", "7")
    assert get_settings().topic_partitions == first.topic_partitions
    get_settings.cache_clear()
    assert get_settings().topic_partitions == 7
