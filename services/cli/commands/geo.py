"""``seawatch geo ...``: ask the geo core about one position."""

from __future__ import annotations

import json
import math

import typer

from geo import classify_point
from infra.settings import get_settings
from services.zones import active_zones

__all__ = ["app"]

app = typer.Typer(
    help="Classify positions against the active maritime zones.", no_args_is_help=True
)


@app.command("classify")
def classify_cmd(
    lat: float = typer.Option(..., "--lat", help="Latitude, decimal degrees."),
    lon: float = typer.Option(..., "--lon", help="Longitude, decimal degrees."),
    speed: float | None = typer.Option(None, "--speed", help="Speed over ground, knots."),
    course: float | None = typer.Option(None, "--course", help="Course over ground, degrees."),
    warning_nm: float | None = typer.Option(None, help="Warning distance (nm)."),
    horizon_min: float | None = typer.Option(None, help="Prediction horizon (minutes)."),
) -> None:
    """Print one JSON object: country, zone_kind, foreign, distance_nm, risk, minutes..."""
    settings = get_settings()
    result = classify_point(
        lat,
        lon,
        speed,
        course,
        zones=active_zones(),
        warning_nm=settings.warning_distance_nm if warning_nm is None else warning_nm,
        horizon_min=settings.prediction_horizon_min if horizon_min is None else horizon_min,
    )
    out = result.to_dict()
    typer.echo(json.dumps(out, ensure_ascii=False))
    if result.risk == "INVALID" and not (math.isfinite(lat) and math.isfinite(lon)):
        raise typer.Exit(code=2)
