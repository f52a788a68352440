"""Token secrets: never a fixed, forgeable one; never a weak one in production (issue 15, #2)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from infra.secret_key import SECRET_FILE, ensure_secret_file, weakness
from infra.settings import Settings


def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> Settings:
    for name in ("SEAWATCH_SECRET_KEY", "SEAWATCH_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_development_never_signs_with_a_fixed_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    one = _settings(monkeypatch, tmp_path / "a").secret_key
    two = _settings(monkeypatch, tmp_path / "b").secret_key
    assert one != "dev-secret-not-for-production"
    assert weakness(one) is None
    assert one != two  # not derived from anything an outsider knows


def test_run_keeps_one_random_secret_per_data_dir_mode_600(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = ensure_secret_file(tmp_path)
    path = tmp_path / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert weakness(first) is None
    assert ensure_secret_file(tmp_path) == first  # kept across restarts
    assert _settings(monkeypatch, tmp_path).secret_key == first  # every process reads it
    assert ensure_secret_file(tmp_path / "other") != first


def test_a_configured_secret_wins_over_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ensure_secret_file(tmp_path)
    given = "Zq8rT1vN4mW7pK2sX9cB6dF3hJ5lA0eG"
    assert _settings(monkeypatch, tmp_path, SEAWATCH_SECRET_KEY=given).secret_key == given


@pytest.mark.parametrize(
    "secret",
    [
        "a" * 16,
        "A" * 64,
        "abababababababababababab",
        "0123456789012345",
        "passwordpassword",
        "dev-secret-not-for-production",
    ],
)
def test_production_refuses_low_entropy_secrets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, secret: str
) -> None:
    assert weakness(secret) is not None
    with pytest.raises(ValidationError, match=r"SEAWATCH_SECRET_KEY.*openssl rand"):
        _settings(
            monkeypatch, tmp_path, SEAWATCH_ENVIRONMENT="production", SEAWATCH_SECRET_KEY=secret
        )


@pytest.mark.parametrize(
    "secret",
    [
        "b3f1c0a9e7d24c5f8a6e1d2c3b4a5f60",  # openssl rand -hex 16
        "kM3p_Vq9xT2wL8rZ-fN5bJ7hC1dG4sYe0aU6iO",  # secrets.token_urlsafe
    ],
)
def test_production_accepts_random_secrets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, secret: str
) -> None:
    env = {"SEAWATCH_ENVIRONMENT": "production", "SEAWATCH_SECRET_KEY": secret}
    s = _settings(monkeypatch, tmp_path, **env)
    assert s.secret_key == secret


def test_production_does_not_invent_a_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="SEAWATCH_SECRET_KEY must be set"):
        _settings(monkeypatch, tmp_path, SEAWATCH_ENVIRONMENT="production")


def test_seawatch_run_prepares_the_secret_its_children_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from infra.stack import Stack

    stack = Stack(_settings(monkeypatch, tmp_path / "var"))
    stack.prepare_data_dir()
    kept = (tmp_path / "var" / SECRET_FILE).read_text().strip()
    # a child process started with the stack's environment signs with the same secret
    child = _settings(monkeypatch, Path(stack.env()["SEAWATCH_DATA_DIR"]))
    assert child.secret_key == kept and weakness(kept) is None
