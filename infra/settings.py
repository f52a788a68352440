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
    kafka_commit_interval_s: float = 1.0  # how often a worker commits consumed offsets
    kafka_commit_every: int = 1000  # ... or after this many acknowledged records
    kafka_fetch_max_wait_s: float = 0.05  # Tansu answers a waiting fetch only at this timeout

    # --- API ------------------------------------------------------------------------------
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    # unset: <data_dir>/secret-key (kept by `seawatch run`), else random per process; required
    # and checked for entropy in production (infra/secret_key.py)
    secret_key: str = ""
    api_max_body_bytes: int = 1_048_576  # every write route (services/api/limits.py)
    api_max_positions_body_bytes: int = 4_194_304  # POST /api/positions: 10,000 fixes fit
    province: str | None = None  # e.g. "Quảng Ngãi": named in report titles
    # --- metrics (infra/metrics.py): the API serves /metrics on its own port --------------
    worker_metrics_port: int = 0  # first port tried by a stream worker (0: none); +1 per busy
    dispatcher_metrics_port: int = 0  # the alert dispatcher's (0: none)
    # --- the report as filed (services/reports/own.py, docx_out.py) -------------------------
    report_agency: str = "Sở Ngoại vụ"  # the issuing agency, under its parent in the header
    report_parent: str | None = None  # default "UBND tỉnh <province>"
    # which boats are the province's own: registration prefixes ("QNg,NT") and/or home ports
    # (comma-separated names); both empty: the prefix of ``province`` from services.reports.own
    report_vessel_prefixes: str = ""
    report_home_ports: str = ""

    # --- alert policy ---------------------------------------------------------------------
    warning_distance_nm: float = 5.0  # zones without their own warning_nm (foreign waters)
    # per-zone approach warnings over the zone file's warning_nm, "key=nm;...": a zone name,
    # "kind:country", a country or a kind, e.g. "overlap=10;eez:MY=8" (geo/zones.py)
    zone_warning_nm: str = ""
    prediction_horizon_min: float = 60.0
    alert_cooldown_min: float = 60.0
    hysteresis_nm: float = 0.5
    max_plausible_speed_kn: float = 50.0
    dark_after_h: float = 6.0
    dark_escalate_h: float = 24.0
    dark_critical_h: float = 240.0
    # the VMS silence ladder as "duration:KIND[:audience+audience];..." (empty: the three above),
    # e.g. a province's "5h:DARK;8h:DARK;1d:DARK_24H;10d:DARK_10D:border_guard+foreign_affairs"
    dark_ladder: str = ""
    ais_gap_after_h: float = 6.0  # AIS-only and < 15 m boats: one lower-severity "AIS gap"
    # a source is stalled when it sends nothing for this long (wall seconds): one alert to
    # operators, and the boats it carries are not judged dark until it is back
    source_stall_s: float = 900.0
    # a feed whose fixes arrive later than this behind the wall clock is judged on its own time
    replay_lag_s: float = 3600.0
    # plausible fix times (services/tracking/plausible.py): how far after the receiving clock a
    # live fix, or after its replay's declared clock a replayed one, may be; how far before
    # the feed's recent past
    fix_ahead_s: float = 600.0
    replay_ahead_s: float = 30 * 86_400.0  # a replay's batch may span days of its feed
    fix_past_days: float = 30.0
    fleet_refresh_s: float = 30.0  # how often workers reload the registry's facts
    case_attach_days: int = 5  # an incident report this close joins the vessel's open case
    state_flush_s: float = 1800.0  # event-time seconds between last-seen table writes
    escalate_after_min: float = 15.0  # unacknowledged critical alerts go up the chain after this

    # --- behaviour events (services/events; defaults are Global Fishing Watch's, see there)
    events_port_entry_m: float = 3000.0  # a boat is in port within this of a port...
    events_port_exit_m: float = 4000.0  # ...and leaves it only beyond this (no flapping)
    events_port_stop_kn: float = 0.5  # a visit once stopped (under this) in port...
    events_port_min_visit_h: float = 2.0  # ...or this long inside: passing by is no visit
    events_gap_h: float = 6.0  # a silence at sea this long is a gap
    events_encounter_distance_m: float = 500.0
    events_encounter_min_h: float = 2.0
    events_encounter_max_speed_kn: float = 2.0
    events_encounter_min_port_km: float = 10.0
    events_encounter_step_min: float = 10.0  # tracks are sampled on this time grid for pairs
    events_pair_max_gap_h: float = 4.0  # longest silence a track is interpolated across
    events_swap_distance_m: float = 1000.0  # two devices this close, moving together...
    events_swap_min_h: float = 6.0  # ...for this long...
    events_swap_min_travel_nm: float = 10.0  # ...over at least this distance...
    events_swap_min_speed_kn: float = 4.0  # ...at this average: travelling, not pair trawling
    events_swap_step_min: float = 30.0
    events_swap_far_nm: float = 20.0  # one boat seen by two sources this far apart at once
    events_swap_window_h: float = 1.0  # "at once": within this
    events_loiter_max_speed_kn: float = 2.0
    events_loiter_min_h: float = 4.0
    events_loiter_min_shore_nm: float = 20.0
    events_loiter_near_nm: float = 12.0  # "near" a foreign zone or an overlap area
    events_live: bool = True  # run the detectors in the stream worker too
    events_live_interval_s: float = 1.0  # how often the worker runs them on what arrived
    # pairs across workers (services/events/cells.py): pair samples go to a stage keyed by sea
    # cell, so two boats tracked by different workers are still joined live; False: each
    # worker joins the pairs of its own partitions only
    events_pair_cells: bool = True
    events_pair_cell_km: float = 20.0  # side of a cell: at least twice the pair distance

    # --- consular desk ----------------------------------------------------------------------
    case_document_max_mb: float = 10.0  # largest file an officer may attach to a case
    evidence_track_hours: float = 72.0  # the evidence file's track: this long before detention
    hotspot_radius_nm: float = 10.0  # a boat this close to a past seizure is warned
    hotspot_years: float = 5.0  # seizures this recent make a hotspot
    hotspot_refresh_s: float = 300.0  # the stream worker re-reads past seizures this often

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
    def _secret(self) -> Settings:
        from infra.secret_key import HOW_TO, random_process_secret, read_secret_file, weakness

        if self.environment == "production":
            if not self.secret_key:
                raise ValueError(f"SEAWATCH_SECRET_KEY must be set in production ({HOW_TO})")
            problem = weakness(self.secret_key)
            if problem:
                raise ValueError(f"SEAWATCH_SECRET_KEY {problem}: refused in production ({HOW_TO})")
        elif not self.secret_key:
            self.secret_key = read_secret_file(self.data_dir) or random_process_secret()
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
