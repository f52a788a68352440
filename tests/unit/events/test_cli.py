"""``seawatch events detect`` over VMS and AIS files (no broker, no database)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from infra.settings import get_settings
from services.cli.commands import events as events_cmd
from services.ports import get_registry
from tests.unit.events.tracks import T0, offset

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    root = typer.Typer()
    root.add_typer(events_cmd.app, name="events")
    yield root
    get_settings.cache_clear()


def _vms_file(tmp_path: Path) -> Path:
    """A boat leaving Sa Kỳ (registry position), fishing offshore, coming back; two boats
    drifting together offshore (an encounter)."""
    port = next(p for p in get_registry() if p.name == "Sa Kỳ")
    rows = []
    for k, km in enumerate([0, 0, 15, 40, 40, 15, 0, 0]):
        lat, lon = offset(port.lat, port.lon, 0.0, km * 1000.0)
        rows.append(
            {
                "registration": "QNg 90001 TS",
                "device_id": "D1",
                "lat": lat,
                "lon": lon,
                "utc_time": datetime.fromtimestamp(T0 + k * 3600, UTC).isoformat(),
            }
        )
    for k in range(19):  # 3 h, every 10 min, 300 m apart, still
        for reg, north in (("QNg-90002-TS", 0.0), ("QNg-90003-TS", 300.0)):
            lat, lon = offset(14.0, 111.0, north, 0.0)
            rows.append(
                {
                    "registration": reg,
                    "lat": lat,
                    "lon": lon,
                    "speed": 0.5,
                    "utc_time": datetime.fromtimestamp(T0 + k * 600, UTC).isoformat(),
                }
            )
    rows.append({"registration": "QNg-90004-TS", "lat": 95.0, "lon": 1.0, "utc_time": "x"})
    path = tmp_path / "month.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_jsonl_lists_departure_arrival_trip_and_encounter(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["events", "detect", str(_vms_file(tmp_path)),
                                      "--kinds", "port,encounter"])  # fmt: skip
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = [(e["kind"], e["vessel_id"]) for e in events]
    assert kinds == [
        ("encounter", "QNg-90002-TS"), ("port_departure", "QNg-90001-TS"),
        ("trip", "QNg-90001-TS"), ("port_arrival", "QNg-90001-TS"),
    ]  # fmt: skip
    trip = events[2]
    assert trip["port"] == "Sa Kỳ" and trip["details"]["duration_h"] == 4.0
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert summary["rejected"] == 1 and summary["fixes"] == 8 + 38


def test_geojson_is_a_feature_collection(cli: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    result = CliRunner().invoke(cli, ["events", "detect", str(_vms_file(tmp_path)),
                                      "--format", "geojson", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["type"] == "FeatureCollection"
    first = doc["features"][0]
    assert first["geometry"]["type"] == "Point" and first["properties"]["kind"] == "encounter"


def test_real_ais_log_decodes_through_the_feed_decoder(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["events", "detect", str(DATA / "ais" / "gpsd_ais-nmea.log"),
                                      "--kinds", "port,gap"])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert summary["fixes"] > 0 and summary["vessels"] > 0


def test_bad_options_are_refused(cli: typer.Typer, tmp_path: Path) -> None:
    path = _vms_file(tmp_path)
    bad = CliRunner().invoke(cli, ["events", "detect", str(path), "--kinds", "fishing"])
    assert bad.exit_code == 2 and "unknown kinds fishing" in bad.stderr
    bad = CliRunner().invoke(cli, ["events", "detect", str(path), "--format", "kml"])
    assert bad.exit_code == 2
