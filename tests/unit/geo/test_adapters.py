"""The zones API router and the ``seawatch geo`` / ``seawatch zones`` commands."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import typer
from shapely.geometry import box
from typer.testing import CliRunner

from infra.settings import get_settings


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _client() -> Any:
    from fastapi import FastAPI

    with warnings.catch_warnings():  # starlette's TestClient warns about its httpx backend
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from services.api.routes.zones import router

    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def _cli() -> typer.Typer:
    from services.cli.commands import geo, zones

    app = typer.Typer()
    app.add_typer(geo.app, name="geo")
    app.add_typer(zones.app, name="zones")
    return app


def test_classify_route_and_cli_agree(data_dir: Path) -> None:
    response = _client().get(
        "/api/zones/classify", params={"lat": 6.2, "lon": 108.9, "speed": 8, "course": 180}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["country"] == "ID" and body["risk"] == "INSIDE_FOREIGN" and body["foreign"]
    result = CliRunner().invoke(
        _cli(),
        ["geo", "classify", "--lat", "6.2", "--lon", "108.9", "--speed", "8", "--course", "180"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == body
    for key in ("country", "zone_kind", "foreign", "distance_nm", "risk", "minutes_to_crossing"):
        assert key in body


def test_classify_route_rejects_bad_input(data_dir: Path) -> None:
    client = _client()
    assert client.get("/api/zones/classify", params={"lat": 95, "lon": 108}).status_code == 422
    assert client.get("/api/zones/classify", params={"lat": 10, "lon": "x"}).status_code == 422
    land = client.get("/api/zones/classify", params={"lat": 21.03, "lon": 105.85}).json()
    assert land["risk"] == "INVALID" and land["reason"] == "on land"


def test_zones_and_basemap_geojson(data_dir: Path) -> None:
    client = _client()
    zones = client.get("/api/zones")
    assert zones.status_code == 200
    assert len(zones.content) < 400_000  # simplified for the map by default
    full = client.get("/api/zones", params={"simplify": 0})
    assert len(full.json()["features"]) == len(zones.json()["features"])
    assert len(full.content) > len(zones.content)
    features = zones.json()["features"]
    props = {(f["properties"]["country"], f["properties"]["kind"]) for f in features}
    assert ("CN", "eez") in props and (None, "disputed") in props
    assert {"country", "country_name_vi", "kind", "source", "indicative"} <= set(
        features[0]["properties"]
    )
    basemap = client.get("/api/zones/basemap")
    assert basemap.status_code == 200
    assert len(basemap.content) < 400_000
    assert basemap.json()["features"][0]["geometry"]["type"] == "Polygon"


def test_import_makes_the_set_active(data_dir: Path) -> None:
    path = data_dir / "auth.geojson"
    gpd.GeoDataFrame(
        {"country": ["MY"], "kind": ["eez"]}, geometry=[box(104, 7, 105, 8)], crs=4326
    ).to_file(path)
    runner = CliRunner()
    out = runner.invoke(_cli(), ["zones", "import", str(path), "--mode", "extend"])
    assert out.exit_code == 0, out.output
    assert (data_dir / "zones" / "zones.gpkg").exists()
    listing = runner.invoke(_cli(), ["zones", "list"])
    assert "imported" in listing.output
    body = _client().get("/api/zones/classify", params={"lat": 7.5, "lon": 104.5}).json()
    assert body["country"] == "MY" and body["risk"] == "INSIDE_FOREIGN"
    refused = runner.invoke(_cli(), ["zones", "import", str(path), "--mode", "merge"])
    assert refused.exit_code != 0
