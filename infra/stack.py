"""The embedded stack behind ``seawatch run`` / ``make run``: broker, migrations, worker, API,
simulator and delivery, as child processes supervised from one place.

Ctrl-C (SIGINT) or SIGTERM stops the children in reverse order, then the broker. A child that
dies is restarted with backoff. In embedded mode the broker's memory is watched: Tansu keeps
every record in memory, so past ``embedded_broker_max_rss_mb`` the stack recycles the broker
(see :meth:`Stack.recycle_broker` and the README section "Broker memory").
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from infra.broker import EmbeddedBroker
from infra.settings import Settings

__all__ = ["Child", "Stack"]

log = logging.getLogger("seawatch.stack")


@dataclass
class Child:
    name: str
    args: list[str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start: float = 0.0

    def start(self, env: dict[str, str]) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as out:
            self.proc = subprocess.Popen(
                self.args, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout_s: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


@dataclass
class Stack:
    """Supervises the processes of one Seawatch installation on this machine."""

    settings: Settings
    simulate: bool = True
    sim_vessels: int = 300
    sim_speed: float = 60.0
    sim_seed: int = 7
    sim_swaps: int = 2  # planted device swaps, so the page shows what the worker finds
    workers: int = 1
    broker: EmbeddedBroker | None = None
    children: list[Child] = field(default_factory=list)
    _stopping: bool = False
    recycles: int = 0

    @property
    def logs(self) -> Path:
        return self.settings.data_dir / "logs"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["SEAWATCH_DATA_DIR"] = str(self.settings.data_dir)
        if self.settings.kafka_bootstrap:
            env["SEAWATCH_KAFKA_BOOTSTRAP"] = self.settings.kafka_bootstrap
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def start_broker(self) -> str:
        from infra.kafka import ensure_topics

        if self.settings.embedded_broker:
            self.broker = EmbeddedBroker(
                port=self.settings.embedded_broker_port, log_path=self.logs / "tansu.log"
            )
            self.logs.mkdir(parents=True, exist_ok=True)
            self.broker.start()
            self.settings = self.settings.model_copy(
                update={"kafka_bootstrap": self.broker.bootstrap}
            )
        ensure_topics(self.settings)
        return str(self.settings.kafka_bootstrap)

    def plan(self) -> list[Child]:
        py = sys.executable
        s = self.settings
        children = [
            Child(
                f"worker-{i + 1}",
                [py, "-m", "streams", "worker", "--without-web", "-l", "warn"],
                self.logs / f"worker-{i + 1}.log",
            )
            for i in range(self.workers)
        ]
        api = [py, "-m", "uvicorn", "services.api.main:create_app", "--factory"]
        api += ["--host", s.api_host, "--port", str(s.api_port), "--log-level", "warning"]
        children.append(Child("api", api, self.logs / "api.log"))
        children.append(
            Child(
                "delivery", [py, "-m", "services.cli.main", "deliver"], self.logs / "delivery.log"
            )
        )
        if self.simulate:
            sim = [py, "-m", "services.cli.main", "simulate", "--vessels", str(self.sim_vessels)]
            sim += ["--speed", str(self.sim_speed), "--seed", str(self.sim_seed)]
            sim += ["--swaps", str(self.sim_swaps)]
            children.append(Child("simulator", sim, self.logs / "simulator.log"))
        return children

    def start(self) -> None:
        from infra.broker import BrokerError, port_in_use
        from infra.db.migrate import upgrade_head

        if port_in_use(self.settings.api_host, self.settings.api_port):
            raise BrokerError(
                f"API port {self.settings.api_port} is already in use: stop the other process "
                "or set SEAWATCH_API_PORT"
            )
        self.prepare_data_dir()
        self.start_broker()
        upgrade_head(self.settings.sqlalchemy_url)
        self.children = self.plan()
        env = self.env()
        for child in self.children:
            child.start(env)
        self.wait_for_api()

    def prepare_data_dir(self) -> None:
        """Create the data directory and, outside production, its random token secret.

        Every child reads ``<data_dir>/secret-key`` (a configured ``SEAWATCH_SECRET_KEY`` still
        wins); production must configure its own secret.
        """
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        if self.settings.environment != "production":
            from infra.secret_key import ensure_secret_file

            ensure_secret_file(self.settings.data_dir)

    def wait_for_api(self, timeout_s: float = 60.0) -> None:
        """Return once the API accepts connections, so the printed address works at once."""
        from infra.broker import BrokerError, wait_for_port

        api = next(c for c in self.children if c.name == "api")
        try:
            wait_for_port(self.settings.api_host, self.settings.api_port, timeout_s, api.proc)
        except BrokerError as exc:
            raise BrokerError(f"the API did not start ({exc}); see {api.log_path}") from exc

    def supervise_once(self) -> None:
        """Restart dead children (with backoff) and keep the broker's memory bounded."""
        now = time.monotonic()
        env = self.env()
        for child in self.children:
            if child.proc is None or child.alive() or self._stopping:
                continue
            if child.next_start == 0.0:
                child.restarts += 1
                child.next_start = now + min(30.0, 2.0 ** min(child.restarts, 5))
                log.warning(
                    "%s exited with %s; restarting (see %s)",
                    child.name,
                    child.proc.returncode,
                    child.log_path,
                )
            elif now >= child.next_start:
                child.next_start = 0.0
                child.start(env)
        if self.broker is not None:
            rss = self.broker.rss_mb()
            if rss is not None and rss > self.settings.embedded_broker_max_rss_mb:
                self.recycle_broker(rss)

    def recycle_broker(self, rss_mb: float) -> None:
        """Bound Tansu's memory: restart the broker empty on the same port, then the workers.

        Nothing durable is lost: history, latest positions, alerts and cases are in the database,
        and a worker that meets a vessel it has no table state for rebuilds that state from the
        database (latest position, last alert per kind). Producers (simulator, API, feeds) keep
        running: kafka-python buffers and retries during the second the broker is away.
        """
        assert self.broker is not None
        log.warning(
            "broker memory %.0f MB > %d MB: recycling the embedded broker",
            rss_mb, self.settings.embedded_broker_max_rss_mb,
        )  # fmt: skip
        workers = [c for c in self.children if c.name.startswith("worker") or c.name == "delivery"]
        for child in workers:
            child.stop()
        port = self.broker.port
        self.broker.stop()
        self.broker = EmbeddedBroker(port=port, log_path=self.logs / "tansu.log").start()
        from infra.kafka import ensure_topics

        ensure_topics(self.settings)
        env = self.env()
        for child in workers:
            if child.proc is not None:
                child.start(env)
        self.recycles += 1

    def stop(self) -> None:
        self._stopping = True
        for child in reversed(self.children):
            child.stop()
        if self.broker is not None:
            self.broker.stop()
            self.broker = None
