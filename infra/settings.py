"""One settings object for every Seawatch process.

The API, the faust workers, alembic's ``env.py`` and the CLI all read configuration through
:func:`get_settings`, so that one environment variable changes one behaviour everywhere.
Variables are prefixed ``SEAWATCH_``; ``KAFKA_BOOTSTRAP`` and ``DATABASE_URL`` are also
accepted unprefixed because deploy tooling commonly sets them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]

_PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev-secret-not-for-production"}


class Settings(BaseSettings):
    """Runtime configuration, read from the environment (and an optional ``.env`` file)."""

    model_config = SettingsConfigDict(
        env_prefix="SEAWATCH_", env_file=".env", extra="ignore", populate_by_name=True
    )

    environment: Literal["development", "test", "production"] = "development"

    # --- storage --------------------------------------------------------------------------
    data_dir: Path = Field(default=Path("var"), description="Where embedded state lives.")
    track_retention_days: int = 1096  # Decree 41/2026: keep 36 months of VMS track data
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("SEAWATCH_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL; a SQLite file under data_dir when unset.",
    )

    # --- broker ---------------------------------------------------------------------------
    kafka_bootstrap: str | None = Field(
        default=None,
        validation_alias=AliasChoices("SEAWATCH_KAFKA_BOOTSTRAP", "KAFKA_BOOTSTRAP"),
        description="host:port[,host:port]; the embedded Tansu broker is started when unset.",
    )
    embedded_broker_port: int = 0  # 0 = pick a free port
    embedded_broker_max_rss_mb: int = 768
    app_id: str = "seawatch"  # faust app id: consumer group and changelog topic prefix
    topic_prefix: str = "seawatch"
    topic_partitions: int = 4
    kafka_session_timeout_s: float = 6.0
    kafka_heartbeat_interval_s: float = 1.0
    kafka_rebalance_timeout_s: float = 12.0
    kafka_fetch_max_wait_s: float = 0.05  # Tansu answers a waiting fetch only at this timeout

    # --- API ------------------------------------------------------------------------------
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    secret_key: str = "dev-secret-not-for-production"
    province: str | None = None  # e.g. "Quảng Ngãi": named in report titles

    # --- alert policy ---------------------------------------------------------------------
    warning_distance_nm: float = 5.0
    prediction_horizon_min: float = 60.0
    alert_cooldown_min: float = 60.0
    hysteresis_nm: float = 0.5
    max_plausible_speed_kn: float = 50.0
    dark_after_h: float = 6.0
    dark_escalate_h: float = 24.0
    dark_critical_h: float = 240.0
    case_attach_days: int = 5  # an incident report this close joins the vessel's open case
    state_flush_s: float = 1800.0  # event-time seconds between last-seen table writes
    escalate_after_min: float = 15.0  # unacknowledged critical alerts go up the chain after this

    # --- stream batching ------------------------------------------------------------------
    position_take_records: int = 50
    position_batch_within_s: float = 0.05
    position_writes_in_flight: int = 3  # batches tracked ahead of their history write, per actor
    dark_check_interval_s: float = 5.0
    latest_flush_interval_s: float = 2.0
    table_refresh_s: float = 10.0  # wall seconds between last-seen-only vessel table writes
    table_refresh_per_s: float = 50.0  # budget of such writes per partition (see runtime.py)
    # objects allocated between two young-generation garbage collections in a stream worker
    # (CPython's default is 700; see streams/worker.py). 0 keeps the interpreter's default.
    worker_gc_gen0_threshold: int = 50_000
    # how long a thread may hold the GIL before another one that waits gets it (CPython: 5 ms)
    worker_switch_interval_ms: float = 1.0

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        weak = self.secret_key.strip().lower() in _PLACEHOLDER_SECRETS or len(self.secret_key) < 16
        if self.environment == "production" and weak:
            raise ValueError(
                "SEAWATCH_SECRET_KEY must be set to a real secret (16+ characters) in production"
            )
        return self

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL in effect: the configured one, or the embedded SQLite file."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgres://"):
                url = "postgresql+psycopg://" + url[len("postgres://") :]
            elif url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return url
        return f"sqlite:///{self.data_dir / 'seawatch.sqlite'}"

    @property
    def embedded_broker(self) -> bool:
        """True when Seawatch must start its own Tansu broker."""
        return not self.kafka_bootstrap

    def topic(self, name: str) -> str:
        """Full topic name for a logical topic (``positions`` → ``seawatch.positions``)."""
        return f"{self.topic_prefix}.{name}"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests call ``get_settings.cache_clear()`` after patching env."""
    return Settings()
