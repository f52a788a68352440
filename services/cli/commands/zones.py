"""``seawatch zones build|import|list``: manage the maritime zone sets."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import typer

from geo import DEFAULT_ZONES_PATH, GeoError, load_zones
from services.zones import active_zones, active_zones_path, imported_zones_path

__all__ = ["app"]

app = typer.Typer(help="Build, import and list maritime zone sets.", no_args_is_help=True)


@app.command("build")
def build_cmd(
    output: Path = typer.Option(DEFAULT_ZONES_PATH, help="GeoPackage to (re)write."),
) -> None:
    """Rebuild the default East Sea zone set from geo/data/sources (reproducible)."""
    from geo.builder import write_default_zones

    zones = write_default_zones(output)
    typer.echo(f"wrote {len(zones)} zones to {output}")


@app.command("import")
def import_cmd(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="GeoJSON, GeoPackage or Shapefile."
    ),
    mode: str = typer.Option(
        "replace",
        help="replace: use only these zones; extend: they replace ours where they overlap.",
    ),
) -> None:
    """Import authoritative zones; they become the active set for the API and workers."""
    from geo.importer import import_zones

    if mode not in ("replace", "extend"):
        raise typer.BadParameter("mode must be 'replace' or 'extend'", param_hint="--mode")
    chosen: Literal["replace", "extend"] = "replace" if mode == "replace" else "extend"
    target = imported_zones_path()
    try:
        report = import_zones(file, target, base=load_zones(), mode=chosen)
    except GeoError as exc:
        typer.echo(f"import refused: {exc}", err=True)
        for index, reason in getattr(exc, "rejected", []):
            typer.echo(f"  feature {index}: rejected: {reason}", err=True)
        raise typer.Exit(code=1) from exc
    for index, reason in report.repaired:
        typer.echo(f"  feature {index}: repaired: {reason}")
    for index, reason in report.rejected:
        typer.echo(f"  feature {index}: rejected: {reason}")
    typer.echo(f"imported {len(report.zones)} zones ({mode}) into {target}")


@app.command("list")
def list_cmd() -> None:
    """List the zones of the active set."""
    path = active_zones_path()
    zones = active_zones()
    typer.echo(f"active set: {path or DEFAULT_ZONES_PATH} ({'imported' if path else 'default'})")
    for country, name_vi, kind, name in zip(
        zones.country, zones.zones["country_name_vi"], zones.kind, zones.name, strict=True
    ):
        label = name or (name_vi if isinstance(name_vi, str) else "")
        typer.echo(f"  {country or '--':3} {kind:16} {label}")
