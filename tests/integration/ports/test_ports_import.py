"""``seawatch ports import``: the port table on SQLite and PostgreSQL; the registry in effect."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from infra.db.base import get_engine, session_scope
from infra.db.migrate import upgrade_head
from infra.repositories.ports import import_ports, load_ports, use_database_registry
from infra.settings import get_settings
from services.cli.commands import ports as ports_cli
from services.ports import default_ports, get_registry, set_registry
from tests.databases import throwaway_postgres

SHIPPED = Path(__file__).resolve().parents[3] / "services/ports/data/vn_fishing_ports.csv"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ports.sqlite'}"
        upgrade_head(url)
        yield url
        get_engine(url).dispose()
        return
    with throwaway_postgres("ports") as url:
        yield url


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[typer.Typer]:
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    root = typer.Typer()
    root.add_typer(ports_cli.app, name="ports")
    yield root
    get_settings.cache_clear()
    set_registry(None)


def test_import_the_shipped_list_then_again_then_a_province_file(
    cli: typer.Typer, db_url: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    n = len(default_ports())
    first = runner.invoke(cli, ["ports", "import", str(SHIPPED)])
    assert first.exit_code == 0, first.output
    assert f"{n} mới" in first.stdout
    with session_scope(db_url) as session:  # every field kept, the position's source too
        assert sorted(load_ports(session), key=lambda p: p.key) == sorted(
            default_ports(), key=lambda p: p.key
        )
    again = runner.invoke(cli, ["ports", "import", str(SHIPPED)])
    assert f"{n} không đổi" in again.stdout
    own = tmp_path / "own.csv"
    own.write_text(
        "name,province,lat,lon,class,source\n"
        "Cà Ná,Ninh Thuận,11.336,108.876,I,Sở NN&PTNT Ninh Thuận (khảo sát)\n"
        "Bến Mới,Ninh Thuận,11.450,109.000,III,Sở NN&PTNT Ninh Thuận (khảo sát)\n"
        "Hỏng,Ninh Thuận,abc,109.0,III,x\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["ports", "import", str(own), "--replace"])
    assert result.exit_code == 0, result.output
    assert "1 mới, 1 cập nhật, 0 không đổi" in result.stdout and f"{n - 1} bỏ" in result.stdout
    assert "dòng 4" in result.stderr
    with session_scope(db_url) as session:
        stored = load_ports(session)
    assert [(p.name, p.lat) for p in stored] == [("Bến Mới", 11.45), ("Cà Ná", 11.336)]
    assert use_database_registry(db_url) == 2
    assert get_registry().port_at(11.45, 109.0) is not None  # the imported port is in effect
    assert get_registry().port_at(15.205, 108.93) is None  # Sa Kỳ was not in the file


def test_an_empty_table_leaves_the_shipped_list_in_effect(db_url: str) -> None:
    set_registry(None)
    assert use_database_registry(db_url) == 0
    assert len(get_registry()) == len(default_ports())
    with session_scope(db_url) as session:
        assert import_ports(session, list(default_ports()[:2])).created == 2


def test_a_file_with_no_valid_row_fails(cli: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,province,lat,lon\nA,B,1,2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ports", "import", str(bad)])
    assert result.exit_code == 1 and "thiếu cột" in result.stderr
