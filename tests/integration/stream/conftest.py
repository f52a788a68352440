"""A real Tansu broker and real faust worker processes for the stream tests.

One broker per test session; each test gets its own topic prefix and faust app id, so tests do
not see each other's topics, consumer groups or changelogs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

from infra.broker import EmbeddedBroker
from infra.db.migrate import upgrade_head
from infra.kafka import ensure_topics
from infra.settings import Settings, get_settings
from tests.databases import throwaway_postgres

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    log = tmp_path_factory.mktemp("tansu") / "tansu.log"
    b = EmbeddedBroker(log_path=log).start()
    try:
        yield b
    finally:
        b.stop()


@dataclass
class Stream:
    """Settings and processes of one test's stream installation."""

    settings: Settings
    env: dict[str, str]
    workdir: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_worker(self, name: str = "worker") -> subprocess.Popen[bytes]:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen(
            [sys.executable, "-m", "streams", "worker", "--without-web", "-l", "info"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        log.close()
        self.procs.append(proc)
        return proc

    def log(self, name: str = "worker") -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The worker's database: a SQLite file always, a throwaway PostgreSQL when reachable."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'seawatch.sqlite'}"
        return
    with throwaway_postgres("stream") as url:
        yield url


@pytest.fixture
def stream(
    broker: EmbeddedBroker, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Stream]:
    tag = uuid.uuid4().hex[:8]
    db_url = database_url
    values = {
        "SEAWATCH_KAFKA_BOOTSTRAP": broker.bootstrap,
        "SEAWATCH_DATABASE_URL": db_url,
        "SEAWATCH_DATA_DIR": str(tmp_path / "var"),
        "SEAWATCH_TOPIC_PREFIX": f"t{tag}",
        "SEAWATCH_APP_ID": f"seawatch-{tag}",
        "SEAWATCH_DARK_CHECK_INTERVAL_S": "1",
        "SEAWATCH_LATEST_FLUSH_INTERVAL_S": "0.5",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    settings = get_settings()
    upgrade_head(db_url)
    ensure_topics(settings)
    env = {**os.environ, **values, "PYTHONPATH": str(ROOT)}
    s = Stream(settings=settings, env=env, workdir=tmp_path)
    try:
        yield s
    finally:
        s.stop_all()


def wait_for(
    predicate: Callable[[], object], timeout_s: float = 60.0, interval_s: float = 0.25
) -> object:
    """Poll until ``predicate()`` is truthy; return its value or fail with the last value."""
    deadline = time.monotonic() + timeout_s
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval_s)
    raise AssertionError(f"condition not met within {timeout_s} s (last value: {value!r})")
