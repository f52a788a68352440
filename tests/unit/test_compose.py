"""The production compose file parses, and refuses to start without its secrets."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
TOOL = shutil.which("docker-compose")

pytestmark = pytest.mark.skipif(
    TOOL is None, reason="docker-compose is not installed on this machine"
)

SECRETS = {
    "POSTGRES_PASSWORD": "test-only-pg-password",
    "SEAWATCH_SECRET_KEY": "test-only-secret-0123456789",
}


def compose(*args: str, secrets: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    if secrets:
        env.update(SECRETS)
    assert TOOL is not None
    return subprocess.run(
        [TOOL, "-f", str(COMPOSE_FILE), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_compose_file_exists() -> None:
    assert COMPOSE_FILE.is_file(), "docker-compose.yml is missing at the repository root"


def test_compose_config_is_valid() -> None:
    done = compose("config", "-q")
    assert done.returncode == 0, done.stderr


def test_compose_declares_the_production_services() -> None:
    done = compose("config", "--services")
    assert done.returncode == 0, done.stderr
    services = set(done.stdout.split())
    assert {"kafka", "postgres", "worker", "api"} <= services


def test_compose_refuses_to_run_without_secrets() -> None:
    done = compose("config", "-q", secrets=False)
    assert done.returncode != 0
    assert "POSTGRES_PASSWORD" in done.stderr or "SEAWATCH_SECRET_KEY" in done.stderr


def test_prometheus_scrapes_the_api_the_workers_and_the_dispatcher() -> None:
    config = (ROOT / "infra" / "deploy" / "prometheus.yml").read_text()
    for line in ('targets: ["api:8000"]', 'names: ["worker"]', "port: 9101",
                 'targets: ["delivery:9102"]', "metrics_path: /metrics"):  # fmt: skip
        assert line in config, line
    rendered = compose("config")
    assert rendered.returncode == 0, rendered.stderr
    assert "prometheus.yml" in rendered.stdout and "SEAWATCH_WORKER_METRICS_PORT: '9101'" in (
        rendered.stdout
    )
