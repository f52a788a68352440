"""``seawatch vessels import`` and ``list`` through typer's CliRunner, on a migrated database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from infra.settings import get_settings
from services.cli.commands import vessels

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "vessels.csv"


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[typer.Typer]:
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    root = typer.Typer()
    root.add_typer(vessels.app, name="vessels")
    yield root
    get_settings.cache_clear()


def test_import_then_list(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    rows = len(EXAMPLE.read_text(encoding="utf-8").splitlines()) - 1
    first = runner.invoke(cli, ["vessels", "import", str(EXAMPLE)])
    assert first.exit_code == 0, first.output
    assert f"Đã nhập {rows} tàu: {rows} mới" in first.stdout
    second = runner.invoke(cli, ["vessels", "import", str(EXAMPLE)])
    assert f"{rows} không đổi" in second.stdout
    listed = runner.invoke(cli, ["vessels", "list", "--json", "--q", "NT-"])
    assert listed.exit_code == 0, listed.output
    found = [json.loads(line) for line in listed.stdout.splitlines()]
    assert found and all(v["vessel_id"].startswith("NT-") for v in found)
    assert all(v["province"] == "Ninh Thuận" for v in found)
    table = runner.invoke(cli, ["vessels", "list", "--high-risk"])
    high = sum(1 for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if ",cao," in line)
    assert table.exit_code == 0 and f"Tàu ({high})" in table.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text("registration_number,mmsi\nQNg-91111-TS,12\n,\nQNg-91112-TS,\n", "utf-8")
    result = runner.invoke(cli, ["vessels", "import", str(bad)])
    assert result.exit_code == 0
    assert "1 mới" in result.stdout and "lỗi: 1 dòng" in result.stdout
    assert "dòng 2 (QNg-91111-TS): MMSI phải gồm 9 chữ số" in result.stderr


def test_unreadable_file_is_a_clear_error(cli: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("registration_number,owner\nQNg-91111-TS,Tr\xe2n\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["vessels", "import", str(bad)])
    assert result.exit_code == 2 and "UTF-8" in result.stderr
