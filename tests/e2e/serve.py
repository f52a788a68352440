"""What every browser test starts: the API on a free port over a seeded SQLite file, and Chromium.

One copy, so that a change to how the API is served or Chromium launched (flags this machine
needs, the environment the API reads) reaches every page test at once.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.db.base import get_engine
from infra.settings import get_settings

__all__ = ["ARTIFACTS", "CHROMIUM", "ROOT", "chromium_path", "launch_chromium", "serve_api"]

CHROMIUM = os.environ.get("SEAWATCH_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def chromium_path() -> str:
    """Chromium's executable; skips the test (with the command that installs it) when absent."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    found = shutil.which("chromium")
    if not found:
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_api(url: str, data_dir: Path) -> Iterator[str]:
    """The API (uvicorn, as `seawatch run` serves it) over ``url``; yields its base address."""
    port = _free_port()
    env = {
        **os.environ,
        "SEAWATCH_DATABASE_URL": url,
        "SEAWATCH_ENVIRONMENT": "test",
        "SEAWATCH_SECRET_KEY": "e2e-secret-" + "x" * 40,
        "SEAWATCH_DATA_DIR": str(data_dir),
    }
    log_path = data_dir / "uvicorn.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "services.api.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail("uvicorn exited: " + log_path.read_text())
            time.sleep(0.2)
        else:
            pytest.fail("uvicorn did not answer in 30 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        get_engine(url).dispose()
        get_settings.cache_clear()


@contextmanager
def launch_chromium(
    extra_args: Sequence[str] = (), env: dict[str, str] | None = None
) -> Iterator[Any]:
    """Headless Chromium through Playwright, with the flags this machine's closed network needs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        options: dict[str, Any] = {
            "executable_path": chromium_path(),
            "args": [*_FLAGS, *extra_args],
        }
        if env is not None:
            options["env"] = env
        chromium = pw.chromium.launch(**options)
        try:
            yield chromium
        finally:
            chromium.close()
