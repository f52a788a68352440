"""``seawatch feed replay --dry-run`` through typer's CliRunner (no broker, no database)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from infra.settings import get_settings
from services.cli.commands import feed
from services.feeds import FeedStats, decode_nmea, decode_vms_csv

DATA = Path(__file__).resolve().parents[2] / "data"
SCHEMA_FIELDS = {"vessel_id", "ts", "lat", "lon", "speed_kn", "course_deg", "source", "mmsi"}


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    monkeypatch.delenv("SEAWATCH_KAFKA_BOOTSTRAP", raising=False)
    monkeypatch.delenv("KAFKA_BOOTSTRAP", raising=False)
    monkeypatch.delenv("SEAWATCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(tmp_path))  # no registry database there
    monkeypatch.chdir(tmp_path)  # and no .env file
    get_settings.cache_clear()
    root = typer.Typer()
    root.add_typer(feed.app, name="feed")
    yield root
    get_settings.cache_clear()


def test_dry_run_prints_one_report_per_line(cli: typer.Typer) -> None:
    path = DATA / "ais" / "gpsd_ais-nmea.log"
    result = CliRunner().invoke(cli, ["feed", "replay", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    positions = [o for o in objects if o.get("type") != "static"]
    statics = [o for o in objects if o.get("type") == "static"]
    expected = FeedStats()
    with path.open("rb") as handle:
        for item in decode_nmea(handle):
            expected.count(item)
    assert len(positions) == expected.positions > 0
    assert len(statics) == expected.statics > 0
    assert all(set(p) == SCHEMA_FIELDS for p in positions)
    assert all(p["source"] == "ais" and p["vessel_id"] == f"MMSI-{p['mmsi']}" for p in positions)
    assert positions[0]["ts"].startswith("2020-04-07T21:39:5")  # GPS clock from $GPRMC
    assert {"mmsi", "vessel_id", "msg_type"} <= set(statics[0])
    assert f"Vị trí: {expected.positions}" in result.stderr
    assert "position not available" in result.stderr


def test_dry_run_vms_csv_with_format_option(cli: typer.Typer, tmp_path: Path) -> None:
    source = DATA / "vms" / "sample.csv"
    copy = tmp_path / "export.dat"
    copy.write_bytes(source.read_bytes())
    result = CliRunner().invoke(
        cli, ["feed", "replay", str(copy), "--format", "vms-csv", "--dry-run", "--show-rejects"]
    )
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    expected = list(decode_vms_csv(source.read_text().splitlines()))
    reports = [e for e in expected if hasattr(e, "vessel_id")]
    assert len(objects) == len(reports) == 5
    assert objects[0]["vessel_id"] == "QNg-90123-TS" and objects[0]["mmsi"] is None
    assert "dòng 7: impossible coordinates" in result.stderr


def test_publishing_without_broker_is_a_clear_error(cli: typer.Typer) -> None:
    path = DATA / "ais" / "gpsd_sample.aivdm"
    result = CliRunner().invoke(cli, ["feed", "replay", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "SEAWATCH_KAFKA_BOOTSTRAP" in result.stderr and "seawatch run" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--speed", "fast"], "speed"), (["--format", "gpx"], "gpx")],
)
def test_bad_options_exit_2(cli: typer.Typer, args: list[str], message: str) -> None:
    path = DATA / "ais" / "gpsd_sample.aivdm"
    result = CliRunner().invoke(cli, ["feed", "replay", str(path), "--dry-run", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_tcp_rejects_bad_address(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["feed", "tcp", "no-port-here", "--dry-run"])
    assert result.exit_code == 2 and "HOST:PORT" in result.stderr
